package org.dlminspect.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.dlminspect.memory.MemoryBudget;
import org.junit.jupiter.api.Test;

/** Service times: exact nearest-rank percentiles, folded into bounded histograms when the budget is full. */
class ServiceTimesTest {

    @Test
    void histogramBucketsHoldTheirValuesWithinOneThirtySecond() {
        Random r = new Random(12);
        for (int i = 0; i < 100_000; i++) {
            long v = i < 64 ? i : r.nextLong() >>> (1 + r.nextInt(63));
            int b = SampleHistogram.bucket(v);
            long upper = SampleHistogram.upper(b);
            assertTrue(upper >= v, v + " above its bucket's upper bound " + upper);
            assertTrue(b == 0 || SampleHistogram.upper(b - 1) < v, v + " belongs in an earlier bucket");
            assertTrue(upper - v <= v / 32, v + " -> " + upper);
        }
    }

    @Test
    void exactWhileTheBudgetAllows() {
        ServiceTimes t = new ServiceTimes(MemoryBudget.unlimited().account("locks"));
        for (long v : new long[] {5, 1, 4, 2, 3}) t.add(1, "REQUEST", 2, 1, v);
        LockReport.ServiceTime row = t.rows().get(0);
        assertEquals(List.of(5L, 1L, 3L, 5L, 5L, 5L), List.of(row.count(), row.minNanos(), row.medianNanos(),
                row.p90Nanos(), row.p99Nanos(), row.maxNanos()));
        assertEquals(0, t.folded());
    }

    /** 2 million samples under a 4 MiB budget: folded, bounded, percentiles within 1/32 of the exact ones. */
    @Test
    void foldedIntoHistogramsUnderTheBudget() {
        MemoryBudget budget = new MemoryBudget(4L << 20);
        ServiceTimes t = new ServiceTimes(budget.account("locks"));
        int n = 2_000_000;
        long[] all = new long[n];
        Random r = new Random(7);
        for (int i = 0; i < n; i++) {
            all[i] = 20_000 + (long) (Math.abs(r.nextGaussian()) * 300_000) + (i % 1000 == 0 ? 40_000_000 : 0);
            t.add(1, "REQUEST", 2 + i % 2, 1, all[i]);
        }
        assertTrue(t.folded() > 0);
        assertTrue(budget.used() <= budget.limit(), budget.used() + " > " + budget.limit());
        Arrays.sort(all);
        LockReport.ServiceTime over = t.rows().stream().filter(x -> x.fromNode() == -1).findFirst().orElseThrow();
        assertEquals(n, over.count());
        assertEquals(all[0], over.minNanos());
        assertEquals(all[n - 1], over.maxNanos());
        for (double[] p : new double[][] {{0.5, over.medianNanos()}, {0.9, over.p90Nanos()}, {0.99, over.p99Nanos()}}) {
            long exact = ServiceTimes.rank(all, p[0]);
            assertTrue(p[1] >= exact && p[1] - exact <= exact / 32, "p" + p[0] + ": " + (long) p[1] + " vs exact " + exact);
        }
    }

    /**
     * The same samples into an unlimited and a 1 MiB budget: node 2's 400,000 samples are folded, node 3's ten are
     * not (smaller than a histogram). Each row says which it is, and a row marked exact is the exact row.
     */
    @Test
    void rowsSayWhetherTheyWereFolded() {
        ServiceTimes exact = new ServiceTimes(MemoryBudget.unlimited().account("locks"));
        ServiceTimes folded = new ServiceTimes(new MemoryBudget(1L << 20).account("locks"));
        Random r = new Random(3);
        for (int i = 0; i < 400_010; i++) {
            long from = i < 400_000 ? 2 : 3;
            long v = 10_000 + r.nextInt(5_000_000);
            exact.add(1, "REQUEST", from, 1, v);
            folded.add(1, "REQUEST", from, 1, v);
        }
        assertEquals(1, folded.folded());
        List<LockReport.ServiceTime> want = exact.rows();
        List<LockReport.ServiceTime> got = folded.rows();
        assertEquals(3, got.size(), got::toString);
        for (LockReport.ServiceTime t : want) {
            assertFalse(t.approximate(), t::toString);
            assertNull(t.approximation());
        }
        LockReport.ServiceTime node2 = got.get(0);
        LockReport.ServiceTime node3 = got.get(1);
        LockReport.ServiceTime all = got.get(2);
        assertEquals(List.of(2L, 3L, -1L), List.of(node2.fromNode(), node3.fromNode(), all.fromNode()));
        assertEquals(want.get(1), node3, "node 3's samples were kept: its row is exact and says so");
        for (int i : new int[] {0, 2}) {
            LockReport.ServiceTime t = got.get(i);
            LockReport.ServiceTime e = want.get(i);
            assertTrue(t.approximate(), t::toString);
            assertEquals(List.of(e.count(), e.minNanos(), e.maxNanos()), List.of(t.count(), t.minNanos(), t.maxNanos()));
            for (long[] p : new long[][] {{e.medianNanos(), t.medianNanos()}, {e.p90Nanos(), t.p90Nanos()}, {e.p99Nanos(), t.p99Nanos()}}) {
                assertTrue(p[1] >= p[0] && p[1] - p[0] <= p[0] / 32, t + " vs exact " + e);
            }
            assertTrue(t.medianNanos() != e.medianNanos() || t.p90Nanos() != e.p90Nanos() || t.p99Nanos() != e.p99Nanos(),
                    "the folded percentiles are not the exact ones, which is why the row says so");
        }
        assertTrue(node2.approximation().startsWith("its samples were folded into a log-linear histogram"), node2.approximation());
        assertTrue(all.approximation().startsWith("1 of its 2 node pairs' samples were folded"), all.approximation());

        List<long[][]> buckets = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        folded.foldedSamples((ls, exchange, from, to, lower, upper, counts) -> {
            keys.add(ls + " " + exchange + " " + from + ">" + to);
            buckets.add(new long[][] {lower, upper, counts});
        });
        assertEquals(List.of("1 REQUEST 2>1"), keys, "only the folded series is handed on as buckets");
        long[] lower = buckets.get(0)[0];
        long[] upper = buckets.get(0)[1];
        long[] counts = buckets.get(0)[2];
        assertEquals(node2.minNanos(), lower[0]);
        assertEquals(node2.maxNanos(), upper[upper.length - 1]);
        long n = 0;
        for (int i = 0; i < counts.length; i++) {
            assertTrue(counts[i] > 0 && lower[i] <= upper[i] && (i == 0 || upper[i - 1] < lower[i]), "bucket " + i);
            n += counts[i];
        }
        assertEquals(400_000, n);
        List<Long> exactSamples = new ArrayList<>();
        folded.samples((ls, exchange, from, to, nanos) -> exactSamples.add(from * 1_000_000 + nanos.length));
        assertEquals(List.of(3_000_010L), exactSamples, "the exact samples handed on are node 3's ten");
    }
}
