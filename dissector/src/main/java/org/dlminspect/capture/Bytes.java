package org.dlminspect.capture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Reads fixed-size integers of either byte order out of a byte array (capture headers come in both). */
final class Bytes {
    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Bytes() { }

    static int int32(byte[] b, int off, boolean bigEndian) {
        return bigEndian ? (int) BE32.get(b, off) : (int) LE32.get(b, off);
    }

    static long uint32(byte[] b, int off, boolean bigEndian) {
        return int32(b, off, bigEndian) & 0xFFFFFFFFL;
    }

    static int uint16(byte[] b, int off, boolean bigEndian) {
        return (bigEndian ? (short) BE16.get(b, off) : (short) LE16.get(b, off)) & 0xFFFF;
    }

    static long int64(byte[] b, int off, boolean bigEndian) {
        return bigEndian ? (long) BE64.get(b, off) : (long) LE64.get(b, off);
    }

    /** "48 65 6c 6c" for a message that shows what the input starts with. */
    static String hex(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder(len * 3);
        for (int i = 0; i < len; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            int v = b[off + i] & 0xFF;
            sb.append(Character.forDigit(v >>> 4, 16)).append(Character.forDigit(v & 0xF, 16));
        }
        return sb.toString();
    }
}
