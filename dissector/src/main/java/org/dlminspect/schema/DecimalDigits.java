package org.dlminspect.schema;

/**
 * Decimal digits written straight into a byte array: the one copy behind {@link AsciiText} (the Info text) and the
 * cli's UTF-8 line builder, so that every number the renderers print is written by the same code.
 */
public final class DecimalDigits {
    private DecimalDigits() {
    }

    /** How many digits {@code v} (not negative) has: 1 to 19. */
    public static int count(long v) {
        if (v <= Integer.MAX_VALUE) {
            int x = (int) v;
            int d = 1;
            for (int p = 10; d < 10 && x >= p; p *= 10) d++;
            return d;
        }
        int d = 10;
        for (long p = 10_000_000_000L; d < 19 && v >= p; p *= 10) d++;
        return d;
    }

    /** Writes the digits of {@code v} (not negative) so that the last one is at {@code end - 1}; returns {@code end}. */
    public static int putBefore(byte[] b, int end, long v) {
        int i = end;
        while (v > Integer.MAX_VALUE) {
            long q = v / 10;
            b[--i] = (byte) ('0' + (int) (v - 10 * q));
            v = q;
        }
        // x / 10 as a multiply and shift (exact below 2^32): C1 leaves a division by a constant a division
        int x = (int) v;
        while (x >= 10) {
            int q = (int) ((x * 0xCCCCCCCDL) >>> 35);
            b[--i] = (byte) ('0' + (x - 10 * q));
            x = q;
        }
        b[--i] = (byte) ('0' + x);
        return end;
    }
}
