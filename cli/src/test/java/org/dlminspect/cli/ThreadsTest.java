package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** One thread or two, from the run queue now rather than the last minute's load. */
class ThreadsTest {
    @Test
    void anIdleMachineAfterBusyMinutesGetsTheSecondThread() {
        // bench/run alternating with tshark: the 1-minute average says 1.8 on 2 cores, but nothing else runs now.
        assertTrue(Threads.decide(2, 1.8, 0));
        assertFalse(Threads.decide(2, 1.8, -1), "the load average alone said no");
    }

    @Test
    void anotherProcessOnACoreKeepsUsOnOne() {
        assertFalse(Threads.decide(2, 0.2, 1), "a competitor started just now");
        assertFalse(Threads.decide(2, 3.0, 2));
        assertTrue(Threads.decide(4, 3.0, 2), "4 cores, 2 busy: one for us, one for the second thread");
        assertFalse(Threads.decide(4, 0.0, 3));
    }

    @Test
    void oneCoreIsOneThread() {
        assertFalse(Threads.decide(1, 0.0, 0));
        assertFalse(Threads.decide(1, -1, -1));
    }

    @Test
    void withoutTheRunQueueTheLoadAverageDecides() {
        assertTrue(Threads.decide(2, 1.4, -1));
        assertFalse(Threads.decide(2, 1.5, -1));
        assertTrue(Threads.decide(2, -1, -1), "nothing known: two");
    }

    @Test
    void procLoadavgFields() {
        assertEquals(0.32, Threads.loadAverage("0.32 0.50 0.33 1/81 6877\n"), 1e-9);
        assertEquals(3, Threads.runnable("2.60 2.65 1.77 3/91 15600\n"));
        assertEquals(12, Threads.runnable("12.00 2.65 1.77 12/391 15600"));
        assertEquals(-1, Threads.runnable("0.32 0.50 0.33"));
        assertEquals(-1, Threads.runnable("0.32 0.50 0.33 81 6877"));
    }

    @Test
    void aThreadsStateFollowsItsNameWhateverTheNameHolds() {
        assertTrue(Threads.running("6877 (java) R 1 6877 6877 0 -1"));
        assertFalse(Threads.running("6878 (C1 CompilerThre) S 1 6877 6877 0 -1"));
        assertTrue(Threads.running("6879 (a) (b) R) R 1 6877"), "the last parenthesis ends the name");
        assertFalse(Threads.running("6879 (x) D 1"));
        assertFalse(Threads.running("garbage"));
        assertFalse(Threads.running("1 (x)"));
    }
}
