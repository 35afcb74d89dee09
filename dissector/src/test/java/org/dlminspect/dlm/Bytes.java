package org.dlminspect.dlm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Small helpers for the dlm tests. */
final class Bytes {
    private Bytes() { }

    static DlmPdu decode(byte[] message) {
        return DlmDecoder.decode(ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN));
    }

    /** Decodes only the first {@code n} bytes, as a capture cut short would give them. */
    static DlmPdu decodePrefix(byte[] message, int n) {
        return DlmDecoder.decode(ByteBuffer.wrap(Arrays.copyOf(message, n)).order(ByteOrder.LITTLE_ENDIAN));
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static byte[] seq(int n, int start) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (start + i);
        }
        return b;
    }

    /** Parses "02 00 03 00 | 05 ..." (spaces and bars ignored). */
    static byte[] hex(String s) {
        String h = s.replace(" ", "").replace("|", "");
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
