package org.dlminspect.analysis;

import static org.dlminspect.analysis.SequenceFindingsTest.established;
import static org.dlminspect.analysis.Wire.ack;
import static org.dlminspect.analysis.Wire.data;
import static org.dlminspect.analysis.Wire.fin;
import static org.dlminspect.analysis.Wire.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dlminspect.Severity;
import org.dlminspect.tcp.TcpDirection;
import org.junit.jupiter.api.Test;

/** ack.* , fin.* and data.after_fin findings. */
class AckAndFinFindingsTest {

    @Test
    void sameAckValueTwiceWithoutReasonIsADuplicateNote() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 1));
        long first = w.send(d[1], ack(1, 2));
        long again = w.send(d[1], ack(1, 2));
        Finding f = w.only("ack.duplicate");
        assertEquals(Severity.NOTE, f.severity());
        assertEquals(List.of(again, first), f.frames());
        assertEquals(List.of(2L), f.seqs());
        assertEquals(1, f.toNode()); // the direction acknowledged: node 2's data to node 1
        assertEquals(2, f.fromNode());
        assertEquals(1, w.dir(2).duplicateAcks());
    }

    @Test
    void ackForMessagesNeverSentIsAnError() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 4));
        long f = w.send(d[1], ack(1, 9));
        assertTrue(w.of("ack.unsent").isEmpty(), "undecided until node 2 sends again");
        w.send(d[0], data(2, 5)); // node 2 continues below 9: it had not sent 5..8 when node 1 acknowledged them
        Finding u = w.only("ack.unsent");
        assertEquals(Severity.ERROR, u.severity());
        assertEquals(f, u.frame());
        assertEquals(List.of(9L, 4L), u.seqs());
        assertTrue(u.message().contains("its next message is seq 5"), u.message());
        assertTrue(u.message().contains("frees its whole queue"), u.message());
    }

    @Test
    void ackBeyondTheCapturedMessagesFollowedByHigherSeqIsCaptureLoss() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 4));
        long ackFrame = w.send(d[1], ack(1, 7)); // 5 and 6 crossed the wire, the capture missed them
        w.send(d[0], data(2, 7));
        w.send(d[1], ack(1, 8));
        w.end();
        assertTrue(w.of("ack.unsent").isEmpty(), w.dump());
        assertTrue(w.of("seq.gap").isEmpty(), w.dump());
        Finding n = w.only("seq.not_captured");
        assertEquals(List.of(5L, 6L), n.seqs());
        assertTrue(n.message().contains("node 1's ACK 7 (frame " + ackFrame + ") already covers them"), n.message());
        w.assertNoWarnings();
    }

    @Test
    void ackBeyondTheCapturedMessagesAtTheEndIsUndecided() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 4));
        w.send(d[1], ack(1, 7));
        w.end();
        Finding u = w.only("ack.unsent");
        assertEquals(Severity.NOTE, u.severity());
        assertTrue(u.message().contains("either the capture missed them"), u.message());
    }

    @Test
    void ackBeyondWhatWasCapturedAfterAGapIsNotAnError() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 4));
        w.gap(d[0], 300);
        w.send(d[1], ack(1, 9));
        w.end();
        assertTrue(w.of("ack.unsent").isEmpty(), w.dump());
        w.assertNoWarnings();
        assertEquals(4, w.dir(2).notCaptured());
        assertEquals(0, w.dir(2).unackedAtEnd());
    }

    @Test
    void lowerAckThanBeforeIsARegression() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 5));
        long high = w.send(d[1], ack(1, 6));
        long low = w.send(d[1], ack(1, 3));
        Finding r = w.only("ack.regression");
        assertEquals(Severity.WARN, r.severity());
        assertEquals(List.of(low, high), r.frames());
        assertEquals(List.of(3L, 6L), r.seqs());
        assertTrue(r.message().contains("ignores it"), r.message());
        assertEquals(0, w.dir(2).unackedAtEnd()); // the regression frees nothing and un-frees nothing
    }

    @Test
    void unacknowledgedAtEndWithPerBatchReceiverIsAWarning() {
        Wire w = new Wire(AnalyzerOptions.builder().era(KernelEra.UP_TO_6_4).build());
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 2));
        w.send(d[1], ack(1, 3));
        long f = w.send(d[0], range(2, 3, 5));
        w.after(3000);
        w.send(d[1], data(1, 0)); // node 1 alive, but never acknowledges 3..5
        w.send(d[0], ack(2, 1));
        w.end();
        Finding m = w.only("ack.missing");
        assertEquals(Severity.WARN, m.severity());
        assertEquals(f, m.frame());
        assertEquals(List.of(3L, 5L), m.seqs());
        assertTrue(m.message().startsWith("3 messages from node 2 to node 1 (seqs 3..5"), m.message());
        assertEquals(3, w.dir(2).unackedAtEnd());
    }

    @Test
    void ackThatIgnoresAMessageDeliveredLongAgoMeansTheReceiverNeverGotIt() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 2));
        w.send(d[1], ack(1, 2));
        long lost = w.send(d[0], data(2, 3));
        w.after(2500);
        long stale = w.send(d[1], ack(1, 3)); // node 1 acknowledges 2 only: 3 never reached its kernel
        Finding m = w.only("ack.missing");
        assertEquals(Severity.WARN, m.severity());
        assertEquals(List.of(stale, lost), m.frames());
        assertEquals(List.of(3L, 3L), m.seqs());
        assertTrue(m.message().contains("never accepted seq 3"), m.message());
        // node 2 resends 3 later (after a socket error): node 1 now delivers it
        w.rst(d[1]);
        TcpDirection c2 = w.connect(2, 1);
        w.send(c2, data(2, 3));
        Finding re = w.only("seq.retransmission");
        assertTrue(re.message().contains("node 1 never accepted that copy"), re.message());
        assertTrue(re.message().contains("node 1 delivers this copy"), re.message());
    }

    @Test
    void backlogAboveThresholdIsReportedOnceAndRearmed() {
        Wire w = new Wire(AnalyzerOptions.builder().backlogWarnThreshold(20).build());
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 24));
        Finding b = w.only("ack.backlog");
        assertEquals(Severity.WARN, b.severity());
        assertEquals(List.of(0L, 20L), b.seqs());
        assertTrue(b.message().startsWith("21 messages from node 2 to node 1 are unacknowledged"), b.message());
        w.send(d[1], ack(1, 25));
        w.send(d[0], range(2, 25, 50));
        assertEquals(2, w.of("ack.backlog").size());
    }

    @Test
    void finReceivedInCloseWaitAndSecondFinAreViolations() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 1));
        w.send(d[1], ack(1, 2));
        w.send(d[0], fin(2, 2));
        w.send(d[1], ack(1, 3)); // node 1: CLOSE_WAIT (still has users); node 2: FIN_WAIT2
        long second = w.send(d[0], fin(2, 3));
        List<Finding> v = w.of("fin.violation");
        assertEquals(2, v.size(), w.dump());
        Finding sent = v.stream().filter(f -> f.message().contains("sends another FIN")).findFirst().orElseThrow();
        assertEquals(second, sent.frame());
        assertTrue(sent.message().contains("while in state FIN_WAIT2 after its FIN seq 2"), sent.message());
        Finding recv = v.stream().filter(f -> f.message().contains("receives FIN")).findFirst().orElseThrow();
        assertEquals(Severity.ERROR, recv.severity());
        assertTrue(recv.message().contains("node 1 receives FIN seq 3 from node 2 in state CLOSE_WAIT"), recv.message());
        assertTrue(recv.message().contains("'dlm_midcomms_receive_buffer: unexpected state: 5'"), recv.message());
        // the ACK for the second FIN reaches node 2 in FIN_WAIT2, where no FIN is awaiting an ACK (rule 15)
        long ackFrame = w.send(d[1], ack(1, 4));
        Finding cb = w.of("fin.violation").get(2);
        assertEquals(ackFrame, cb.frame());
        assertTrue(cb.message().contains("'dlm_act_fin_ack_rcv: unexpected state: 4'"), cb.message());
    }

    @Test
    void bareFinIsRejected() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], org.dlminspect.testkit.DlmBytes.finInner(2));
        Finding f = w.only("cmd.unsupported");
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.message().contains("'unsupported h_cmd received: 5'"), f.message());
        assertEquals(MidcommsState.ESTABLISHED, w.dir(2).finState());
    }

    @Test
    void finNotAcknowledgedInTimeIsIncomplete() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 1));
        w.send(d[1], ack(1, 2));
        long f = w.send(d[0], fin(2, 2));
        w.after(4000);
        w.send(d[1], data(1, 0));
        assertTrue(w.of("fin.incomplete").isEmpty(), "not yet 5 s");
        w.after(1500);
        w.send(d[1], data(1, 1));
        Finding i = w.only("fin.incomplete");
        assertEquals(Severity.WARN, i.severity());
        assertEquals(f, i.frame());
        assertEquals(List.of(2L), i.seqs());
        assertTrue(i.message().contains("(state FIN_WAIT1)"), i.message());
        w.end();
        assertEquals(1, w.of("fin.incomplete").size()); // not repeated at the end
    }

    @Test
    void finUnacknowledgedWhenTheCaptureEndsShortlyAfterIsANote() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], data(2, 0));
        w.send(d[1], ack(1, 1));
        w.send(d[0], fin(2, 1));
        w.end();
        Finding i = w.only("fin.incomplete");
        assertEquals(Severity.NOTE, i.severity());
        assertTrue(w.of("ack.missing").isEmpty(), "the FIN alone is covered by fin.incomplete");
    }

    @Test
    void dataAfterOwnFinIsAnError() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 1));
        long finFrame = w.send(d[0], fin(2, 2));
        w.send(d[1], ack(1, 3));
        long late = w.send(d[0], data(2, 3));
        Finding f = w.only("data.after_fin");
        assertEquals(Severity.ERROR, f.severity());
        assertEquals(List.of(late, finFrame), f.frames());
        assertEquals(List.of(3L, 2L), f.seqs());
        assertTrue(f.message().contains("'this is a bug, however we going on'"), f.message());
        assertTrue(f.message().contains("node 1 still delivers it"), f.message());
    }

    @Test
    void retransmittedDataBelowTheFinIsNotDataAfterFin() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 1));
        w.send(d[0], fin(2, 2));
        w.rst(d[1]);
        TcpDirection c2 = w.connect(2, 1);
        w.send(c2, range(2, 0, 1));
        w.send(c2, fin(2, 2));
        w.send(Wire.reverse(c2), ack(1, 3));
        w.end();
        assertTrue(w.of("data.after_fin").isEmpty(), w.dump());
        assertTrue(w.of("fin.violation").isEmpty(), w.dump());
        assertEquals(MidcommsState.FIN_WAIT2, w.dir(2).finState());
    }
}
