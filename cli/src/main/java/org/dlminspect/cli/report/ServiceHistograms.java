package org.dlminspect.cli.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dlminspect.locks.LockTracker;

/**
 * Response-time histograms from the lock analysis' exact samples: per lockspace and exchange, all node pairs
 * together, on a 1-2-5 logarithmic scale from 10 µs to 10 s (service times of a healthy cluster sit between
 * 20 µs and a few ms; recovery and contention push them to seconds, so a linear scale would hide one or the other).
 */
final class ServiceHistograms {
    /** Interval edges: 10 µs, 20 µs, 50 µs, 100 µs, ..., 10 s. */
    static final long[] EDGES_NANOS = edges();

    private ServiceHistograms() { }

    private static long[] edges() {
        long[] out = new long[19];
        long decade = 10_000L;
        for (int i = 0; i < out.length; i++) {
            out[i] = decade * new long[] {1, 2, 5}[i % 3];
            if (i % 3 == 2) decade *= 10;
        }
        return out;
    }

    /** The interval {@code nanos} falls in: 0 below the first edge, {@code EDGES_NANOS.length} at or above the last. */
    static int interval(long nanos) {
        int i = Arrays.binarySearch(EDGES_NANOS, nanos);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** The histograms of request to reply ({@code grants} false) or request to GRANT. */
    static List<ReportModel.ServiceHistogram> of(LockTracker locks, boolean grants) {
        record Key(long lockspace, String exchange) { }
        Map<Key, List<long[]>> groups = new LinkedHashMap<>();
        locks.serviceSamples(grants, (lockspace, exchange, from, to, nanos) ->
                groups.computeIfAbsent(new Key(lockspace, exchange), k -> new ArrayList<>()).add(nanos));
        List<ReportModel.ServiceHistogram> out = new ArrayList<>();
        groups.forEach((k, parts) -> out.add(histogram(k.lockspace(), k.exchange(), grants, parts)));
        return out;
    }

    static ReportModel.ServiceHistogram histogram(long lockspace, String exchange, boolean grant, List<long[]> parts) {
        long[] counts = new long[EDGES_NANOS.length + 1];
        int n = 0;
        for (long[] p : parts) n += p.length;
        long[] all = new long[n];
        int at = 0;
        for (long[] p : parts) {
            for (long v : p) {
                counts[interval(v)]++;
                all[at++] = v;
            }
        }
        Arrays.sort(all);
        List<Long> list = new ArrayList<>(counts.length);
        for (long c : counts) list.add(c);
        // nearest rank, as the locks command's median: the sample at rank ceil(n/2)
        long median = n == 0 ? 0 : all[Math.max(0, (n + 1) / 2 - 1)];
        return new ReportModel.ServiceHistogram(lockspace, exchange, grant, n, median, n == 0 ? 0 : all[n - 1], list);
    }
}
