package org.dlminspect.pernode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dlminspect.Severity;
import org.dlminspect.analysis.Finding;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.pernode.PerNodeHarness.Frame;
import org.dlminspect.pernode.PerNodeHarness.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three real per-node captures of pernode3 (one per node, node 2's clock shifted +2.3 ms and node 3's
 * -1.7 ms afterwards, pernode3.txt), as they are and edited in memory: frames lost in the network, a capture
 * started later, a capture filtered to one peer, a capture of another cluster.
 */
class PerNodeCapturesTest {
    private static final String N1 = "10.99.0.1";
    private static final String N2 = "10.99.0.2";
    private static final String N3 = "10.99.0.3";
    private static List<Frame> node1;
    private static List<Frame> node2;
    private static List<Frame> node3;
    private static Run clean;
    /** Messages per direction as the sender's own capture alone shows them. */
    private static Map<String, Integer> sentAlone;

    @BeforeAll
    static void readOnce() throws IOException {
        node1 = PerNodeHarness.frames("pernode3.node1.pcap.gz");
        node2 = PerNodeHarness.frames("pernode3.node2.pcap.gz");
        node3 = PerNodeHarness.frames("pernode3.node3.pcap.gz");
        clean = PerNodeHarness.run(List.of(PerNodeHarness.pcap(node1), PerNodeHarness.pcap(node2), PerNodeHarness.pcap(node3)));
        sentAlone = new HashMap<>();
        sentAlone.putAll(PerNodeHarness.sentBy("pernode3.node1.pcap.gz", N1));
        sentAlone.putAll(PerNodeHarness.sentBy("pernode3.node2.pcap.gz", N2));
        sentAlone.putAll(PerNodeHarness.sentBy("pernode3.node3.pcap.gz", N3));
    }

    @Test
    void everyMessageOnceAsItsSendersCaptureSawIt() {
        assertNotNull(clean, "recognised as per-node captures");
        assertEquals(6, sentAlone.size(), sentAlone.toString());
        assertEquals(sentAlone, clean.messages());
        assertEquals(6123, clean.messages().values().stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void clockOffsetsAsEditcapShiftedThem() {
        Captures c = clean.captures();
        assertEquals(0, c.reference());
        assertEquals(0, c.files().get(0).offsetNanos());
        // pernode3.txt: node 2's file shifted by +0.0023 s, node 3's by -0.0017 s.
        assertEquals(2_300_000, c.files().get(1).offsetNanos(), 200_000);
        assertEquals(-1_700_000, c.files().get(2).offsetNanos(), 200_000);
        for (Captures.File f : c.files()) {
            assertTrue(f.aligned() && f.matched(), f.toString());
            assertTrue(f.uncertaintyNanos() >= 0 && f.uncertaintyNanos() < 200_000, f.toString());
        }
        assertEquals(Map.of(ip(N1), 0, ip(N2), 1, ip(N3), 2), c.owner());
        assertEquals(3, c.pairs().size());
    }

    @Test
    void cleanTrafficHasNoLossAndNoWarning() {
        assertEquals(List.of(), clean.of("net.lost"));
        assertEquals(List.of(), clean.of("capture.sender_missed"));
        assertEquals(List.of(), clean.findings().stream().filter(f -> f.severity().atLeast(Severity.WARN)).toList());
        assertEquals(0, clean.matcher().losses().lostSegments());
        assertTrue(clean.matcher().matchedSegments() > 5000, "matched " + clean.matcher().matchedSegments());
        // Every direction has its one-way latency, each a few µs on these virtual links.
        assertEquals(6, clean.matcher().latency().size());
        for (OneWayLatency l : clean.matcher().latency().values()) {
            assertTrue(l.count() > 100 && l.quantile(0.5) < 200_000 && l.max() < 2_000_000, l.count() + " " + l.max());
        }
    }

    @Test
    void segmentsLostBetweenTheNodesAreReportedEachWithItsRetransmission() throws IOException {
        // Five data segments from node 1 to node 2, a few seconds apart: in the network they are lost, TCP
        // sends them again 300 ms later, and that copy arrives. Node 1's capture: the original and the
        // retransmission; node 2's capture: only the retransmission.
        List<Frame> sender = new ArrayList<>(node1);
        List<Frame> receiver = new ArrayList<>(node2);
        List<Frame> candidates = receiver.stream().filter(f -> f.from(N1, N2) && f.tcp.payloadLength > 0).toList();
        Map<Frame, Frame> lostToRecovery = new LinkedHashMap<>();
        // Not in the first second of node 2's capture: there, whether it was running yet is not certain.
        long last = candidates.get(0).nanos;
        for (Frame r : candidates) {
            if (lostToRecovery.size() == 5) break;
            if (r.nanos - last < 3_000_000_000L) continue;
            Frame original = sender.stream().filter(s -> s.from(N1, N2) && s.tcp.sequence == r.tcp.sequence
                    && s.tcp.payloadLength == r.tcp.payloadLength).findFirst().orElseThrow();
            last = r.nanos;
            sender.add(original.copyAt(original.nanos + 300_000_000L));
            receiver.remove(r);
            Frame arrived = r.copyAt(r.nanos + 300_000_000L);
            receiver.add(arrived);
            lostToRecovery.put(original, arrived);
        }
        assertEquals(5, lostToRecovery.size());
        Run run = PerNodeHarness.run(List.of(PerNodeHarness.pcap(sender), PerNodeHarness.pcap(receiver), PerNodeHarness.pcap(node3)));
        List<Finding> lost = run.of("net.lost");
        assertEquals(5, run.matcher().losses().lostSegments());
        assertEquals(5, run.matcher().losses().recoveredSegments());
        List<List<Long>> pairs = new ArrayList<>();
        for (Finding f : lost) {
            assertEquals(1, f.fromNode());
            assertEquals(2, f.toNode());
            assertEquals(Severity.WARN, f.severity());
            for (int i = 0; i + 1 < f.frames().size(); i += 2) pairs.add(List.of(f.frames().get(i), f.frames().get(i + 1)));
            assertTrue(f.message().contains("lost in the network between the two capture points"), f.message());
            assertTrue(f.message().contains("after it was sent"), f.message());
        }
        List<List<Long>> expected = new ArrayList<>();
        for (Map.Entry<Frame, Frame> e : lostToRecovery.entrySet()) {
            expected.add(List.of(FrameRef.of(0, PerNodeHarness.numberIn(sender, e.getKey())),
                    FrameRef.of(1, PerNodeHarness.numberIn(receiver, e.getValue()))));
        }
        assertEquals(expected, pairs);
        // Still every message once: the retransmissions are TCP's, not new messages.
        assertEquals(sentAlone, run.messages());
        assertEquals(List.of(), run.findings().stream().filter(f -> f.severity().atLeast(Severity.WARN)
                && !f.code().equals("net.lost")).toList());
    }

    @Test
    void segmentsOnlyTheReceiverSawAreACaptureDropAtTheSenderNotALoss() throws IOException {
        // Node 1's capture dropped three of its own data segments to node 3; node 3's capture has them.
        List<Frame> sender = new ArrayList<>(node1);
        List<Frame> dropped = sender.stream().filter(f -> f.from(N1, N3) && f.tcp.payloadLength > 0).skip(300).limit(3).toList();
        sender.removeAll(dropped);
        Run run = PerNodeHarness.run(List.of(PerNodeHarness.pcap(sender), PerNodeHarness.pcap(node2), PerNodeHarness.pcap(node3)));
        assertEquals(List.of(), run.of("net.lost"));
        assertEquals(3, run.matcher().losses().missedBySender());
        List<Finding> missed = run.of("capture.sender_missed");
        assertEquals(Severity.NOTE, missed.get(0).severity());
        assertEquals(3, missed.stream().mapToInt(f -> f.frames().size()).sum());
        assertTrue(missed.get(0).message().contains("not a network fault"), missed.get(0).message());
        // The messages are still there once, from node 3's copy.
        assertEquals(sentAlone, run.messages());
    }

    @Test
    void aCaptureStartedThreeSecondsLaterLosesNothingBeforeItStarts() throws IOException {
        long start = node2.get(0).nanos + 3_000_000_000L;
        List<Frame> late = node2.stream().filter(f -> f.nanos >= start).toList();
        Run run = PerNodeHarness.run(List.of(PerNodeHarness.pcap(node1), PerNodeHarness.pcap(late), PerNodeHarness.pcap(node3)));
        assertEquals(List.of(), run.of("net.lost"));
        assertEquals(List.of(), run.of("capture.sender_missed"));
        assertTrue(run.matcher().losses().oneSided() > 0, "the first seconds rest on node 1's capture alone");
        assertEquals(2_300_000, run.captures().files().get(1).offsetNanos(), 200_000);
        // Node 2's messages of the first 3 s are still reported once, from node 1's capture (their receiver).
        assertEquals(sentAlone, run.messages());
    }

    @Test
    void aCaptureFilteredToOnePeerProvesNothingAboutTheOthers() throws IOException {
        // Node 3's capture taken with a filter on node 1 only: it never sees node 2's traffic.
        List<Frame> filtered = node3.stream().filter(f -> !f.involves(N2)).toList();
        Run run = PerNodeHarness.run(List.of(PerNodeHarness.pcap(node1), PerNodeHarness.pcap(node2), PerNodeHarness.pcap(filtered)));
        assertEquals(List.of(), run.of("net.lost"));
        assertEquals(List.of(), run.of("capture.sender_missed"));
        assertEquals(sentAlone, run.messages(), "2 <-> 3 still once, from node 2's capture");
        assertFalse(run.captures().files().get(2).nodePairs().contains(Segment.AddressPair.of(ip(N2), ip(N3))));
        assertEquals(-1_700_000, run.captures().files().get(2).offsetNanos(), 200_000);
    }

    @Test
    void aCaptureOfAnotherClusterIsLeftOutNotMerged() throws IOException {
        byte[] other = Files.readAllBytes(PerNodeHarness.sample("normal.pcap.gz"));
        Run run = PerNodeHarness.run(List.of(PerNodeHarness.pcap(node1), PerNodeHarness.pcap(node2), PerNodeHarness.pcap(node3),
                other));
        assertFalse(run.captures().files().get(3).matched());
        List<Finding> unmatched = run.of("capture.unmatched");
        assertEquals(1, unmatched.size());
        assertTrue(unmatched.get(0).message().startsWith("node4 "), unmatched.get(0).message());
        assertEquals(sentAlone, run.messages(), "the fourth capture's messages are not merged in");
        assertEquals(List.of(), run.of("net.lost"));
    }

    @Test
    void aFullMatchingWindowIsAFindingAndConcludesNothing() throws IOException {
        Run run = PerNodeHarness.run(List.of(PerNodeHarness.pcap(node1), PerNodeHarness.pcap(node2), PerNodeHarness.pcap(node3)), 1);
        List<Finding> limit = run.of("capture.match_limit");
        assertEquals(1, limit.size());
        assertTrue(run.matcher().forcedOut() > 0);
        assertEquals(List.of(), run.of("net.lost"));
        assertEquals(List.of(), run.of("capture.sender_missed"));
        assertEquals(sentAlone, run.messages(), "still every message once");
    }

    private static org.dlminspect.net.IpAddress ip(String s) {
        return org.dlminspect.net.IpAddress.parse(s);
    }
}
