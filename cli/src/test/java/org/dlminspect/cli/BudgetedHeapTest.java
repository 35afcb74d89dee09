package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlminspect.testkit.HostileStreams;
import org.junit.jupiter.api.Test;

/**
 * The crafted captures of issue #16 through a forked {@code dlm-inspect} whose heap is what the launcher gives
 * a small budget ({@code --memory-budget 32M}: {@code -Xmx136m}): each would take hundreds of megabytes without
 * the budget (and die with OutOfMemoryError here); with it the run completes, exit 0, says what it dropped, and
 * the REAL heap after every collection (from the child's GC log) stays within the budget plus the fixed
 * overhead of {@link #OVERHEAD_MIB}.
 */
class BudgetedHeapTest {
    private static final long BUDGET_MIB = 32;
    /** The heap no stage keeps: the JDK's and our classes' static state, decoders, renderers, GC headroom. */
    private static final long OVERHEAD_MIB = 64;

    /** 128 connections x 16,000 held one-byte segments (145 MB): 260 MB of held chunks unbudgeted. */
    @Test
    void heldOneByteSegmentsStayWithinTheBudget() throws Exception {
        ForkedRun.Outcome r = ForkedRun.run(ForkedRun.heapMiB(BUDGET_MIB),
                in -> {
                    HostileStreams s = new HostileStreams(in);
                    s.heldOneByteSegments(128, 16_000);
                    s.flush();
                },
                "read", "-r", "-", "--memory-budget", BUDGET_MIB + "M");
        assertWithinBudget(r);
        assertTrue(r.stderr().contains("memory budget of 32 MiB reached: dropped"), r.stderr());
    }

    /** 65,536 connections with one DLM ACK each (11 MB): 1 GB of eager buffers before, for read and analyze. */
    @Test
    void sixtyFiveThousandConnectionsStayWithinTheBudget() throws Exception {
        for (String command : new String[] {"read", "analyze"}) {
            ForkedRun.Outcome r = ForkedRun.run(ForkedRun.heapMiB(BUDGET_MIB),
                    in -> {
                        HostileStreams s = new HostileStreams(in);
                        s.oneAckEach(65_536);
                        s.flush();
                    },
                    command, "-r", "-", "--memory-budget", BUDGET_MIB + "M");
            assertWithinBudget(r);
        }
    }

    /**
     * 1,024 node pairs with nine unacknowledged OPTS each, seqs 0, 256, ..., 32768 (2.5 MB): before, every direction's
     * message ring doubled to 65,536 slots, and {@code analyze} and {@code read --analyze} died with
     * OutOfMemoryError at 6 GB; now the analysis holds nine entries per direction, charged to the budget.
     */
    @Test
    void collidingSeqsOfAThousandPairsStayWithinTheBudget() throws Exception {
        for (String[] command : new String[][] {{"analyze", "-r", "-"}, {"read", "--analyze", "-r", "-"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command),
                    java.util.stream.Stream.of("--memory-budget", BUDGET_MIB + "M")).toArray(String[]::new);
            ForkedRun.Outcome r = ForkedRun.run(ForkedRun.heapMiB(BUDGET_MIB),
                    in -> {
                        HostileStreams s = new HostileStreams(in);
                        s.collidingSeqs(1024);
                        s.flush();
                    },
                    args);
            assertWithinBudget(r);
        }
    }

    private static void assertWithinBudget(ForkedRun.Outcome r) {
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(!r.stderr().contains("Exception") && !r.stderr().contains("\tat "), r.stderr());
        assertTrue(r.collections() > 0, "no GC logged");
        assertTrue(r.maxHeapAfterGcBytes() <= (BUDGET_MIB + OVERHEAD_MIB) << 20,
                "heap after GC " + (r.maxHeapAfterGcBytes() >> 20) + " MiB over the budget of " + BUDGET_MIB
                        + " MiB + " + OVERHEAD_MIB + " MiB\n" + r.stderr());
        System.out.printf("max heap after GC %d MiB in %d collections%n%s", r.maxHeapAfterGcBytes() >> 20,
                r.collections(), r.stderr());
    }
}
