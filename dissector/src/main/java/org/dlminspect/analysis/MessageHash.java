package org.dlminspect.analysis;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** 64-bit hash of a message's captured bytes, to tell byte-identical repeats from reused sequence numbers. */
final class MessageHash {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;

    private MessageHash() { }

    /** 64-bit hash of the captured message bytes, to tell byte-identical repeats from reused sequence numbers. */
    static long of(ByteBuffer b) {
        int n = b.limit();
        if (b.hasArray()) return of(b.array(), b.arrayOffset(), n);
        byte[] copy = new byte[n]; // not from the framer (a direct buffer): the same hash from a copy
        b.duplicate().position(0).get(copy);
        return of(copy, 0, n);
    }

    /** The hash of {@code n} bytes of {@code a} from {@code off}, read as little-endian words. */
    static long of(byte[] a, int off, int n) {
        // xxHash64's round (multiply the word, add, rotate, multiply the sum) and a full mix at the end, reading
        // the array directly: hashing every OPTS was a sixth of the analysis time. Two words per step into two
        // independent sums, so the multiplies overlap instead of each waiting for the one before (a message is
        // 10 words on average). Multiplying the sum after the rotation keeps a word's top bit from ending up as
        // one bit of the next word's place, where the two would cancel.
        long h = P1 ^ n;
        long h2 = P2;
        int i = 0;
        for (; i + 16 <= n; i += 16) {
            h = round(h, (long) LONG_LE.get(a, off + i));
            h2 = round(h2, (long) LONG_LE.get(a, off + i + 8));
        }
        if (i + 8 <= n) {
            h = round(h, (long) LONG_LE.get(a, off + i));
            i += 8;
        }
        if (i < n) {
            long tail = 0;
            for (int k = 0; i < n; i++, k += 8) tail |= (a[off + i] & 0xFFL) << k;
            h = round(h, tail);
        }
        return mix(h ^ round(h2, n));
    }

    private static long round(long acc, long word) {
        return Long.rotateLeft(acc + word * P2, 31) * P1;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
