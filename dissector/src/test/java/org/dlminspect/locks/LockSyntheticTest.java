package org.dlminspect.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.dlminspect.Severity;
import org.dlminspect.analysis.Finding;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.testkit.DlmBytes;
import org.junit.jupiter.api.Test;

/** Each lock-level behaviour and anomaly (reference §6 A33-A39) on a small synthetic capture. */
class LockSyntheticTest {
    private static final int EX = 5;
    private static final int PR = 3;
    private static final int NL = 0;

    private static List<Finding> withCode(LockReport r, String code) {
        return r.findings().stream().filter(f -> f.code().equals(code)).toList();
    }

    /** Node 2 asks master 1 for EX; queued (-EINPROGRESS), granted 50 ms later. */
    @Test
    void queuedRequestGrantedLater() throws IOException {
        LockWire w = new LockWire();
        long req = w.request(2, 1, 0x1, EX, "res1");
        long reply = w.reply(1, 2, 5, 0x7, 0x1, LockWire.EINPROGRESS);
        w.pause(50);
        long grant = w.grant(1, 2, 0x7, 0x1, EX);
        LockReport r = w.run();
        assertEquals(1, r.counts().paired());
        assertEquals(1, r.counts().grants());
        assertTrue(r.waiting().isEmpty());
        LockReport.ServiceTime g = r.grantTimes().get(0);
        assertEquals("REQUEST", g.exchange());
        assertEquals(1, g.count());
        assertEquals(grantNanos(w, req, grant), g.maxNanos());
        LockReport.SlowRequest s = r.slowest().get(0);
        assertEquals(req, s.requestFrame());
        assertEquals(grant, s.grantFrame());
        assertEquals("res1", s.resource());
        assertEquals("EX", s.rqmode());
        assertEquals(1, r.resources().get(0).queued());
        assertEquals(1, r.resources().get(0).master());
        // read's links: the reply names its request; the GRANT the request it grants, with the time since it.
        LockLink replyLink = w.links.get(1);
        assertEquals(req, replyLink.requestFrame());
        assertEquals("res1", replyLink.resource());
        LockLink grantLink = w.links.get(2);
        assertEquals(req, grantLink.requestFrame());
        assertEquals("GRANT", grantLink.exchange());
        assertEquals(g.maxNanos(), grantLink.timeNanos());
        assertTrue(reply > req);
    }

    private static long grantNanos(LockWire w, long req, long grant) {
        // frames are 0.1 ms apart; the pause adds 50 ms
        return (grant - req) * 100_000L + 50_000_000L;
    }

    /** A BAST to the EX holder while PR waits: the waiting request lists the holder and its BAST. */
    @Test
    void bastToTheHolderOfABlockingLock() throws IOException {
        LockWire w = new LockWire();
        w.request(2, 1, 0x1, EX, "res");
        w.reply(1, 2, 5, 0x7, 0x1, 0);
        w.request(3, 1, 0x1, PR, "res");
        w.reply(1, 3, 5, 0x8, 0x1, LockWire.EINPROGRESS);
        long bast = w.bast(1, 2, 0x7, 0x1, PR);
        LockReport r = w.run();
        assertEquals(1, r.counts().basts());
        assertEquals(1, r.resources().get(0).basts());
        LockReport.WaitingRequest q = r.waiting().get(0);
        assertEquals("queued", q.state());
        assertEquals(3, q.fromNode());
        assertEquals(List.of(new LockReport.Holder(2, 1, "EX", bast)), q.holders());
        assertEquals("res", w.links.get(4).resource());
        // Younger than --slow: listed, no warning.
        assertTrue(withCode(r, "lock.stuck").isEmpty());
    }

    /** A queued request cancelled: CANCEL_REPLY -DLM_ECANCEL ends it. */
    @Test
    void cancelOfAQueuedRequest() throws IOException {
        LockWire w = new LockWire();
        w.request(2, 1, 0x3, EX, "res");
        w.reply(1, 2, 5, 0x9, 0x3, LockWire.EINPROGRESS);
        long cancel = w.cancel(2, 1, 0x3, 0x9);
        long cancelReply = w.reply(1, 2, 8, 0x9, 0x3, LockWire.ECANCEL);
        LockReport r = w.run();
        assertEquals(2, r.counts().paired());
        assertTrue(r.waiting().isEmpty());
        assertTrue(r.findings().isEmpty(), r.findings().toString());
        assertEquals("CANCEL", r.serviceTimes().stream().filter(t -> t.exchange().equals("CANCEL")).findFirst().orElseThrow().exchange());
        assertEquals(cancel, w.links.get(3).requestFrame());
        assertEquals("-DLM_ECANCEL", r.slowest().get(0).result());
        assertEquals(cancelReply, r.slowest().get(0).replyFrame());
    }

    /** LOOKUP, LOOKUP_REPLY naming master 3, REQUEST to 3, reply; UNLOCK, UNLOCK_REPLY. */
    @Test
    void lookupThenRequestThenUnlock() throws IOException {
        LockWire w = new LockWire();
        w.lookup(2, 1, 0x1, EX, "res");
        w.lookupReply(1, 2, 0x1, 3);
        w.request(2, 3, 0x1, EX, "res");
        w.reply(3, 2, 5, 0x4, 0x1, 0);
        w.unlock(2, 3, 0x1, 0x4);
        w.reply(3, 2, 7, 0x4, 0x1, LockWire.EUNLOCK);
        LockReport r = w.run();
        assertEquals(3, r.counts().paired());
        assertEquals(0, r.counts().unmatchedReplies());
        assertEquals(3, r.resources().get(0).master());
        assertEquals(List.of(2L), r.resources().get(0).users());
        assertEquals(List.of("LOOKUP", "REQUEST", "UNLOCK"), r.serviceTimes().stream().map(LockReport.ServiceTime::exchange).toList());
    }

    /** A33: replies for locks never requested. Within the capture's first 10 s: the capture edge, not a finding. */
    @Test
    void a33ReplyWithoutRequest() throws IOException {
        LockWire w = new LockWire();
        w.reply(1, 2, 5, 0x7, 0x5, 0);            // edge: its request may precede the capture
        w.pause(11_000);
        long late = w.reply(1, 2, 7, 0x7, 0x6, LockWire.EUNLOCK);
        long grant = w.grant(1, 2, 0x7, 0x8, EX);
        LockReport r = w.run();
        assertEquals(1, r.counts().edgeReplies());
        List<Finding> f = withCode(r, "lock.unmatched");
        assertEquals(2, f.size(), f.toString());
        assertEquals(late, f.get(0).frame());
        assertEquals(Severity.WARN, f.get(0).severity());
        assertEquals(grant, f.get(1).frame());
        assertEquals(Severity.NOTE, f.get(1).severity());   // the kernel does not log a missing GRANT lock as an error
    }

    /** A33: a reply of the wrong type for the outstanding request. */
    @Test
    void a33ReplyOfTheWrongType() throws IOException {
        LockWire w = new LockWire();
        w.request(2, 1, 0x1, EX, "res");
        long wrong = w.reply(1, 2, 6, 0x7, 0x1, 0);
        LockReport r = w.run();
        Finding f = withCode(r, "lock.unmatched").get(0);
        assertEquals(wrong, f.frame());
        assertTrue(f.message().contains("outstanding request is the REQUEST"), f.message());
    }

    /** A34 both ways: a conversion up without CONVERT_REPLY; a CONVERT_REPLY for a down-conversion. */
    @Test
    void a34ConvertReplyMissingOrUnexpected() throws IOException {
        LockWire w = new LockWire();
        w.request(2, 1, 0x1, NL, "res");
        w.reply(1, 2, 5, 0x7, 0x1, 0);
        long up = w.convert(2, 1, 0x1, 0x7, NL, EX);
        long unlock = w.unlock(2, 1, 0x1, 0x7);   // no CONVERT_REPLY came
        w.reply(1, 2, 7, 0x7, 0x1, LockWire.EUNLOCK);
        w.request(2, 1, 0x2, EX, "res2");
        w.reply(1, 2, 5, 0x8, 0x2, 0);
        long down = w.convert(2, 1, 0x2, 0x8, EX, NL);
        long odd = w.reply(1, 2, 6, 0x8, 0x2, 0);
        LockReport r = w.run();
        List<Finding> f = withCode(r, "lock.convert_reply");
        assertEquals(2, f.size(), r.findings().toString());
        assertEquals(unlock, f.get(0).frame());
        assertEquals(List.of(unlock, up), f.get(0).frames());
        assertEquals(odd, f.get(1).frame());
        assertEquals(List.of(odd, down), f.get(1).frames());
        assertEquals(1, r.counts().downConversions());
    }

    /** Down-conversions and middle (PR<->CW) conversions: only the first gets no reply, without any finding. */
    @Test
    void downConversionNeedsNoReply() throws IOException {
        LockWire w = new LockWire();
        w.request(2, 1, 0x1, EX, "res");
        w.reply(1, 2, 5, 0x7, 0x1, 0);
        w.convert(2, 1, 0x1, 0x7, EX, PR);
        w.convert(2, 1, 0x1, 0x7, PR, 2);         // PR -> CW: a "middle" conversion, answered
        w.reply(1, 2, 6, 0x7, 0x1, 0);
        LockReport r = w.run();
        assertTrue(r.findings().isEmpty(), r.findings().toString());
        assertEquals(1, r.counts().downConversions());
        assertEquals(2, r.counts().paired());
    }

    /** The same OPTS (seq and bytes) again on the node pair: a retransmission, paired once. */
    @Test
    void midcommsRetransmissionIsNotASecondRequest() throws IOException {
        LockWire w = new LockWire();
        w.request(2, 1, 0x1, EX, "res");
        w.retransmitLast(2, 1);
        w.reply(1, 2, 5, 0x7, 0x1, 0);
        w.retransmitLast(1, 2);
        LockReport r = w.run();
        assertEquals(2, r.counts().duplicates());
        assertEquals(1, r.counts().paired());
        assertTrue(r.findings().isEmpty(), r.findings().toString());
    }

    /** Slower than --slow: a note; still waiting at the end and older than --slow: a warning. */
    @Test
    void slowAndStuck() throws IOException {
        LockWire w = new LockWire();
        w.request(2, 1, 0x1, EX, "slow");
        w.pause(1500);
        long reply = w.reply(1, 2, 5, 0x7, 0x1, 0);
        long stuck = w.request(2, 1, 0x2, EX, "stuck");
        w.pause(2000);
        w.request(2, 1, 0x3, NL, "other");
        w.reply(1, 2, 5, 0x8, 0x3, 0);
        LockReport r = w.run();
        assertEquals(reply, withCode(r, "lock.slow").get(0).frame());
        Finding s = withCode(r, "lock.stuck").get(0);
        assertEquals(stuck, s.frame());
        assertEquals(Severity.WARN, s.severity());
        LockReport.WaitingRequest q = r.waiting().get(0);
        assertEquals("no reply", q.state());
        assertEquals("stuck", q.resource());
    }

    /** A35: a STATUS_REPLY for an older rc_id, and one with another recovery generation. */
    @Test
    void a35RcomReplyMismatch() throws IOException {
        LockWire w = new LockWire();
        w.rcom(1, 2, 1, 0, 11, 3, 0, DlmBytes.rcomStatus(0));
        long stale = w.rcom(2, 1, 5, 0, 10, 1, 3, DlmBytes.rcomConfig(32, 0, 2, 1));
        long otherGen = w.rcom(2, 1, 5, 0, 11, 1, 2, DlmBytes.rcomConfig(32, 0, 2, 1));
        long good = w.rcom(2, 1, 5, 0, 11, 1, 3, DlmBytes.rcomConfig(32, 0, 2, 1));
        LockReport r = w.run();
        List<Finding> f = withCode(r, "rcom.reply_mismatch");
        assertEquals(List.of(stale, otherGen), f.stream().map(Finding::frame).toList());
        assertTrue(f.get(0).message().contains("reject reply"), f.get(0).message());
        assertEquals(1, r.serviceTimes().stream().filter(t -> t.exchange().equals("RCOM_STATUS")).findFirst().orElseThrow().count());
        assertTrue(good > otherGen);
    }

    /** A36: nodes of one lockspace report different lvblen. */
    @Test
    void a36ConfigMismatch() throws IOException {
        LockWire w = new LockWire();
        w.rcom(2, 1, 1, 0, 1, 1, 0, DlmBytes.rcomStatus(0));
        w.rcom(1, 2, 5, 0, 1, 2, 1, DlmBytes.rcomConfig(32, 0, 1, 1));
        w.rcom(1, 2, 1, 0, 2, 2, 0, DlmBytes.rcomStatus(0));
        long bad = w.rcom(2, 1, 5, 0, 2, 1, 2, DlmBytes.rcomConfig(64, 0, 2, 1));
        LockReport r = w.run();
        Finding f = withCode(r, "rcom.config_mismatch").get(0);
        assertEquals(bad, f.frame());
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.message().contains("lvblen 64") && f.message().contains("lvblen 32"), f.message());
    }

    /** A38: generation going back, a slot given twice. */
    @Test
    void a38SlotTableErrors() throws IOException {
        LockWire w = new LockWire();
        w.rcom(2, 1, 1, 0, 1, 1, 0, DlmBytes.rcomStatus(1));
        w.rcom(1, 2, 5, 0, 1, 2, 1, DlmBytes.rcomConfig(32, 0, 1, 5, 1, 1, 2, 2));
        w.rcom(2, 1, 1, 0, 2, 1, 0, DlmBytes.rcomStatus(1));
        long back = w.rcom(1, 2, 5, 0, 2, 2, 1, DlmBytes.rcomConfig(32, 0, 1, 4, 1, 1, 2, 1));
        LockReport r = w.run();
        List<Finding> f = withCode(r, "rcom.slots");
        assertEquals(2, f.size(), f.toString());
        assertTrue(f.stream().allMatch(x -> x.frame() == back));
        assertTrue(f.get(0).message().contains("generation 4 after 5"), f.get(0).message());
        assertTrue(f.get(1).message().contains("slot 1 given to two nodes"), f.get(1).message());
    }

    /** A39: after a recovery of nodes 1 and 2 completes, node 3 sends a REQUEST. */
    @Test
    void a39MessageFromANonMember() throws IOException {
        LockWire w = new LockWire();
        long start = w.rcom(2, 1, 1, 0, 1, 1, 0, DlmBytes.rcomStatus(0));
        long done = w.rcom(1, 2, 5, 0xFF, 1, 2, 1, DlmBytes.rcomConfig(32, 0, 1, 1));
        w.request(2, 1, 0x1, EX, "res");
        long stranger = w.request(3, 1, 0x1, EX, "res");
        w.request(3, 1, 0x2, EX, "res2");
        LockReport r = w.run();
        List<Finding> f = withCode(r, "lock.non_member");
        assertEquals(1, f.size(), "once per node");
        assertEquals(stranger, f.get(0).frame());
        LockReport.RecoveryEpisode e = r.recoveries().get(0);
        assertTrue(e.complete());
        assertEquals(List.of(1L, 2L), e.members());
        assertEquals(start, e.firstFrame());
        assertEquals(done, e.lastFrame());
    }

    /** After a recovery the requester sends its unanswered REQUEST again to the new master: "resent", no finding. */
    @Test
    void requestResentAfterRecovery() throws IOException {
        LockWire w = new LockWire();
        long first = w.request(2, 3, 0x1, EX, "res");
        w.pause(100);
        w.rcom(2, 1, 1, 0, 1, 1, 0, DlmBytes.rcomStatus(0));
        w.rcom(1, 2, 5, 0xFF, 1, 2, 1, DlmBytes.rcomConfig(32, 0, 1, 2));
        long again = w.request(2, 1, 0x1, EX, "res");
        w.reply(1, 2, 5, 0x5, 0x1, 0);
        LockReport r = w.run();
        assertTrue(r.findings().isEmpty(), r.findings().toString());
        LockReport.WaitingRequest q = r.waiting().get(0);
        assertEquals("resent", q.state());
        assertEquals(first, q.requestFrame());
        assertEquals(again, q.resentFrame());
        assertEquals(3, q.toNode());
        assertEquals(List.of(first), r.recoveries().get(0).waitingFrames());
        // The wait of the lock counts from the first request.
        assertEquals(first, r.slowest().get(0).requestFrame());
    }

    /** Without a recovery, a second REQUEST for an unanswered lock means the reply is missing. */
    @Test
    void a33ReplyMissing() throws IOException {
        LockWire w = new LockWire();
        long first = w.request(2, 1, 0x1, EX, "res");
        long second = w.request(2, 1, 0x1, EX, "res");
        LockReport r = w.run();
        Finding f = withCode(r, "lock.reply_missing").get(0);
        assertEquals(second, f.frame());
        assertEquals(List.of(second, first), f.frames());
    }

    /** Lockspace names: dlm_controld's CRC-32 of "dlm:ls:NAME\0", and NAME=ID. */
    @Test
    void lockspaceNames() {
        // zlib.crc32(b"dlm:ls:clvmd\0") == 0x4104eefa
        assertEquals(0x4104eefaL, LockspaceNames.globalId("clvmd"));
        LockspaceNames n = new LockspaceNames(List.of("labls=0x4c41424c", "myfs"));
        assertEquals("clvmd", n.nameOf(0x4104eefaL));
        assertEquals("lvm_global", n.nameOf(0x12aabd2dL));
        assertEquals("labls", n.nameOf(0x4c41424cL));
        assertEquals("myfs", n.nameOf(LockspaceNames.globalId("myfs")));
        assertEquals(null, n.nameOf(1));
    }

    /** Over the memory budget the least recently used locks are evicted, reported once. */
    @Test
    void evictionUnderTheBudget() throws IOException {
        LockWire w = new LockWire();
        for (int i = 1; i <= 6000; i++) w.request(2, 1, i, EX, "r" + (i % 50));
        MemoryBudget budget = new MemoryBudget(1 << 20);
        LockReport r = w.run(LockOptions.defaults(), budget);
        assertTrue(r.counts().evicted() > 0);
        assertEquals(1, withCode(r, "lock.limit").size());
        assertTrue(budget.used() <= budget.limit() + LockLife.COST, "back under the limit");
        assertNotNull(r.waiting());
    }
}
