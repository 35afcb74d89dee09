package org.dlminspect.cli.report;

import java.util.ArrayList;
import java.util.List;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;

/**
 * A shared time axis cut into at most {@link #BUCKETS} intervals, and the series counted on it. The
 * capture's length is not known while it streams, so the interval starts at 1 ms and doubles (merging
 * neighbours) whenever a time falls beyond the last bucket: memory and chart points stay bounded whatever
 * the capture's length, and every series on the axis has the same intervals, so charts line up.
 */
final class TimeBuckets {
    /** Intervals per chart: enough to see a 1 s event in a 10 min capture, few enough for a small page. */
    static final int BUCKETS = 512;
    private static final long FIRST_WIDTH_NANOS = 1_000_000L;

    /** How a bucket combines values. */
    enum Combine { SUM, MAX }

    /** One series: a value per bucket ({@code -1} = nothing for MAX). */
    static final class Series {
        private final Combine combine;
        private final long[] values = new long[BUCKETS];

        private Series(Combine combine) {
            this.combine = combine;
            if (combine == Combine.MAX) java.util.Arrays.fill(values, -1);
        }

        void add(int bucket, long v) {
            if (combine == Combine.SUM) values[bucket] += v;
            else if (v > values[bucket]) values[bucket] = v;
        }

        long get(int bucket) {
            return values[bucket];
        }

        private void halve() {
            for (int i = 0; i < BUCKETS / 2; i++) {
                long a = values[2 * i];
                long b = values[2 * i + 1];
                values[i] = combine == Combine.SUM ? a + b : Math.max(a, b);
            }
            java.util.Arrays.fill(values, BUCKETS / 2, BUCKETS, combine == Combine.SUM ? 0 : -1);
        }
    }

    private final Account account;
    private final List<Series> series = new ArrayList<>();
    private long originNanos = Long.MIN_VALUE;
    private long widthNanos = FIRST_WIDTH_NANOS;
    private int used;

    TimeBuckets(Account account) {
        this.account = account;
    }

    /**
     * A new series on this axis, charged to the account; null when the budget is exhausted (the caller
     * counts what it could not chart).
     */
    Series series(Combine combine) {
        long cost = HeapCost.object(8) + HeapCost.longArray(BUCKETS);
        if (!account.charge(cost)) {
            account.release(cost);
            return null;
        }
        Series s = new Series(combine);
        series.add(s);
        return s;
    }

    /** The bucket of {@code nanos}; the first time seen becomes the origin, earlier times fall in bucket 0. */
    int bucket(long nanos) {
        if (originNanos == Long.MIN_VALUE) originNanos = nanos;
        long offset = nanos - originNanos;
        if (offset < 0) return 0;
        while (offset / widthNanos >= BUCKETS) {
            widthNanos *= 2;
            for (Series s : series) s.halve();
            used = (used + 1) / 2;
        }
        int b = (int) (offset / widthNanos);
        if (b + 1 > used) used = b + 1;
        return b;
    }

    long originNanos() {
        return originNanos == Long.MIN_VALUE ? 0 : originNanos;
    }

    long widthNanos() {
        return widthNanos;
    }

    /** Buckets from the origin up to the last time seen. */
    int used() {
        return used;
    }
}
