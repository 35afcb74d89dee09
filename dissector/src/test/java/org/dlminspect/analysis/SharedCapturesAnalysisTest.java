package org.dlminspect.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dlminspect.Severity;
import org.dlminspect.testkit.Captures;
import org.junit.jupiter.api.Test;

/** The analysis of the real captures in the shared folder (three nodes, several interfaces, node failure). */
class SharedCapturesAnalysisTest {

    static AnalyzeRun.Run shared(String file) throws IOException {
        Path p = Captures.SHARED.resolve(file);
        assumeTrue(Files.isReadable(p), p + " not available");
        return AnalyzeRun.run(p);
    }

    @Test
    void pcapng2ifIsCleanOnceInTimeOrder() throws IOException {
        AnalyzeRun.Run run = shared("pcapng2if.pcapng.gz");
        assertTrue(run.atLeast(Severity.WARN).isEmpty(), run.dump());
        assertTrue(run.of("ack.unsent").isEmpty() && run.of("fin.incomplete").isEmpty(), run.dump());
        Finding order = run.of("capture.out_of_order").get(0);
        assertEquals(Severity.NOTE, order.severity());
        assertTrue(order.message().contains("the largest backward step is 237 ms"), order.message());
        for (PairSummary p : run.analyzer().pairSummaries()) {
            assertEquals(MidcommsState.CLOSED, p.aToB().finState(), p.toString());
            assertEquals(MidcommsState.CLOSED, p.bToA().finState(), p.toString());
        }
    }

    /**
     * nodefail.txt: node 3 powered off at +12.80 s (its last frame is 8020), RCOM recovery between nodes 1 and 2,
     * then both close their connections to it (frames 8302, 8303; their dmesg: 'closing connection to node 3').
     * One node.silent tells it all; the messages it left unacknowledged are in it, not in ack.missing findings.
     */
    @Test
    void nodefailTellsTheNodeDeathOnce() throws IOException {
        AnalyzeRun.Run run = shared("nodefail.pcap.gz");
        List<Finding> silent = run.of("node.silent");
        assertEquals(1, silent.size(), run.dump());
        Finding f = silent.get(0);
        assertEquals(Severity.WARN, f.severity());
        assertEquals(3, f.fromNode());
        assertEquals(8020, f.frame());
        assertEquals(List.of(146L, 146L, 1375L, 1376L), f.seqs(), "node 2's seq 146 first, then node 1's");
        assertEquals(List.of(8020L, 8040L, 8049L, 8057L, 8302L, 8303L), f.frames());
        long rel = f.epochNanos() - run.firstNanos();
        assertTrue(Math.abs(rel - 12_872_757_000L) < 1_000, "last message at 12.872757 s: " + rel);
        assertTrue(f.message().contains("+2.868 s: node 1 and node 2 run recovery without it"), f.message());
        assertTrue(f.message().contains("node 1 closes its connection to it (frame 8302"), f.message());
        assertTrue(f.message().contains("dropping seq 146 unacknowledged"), f.message());
        assertTrue(run.of("ack.missing").isEmpty(), run.dump());
        assertEquals(List.of(f), run.atLeast(Severity.NOTE), run.dump());
        assertEquals(1, run.analyzer().episodes().size());
        assertEquals(EpisodeKind.NODE_FAILURE, run.analyzer().episodes().get(0).kind());
        for (PairSummary p : run.analyzer().pairSummaries()) {
            boolean withThree = p.aToB().toNode() == 3 || p.bToA().toNode() == 3;
            DirectionSummary toThree = p.aToB().toNode() == 3 ? p.aToB() : p.bToA();
            DirectionSummary fromThree = toThree == p.aToB() ? p.bToA() : p.aToB();
            if (withThree) {
                assertEquals(EndState.CLOSED_PEER_SILENT, toThree.endState(), p.toString());
                assertEquals(EndState.CLOSED_BY_PEER, fromThree.endState(), p.toString());
                assertEquals("closed by peer", fromThree.stateLabel());
            } else {
                assertEquals(EndState.MIDCOMMS, p.aToB().endState(), p.toString());
                assertEquals(MidcommsState.CLOSED, p.aToB().finState(), p.toString());
            }
        }
    }

    /**
     * big.txt: at about +88 s node 2 hung; its kernel still acknowledges and answers lookups, but its lock users
     * never act again, not even on node 1's blocking ASTs. That is the one warning.
     */
    @Test
    void bigShowsOnlyTheHangOfNode2() throws IOException {
        AnalyzeRun.Run run = shared("big.pcap.gz");
        List<Finding> bad = run.atLeast(Severity.WARN);
        assertEquals(1, bad.size(), run.dump());
        Finding f = bad.get(0);
        assertEquals("node.silent", f.code());
        assertEquals(2, f.fromNode());
        assertEquals(1, f.toNode());
        long rel = f.epochNanos() - run.firstNanos();
        assertTrue(rel > 85_000_000_000L && rel < 89_000_000_000L, "at about +88 s: " + rel);
        assertTrue(f.message().contains("blocking ASTs from node 1"), f.message());
        assertTrue(run.of("ack.unsent").isEmpty() && run.of("ack.missing").isEmpty(), run.dump());
    }

    /** The clean captures have no node.silent (nor any warning). */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"pcapng2if.pcapng.gz", "sctp.pcap.gz"})
    void cleanSharedCapturesHaveNoWarning(String file) throws IOException {
        AnalyzeRun.Run run = shared(file);
        assertTrue(run.atLeast(Severity.WARN).isEmpty(), run.dump());
    }

    /** reordercap's output of pcapng2if is analysed to the same table and the same findings (bar the order note). */
    @Test
    void pcapng2ifAnalysesLikeItsReordercapOutput() throws Exception {
        Path in = Captures.SHARED.resolve("pcapng2if.pcapng.gz");
        assumeTrue(Files.isReadable(in));
        Path tmp = Files.createTempDirectory("reorder");
        Path sorted = tmp.resolve("sorted.pcapng");
        Process p;
        try {
            p = new ProcessBuilder("reordercap", in.toString(), sorted.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            assumeTrue(false, "reordercap not installed");
            return;
        }
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "reordercap failed");
        AnalyzeRun.Run ours = AnalyzeRun.run(in);
        AnalyzeRun.Run theirs = AnalyzeRun.run(sorted);
        assertTrue(theirs.of("capture.out_of_order").isEmpty(), theirs.dump());
        assertEquals(theirs.analyzer().pairSummaries(), ours.analyzer().pairSummaries());
        List<String> a = ours.findings().stream().filter(f -> !f.code().equals("capture.out_of_order"))
                .map(Finding::toString).toList();
        assertEquals(theirs.findings().stream().map(Finding::toString).toList(), a);
        Files.deleteIfExists(sorted);
        Files.deleteIfExists(tmp);
    }
}
