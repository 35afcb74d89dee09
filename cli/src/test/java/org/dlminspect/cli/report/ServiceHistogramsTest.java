package org.dlminspect.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The histogram intervals: 1-2-5 edges from 10 µs to 10 s, each edge the first value of the next interval. */
class ServiceHistogramsTest {
    @Test
    void edgesAreOneTwoFivePerDecade() {
        assertEquals(19, ServiceHistograms.EDGES_NANOS.length);
        assertEquals(10_000L, ServiceHistograms.EDGES_NANOS[0]);
        assertEquals(20_000L, ServiceHistograms.EDGES_NANOS[1]);
        assertEquals(50_000L, ServiceHistograms.EDGES_NANOS[2]);
        assertEquals(100_000L, ServiceHistograms.EDGES_NANOS[3]);
        assertEquals(1_000_000L, ServiceHistograms.EDGES_NANOS[6]);
        assertEquals(10_000_000_000L, ServiceHistograms.EDGES_NANOS[18]);
    }

    @Test
    void intervalsIncludeTheirLowerEdge() {
        assertEquals(0, ServiceHistograms.interval(0));
        assertEquals(0, ServiceHistograms.interval(9_999));
        assertEquals(1, ServiceHistograms.interval(10_000));
        assertEquals(1, ServiceHistograms.interval(19_999));
        assertEquals(2, ServiceHistograms.interval(20_000));
        assertEquals(18, ServiceHistograms.interval(9_999_999_999L));
        assertEquals(19, ServiceHistograms.interval(10_000_000_000L));
        assertEquals(19, ServiceHistograms.interval(Long.MAX_VALUE));
    }

    @Test
    void histogramCountsMedianAndMaxOverAllPairs() {
        ReportModel.ServiceHistogram h = ServiceHistograms.histogram(1, "REQUEST", false,
                List.of(new long[] {150_000, 9_000}, new long[] {25_000, 3_000_000_000L, 25_000}));
        assertEquals(5, h.samples());
        assertEquals(25_000, h.medianNanos(), "nearest rank: the 3rd of 5");
        assertEquals(3_000_000_000L, h.maxNanos());
        assertEquals(20, h.counts().size());
        assertEquals(1L, h.counts().get(0));
        assertEquals(2L, h.counts().get(2));
        assertEquals(1L, h.counts().get(4));
        assertEquals(1L, h.counts().get(17), "3 s: between 2 s and 5 s");
        assertEquals(5L, h.counts().stream().mapToLong(Long::longValue).sum());
        ReportModel.ServiceHistogram even = ServiceHistograms.histogram(1, "UNLOCK", false, List.of(new long[] {4, 1, 3, 2}));
        assertEquals(2, even.medianNanos(), "nearest rank: the 2nd of 4, as the locks command");
    }

    /** A folded series is drawn from its buckets, a bucket across an edge in its lower interval, and marked. */
    @Test
    void foldedSeriesAreDrawnFromTheirBucketsAndSaidToBeApproximate() {
        ServiceHistograms.Folded folded = new ServiceHistograms.Folded(new long[] {9_800, 30_000, 2_000_000},
                new long[] {10_100, 30_500, 2_050_000}, new long[] {4, 5, 1});
        ReportModel.ServiceHistogram h = ServiceHistograms.histogram(1, "REQUEST", false,
                List.of(new long[] {150_000, 25_000}), List.of(folded));
        assertEquals(12, h.samples(), "the folded samples count");
        assertEquals(4L, h.counts().get(0), "9.8 to 10.1 µs: counted under 10 µs, where the bucket starts");
        assertEquals(6L, h.counts().get(2), "25 µs exact and five folded at 30 µs: 20 to 50 µs");
        assertEquals(1L, h.counts().get(4));
        assertEquals(1L, h.counts().get(8), "2 to 5 ms");
        assertEquals(12L, h.counts().stream().mapToLong(Long::longValue).sum());
        assertEquals(30_500, h.medianNanos(), "rank 6 of 12: the folded bucket's upper end, as the locks rows");
        assertEquals(2_050_000, h.maxNanos());
        assertTrue(h.approximate());
        assertTrue(h.approximation().startsWith("1 of its 2 node pairs' series (10 of 12 samples) were folded"), h.approximation());
        assertTrue(h.approximation().contains("4 of those samples lie in buckets that cross an interval edge"), h.approximation());

        ReportModel.ServiceHistogram within = ServiceHistograms.histogram(1, "REQUEST", false, List.of(),
                List.of(new ServiceHistograms.Folded(new long[] {30_000}, new long[] {30_500}, new long[] {5})));
        assertTrue(within.approximation().contains("every folded bucket lies within one interval"), within.approximation());

        ReportModel.ServiceHistogram exact = ServiceHistograms.histogram(1, "REQUEST", false, List.of(new long[] {1, 2}));
        assertFalse(exact.approximate());
        assertNull(exact.approximation());
    }
}
