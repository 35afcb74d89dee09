package org.dlminspect.capture;

/**
 * One interface of a pcapng section, from its interface description block (draft-ietf-opsawg-pcapng §4.2): its link type, snaplen (0 = unlimited) and how its timestamps
 * convert to nanoseconds: units of 10^-exponent or 2^-exponent seconds, plus an offset in seconds.
 */
record PcapngInterface(int linkType, long snaplen, boolean binary, int exponent, long offsetSeconds) {
    private static final long[] POW10 = {
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
        1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L,
        1_000_000_000_000_000_000L,
    };
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Seconds a 64-bit count of nanoseconds holds either side of the epoch. */
    static final long MAX_SECONDS = Long.MAX_VALUE / NANOS_PER_SECOND;
    /** {@link #toNanos} of a time that does not fit 64-bit nanoseconds. */
    static final long OVERFLOW = Long.MIN_VALUE;

    /** Timestamp ticks (unsigned) of this interface as nanoseconds since the epoch, or {@link #OVERFLOW}. */
    long toNanos(long ticks) {
        long t = fromEpoch(ticks);
        if (t == OVERFLOW) {
            return OVERFLOW;
        }
        try {
            long sum = Math.addExact(t, Math.multiplyExact(offsetSeconds, NANOS_PER_SECOND));
            return sum == OVERFLOW ? OVERFLOW : sum;
        } catch (ArithmeticException e) {
            return OVERFLOW;
        }
    }

    private long fromEpoch(long ticks) {
        if (!binary) {
            if (exponent <= 9) {
                long unit = POW10[9 - exponent];
                return ticks < 0 || ticks > Long.MAX_VALUE / unit ? OVERFLOW : ticks * unit;
            }
            int shift = exponent - 9;
            if (shift < POW10.length) {
                return Long.divideUnsigned(ticks, POW10[shift]);
            }
            // 10^19 is the largest power of ten below 2^64; finer units leave less than one nanosecond.
            return shift == POW10.length && Long.compareUnsigned(ticks, -8446744073709551616L) >= 0 ? 1 : 0;
        }
        int n = exponent;
        if (n == 0) {
            return ticks < 0 || ticks > MAX_SECONDS ? OVERFLOW : ticks * NANOS_PER_SECOND;
        }
        long seconds = n >= 64 ? 0 : ticks >>> n;
        if (seconds > MAX_SECONDS - 1) {
            return OVERFLOW;
        }
        long fraction = n >= 64 ? ticks : ticks & ((1L << n) - 1);
        // fraction * 10^9 / 2^n on 128 bits: fraction may be up to 2^63.
        long lo = fraction * NANOS_PER_SECOND;
        long hi = Math.multiplyHigh(fraction, NANOS_PER_SECOND) + ((fraction >> 63) & NANOS_PER_SECOND);
        long fractionNanos = n < 64 ? (lo >>> n) | (hi << (64 - n)) : hi >>> (n - 64);
        return seconds * NANOS_PER_SECOND + fractionNanos;
    }
}
