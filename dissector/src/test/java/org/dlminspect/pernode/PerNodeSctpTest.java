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
import org.dlminspect.sctp.SctpPerNodeCaptures;
import org.junit.jupiter.api.Test;

/**
 * Per-node captures of one DLM association over SCTP taken on both nodes ({@link SctpPerNodeCaptures}: built from
 * RFC 9260 packets, so that every expected value is known): each message once, the clock offset, and a DATA chunk
 * lost between the nodes.
 */
class PerNodeSctpTest {
    private static final long OFFSET = SctpPerNodeCaptures.OFFSET;
    private static final long DELAY = SctpPerNodeCaptures.DELAY;
    private static final int ROUNDS = SctpPerNodeCaptures.ROUNDS;
    private static final int LOST_ROUND = SctpPerNodeCaptures.LOST_ROUND;

    private static List<List<Frame>> captures(boolean lose) {
        List<List<Frame>> out = new ArrayList<>();
        for (List<SctpPerNodeCaptures.Packet> c : SctpPerNodeCaptures.captures(lose)) {
            out.add(c.stream().map(p -> new Frame(p.nanos(), p.data(), p.data().length, 1)).toList());
        }
        return out;
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
        Frame original = captures.get(0).stream().filter(x -> x.nanos == SctpPerNodeCaptures.roundNanos(LOST_ROUND))
                .findFirst().orElseThrow();
        assertEquals(PerNodeHarness.numberIn(captures.get(0), original), FrameRef.number(f.frames().get(0)));
        assertEquals(1, run.matcher().losses().lostSegments());
        assertEquals(1, run.matcher().losses().recoveredSegments());
        assertEquals(Map.of("10.99.0.1->10.99.0.2", ROUNDS, "10.99.0.2->10.99.0.1", ROUNDS), run.messages(),
                "the retransmission is SCTP's, not a second DLM message");
        assertEquals(List.of(), run.of("capture.sender_missed"));
    }
}
