package org.dlminspect.analysis;

/**
 * Log-linear histogram of durations in nanoseconds: exact below 64 ns, then 32 buckets per power of two
 * (about 3 % resolution). Fixed memory, allocated on the first sample.
 */
final class LatencyHistogram {
    private static final int SUB_BITS = 5;
    private static final int SUB = 1 << SUB_BITS;
    static final int BUCKETS = (63 - SUB_BITS) * SUB + 2 * SUB;

    private int[] counts;
    private long samples;
    private long max = -1;

    void add(long nanos) {
        if (nanos < 0) nanos = 0;
        if (counts == null) counts = new int[BUCKETS];
        counts[index(nanos)]++;
        samples++;
        if (nanos > max) max = nanos;
    }

    static int index(long v) {
        if (v < 2 * SUB) return (int) v;
        int e = 63 - Long.numberOfLeadingZeros(v);
        return (e - SUB_BITS) * SUB + (int) (v >>> (e - SUB_BITS));
    }

    /** Midpoint of bucket {@code i}. */
    static long value(int i) {
        if (i < 2 * SUB) return i;
        int e = i / SUB + SUB_BITS - 1;
        long sub = i % SUB + SUB;
        long low = sub << (e - SUB_BITS);
        long width = 1L << (e - SUB_BITS);
        return low + width / 2;
    }

    long samples() {
        return samples;
    }

    /** The maximum, or -1 without samples. */
    long max() {
        return max;
    }

    /** The median (to bucket resolution, never above the maximum), or -1 without samples. */
    long median() {
        if (samples == 0) return -1;
        long rank = (samples + 1) / 2;
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) return Math.min(value(i), max);
        }
        return max;
    }
}
