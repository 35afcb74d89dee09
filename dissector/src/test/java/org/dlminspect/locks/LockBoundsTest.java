package org.dlminspect.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.dlminspect.Severity;
import org.dlminspect.analysis.Finding;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.testkit.DlmBytes;
import org.junit.jupiter.api.Test;

/** A37 and the bounds of the lock analysis's state (everything charged to the one memory budget). */
class LockBoundsTest {
    private static final int EX = 5;

    private static List<Finding> withCode(LockReport r, String code) {
        return r.findings().stream().filter(f -> f.code().equals(code)).toList();
    }

    /**
     * A37: node 3 asks node 1 for its status while node 1 has not joined the lockspace yet: node 1 answers with
     * dlm_send_ls_not_ready's reply (rc_result -ESRCH, rf_lvblen 0xFFFFFFFF, rc_id and rc_seq_reply of the
     * request), twice; once joined, a normal reply. One note per node and episode, no A35/A36.
     */
    @Test
    void a37LockspaceNotReady() throws IOException {
        LockWire w = new LockWire();
        w.rcom(3, 1, 1, 0, 7, 4, 0, DlmBytes.rcomStatus(0));
        long notReady = w.rcom(1, 3, 5, -3, 7, 0, 4, DlmBytes.rcomConfig(-1, 0, 0, 0));
        w.rcom(3, 1, 1, 0, 8, 5, 0, DlmBytes.rcomStatus(0));
        w.rcom(1, 3, 5, -3, 8, 0, 5, DlmBytes.rcomConfig(-1, 0, 0, 0));
        w.rcom(3, 1, 1, 0, 9, 6, 0, DlmBytes.rcomStatus(0));
        w.rcom(1, 3, 5, 0x1, 9, 2, 6, DlmBytes.rcomConfig(32, 0, 1, 1));
        LockReport r = w.run();
        List<Finding> f = withCode(r, "rcom.not_ready");
        assertEquals(1, f.size(), r.findings().toString());
        assertEquals(notReady, f.get(0).frame());
        assertEquals(Severity.NOTE, f.get(0).severity());
        assertEquals(1, f.get(0).fromNode());
        assertTrue(f.get(0).message().contains("rc_result -ESRCH, rf_lvblen 0xffffffff"), f.get(0).message());
        assertTrue(f.get(0).message().contains("node 3 takes it as status 0 and asks again"), f.get(0).message());
        assertEquals(List.of("rcom.not_ready"), r.findings().stream().map(Finding::code).toList(), "no A35/A36 besides");
        // The not-ready replies are answers too: all three STATUS exchanges are paired.
        assertEquals(3, r.serviceTimes().stream().filter(t -> t.exchange().equals("RCOM_STATUS")).findFirst().orElseThrow().count());
        // The not-ready marker is no configuration: the lockspace's lvblen is the real reply's.
        assertEquals(32, r.lockspaces().get(0).lvblen());
    }

    /** A STATUS_REPLY with the marker but another rc_result still says which field is odd. */
    @Test
    void a37MarkerWithoutEsrch() throws IOException {
        LockWire w = new LockWire();
        w.rcom(3, 1, 1, 0, 7, 4, 0, DlmBytes.rcomStatus(0));
        w.rcom(1, 3, 5, 0, 7, 0, 4, DlmBytes.rcomConfig(-1, 0, 0, 0));
        Finding f = withCode(w.run(), "rcom.not_ready").get(0);
        assertTrue(f.message().contains("rf_lvblen 0xffffffff (rc_result 0, not -ESRCH)"), f.message());
    }

    /** Over the budget, resources no live lock is on are forgotten too, the oldest first; reported once. */
    @Test
    void resourcesAreEvictedUnderTheBudget() throws IOException {
        LockWire w = new LockWire();
        // 4000 locks on 4000 resources, each requested, granted and unlocked: no lock stays alive.
        for (int i = 1; i <= 4000; i++) {
            w.request(2, 1, 1, EX, "resource-with-a-long-name-" + i);
            w.reply(1, 2, 5, 0x10, 1, 0);
            w.unlock(2, 1, 1, 0x10);
            w.reply(1, 2, 7, 0x10, 1, LockWire.EUNLOCK);
        }
        MemoryBudget budget = new MemoryBudget(1 << 20);
        LockReport r = w.run(LockOptions.defaults(), budget);
        assertTrue(r.counts().evictedResources() > 0, r.counts().toString());
        assertEquals(4000 - r.counts().evictedResources(), r.resources().size());
        // The latest resources are the ones kept.
        assertTrue(r.resources().stream().anyMatch(x -> x.name().equals("resource-with-a-long-name-4000")));
        assertTrue(r.resources().stream().noneMatch(x -> x.name().equals("resource-with-a-long-name-1")));
        assertEquals(1, withCode(r, "lock.limit").size());
        assertEquals(4000, r.counts().paired() / 2, "pairing goes on: each request and unlock answered");
    }

    /**
     * Another stage holds the whole budget: the lock analysis forgets what it can, and its lock.limit finding is
     * still in the report (limit findings are kept uncharged), at the message that hit the limit.
     */
    @Test
    void theLimitFindingIsKeptWhenTheBudgetStaysFull() throws IOException {
        LockWire w = new LockWire();
        long first = w.request(2, 1, 1, EX, "a");
        w.request(2, 1, 2, EX, "b");
        w.reply(1, 2, 5, 0x10, 1, 0);
        MemoryBudget budget = new MemoryBudget(1 << 20);
        budget.account("other").charge(2 << 20);
        LockReport r = w.run(LockOptions.defaults(), budget);
        List<Finding> limits = withCode(r, "lock.limit");
        assertTrue(limits.stream().anyMatch(f -> f.message().contains("least recently used resources")), limits.toString());
        Finding store = limits.stream().filter(f -> f.message().contains("least recently used resources")).findFirst().orElseThrow();
        assertEquals(first, store.frame(), "reported at the message that hit the limit");
    }

    /** The report keeps the first 1000 findings of a code, then one lock.limit note; the listener gets them all. */
    @Test
    void findingsKeptPerCodeAreBounded() throws IOException {
        LockWire w = new LockWire();
        w.request(2, 1, 1, EX, "x");
        w.pause(11_000); // past the capture's first 10 s, where replies to unknown locks are capture edges
        for (int i = 0; i < 1200; i++) w.reply(1, 2, 7, 0x10, 0x100 + i, 0);
        List<Finding> heard = new java.util.ArrayList<>();
        LockReport r = w.run(LockOptions.defaults(), MemoryBudget.unlimited(), heard::add);
        assertEquals(LockFindings.KEPT_PER_CODE, withCode(r, "lock.unmatched").size());
        assertEquals(1, withCode(r, "lock.limit").size());
        assertEquals(1200, heard.stream().filter(f -> f.code().equals("lock.unmatched")).count());
        assertEquals(1200, r.counts().unmatchedReplies());
    }

    /**
     * Over the budget, the retransmission ring forgotten is the least recently used node pair's, counting every
     * message: node 2's pair (used again after node 1's) keeps its ring when node 3's comes, so its resend is still
     * recognised; node 1's, the oldest, is forgotten, so its resend counts as a new message.
     */
    @Test
    void theLeastRecentlyUsedPairsRingIsForgotten() throws IOException {
        assertEquals(1, resendsRecognisedAfterAThirdRing(2, 1), "node 2's ring kept");
        assertEquals(0, resendsRecognisedAfterAThirdRing(1, 2), "node 1's ring forgotten");
    }

    /** Pairs 2-1, 1-2, 2-1 again, then 3-1 under a budget of two rings; then the last message from..to again. */
    private static long resendsRecognisedAfterAThirdRing(int from, int to) throws IOException {
        LockWire w = new LockWire();
        w.request(2, 1, 0x1, EX, "a");
        w.reply(1, 2, 5, 0x7, 0x1, 0);
        w.request(2, 1, 0x2, EX, "b");
        w.request(3, 1, 0x1, EX, "c");
        w.retransmitLast(from, to);
        // room for two rings and the little else the analysis keeps here: the third ring drops one
        MemoryBudget budget = new MemoryBudget(1 << 20);
        budget.account("other").charge((1 << 20) - 2 * LockTracker.RING_COST - 16 * 1024);
        LockReport r = w.run(LockOptions.defaults(), budget);
        assertEquals(1, withCode(r, "lock.limit").size(), r.findings().toString());
        return r.counts().duplicates();
    }
}
