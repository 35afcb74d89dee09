package org.dlminspect.pernode;

import org.dlminspect.memory.HeapCost;

/**
 * One-way delays of one direction between two nodes: a log-scale histogram (bins 1 % wide from 1 µs up,
 * below 1 µs one bin per 10 ns), so that its memory is fixed whatever the capture's length; the median
 * and p99 are within 1 % of the exact value, the minimum and maximum exact.
 */
public final class OneWayLatency {
    private static final int LINEAR_BINS = 100;
    private static final double RATIO = Math.log(1.01);
    private static final int BINS = LINEAR_BINS + 1600;
    /** Heap bytes of one histogram, for the memory account. */
    public static final long HEAP_BYTES = HeapCost.object(8 * 4 + 4) + HeapCost.longArray(BINS);
    private final long[] bins = new long[BINS];
    private long count;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;

    /** Adds one delay; a negative one (clock error within the alignment's uncertainty) counts as zero. */
    public void add(long nanos) {
        long v = Math.max(0, nanos);
        count++;
        min = Math.min(min, v);
        max = Math.max(max, v);
        bins[bin(v)]++;
    }

    private static int bin(long v) {
        if (v < 1000) return (int) (v / 10);
        return Math.min(BINS - 1, LINEAR_BINS + (int) (Math.log(v / 1000.0) / RATIO));
    }

    private static long lower(int bin) {
        if (bin < LINEAR_BINS) return bin * 10L;
        return Math.round(1000.0 * Math.exp((bin - LINEAR_BINS) * RATIO));
    }

    public long count() {
        return count;
    }

    public long min() {
        return count == 0 ? 0 : min;
    }

    public long max() {
        return count == 0 ? 0 : max;
    }

    /** The q-quantile (0.5 median, 0.99 p99), clamped to [min, max]. */
    public long quantile(double q) {
        if (count == 0) return 0;
        long rank = (long) Math.ceil(q * count);
        long seen = 0;
        for (int i = 0; i < BINS; i++) {
            seen += bins[i];
            if (seen >= rank) return Math.max(min, Math.min(max, lower(i)));
        }
        return max;
    }
}
