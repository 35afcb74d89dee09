package org.dlminspect.pernode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dlminspect.analysis.Finding;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.net.IpAddress;
import org.dlminspect.pernode.PerNodeHarness.Frame;
import org.dlminspect.pernode.PerNodeHarness.Run;
import org.dlminspect.sctp.SctpPackets;
import org.dlminspect.testkit.DlmBytes;
import org.junit.jupiter.api.Test;

/**
 * Per-node captures of one DLM association over SCTP, taken on both nodes: node 1 (10.99.0.1, port 40000) and
 * node 2 (10.99.0.2, port 21064) exchange a DATA chunk each way every 100 ms for 4 s. Node 2's clock runs 5 ms
 * ahead of node 1's; the network takes 100 µs each way. Built from RFC 9260 packets (SctpPackets), so that every
 * expected value is known: each message once, the clock offset, and a DATA chunk lost between the nodes.
 */
class PerNodeSctpTest {
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long OFFSET = 5_000_000;
    private static final long DELAY = 100_000;
    private static final long TAG_TO_1 = 0x11111111L;
    private static final long TAG_TO_2 = 0x22222222L;
    private static final int ROUNDS = 40;
    private static final int LOST_ROUND = 20;

    private static byte[] opts(int node, int seq) {
        return DlmBytes.opts(node, seq, DlmBytes.rcom(DlmBytes.V32, DlmBytes.LOCKSPACE, node, 1, 0, 7, 0, 0, new byte[0]));
    }

    private static byte[] from1(long tag, byte[]... chunks) {
        return SctpPackets.frame(1, 2, 40000, SctpPackets.DLM_PORT, tag, chunks);
    }

    private static byte[] from2(long tag, byte[]... chunks) {
        return SctpPackets.frame(2, 1, SctpPackets.DLM_PORT, 40000, tag, chunks);
    }

    /** The two captures: [0] node 1's, [1] node 2's; {@code lose}: round LOST_ROUND's DATA from node 1 never arrives. */
    private static List<List<Frame>> captures(boolean lose) {
        List<Frame> node1 = new ArrayList<>();
        List<Frame> node2 = new ArrayList<>();
        // A packet sent at real time t: its sender's capture has it at t on the sender's clock, the receiver's at t + DELAY.
        java.util.function.BiConsumer<Long, byte[]> send1 = (t, p) -> {
            node1.add(new Frame(t, p, p.length, 1));
            node2.add(new Frame(t + DELAY + OFFSET, p.clone(), p.length, 1));
        };
        java.util.function.BiConsumer<Long, byte[]> send2 = (t, p) -> {
            node2.add(new Frame(t + OFFSET, p, p.length, 1));
            node1.add(new Frame(t + DELAY, p.clone(), p.length, 1));
        };
        send1.accept(T0, from1(0, SctpPackets.init(1, TAG_TO_1, 100)));
        send2.accept(T0 + 1_000_000, from2(TAG_TO_1, SctpPackets.init(2, TAG_TO_2, 500)));
        for (int k = 0; k < ROUNDS; k++) {
            long t = T0 + 10_000_000 + k * 100_000_000L;
            byte[] data = from1(TAG_TO_2, SctpPackets.whole(100 + k, opts(1, k)));
            if (lose && k == LOST_ROUND) {
                node1.add(new Frame(t, data, data.length, 1)); // left node 1, lost in the network
                send1.accept(t + 30_000_000, data.clone()); // T3-rtx 30 ms later: the same packet, and it arrives
            } else {
                send1.accept(t, data);
            }
            long cumulative = lose && k == LOST_ROUND ? 99 + k : 100 + k;
            send2.accept(t + 1_000_000, from2(TAG_TO_1, SctpPackets.sack(cumulative), SctpPackets.whole(500 + k, opts(2, k))));
        }
        return List.of(node1, node2);
    }

    private static Run run(List<List<Frame>> captures) throws IOException {
        return PerNodeHarness.run(List.of(PerNodeHarness.pcap(captures.get(0)), PerNodeHarness.pcap(captures.get(1))));
    }

    @Test
    void anSctpAssociationSeenOnBothNodesIsMatchedAlignedAndEachMessageReportedOnce() throws IOException {
        Run clean = run(captures(false));
        assertNotNull(clean, "recognised as per-node captures of one cluster");
        Captures c = clean.captures();
        assertEquals(0, c.files().get(0).offsetNanos());
        assertEquals(OFFSET, c.files().get(1).offsetNanos(), 20_000, c.files().get(1).toString());
        assertTrue(c.files().get(1).aligned() && c.files().get(1).matched());
        assertEquals(Map.of(IpAddress.parse("10.99.0.1"), 0, IpAddress.parse("10.99.0.2"), 1), c.owner());
        assertEquals(Map.of("10.99.0.1->10.99.0.2", ROUNDS, "10.99.0.2->10.99.0.1", ROUNDS), clean.messages(),
                "each DLM message once, as its sender's capture saw it");
        assertEquals(2 + 2 * ROUNDS, clean.matcher().matchedSegments(), "every packet matched with its copy");
        assertEquals(List.of(), clean.of("net.lost"));
        assertEquals(List.of(), clean.of("capture.sender_missed"));
        assertEquals(0, clean.matcher().losses().lostSegments());
        assertEquals(2, clean.matcher().latency().size());
        for (Map.Entry<Segment.Direction, OneWayLatency> e : clean.matcher().latency().entrySet()) {
            assertTrue(e.getKey().sctp(), e.getKey().toString());
            assertEquals(DELAY, e.getValue().quantile(0.5), 20_000, e.getKey() + ": the one-way delay");
        }
        assertTrue(clean.diagnostics().stream().noneMatch(d -> d.contains("sctp.gap")), clean.diagnostics().toString());
    }

    @Test
    void aDataChunkLostBetweenTheNodesIsNetLostWithItsTsnAndTheRetransmissionThatArrived() throws IOException {
        List<List<Frame>> captures = captures(true);
        Run run = run(captures);
        assertNotNull(run);
        List<Finding> lost = run.of("net.lost");
        assertEquals(1, lost.size(), run.findings().toString());
        Finding f = lost.get(0);
        assertTrue(f.message().startsWith("1 SCTP packet from node 1 to node 2 left node 1's capture but never reached"
                + " node 2's capture"), f.message());
        assertTrue(f.message().contains("(TSN " + (100 + LOST_ROUND) + ", 1 DATA chunk) recovered by frame"), f.message());
        assertTrue(f.message().contains("SCTP retransmission recovered each, the loss cost up to 30.1 ms"), f.message());
        // The lost send in node 1's capture, then the copy of the retransmission in node 2's.
        assertEquals(2, f.frames().size(), f.frames().toString());
        assertEquals(0, FrameRef.file(f.frames().get(0)));
        assertEquals(1, FrameRef.file(f.frames().get(1)));
        Frame original = captures.get(0).stream().filter(x -> x.nanos == T0 + 10_000_000 + LOST_ROUND * 100_000_000L)
                .findFirst().orElseThrow();
        assertEquals(PerNodeHarness.numberIn(captures.get(0), original), FrameRef.number(f.frames().get(0)));
        assertEquals(1, run.matcher().losses().lostSegments());
        assertEquals(1, run.matcher().losses().recoveredSegments());
        assertEquals(Map.of("10.99.0.1->10.99.0.2", ROUNDS, "10.99.0.2->10.99.0.1", ROUNDS), run.messages(),
                "the retransmission is SCTP's, not a second DLM message");
        assertEquals(List.of(), run.of("capture.sender_missed"));
    }
}
