package org.dlminspect.locks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;

/**
 * Service-time samples per (lockspace, exchange, requester, replier), reduced to count, min, median, p90, p99 and
 * max at the end. Exact samples (8 bytes each, charged to the lock account) while the memory budget allows; when
 * it is full, the largest series are folded into a fixed-size {@link SampleHistogram} (percentiles then within
 * about 3 %, min and max exact), so that a long capture's result stays bounded.
 */
final class ServiceTimes {
    private record Key(long lockspace, String exchange, long from, long to) { }

    /** One row's samples: exact ({@code exact}, {@code size}) until folded into {@code histogram}. */
    private static final class Series {
        long[] exact = new long[16];
        int size;
        SampleHistogram histogram;

        long bytes() {
            return histogram != null ? SampleHistogram.COST : HeapCost.longArray(exact.length);
        }
    }

    private static final Comparator<Key> ORDER = Comparator.comparingLong(Key::lockspace)
            .thenComparing(Key::exchange).thenComparingLong(Key::from).thenComparingLong(Key::to);
    private static final long ROW_COST = HeapCost.HASH_ENTRY + HeapCost.object(28) + HeapCost.object(24);

    private final Map<Key, Series> series = new TreeMap<>(ORDER);
    private final Account account;
    private long dropped;
    private long folded;

    ServiceTimes(Account account) {
        this.account = account;
    }

    /** Adds one sample; returns false when the budget is still over its limit (the caller evicts state). */
    boolean add(long lockspace, String exchange, long from, long to, long nanos) {
        Key k = new Key(lockspace, exchange, from, to);
        Series s = series.get(k);
        boolean ok = true;
        if (s == null) {
            if (series.size() >= LockTracker.MAX_KEYS) {
                // Node and lockspace ids are whatever the bytes say: past this many rows, new ones are not made.
                dropped++;
                return true;
            }
            s = new Series();
            series.put(k, s);
            ok = account.charge(ROW_COST + s.bytes());
        }
        if (s.histogram != null) {
            s.histogram.add(nanos);
        } else {
            if (s.size == s.exact.length) {
                long before = s.bytes();
                s.exact = Arrays.copyOf(s.exact, s.size * 2);
                ok &= account.charge(s.bytes() - before);
            }
            s.exact[s.size++] = nanos;
        }
        return ok || fold();
    }

    /** Over budget: folds the largest exact series (bigger than a histogram) until under the limit. */
    private boolean fold() {
        while (account.overLimit()) {
            Series largest = null;
            for (Series s : series.values()) {
                if (s.histogram == null && s.bytes() > SampleHistogram.COST && (largest == null || s.size > largest.size)) largest = s;
            }
            if (largest == null) return false;
            long before = largest.bytes();
            largest.histogram = new SampleHistogram();
            largest.histogram.addAll(largest.exact, largest.size);
            largest.exact = null;
            account.evicted(before - largest.bytes());
            folded++;
        }
        return true;
    }

    /** Samples not kept because they would have needed a row past {@link LockTracker#MAX_KEYS}. */
    long dropped() {
        return dropped;
    }

    /** How many series were folded into histograms (their percentiles are approximate). */
    long folded() {
        return folded;
    }

    /**
     * Hands each (lockspace, exchange, requester, replier) and a copy of its exact samples to {@code to}, in row
     * order. Series folded into a histogram under memory pressure are not handed on: {@link #foldedSamples} does.
     */
    void samples(LockTracker.SampleVisitor to) {
        for (Map.Entry<Key, Series> e : series.entrySet()) {
            Key k = e.getKey();
            Series s = e.getValue();
            if (s.histogram == null) to.samples(k.lockspace, k.exchange, k.from, k.to, Arrays.copyOf(s.exact, s.size));
        }
    }

    /** The rows: every node pair of an exchange, then (when there are several pairs) one row over all of them. */
    List<LockReport.ServiceTime> rows() {
        List<LockReport.ServiceTime> out = new ArrayList<>();
        Key group = null;
        List<Series> members = new ArrayList<>();
        for (Map.Entry<Key, Series> e : series.entrySet()) {
            Key k = e.getKey();
            if (group != null && (group.lockspace != k.lockspace || !group.exchange.equals(k.exchange))) {
                if (members.size() > 1) out.add(row(group, -1, -1, members));
                members.clear();
            }
            group = k;
            members.add(e.getValue());
            out.add(row(k, k.from, k.to, List.of(e.getValue())));
        }
        if (group != null && members.size() > 1) out.add(row(group, -1, -1, members));
        return out;
    }

    private static LockReport.ServiceTime row(Key k, long from, long to, List<Series> parts) {
        long foldedParts = parts.stream().filter(s -> s.histogram != null).count();
        if (foldedParts > 0) {
            SampleHistogram h = new SampleHistogram();
            for (Series s : parts) {
                if (s.histogram != null) {
                    h.addAll(s.histogram);
                } else {
                    h.addAll(s.exact, s.size);
                }
            }
            return new LockReport.ServiceTime(k.lockspace, k.exchange, from, to, h.count(), h.min(),
                    h.rank(0.50), h.rank(0.90), h.rank(0.99), h.max(), true, approximation(foldedParts, parts.size()));
        }
        int n = 0;
        for (Series s : parts) n += s.size;
        long[] all = new long[n];
        int at = 0;
        for (Series s : parts) {
            System.arraycopy(s.exact, 0, all, at, s.size);
            at += s.size;
        }
        Arrays.sort(all);
        return new LockReport.ServiceTime(k.lockspace, k.exchange, from, to, all.length, all[0],
                rank(all, 0.50), rank(all, 0.90), rank(all, 0.99), all[all.length - 1], false, null);
    }

    /** Why a row's percentiles are approximate: {@code folded} of its {@code parts} node pairs' series were folded. */
    static String approximation(long folded, int parts) {
        return (parts == 1 ? "its samples were" : folded + " of its " + parts + " node pairs' samples were")
                + " folded into a log-linear histogram under the memory budget: median, p90 and p99 are up to 1/32"
                + " above the exact values; count, min and max are exact";
    }

    /**
     * Hands each series folded into a histogram to {@code to}, in row order, as its non-empty buckets: the range of
     * each (clamped to the series' min and max) and how many samples fell in it.
     */
    void foldedSamples(LockTracker.FoldedVisitor to) {
        for (Map.Entry<Key, Series> e : series.entrySet()) {
            Key k = e.getKey();
            Series s = e.getValue();
            if (s.histogram != null) {
                SampleHistogram.Buckets b = s.histogram.buckets();
                to.folded(k.lockspace, k.exchange, k.from, k.to, b.lowerNanos(), b.upperNanos(), b.counts());
            }
        }
    }

    /** Nearest-rank percentile of sorted samples: the value at rank ceil(p * n). */
    static long rank(long[] sorted, double p) {
        int r = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, r - 1))];
    }
}
