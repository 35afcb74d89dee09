package org.dlminspect.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The content hash that tells a byte-identical repeat from a reused seq ({@link MessageHash}): the same bytes give
 * the same hash wherever they sit (any array offset, a direct buffer), and a change of any byte, or of the length,
 * gives another.
 */
class MessageHashTest {

    private static ByteBuffer at(byte[] message, int offset) {
        byte[] a = new byte[offset + message.length + 7];
        System.arraycopy(message, 0, a, offset, message.length);
        return ByteBuffer.wrap(a, offset, message.length).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void theSameBytesHashTheSameWhereverTheySit() {
        Random random = new Random(3);
        for (int n = 16; n <= 200; n++) {
            byte[] m = new byte[n];
            random.nextBytes(m);
            long h = MessageHash.of(at(m, 0));
            for (int offset = 1; offset < 9; offset++) assertEquals(h, MessageHash.of(at(m, offset)), "length " + n);
            ByteBuffer direct = ByteBuffer.allocateDirect(n).order(ByteOrder.LITTLE_ENDIAN);
            direct.put(m).flip();
            assertEquals(h, MessageHash.of(direct), "direct, length " + n);
            assertEquals(h, MessageHash.of(m, 0, n));
        }
    }

    @Test
    void everyOneByteChangeAndEveryLengthChangesTheHash() {
        Random random = new Random(4);
        for (int n = 16; n <= 160; n += 1) {
            byte[] m = new byte[n];
            random.nextBytes(m);
            Set<Long> seen = new HashSet<>();
            seen.add(MessageHash.of(m, 0, n));
            for (int i = 0; i < n; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    m[i] ^= (byte) (1 << bit);
                    assertEquals(true, seen.add(MessageHash.of(m, 0, n)), "byte " + i + " bit " + bit + " of " + n);
                    m[i] ^= (byte) (1 << bit);
                }
            }
            // a zero byte more is another message (the length is part of the hash)
            byte[] longer = java.util.Arrays.copyOf(m, n + 1);
            assertNotEquals(MessageHash.of(m, 0, n), MessageHash.of(longer, 0, n + 1));
        }
    }
}
