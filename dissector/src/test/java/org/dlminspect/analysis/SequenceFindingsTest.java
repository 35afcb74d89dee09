package org.dlminspect.analysis;

import static org.dlminspect.analysis.Wire.ack;
import static org.dlminspect.analysis.Wire.data;
import static org.dlminspect.analysis.Wire.otherData;
import static org.dlminspect.analysis.Wire.range;
import static org.dlminspect.analysis.Wire.reverse;
import static org.dlminspect.analysis.Wire.status;
import static org.dlminspect.analysis.Wire.statusReply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dlminspect.Severity;
import org.dlminspect.tcp.TcpDirection;
import org.junit.jupiter.api.Test;

/** seq.* and session.* findings: gaps, capture gaps, retransmissions, duplicates, restarts. */
class SequenceFindingsTest {

    /** Node 2 connected to node 1, recovery done; returns {node2->node1, node1->node2}. */
    static TcpDirection[] established(Wire w) {
        TcpDirection c = w.connect(2, 1);
        TcpDirection r = reverse(c);
        w.send(c, status(2));
        w.send(r, statusReply(1));
        return new TcpDirection[] {c, r};
    }

    @Test
    void gapNeverSeenOnTheWireIsAnErrorReportedOncePerEpisode() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 2));
        w.send(d[1], ack(1, 3));
        long f = w.send(d[0], data(2, 5));
        w.send(d[0], data(2, 6), data(2, 7));
        Finding g = w.only("seq.gap");
        assertEquals(Severity.ERROR, g.severity());
        assertEquals(List.of(3L, 5L), g.seqs());
        assertEquals(f, g.frame());
        assertEquals(2, g.fromNode());
        assertEquals(1, g.toNode());
        assertTrue(g.message().contains("seqs 3..4 never crossed the capture point"), g.message());
        assertTrue(g.message().contains("drops seq 5 and every later message without ACK"), g.message());
        assertEquals(1, w.dir(2).gaps());
    }

    @Test
    void gapFilledByRetransmissionAfterResetIsRecoveredInOrder() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 2));
        w.send(d[1], ack(1, 3));
        w.send(d[0], data(2, 5), data(2, 6)); // 3, 4 lost: node 1 drops 5 and 6
        w.after(500);
        w.rst(d[1]);
        TcpDirection c2 = w.connect(2, 1);
        w.send(c2, range(2, 3, 6)); // kernel resends everything unacknowledged
        w.send(reverse(c2), ack(1, 7));
        w.end();
        assertEquals(Severity.ERROR, w.only("seq.gap").severity());
        List<Finding> re = w.of("seq.retransmission");
        assertEquals(2, re.size(), w.dump());
        for (Finding f : re) {
            assertEquals(Severity.NOTE, f.severity());
            assertTrue(f.message().contains("node 1 dropped that copy as out of order"), f.message());
            assertTrue(f.message().contains("node 1 delivers this copy"), f.message());
        }
        assertEquals(0, w.dir(2).unackedAtEnd());
        w.assertCodes("seq.gap", "seq.retransmission", "seq.retransmission", "conn.reset");
    }

    @Test
    void gapRightAfterAReconnectIsOnlyANote() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 2));
        w.send(d[1], ack(1, 3));
        w.after(500);
        w.rst(d[1]);
        // 3 and 4 never left node 2 before the reset (their buffer was dropped as partly sent): the newer 5 goes
        // out first, then the retransmissions
        TcpDirection c2 = w.connect(2, 1);
        w.send(c2, data(2, 5), data(2, 3), data(2, 4), data(2, 5));
        w.send(reverse(c2), ack(1, 6));
        w.end();
        Finding g = w.only("seq.gap");
        assertEquals(Severity.NOTE, g.severity());
        assertTrue(g.message().contains("expected right after a reconnect"), g.message());
        w.assertNoWarnings();
    }

    @Test
    void gapWhereTheCaptureLacksBytesIsNotCapturedNotLost() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 2));
        w.gap(d[0], 224);
        w.send(d[0], data(2, 5));
        w.send(d[1], ack(1, 6));
        w.end();
        Finding f = w.only("seq.not_captured");
        assertEquals(Severity.NOTE, f.severity());
        assertEquals(List.of(3L, 4L), f.seqs());
        assertTrue(f.message().contains("224 bytes of stream 0 are missing"), f.message());
        assertTrue(w.of("seq.gap").isEmpty());
        assertEquals(2, w.dir(2).notCaptured());
        w.assertCodes("seq.not_captured");
    }

    @Test
    void retransmissionWithoutReconnectIsAWarningAndTheReceiverDropsIt() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        long first = w.send(d[0], range(2, 0, 3));
        w.send(d[1], ack(1, 4));
        long again = w.send(d[0], data(2, 2));
        Finding f = w.only("seq.retransmission");
        assertEquals(Severity.WARN, f.severity());
        assertEquals(List.of(again, first), f.frames());
        assertEquals(List.of(2L), f.seqs());
        assertTrue(f.message().contains("byte-identical"), f.message());
        assertTrue(f.message().contains("no connection failure precedes it"), f.message());
        assertTrue(f.message().contains("drops this copy and re-ACKs with 4"), f.message());
        assertTrue(f.message().contains("'ignore dlm msg because seq mismatch, seq: 2, expected: 4'"), f.message());
    }

    @Test
    void retransmissionBurstAfterReconnectIsNoteOnlyAndDuplicatesAreReAcked() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[1], range(1, 0, 9));
        w.send(d[0], ack(2, 5));
        // node 2 received 5..9 too, but its next ACK is lost with the connection
        w.after(800);
        w.rst(d[0]);
        TcpDirection c2 = w.connect(1, 2);
        w.send(c2, range(1, 5, 9));
        TcpDirection back = reverse(c2);
        for (int i = 0; i < 5; i++) w.send(back, ack(2, 10)); // one re-ACK per dropped duplicate
        w.send(c2, data(1, 10));
        w.send(back, ack(2, 11));
        w.end();
        w.assertNoWarnings();
        List<Finding> re = w.of("seq.retransmission");
        assertEquals(5, re.size());
        for (Finding f : re) {
            assertEquals(Severity.NOTE, f.severity());
            assertTrue(f.message().contains("node 2 received that copy"), f.message());
            assertTrue(f.message().contains("drops this copy and re-ACKs with 10"), f.message());
        }
        List<Finding> dup = w.of("ack.duplicate");
        assertEquals(4, dup.size());
        dup.forEach(f -> assertEquals(Severity.CHAT, f.severity()));
        DirectionSummary s = w.dir(1);
        assertEquals(5, s.retransmissions());
        assertEquals(5, s.retransmissionsAfterReconnect());
        assertEquals(0, s.unackedAtEnd());
        assertEquals(2, w.pair().connections());
        assertEquals(1, w.pair().reconnects());
    }

    @Test
    void reAckInTheMiddleOfARetransmissionBurstDoesNotEndIt() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[1], range(1, 0, 9));
        w.send(d[0], ack(2, 5));
        w.after(800);
        w.rst(d[0]);
        TcpDirection c2 = w.connect(1, 2);
        TcpDirection back = reverse(c2);
        w.send(c2, range(1, 5, 7));
        w.send(back, ack(2, 10)); // node 2 re-ACKs: it has everything node 1 had sent before the reset
        w.send(c2, range(1, 8, 9)); // copies already queued still go out
        w.send(c2, data(1, 10)); // the first message committed after the reconnect
        w.send(back, ack(2, 11));
        w.assertNoWarnings();
        assertEquals(5, w.of("seq.retransmission").size());
        long late = w.send(c2, data(1, 3)); // long after the burst, with no new failure
        Finding f = w.of("seq.retransmission").get(5);
        assertEquals(late, f.frame());
        assertEquals(Severity.WARN, f.severity());
    }

    @Test
    void dataAnsweredByRstNeverArrivedAndItsRetransmissionIsDelivered() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 1));
        w.send(d[1], ack(1, 2));
        w.after(2000);
        long rejected = w.send(d[0], data(2, 2));
        long rstFrame = w.rst(d[1]); // node 1's firewall rejects it
        long dead = w.send(d[1], data(1, 0)); // node 1 keeps sending on the dead connection
        TcpDirection c2 = w.connect(2, 1);
        long re2 = w.send(c2, data(2, 2));
        TcpDirection c3 = w.connect(1, 2);
        long re1 = w.send(c3, data(1, 0));
        w.send(reverse(c3), ack(2, 1));
        w.send(reverse(c2), ack(1, 3));
        w.end();
        w.assertNoWarnings();
        Finding reset = w.only("conn.reset");
        assertEquals(rstFrame, reset.frame());
        assertTrue(reset.message().contains("seq 2 from node 2, sent just before, never reached node 1"), reset.message());
        List<Finding> re = w.of("seq.retransmission");
        assertEquals(2, re.size());
        Finding a = re.stream().filter(f -> f.fromNode() == 2).findFirst().orElseThrow();
        assertEquals(List.of(re2, rejected), a.frames());
        assertTrue(a.message().contains("never reached node 1: its end answered stream 0 with RST (frame " + rstFrame + ")"),
                a.message());
        assertTrue(a.message().contains("node 1 delivers this copy"), a.message());
        Finding b = re.stream().filter(f -> f.fromNode() == 1).findFirst().orElseThrow();
        assertEquals(List.of(re1, dead), b.frames());
        assertTrue(b.message().contains("went out on stream 0 after the connection was reset"), b.message());
        assertTrue(b.message().contains("node 2 delivers this copy"), b.message());
    }

    @Test
    void sameSeqWithDifferentContentIsADuplicateError() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 3));
        w.send(d[1], ack(1, 4));
        w.send(d[0], otherData(2, 3));
        Finding f = w.only("seq.duplicate");
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.message().contains("with different content than the first copy"), f.message());
        assertTrue(w.of("seq.retransmission").isEmpty());
    }

    @Test
    void seqRestartingAtZeroWithoutFinHandshakeIsASessionRestart() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 9));
        w.send(d[1], ack(1, 10));
        long f = w.send(d[0], otherData(2, 0));
        w.send(d[0], otherData(2, 1));
        w.send(d[1], ack(1, 2));
        w.end();
        Finding r = w.only("session.restart");
        assertEquals(Severity.WARN, r.severity());
        assertEquals(f, r.frame());
        assertEquals(List.of(0L, 10L), r.seqs());
        assertEquals(2, w.dir(2).sessions());
        w.assertCodes("session.restart"); // no duplicate, regression or gap after the new baseline
    }

    @Test
    void retransmittedSeqZeroIsNotARestart() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 2));
        w.rst(d[1]);
        TcpDirection c2 = w.connect(2, 1);
        w.send(c2, range(2, 0, 2));
        w.send(reverse(c2), ack(1, 3));
        w.end();
        assertTrue(w.of("session.restart").isEmpty(), w.dump());
        assertEquals(3, w.of("seq.retransmission").size());
    }

    @Test
    void seqNotRestartingAfterCompletedHandshakeIsReported() {
        Wire w = new Wire();
        NormalTrafficTest.normalSession(w, 3);
        TcpDirection c = w.connect(2, 1);
        w.send(c, status(2));
        w.send(reverse(c), statusReply(1));
        long f = w.send(c, data(2, 4));
        w.end();
        Finding n = w.only("session.no_restart");
        assertEquals(Severity.WARN, n.severity());
        assertEquals(f, n.frame());
        assertEquals(List.of(4L), n.seqs());
        assertTrue(n.message().contains("both nodes reset their state for each other"), n.message());
        assertTrue(n.message().contains("expects 0"), n.message());
    }

    @Test
    void pastSeqWrapQuirkIsDescribed() {
        // after the wrap node 1 expects 2; seq 0xFFFFFFFF is older (wrap-aware) but not below 2 unsigned
        Wire w = new Wire();
        TcpDirection c = w.connect(2, 1, false);
        TcpDirection r = reverse(c);
        long s = 0xFFFFFFFEL;
        for (int i = 0; i < 4; i++) {
            w.send(c, data(2, s));
            s = Seq.next(s);
        }
        w.send(r, ack(1, 2));
        w.send(c, data(2, 0xFFFFFFFFL));
        Finding f = w.only("seq.retransmission");
        assertTrue(f.message().contains("without re-ACK"), f.message());
        assertTrue(f.message().contains("wrap-around"), f.message());
    }
}
