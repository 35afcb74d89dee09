package org.dlminspect.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlminspect.capture.FrameRef;
import org.dlminspect.memory.MemoryBudget;
import org.junit.jupiter.api.Test;

/** Frame times from the bounded sample: exact while it holds every frame, at most one stride early after. */
class FrameClockTest {
    private static long time(long number) {
        return 1_000_000_000L + number * 1_000L;
    }

    @Test
    void exactWhileEveryFrameFits() {
        FrameClock c = new FrameClock(MemoryBudget.unlimited().account("report"));
        for (long n = 1; n <= FrameClock.SAMPLES; n++) c.frame(n, time(n));
        for (long n = 1; n <= FrameClock.SAMPLES; n++) {
            assertEquals(time(n), c.nanosOf(n, false));
            assertEquals(time(n), c.nanosOf(n, true));
        }
        assertEquals(Long.MIN_VALUE, c.nanosOf(0, false), "no frame 0");
    }

    @Test
    void longCapturesStayBoundedAndCloseToTheTruth() {
        FrameClock c = new FrameClock(MemoryBudget.unlimited().account("report"));
        long frames = 400_000;
        for (long n = 1; n <= frames; n++) c.frame(n, time(n));
        long worst = 0;
        for (long n = 1; n <= frames; n += 997) {
            long before = c.nanosOf(n, false);
            long after = c.nanosOf(n, true);
            assertTrue(before <= time(n), "the sample before is not later than the frame");
            assertTrue(after == Long.MIN_VALUE || after >= time(n), "the sample after is not earlier than the frame");
            worst = Math.max(worst, Math.max(time(n) - before, after == Long.MIN_VALUE ? 0 : after - time(n)));
        }
        // 400,000 frames in 4,096 samples: a stride of 128 frames at most, so at most 256 frames early
        assertTrue(worst <= 256 * 1_000L, "at most two strides early: " + worst);
        assertTrue(worst > 0, "the sample is thinned");
    }

    @Test
    void filesAreTimedApart() {
        FrameClock c = new FrameClock(MemoryBudget.unlimited().account("report"));
        c.frame(FrameRef.of(0, 1), 10);
        c.frame(FrameRef.of(1, 1), 20);
        c.frame(FrameRef.of(0, 2), 30);
        assertEquals(10, c.nanosOf(FrameRef.of(0, 1), false));
        assertEquals(20, c.nanosOf(FrameRef.of(1, 1), true));
        assertEquals(30, c.nanosOf(FrameRef.of(0, 5), false), "after the last sample: the last sample's time");
        assertEquals(Long.MIN_VALUE, c.nanosOf(FrameRef.of(0, 5), true), "no sample after the last");
        assertEquals(Long.MIN_VALUE, c.nanosOf(FrameRef.of(2, 1), false), "a file never seen");
    }
}
