package org.dlminspect.cli.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dlminspect.locks.LockTracker;

/**
 * Response-time histograms from the lock analysis' samples (exact, or folded under the memory budget): per lockspace and exchange, all node pairs
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

    /** A series the lock analysis folded into log-linear buckets under the memory budget: each bucket's range and count. */
    record Folded(long[] lowerNanos, long[] upperNanos, long[] counts) { }

    /**
     * The histograms of request to reply ({@code grants} false) or request to GRANT. Series the lock analysis folded
     * under the memory budget are drawn too, from their buckets, and the histogram says it is approximate.
     */
    static List<ReportModel.ServiceHistogram> of(LockTracker locks, boolean grants) {
        record Key(long lockspace, String exchange) { }
        record Parts(List<long[]> exact, List<Folded> folded) { }
        // the order of the locks rows: lockspace, then exchange
        Map<Key, Parts> groups = new TreeMap<>(Comparator.comparingLong(Key::lockspace).thenComparing(Key::exchange));
        locks.serviceSamples(grants, (lockspace, exchange, from, to, nanos) -> groups.computeIfAbsent(
                new Key(lockspace, exchange), k -> new Parts(new ArrayList<>(), new ArrayList<>())).exact().add(nanos));
        locks.foldedSamples(grants, (lockspace, exchange, from, to, lower, upper, counts) -> groups.computeIfAbsent(
                new Key(lockspace, exchange), k -> new Parts(new ArrayList<>(), new ArrayList<>())).folded()
                .add(new Folded(lower, upper, counts)));
        List<ReportModel.ServiceHistogram> out = new ArrayList<>();
        groups.forEach((k, parts) -> out.add(histogram(k.lockspace(), k.exchange(), grants, parts.exact(), parts.folded())));
        return out;
    }

    static ReportModel.ServiceHistogram histogram(long lockspace, String exchange, boolean grant, List<long[]> parts) {
        return histogram(lockspace, exchange, grant, parts, List.of());
    }

    /**
     * One histogram over exact samples and folded series. A folded bucket spans about 3 % of its values: one that
     * crosses an interval edge is counted in the interval of its lower end, and the approximation says how many
     * samples that concerns; the median of folded samples is their bucket's upper end, as the locks rows give it.
     */
    static ReportModel.ServiceHistogram histogram(long lockspace, String exchange, boolean grant, List<long[]> parts,
            List<Folded> folded) {
        long[] counts = new long[EDGES_NANOS.length + 1];
        int exact = 0;
        for (long[] p : parts) exact += p.length;
        long[] all = new long[exact];
        int at = 0;
        for (long[] p : parts) {
            for (long v : p) {
                counts[interval(v)]++;
                all[at++] = v;
            }
        }
        Arrays.sort(all);
        long n = exact;
        long foldedSamples = 0;
        long crossing = 0;
        long max = exact == 0 ? 0 : all[exact - 1];
        for (Folded f : folded) {
            for (int i = 0; i < f.counts().length; i++) {
                int lowInterval = interval(f.lowerNanos()[i]);
                counts[lowInterval] += f.counts()[i];
                if (interval(f.upperNanos()[i]) != lowInterval) crossing += f.counts()[i];
                foldedSamples += f.counts()[i];
                max = Math.max(max, f.upperNanos()[i]);
            }
        }
        n += foldedSamples;
        List<Long> list = new ArrayList<>(counts.length);
        for (long c : counts) list.add(c);
        // nearest rank, as the locks command's median: the sample at rank ceil(n/2)
        long median = n == 0 ? 0 : folded.isEmpty() ? all[Math.max(0, (exact + 1) / 2 - 1)] : rank(all, folded, (n + 1) / 2);
        String approximation = folded.isEmpty() ? null
                : folded.size() + " of its " + (parts.size() + folded.size()) + " node pairs' series ("
                + foldedSamples + " of " + n + " samples) were folded into log-linear histograms under the memory budget"
                + " (lock.limit): " + (crossing == 0 ? "every folded bucket lies within one interval, so the bars are exact"
                        : crossing + " of those samples lie in buckets that cross an interval edge and are counted in the"
                        + " lower interval") + "; the median is up to 1/32 above the exact one";
        return new ReportModel.ServiceHistogram(lockspace, exchange, grant, n, median, max, list, approximation != null,
                approximation);
    }

    /** The value at 1-based {@code rank} over sorted exact samples and folded buckets (each at its upper end). */
    private static long rank(long[] sorted, List<Folded> folded, long rank) {
        List<long[]> values = new ArrayList<>(); // {value, count}
        for (long v : sorted) values.add(new long[] {v, 1});
        for (Folded f : folded) {
            for (int i = 0; i < f.counts().length; i++) values.add(new long[] {f.upperNanos()[i], f.counts()[i]});
        }
        values.sort(Comparator.comparingLong(v -> v[0]));
        long seen = 0;
        for (long[] v : values) {
            seen += v[1];
            if (seen >= rank) return v[0];
        }
        return values.isEmpty() ? 0 : values.get(values.size() - 1)[0];
    }
}
