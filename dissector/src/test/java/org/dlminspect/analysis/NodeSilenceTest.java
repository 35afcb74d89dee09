package org.dlminspect.analysis;

import static org.dlminspect.analysis.Wire.ack;
import static org.dlminspect.analysis.Wire.data;
import static org.dlminspect.analysis.Wire.reverse;
import static org.dlminspect.analysis.Wire.status;
import static org.dlminspect.analysis.Wire.statusReply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.dlminspect.Severity;
import org.dlminspect.tcp.TcpDirection;
import org.dlminspect.testkit.DlmBytes;
import org.dlminspect.testkit.TcpSession;
import org.dlminspect.testkit.TcpSession.Side;
import org.junit.jupiter.api.Test;

/** {@code node.silent}: a node that stops answering while its peers wait, and a node whose lock users hang. */
class NodeSilenceTest {

    /** Node 1 (client) and node 2 talk: recovery, then seqs 0..n-1 from node 1, each acknowledged. */
    private static TcpDirection talking(Wire w, int n) {
        TcpDirection d = w.connect(1, 2);
        TcpDirection back = reverse(d);
        w.send(d, status(1));
        w.send(back, statusReply(2));
        for (int seq = 0; seq < n; seq++) {
            w.send(d, data(1, seq));
            w.send(back, ack(2, seq + 1));
        }
        return d;
    }

    /** OPTS seq {@code seq} from {@code node} wrapping a BAST (m_type 10) asking to release lock {@code lkid}. */
    private static byte[] bast(int node, int seq, int lkid) {
        return DlmBytes.opts(node, seq, DlmBytes.msg(DlmBytes.V32, DlmBytes.LOCKSPACE, node,
                DlmBytes.Msg.of(10).lkid(lkid).modes(-1, 5).hash(0x1234)));
    }

    @Test
    void aNodeThatStopsAnsweringIsOneFindingWithWhatItLeftUnacknowledged() {
        Wire w = new Wire();
        TcpDirection d = talking(w, 5);
        long last = w.lastFrame(); // node 2's ACK 5: the last thing it sends
        w.after(200);
        long first = w.send(d, data(1, 5));
        w.send(d, data(1, 6));
        w.after(5_000);
        long close = w.tcpFin(d); // node 1 gives up on node 2
        w.after(1_000);
        w.end();

        Finding f = w.only("node.silent");
        assertEquals(Severity.WARN, f.severity());
        assertEquals(2, f.fromNode());
        assertEquals(last, f.frame());
        assertEquals(List.of(last, first, close), f.frames());
        assertEquals(List.of(5L, 6L), f.seqs());
        assertTrue(f.message().contains("seqs 5..6 from node 1 (frame " + first + ", +200 ms) stay unacknowledged"),
                f.message());
        assertTrue(f.message().contains("node 1 closes its connection to it (frame " + close + ", 'closing connection"
                + " to node 2'), dropping seqs 5..6 unacknowledged"), f.message());
        assertTrue(w.of("ack.missing").isEmpty(), "folded into node.silent:\n" + w.dump());
        assertEquals(EndState.CLOSED_PEER_SILENT, w.dir(1).endState());
        assertEquals(EndState.CLOSED_BY_PEER, w.dir(2).endState());
        assertEquals("closed by peer", w.dir(2).stateLabel());
        assertEquals(2, w.dir(1).unackedAtEnd());
    }

    @Test
    void stillOpenAtTheEndTheStatesSaySilent() {
        Wire w = new Wire();
        TcpDirection d = talking(w, 3);
        w.send(d, data(1, 3));
        w.after(4_000);
        w.send(d, data(1, 4)); // the capture's last frame
        w.end();
        assertEquals(1, w.of("node.silent").size(), w.dump());
        assertEquals(EndState.PEER_SILENT, w.dir(1).endState());
        assertEquals("ESTABLISHED (peer silent)", w.dir(1).stateLabel());
        assertEquals(EndState.SILENT, w.dir(2).endState());
    }

    @Test
    void quietWithNothingToAnswerIsNoFinding() {
        Wire w = new Wire();
        talking(w, 5);
        w.after(30_000);
        w.end();
        w.assertNothing();
        assertEquals(EndState.MIDCOMMS, w.dir(1).endState());
    }

    @Test
    void aShortWaitIsTheUsualAckMissingNotASilence() {
        Wire w = new Wire();
        TcpDirection d = talking(w, 3);
        w.send(d, data(1, 3));
        w.after(1_500); // below the 3 s silence threshold, above the 1 s ACK delay
        w.end();
        assertTrue(w.of("node.silent").isEmpty(), w.dump());
        assertEquals(1, w.of("ack.missing").size(), w.dump());
    }

    @Test
    void aNodeHeardAgainAfterItsPeerGaveUpIsReportedWhenItReturns() {
        Wire w = new Wire();
        TcpDirection d = talking(w, 3);
        long last = w.lastFrame();
        w.send(d, data(1, 3));
        w.after(4_000);
        long close = w.tcpFin(d);
        w.after(1_000);
        TcpDirection again = w.connect(2, 1); // node 2 comes back (rebooted, or the cut ended)
        long back = w.lastFrame();
        w.send(again, status(2));
        w.end();
        Finding f = w.only("node.silent");
        assertEquals(last, f.frame());
        assertTrue(f.frames().contains(close), f.frames().toString());
        assertTrue(f.message().contains("it is heard again in frame " + back), f.message());
        assertEquals(EndState.MIDCOMMS, w.dir(1).endState(), "it came back: the state is the FIN state again");
    }

    @Test
    void aLateAckInMidCaptureIsNoSilence() {
        Wire w = new Wire();
        TcpDirection d = talking(w, 3);
        w.send(d, data(1, 3));
        w.after(4_000);
        w.send(reverse(d), ack(2, 4));
        w.end();
        assertTrue(w.of("node.silent").isEmpty(), w.dump());
    }

    @Test
    void aPeerClosingRightAfterTheNodeClosedIsNoSilence() {
        Wire w = new Wire();
        TcpDirection d = talking(w, 3);
        w.tcpFin(reverse(d)); // node 2 closes first (it leaves) ...
        w.after(4_000);
        w.tcpFin(d); // ... and node 1's FIN answers it later
        w.after(4_000);
        w.send(w.connect(1, 3), status(1));
        w.end();
        assertTrue(w.of("node.silent").isEmpty(), w.dump());
    }

    @Test
    void lockUsersThatIgnoreBlockingAstsAreASilentNode() {
        Wire w = new Wire();
        TcpDirection d = talking(w, 2);
        TcpDirection back = reverse(d);
        long userFrame = w.send(back, data(2, 0)); // node 2 requests a lock
        w.send(d, ack(1, 1));
        w.after(100);
        long bastFrame = w.send(d, bast(1, 2, 7)); // node 1, its master, asks node 2 to release it
        w.send(back, ack(2, 3)); // node 2's kernel acknowledges, its users never act
        w.after(4_000);
        w.send(d, bast(1, 3, 8));
        w.send(back, ack(2, 4));
        w.end();
        Finding f = w.only("node.silent");
        assertEquals(2, f.fromNode());
        assertEquals(1, f.toNode());
        assertEquals(userFrame, f.frame());
        assertEquals(List.of(userFrame, bastFrame), f.frames());
        assertTrue(f.message().contains("not even after 2 blocking ASTs from node 1"), f.message());
        assertEquals(EndState.MIDCOMMS, w.dir(2).endState());
    }

    @Test
    void aBlockingAstAnsweredByAnUnlockIsNoFinding() {
        Wire w = new Wire();
        TcpDirection d = talking(w, 2);
        TcpDirection back = reverse(d);
        w.send(back, data(2, 0));
        w.send(d, ack(1, 1));
        w.send(d, bast(1, 2, 7));
        w.send(back, ack(2, 3));
        w.after(50);
        w.send(back, DlmBytes.opts(2, 1, DlmBytes.msg(DlmBytes.V32, DlmBytes.LOCKSPACE, 2,
                DlmBytes.Msg.of(3).lkid(7)))); // node 2 unlocks
        w.send(d, ack(1, 2));
        w.after(10_000);
        w.end();
        w.assertNothing();
    }

    /** The same death in a real capture built from bytes, through the whole pipeline. */
    @Test
    void aNodeThatStopsAnsweringInACapture() throws IOException {
        TcpSession s = new TcpSession().step(5_000);
        TcpSession.Connection c = s.connection("10.99.0.1", 40001, "10.99.0.2", 21064).handshake();
        c.send(Side.CLIENT, status(1)).send(Side.SERVER, statusReply(2));
        for (int seq = 0; seq < 4; seq++) c.send(Side.CLIENT, data(1, seq)).send(Side.SERVER, ack(2, seq + 1));
        c.ack(Side.CLIENT);
        s.pause(100_000_000L);
        c.send(Side.CLIENT, data(1, 4));
        long sent = c.next(Side.CLIENT);
        // node 1's TCP retransmits the unanswered segment, then gives up after 6 s and closes
        for (long rto = 200_000_000L; rto <= 1_600_000_000L; rto *= 2) {
            s.pause(rto);
            c.segmentAt(Side.CLIENT, sent - data(1, 4).length, data(1, 4));
        }
        s.pause(3_000_000_000L);
        c.fin(Side.CLIENT);
        AnalyzeRun.Run run = AnalyzeRun.run(s.pcap());
        assertEquals(1, run.of("node.silent").size(), run.dump());
        Finding f = run.of("node.silent").get(0);
        assertEquals(2, f.fromNode());
        assertEquals(List.of(4L, 4L), f.seqs());
        assertTrue(run.of("ack.missing").isEmpty(), run.dump());
        assertEquals(List.of(f), run.atLeast(Severity.NOTE), run.dump());
        PairSummary p = run.analyzer().pairSummaries().get(0);
        assertEquals(EndState.CLOSED_PEER_SILENT, p.aToB().endState());
        assertEquals(EndState.CLOSED_BY_PEER, p.bToA().endState());
    }
}
