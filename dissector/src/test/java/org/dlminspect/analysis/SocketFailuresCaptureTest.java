package org.dlminspect.analysis;

import static org.dlminspect.analysis.Wire.ack;
import static org.dlminspect.analysis.Wire.data;
import static org.dlminspect.analysis.Wire.range;
import static org.dlminspect.analysis.Wire.status;
import static org.dlminspect.analysis.Wire.statusReply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.dlminspect.Severity;
import org.dlminspect.testkit.TcpSession;
import org.dlminspect.testkit.TcpSession.Side;
import org.junit.jupiter.api.Test;

/**
 * Socket failures in captures built from bytes, through the whole analyze pipeline (TimeOrder, reassembly,
 * framing, analysis): an RST belongs to the socket that receives it, and a refused SYN that reuses the port of a
 * live connection does not split it (issue #9, points 3 and 4).
 */
class SocketFailuresCaptureTest {

    /**
     * Node 1's firewall rejects node 2's segment with an RST (iptables REJECT --reject-with tcp-reset) while node 1's
     * socket stays alive: node 2's socket is reset, node 2 reconnects after refused attempts and retransmits, and
     * node 1's ACKs on the old connection still count. Later node 1 sends on the old connection and node 2's end,
     * which has no socket for it any more, answers with RST: that resets node 1's socket.
     */
    @Test
    void aFirewallRstResetsOnlyTheSocketThatReceivesIt() throws IOException {
        TcpSession s = new TcpSession().step(5_000);
        TcpSession.Connection old = s.connection("10.99.0.2", 40002, "10.99.0.1", 21064).handshake();
        old.send(Side.CLIENT, status(2)).send(Side.SERVER, statusReply(1));
        for (int seq = 0; seq < 3; seq++) old.send(Side.CLIENT, data(2, seq)).send(Side.SERVER, ack(1, seq + 1));
        old.send(Side.CLIENT, data(2, 3));
        old.rst(Side.SERVER); // node 1's firewall answers for node 1: node 2's socket is reset
        old.send(Side.SERVER, ack(1, 4)); // node 1's socket is alive: its ACK for seq 3 still goes out
        s.pause(50_000_000L);
        for (int port = 40003; port < 40006; port++) {
            s.connection("10.99.0.2", port, "10.99.0.1", 21064).refused();
        }
        s.pause(200_000_000L);
        TcpSession.Connection again = s.connection("10.99.0.2", 40006, "10.99.0.1", 21064).handshake();
        again.send(Side.CLIENT, data(2, 3), data(2, 4)).send(Side.SERVER, ack(1, 5));
        s.pause(100_000_000L);
        old.send(Side.SERVER, data(1, 0)); // node 1 still sends on the old connection ...
        old.rst(Side.CLIENT); // ... and node 2's end, without a socket for it, answers with RST
        TcpSession.Connection back = s.connection("10.99.0.1", 40100, "10.99.0.2", 21064).handshake();
        back.send(Side.CLIENT, data(1, 0)).send(Side.SERVER, ack(2, 1));

        AnalyzeRun.Run run = AnalyzeRun.run(s.pcap());
        List<Finding> resets = run.of("conn.reset");
        assertEquals(2, resets.size(), run.dump());
        assertTrue(resets.get(0).message().contains("is reset by node 1 (RST): node 2's kernel gets a socket error"),
                resets.get(0).message());
        assertTrue(resets.get(1).message().contains("node 2 answers node 1 on TCP")
                && resets.get(1).message().contains("node 1's socket is reset"), resets.get(1).message());
        Finding refused = run.of("conn.refused").get(0);
        assertTrue(refused.message().startsWith("3 connection attempts of node 2 to node 1"), refused.message());
        // node 2 retransmits seq 3 (node 1 had it: its ACK 4 on the old connection counts) and the copy is dropped
        List<Finding> retrans = run.of("seq.retransmission");
        assertEquals(2, retrans.size(), run.dump());
        assertTrue(retrans.get(0).message().contains("node 1 already has it"), retrans.get(0).message());
        assertTrue(run.atLeast(Severity.WARN).isEmpty(), run.dump());
        assertEquals(0, run.analyzer().verdict().text().indexOf("OK"), run.analyzer().verdict().text());
        for (DirectionSummary d : List.of(run.analyzer().pairSummaries().get(0).aToB(),
                run.analyzer().pairSummaries().get(0).bToA())) {
            assertEquals(0, d.unackedAtEnd(), d.toString());
        }
        List<Story> stories = run.analyzer().stories();
        assertEquals(1, stories.size(), stories.toString());
        assertEquals(List.of(StoryStep.Kind.RESET, StoryStep.Kind.REFUSED, StoryStep.Kind.RECONNECTED,
                StoryStep.Kind.RETRANSMITTED, StoryStep.Kind.RESET, StoryStep.Kind.RECONNECTED,
                StoryStep.Kind.RETRANSMITTED), stories.get(0).steps().stream().map(StoryStep::kind).toList());
    }

    /**
     * Node 3 tries to reconnect from the source port of its established connection to node 1; node 1 refuses the
     * SYN. The established connection goes on: node 1's later messages on it are decoded and analysed, nothing is
     * missing, nothing is a retransmission.
     */
    @Test
    void aRefusedSynReusingThePortOfALiveConnectionDoesNotSplitIt() throws IOException {
        TcpSession s = new TcpSession().step(5_000);
        TcpSession.Connection live = s.connection("10.99.0.3", 55641, "10.99.0.1", 21064).handshake();
        live.send(Side.CLIENT, status(3)).send(Side.SERVER, statusReply(1));
        for (int seq = 0; seq < 4; seq++) live.send(Side.SERVER, data(1, seq)).send(Side.CLIENT, ack(3, seq + 1));
        s.connection("10.99.0.3", 55641, "10.99.0.1", 21064).isn(777_000_000L, 0).refused();
        live.send(Side.SERVER, range(1, 4, 9)).send(Side.CLIENT, ack(3, 10));

        AnalyzeRun.Run run = AnalyzeRun.run(s.pcap());
        assertTrue(run.of("seq.retransmission").isEmpty() && run.of("seq.not_captured").isEmpty()
                && run.of("seq.gap").isEmpty(), run.dump());
        assertTrue(run.atLeast(Severity.WARN).isEmpty(), run.dump());
        PairSummary p = run.analyzer().pairSummaries().get(0);
        assertEquals(0, p.reconnects(), p.toString());
        DirectionSummary fromOne = p.aToB().fromNode() == 1 ? p.aToB() : p.bToA();
        assertEquals(10, fromOne.sequenced(), "every OPTS of node 1 decoded, seqs 0..9");
        assertEquals(9, fromOne.lastSeq());
        assertEquals(0, fromOne.unackedAtEnd());
        assertEquals(0, fromOne.notCaptured());
    }
}
