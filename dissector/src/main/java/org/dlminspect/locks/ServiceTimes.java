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
 * Exact service-time samples per (lockspace, exchange, requester, replier), reduced to count, min, median, p90,
 * p99 and max at the end. Samples are 8 bytes each, charged to the lock account: they are the result, so they
 * are kept (the pairing state is what gets evicted under pressure).
 */
final class ServiceTimes {
    private record Key(long lockspace, String exchange, long from, long to) { }

    private static final Comparator<Key> ORDER = Comparator.comparingLong(Key::lockspace)
            .thenComparing(Key::exchange).thenComparingLong(Key::from).thenComparingLong(Key::to);

    private final Map<Key, long[]> samples = new TreeMap<>(ORDER);
    private final Map<Key, Integer> sizes = new TreeMap<>(ORDER);
    private final Account account;

    ServiceTimes(Account account) {
        this.account = account;
    }

    /** Adds one sample; returns false when the budget is over its limit (the caller evicts state). */
    boolean add(long lockspace, String exchange, long from, long to, long nanos) {
        Key k = new Key(lockspace, exchange, from, to);
        long[] a = samples.get(k);
        int n = sizes.getOrDefault(k, 0);
        boolean ok = true;
        if (a == null) {
            a = new long[16];
            ok = account.charge(HeapCost.longArray(16) + 2L * HeapCost.HASH_ENTRY + HeapCost.object(28));
        } else if (n == a.length) {
            long[] b = Arrays.copyOf(a, n * 2);
            ok = account.charge(HeapCost.longArray(b.length) - HeapCost.longArray(a.length));
            a = b;
        }
        a[n] = nanos;
        samples.put(k, a);
        sizes.put(k, n + 1);
        return ok;
    }

    /** Hands each (lockspace, exchange, requester, replier) and a copy of its samples to {@code to}, in row order. */
    void samples(LockTracker.SampleVisitor to) {
        for (Map.Entry<Key, long[]> e : samples.entrySet()) {
            Key k = e.getKey();
            to.samples(k.lockspace, k.exchange, k.from, k.to, Arrays.copyOf(e.getValue(), sizes.get(k)));
        }
    }

    /** The rows: every node pair of an exchange, then (when there are several pairs) one row over all of them. */
    List<LockReport.ServiceTime> rows() {
        List<LockReport.ServiceTime> out = new ArrayList<>();
        Key group = null;
        List<long[]> groupSamples = new ArrayList<>();
        int pairs = 0;
        for (Map.Entry<Key, long[]> e : samples.entrySet()) {
            Key k = e.getKey();
            long[] s = Arrays.copyOf(e.getValue(), sizes.get(k));
            if (group != null && (group.lockspace != k.lockspace || !group.exchange.equals(k.exchange))) {
                if (pairs > 1) out.add(row(group, -1, -1, concat(groupSamples)));
                groupSamples.clear();
                pairs = 0;
            }
            group = k;
            groupSamples.add(s);
            pairs++;
            out.add(row(k, k.from, k.to, s));
        }
        if (group != null && pairs > 1) out.add(row(group, -1, -1, concat(groupSamples)));
        return out;
    }

    private static long[] concat(List<long[]> parts) {
        int n = 0;
        for (long[] p : parts) n += p.length;
        long[] all = new long[n];
        int at = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private static LockReport.ServiceTime row(Key k, long from, long to, long[] s) {
        Arrays.sort(s);
        return new LockReport.ServiceTime(k.lockspace, k.exchange, from, to, s.length, s[0],
                rank(s, 0.50), rank(s, 0.90), rank(s, 0.99), s[s.length - 1]);
    }

    /** Nearest-rank percentile of sorted samples: the value at rank ceil(p * n). */
    static long rank(long[] sorted, double p) {
        int r = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, r - 1))];
    }
}
