package org.dlminspect.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
