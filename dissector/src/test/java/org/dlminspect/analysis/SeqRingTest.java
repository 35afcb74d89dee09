package org.dlminspect.analysis;

import static org.dlminspect.analysis.SequenceFindingsTest.established;
import static org.dlminspect.analysis.Wire.data;
import static org.dlminspect.analysis.Wire.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dlminspect.Severity;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.tcp.TcpDirection;
import org.junit.jupiter.api.Test;

/**
 * The message ring of a direction ({@link SeqRing}) and what the analyzer's state costs in the memory budget:
 * memory follows the messages held, never the spacing of their seqs (issue #16 defect 1), growth is charged and
 * refused by the budget, and the analyzer says what it dropped.
 */
class SeqRingTest {

    private static Account unlimited() {
        return MemoryBudget.unlimited().account("analysis");
    }

    private static int put(SeqRing r, long seq, long unackedFrom) {
        return r.put(seq, unackedFrom, 1000 + seq, seq, 0, seq, true, false, SeqRing.DELIVERED);
    }

    /** The nine seqs of #16: 0, then 256 doubling up to 32768; each landed on the slot of the one before. */
    static final long[] COLLIDING = {0, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768};

    /** Nine unacknowledged seqs that the old index by seq mod capacity doubled to 65,536 slots for. */
    @Test
    void spacedSeqsCostNineEntriesNotTheirSpacing() {
        Account a = unlimited();
        SeqRing r = new SeqRing(a, 65536);
        for (long s : COLLIDING) put(r, s, 0);
        for (long s : COLLIDING) assertEquals(1000 + s, r.frame(r.find(s)));
        assertEquals(9, r.size());
        assertEquals(SeqRing.INITIAL_CAPACITY, r.capacity());
        assertEquals(0, a.used(), "no growth beyond the first arrays");
        assertEquals(0, r.overwrittenUnacked);
        // seven more, 65,536 apart, only fill the first 16 slots
        for (long s = 1; s < 8; s++) put(r, s << 16, 0);
        assertEquals(16, r.size());
        assertEquals(0, a.used());
    }

    @Test
    void growsWhileTheOldestIsUnacknowledgedAndOverwritesAtTheBound() {
        Account a = unlimited();
        SeqRing r = new SeqRing(a, 32);
        assertEquals(32, r.capacity());
        for (long s = 0; s < 16; s++) put(r, s, 0);
        assertEquals(0, a.used());
        put(r, 16, 0);
        assertEquals(SeqRing.arraysBytes(32) - SeqRing.arraysBytes(16), a.used(), "the arrays doubled, charged");
        assertEquals(a.used(), r.chargedBytes());
        for (long s = 0; s <= 16; s++) assertEquals(1000 + s, r.frame(r.find(s)));
        // at the bound, the oldest unacknowledged entry is dropped and counted
        for (long s = 17; s < 40; s++) put(r, s, 0);
        assertEquals(32, r.capacity());
        assertEquals(32, r.size());
        assertEquals(8, r.overwrittenUnacked);
        assertFalse(r.budgetRefused);
        assertEquals(-1, r.find(0));
        assertEquals(-1, r.find(7));
        assertEquals(1008, r.frame(r.find(8)));
        // an acknowledged oldest entry goes silently
        put(r, 40, 39);
        assertEquals(8, r.overwrittenUnacked);
        assertEquals(-1, r.find(8));
        // an older seq never displaces a newer unacknowledged one
        assertEquals(-1, put(r, 7, 0));
        assertEquals(-1, r.find(7));
        assertEquals(1009, r.frame(r.find(9)));
        // a new session gives the growth back
        r.clear();
        assertEquals(-1, r.find(40));
        assertEquals(0, r.size());
        assertEquals(0, a.used());
        put(r, 5, 0);
        assertEquals(1005, r.frame(r.find(5)));
    }

    @Test
    void capacityDoublesBeyondTheHistoryOnlyForUnacknowledgedMessages() {
        SeqRing r = new SeqRing(unlimited(), 4096);
        for (long s = 0; s < 600; s++) put(r, s, 0);
        assertEquals(1024, r.capacity());
        assertEquals(600, r.size());
        assertEquals(0, r.overwrittenUnacked);

        SeqRing acked = new SeqRing(unlimited(), 4096);
        for (long s = 0; s < 1000; s++) put(acked, s, s);
        assertEquals(SeqRing.INITIAL_CAPACITY, acked.capacity(), "acknowledged history stays at 256");
        assertEquals(256, acked.size());
        assertEquals(-1, acked.find(743));
        assertEquals(1744, acked.frame(acked.find(744)));
        assertEquals(0, acked.overwrittenUnacked);
    }

    @Test
    void sequenceNumbersAcrossTheWrap() {
        SeqRing r = new SeqRing(unlimited(), 64);
        for (long s = 0xFFFFFFF0L; s != 0x10; s = Seq.next(s)) put(r, s, 0xFFFFFFF0L);
        assertEquals(32, r.size());
        assertEquals(1000 + 0xFFFFFFFFL, r.frame(r.find(0xFFFFFFFFL)));
        assertEquals(1000, r.frame(r.find(0)));
        // seq 0x10 is after 0xFFFFFFF0 across the wrap: the ring grows for it, nothing dropped
        for (long s = 0x10; s < 0x30; s++) put(r, s, 0xFFFFFFF0L);
        assertEquals(64, r.size());
        assertEquals(0, r.overwrittenUnacked);
        put(r, 0x30, 0xFFFFFFF0L);
        assertEquals(1, r.overwrittenUnacked);
        assertEquals(-1, r.find(0xFFFFFFF0L));
    }

    @Test
    void theBudgetRefusesGrowthAndTheRingDropsItsOldestInstead() {
        MemoryBudget budget = new MemoryBudget(1 << 20);
        budget.account("tcp").charge((1 << 20) - 1000);
        Account a = budget.account("analysis");
        SeqRing r = new SeqRing(a, 65536);
        for (long s = 0; s < 100; s++) put(r, s, 0);
        assertEquals(16, r.size(), "the first arrays only");
        assertEquals(84, r.overwrittenUnacked);
        assertTrue(r.budgetRefused);
        assertEquals(0, a.used());
        assertFalse(budget.overLimit());
        assertEquals(1099, r.frame(r.find(99)));
        assertEquals(-1, r.find(83));
    }

    /** Every seq the ring finds is where it was last stored ({@code stored}: seq to frame), and it finds all it holds. */
    private static void assertHolds(SeqRing r, Map<Long, Long> stored, String where) {
        int found = 0;
        for (Map.Entry<Long, Long> e : stored.entrySet()) {
            int s = r.find(e.getKey());
            if (s >= 0) {
                found++;
                assertEquals(e.getValue(), r.frame(s), "seq " + e.getKey());
            }
        }
        assertEquals(r.size(), found, where);
    }

    /** Random puts against a plain map: whatever the index holds is what was stored, and nothing is lost. */
    @Test
    void theIndexAgreesWithAMapUnderRandomPutsAndEvictions() {
        Random random = new Random(16);
        for (int round = 0; round < 20; round++) {
            SeqRing r = new SeqRing(unlimited(), 64 << (round % 4));
            Map<Long, Long> stored = new HashMap<>();
            long base = random.nextBoolean() ? 0xFFFFFF00L : random.nextInt(1 << 20);
            long acked = base;
            for (int i = 0; i < 3000; i++) {
                long seq = (base + random.nextInt(i % 3 == 0 ? 100_000 : 600)) & Seq.MASK;
                if (random.nextInt(10) == 0) acked = (acked + random.nextInt(50)) & Seq.MASK;
                long frame = i;
                int slot = r.put(seq, acked, frame, i, 0, 0, true, false, SeqRing.DELIVERED);
                if (slot >= 0) {
                    stored.put(seq, frame);
                    assertEquals(slot, r.find(seq));
                }
                assertTrue(r.size() <= r.capacity());
                if (i % 100 == 0) assertHolds(r, stored, "round " + round + " step " + i);
            }
        }
    }

    /**
     * Runs of consecutive seqs (found by their distance from the oldest, no index) broken by jumps, repeats of
     * older seqs and wraps (found through the index, built at the first break and dropped when the last break
     * leaves the ring): every stored seq is found where it was stored, no other seq is.
     */
    @Test
    void runsOfConsecutiveSeqsAndTheirBreaksAgreeWithAMap() {
        Random random = new Random(15);
        for (int round = 0; round < 20; round++) {
            SeqRing r = new SeqRing(unlimited(), 32 << (round % 3));
            Map<Long, Long> stored = new HashMap<>();
            long seq = round % 2 == 0 ? 0xFFFFFFC0L : random.nextInt(1 << 20);
            for (int i = 0; i < 4000; i++) {
                int dice = random.nextInt(200);
                if (dice == 0) seq = (seq + 2 + random.nextInt(40)) & Seq.MASK;          // a jump ahead
                else if (dice == 1) seq = (seq - 1 - random.nextInt(20)) & Seq.MASK;     // an older seq again
                else seq = Seq.next(seq);
                int slot = r.put(seq, seq, i, i, 0, 0, true, false, SeqRing.DELIVERED);
                if (slot >= 0) {
                    stored.put(seq, (long) i);
                    assertEquals(slot, r.find(seq));
                }
                if (i % 50 == 0) {
                    assertHolds(r, stored, "round " + round + " step " + i);
                    // seqs never stored are never found, on either side of the held ones
                    for (long probe = seq - 300; probe < seq + 300; probe++) {
                        if (!stored.containsKey(probe & Seq.MASK)) assertEquals(-1, r.find(probe & Seq.MASK));
                    }
                }
            }
        }
    }

    /**
     * 1,024 node pairs each with the nine unacknowledged OPTS of {@link #COLLIDING} (the crafted capture of #16 defect 1;
     * before: 3.5 MB of slots per direction, 6 GB in all): the analysis holds 9 entries per direction and charges
     * only the pairs' and connections' fixed cost.
     */
    @Test
    void aThousandPairsOfSpacedSeqsCostOnlyTheirFixedState() {
        MemoryBudget budget = MemoryBudget.defaults();
        Wire w = new Wire(AnalyzerOptions.builder().maxTrackedPairs(2048).build(), budget);
        int pairs = 0;
        for (int a = 1; a <= 46 && pairs < 1024; a++) {
            for (int b = a + 1; b <= 46 && pairs < 1024; b++, pairs++) {
                TcpDirection c = w.connect(a, b);
                for (long s : COLLIDING) w.send(c, data(a, s));
            }
        }
        Account analysis = budget.accounts().get(0);
        assertEquals("analysis", analysis.stage());
        long listed = w.findings.stream().mapToLong(f -> FindingSink.cost(f.message(), f.frames().size(),
                f.seqs().size())).sum();
        assertEquals(1024 * (AnalysisCost.PAIR + AnalysisCost.STREAM) + listed, analysis.used(),
                "the pairs, their connections and the findings listed; the rings charged nothing");
        assertTrue(analysis.used() < 32L << 20, analysis.used() + " bytes");
        assertTrue(w.of("analysis.limit").isEmpty(), w.dump());
        assertEquals(1024, w.analyzer.pairSummaries().size());
    }

    @Test
    void pairsBeyondTheBudgetAreOnlyCountedWithAFinding() {
        MemoryBudget budget = new MemoryBudget(1 << 20);
        Wire w = new Wire(AnalyzerOptions.defaults(), budget);
        for (int b = 2; b <= 101; b++) {
            TcpDirection c = w.connect(1, b);
            w.send(c, data(1, 0));
        }
        w.end();
        List<Finding> refused = w.of("analysis.limit").stream()
                .filter(l -> l.message().contains("further new pairs")).toList();
        assertEquals(1, refused.size(), w.dump());
        Finding f = refused.get(0);
        assertEquals(Severity.WARN, f.severity());
        assertTrue(f.message().startsWith("memory budget of 1 MiB reached: the node pair "), f.message());
        assertTrue(f.message().endsWith("and further new pairs are only counted, not analysed (see --memory-budget)"),
                f.message());
        long analysed = w.analyzer.pairSummaries().size();
        assertTrue(analysed > 0 && analysed <= (1 << 20) / (AnalysisCost.PAIR + AnalysisCost.STREAM), analysed + "");
        assertFalse(budget.overLimit());
        assertTrue(w.analyzer.verdict().text().contains("(" + (100 - analysed) + " messages not analysed)"),
                w.analyzer.verdict().text());
    }

    /** Listed findings stay until the report: charged, and beyond the budget counted and summarised instead. */
    @Test
    void findingsBeyondTheBudgetAreCountedNotListed() {
        MemoryBudget budget = new MemoryBudget(1 << 20);
        Wire w = new Wire(AnalyzerOptions.builder().maxFindingsPerCode(100_000).build(), budget);
        for (int b = 2; b <= 3; b++) {
            TcpDirection c = w.connect(b, 1);
            w.send(c, data(b, 0));
            for (int i = 0; i < 2001; i++) w.send(Wire.reverse(c), Wire.ack(1, 1)); // 2,000 duplicates each
        }
        w.end();
        assertFalse(budget.overLimit());
        Finding summary = w.only("analysis.limit");
        assertTrue(summary.message().startsWith("memory budget of 1 MiB reached: "), summary.message());
        assertTrue(summary.message().contains("more findings between frame "), summary.message());
        assertTrue(summary.message().endsWith("are counted in the verdict but not listed (see --memory-budget)"),
                summary.message());
        long dropped = Long.parseLong(summary.message().replaceAll("^.*reached: (\\d+) more findings.*$", "$1"));
        long listed = w.of("ack.duplicate").size();
        assertTrue(dropped > 0 && listed > 0, dropped + " dropped, " + listed + " listed");
        assertEquals(2 * 2000, listed + dropped, "every duplicate is either listed or counted as dropped");
        assertTrue(w.analyzer.verdict().notes() >= 2 * 2000, w.analyzer.verdict().text());
    }

    @Test
    void aRingThatTheBudgetStopsSaysSo() {
        MemoryBudget budget = new MemoryBudget(1 << 20);
        Wire w = new Wire(AnalyzerOptions.builder().backlogWarnThreshold(100_000).build(), budget);
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 19_999));
        Finding f = w.only("analysis.limit");
        // arrays of 8,192 entries (about 500 KiB) fit; doubling them needs 1 MiB more, refused
        assertTrue(f.message().startsWith("more than 8192 messages from node 2 to node 1 are unacknowledged"),
                f.message());
        assertTrue(f.message().contains("the memory budget of 1 MiB is reached"), f.message());
        assertFalse(budget.overLimit());
    }
}
