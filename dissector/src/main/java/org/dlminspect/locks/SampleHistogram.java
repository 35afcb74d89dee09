package org.dlminspect.locks;

import org.dlminspect.memory.HeapCost;

/**
 * Durations counted in log-linear buckets, for service times once their exact samples no longer fit in the
 * memory budget: 32 buckets per power of two, so a percentile read from it is within 1/32 (about 3 %) above the
 * exact one; min and max stay exact. Fixed size ({@link #COST}) however many samples it holds.
 */
final class SampleHistogram {
    private static final int SUB_BITS = 5;
    private static final int SUB = 1 << SUB_BITS;
    private static final int BUCKETS = (64 - SUB_BITS + 1) * SUB;
    static final long COST = HeapCost.object(32) + HeapCost.longArray(BUCKETS);

    private final long[] counts = new long[BUCKETS];
    private long n;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;

    void add(long nanos) {
        long v = Math.max(0, nanos);
        counts[bucket(v)]++;
        n++;
        min = Math.min(min, v);
        max = Math.max(max, v);
    }

    void addAll(long[] sorted, int size) {
        for (int i = 0; i < size; i++) add(sorted[i]);
    }

    void addAll(SampleHistogram other) {
        for (int i = 0; i < BUCKETS; i++) counts[i] += other.counts[i];
        n += other.n;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    long count() {
        return n;
    }

    long min() {
        return min;
    }

    long max() {
        return max;
    }

    /** Nearest-rank percentile: the upper bound of the bucket holding rank ceil(p * n), at most the max. */
    long rank(double p) {
        long r = Math.max(1, Math.min(n, (long) Math.ceil(p * n)));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= r) return Math.max(min, Math.min(max, upper(i)));
        }
        return max;
    }

    /** The non-empty buckets, ascending: the values each holds (within the min and max seen) and its count. */
    record Buckets(long[] lowerNanos, long[] upperNanos, long[] counts) { }

    Buckets buckets() {
        int used = 0;
        for (long c : counts) if (c > 0) used++;
        long[] lower = new long[used];
        long[] upper = new long[used];
        long[] count = new long[used];
        int at = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (counts[i] == 0) continue;
            lower[at] = Math.max(min, lower(i));
            upper[at] = Math.min(max, upper(i));
            count[at++] = counts[i];
        }
        return new Buckets(lower, upper, count);
    }

    /** The smallest value of bucket {@code i}. */
    static long lower(int i) {
        if (i < SUB) return i;
        int shift = i / SUB - 1;
        return (SUB + (long) (i % SUB)) << shift;
    }

    /** Values below 32 have a bucket each; above, bucket = (exponent, top 5 bits below the leading one). */
    static int bucket(long v) {
        if (v < SUB) return (int) v;
        int exp = 63 - Long.numberOfLeadingZeros(v);
        int shift = exp - SUB_BITS;
        int sub = (int) ((v >>> shift) & (SUB - 1));
        return (shift + 1) * SUB + sub;
    }

    /** The largest value of bucket {@code i}. */
    static long upper(int i) {
        if (i < SUB) return i;
        int shift = i / SUB - 1;
        long sub = i % SUB;
        long low = (SUB + sub) << shift;
        return low + (1L << shift) - 1;
    }
}
