package org.dlminspect.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
