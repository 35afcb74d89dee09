package org.dlminspect.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.dlminspect.Severity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analyzer on the real 6.1 captures (samples/, copies of /work/shared/captures), through the real pipeline.
 * For reconnect, the findings are compared with the kernels' own logs beside the capture; the comparison is
 * explained in src/test/resources/analysis/reconnect-crosscheck.md.
 */
class RealCaptureAnalysisTest {
    private static RealCaptures.Result normal;
    private static RealCaptures.Result reconnect;

    @BeforeAll
    static void run() throws IOException {
        normal = RealCaptures.analyze("normal");
        reconnect = RealCaptures.analyze("reconnect");
    }

    private static List<Finding> warnings(RealCaptures.Result r) {
        return r.findings().stream().filter(f -> f.severity().atLeast(Severity.WARN)).toList();
    }

    @Test
    void normalCaptureIsClean() {
        assertEquals(List.of(), normal.findings(), normal.report());
        assertNull(normal.verdict().worst());
        assertTrue(normal.verdict().text().startsWith("OK: 0 errors, 0 warnings, 0 notes in 32832 messages"),
                normal.verdict().text());
        PairSummary p = normal.pairs().get(0);
        assertEquals(1, p.connections());
        assertEquals(0, p.reconnects());
        for (long node : new long[] {1, 2}) {
            DirectionSummary d = normal.from(node);
            assertEquals(0, d.firstSeq());
            assertEquals(0, d.retransmissions());
            assertEquals(0, d.gaps());
            assertEquals(0, d.duplicateAcks());
            assertEquals(0, d.unackedAtEnd());
            assertEquals(MidcommsState.CLOSED, d.finState(), "FIN handshake completed");
            assertEquals(KernelEra.UP_TO_6_4, d.ackCadence(), "6.1 acknowledges per receive batch");
            assertEquals(d.sequenced(), d.ackSamples(), "every message acknowledged once");
            assertTrue(d.ackLatencyMaxNanos() < 100_000_000L, "ACKs within 100 ms");
        }
        assertEquals(11303, normal.from(1).lastSeq());
        assertEquals(9673, normal.from(2).lastSeq());
        assertEquals(11304 + 9674, normal.from(1).sequenced() + normal.from(2).sequenced());
    }

    /** The (sender, seq) pairs that crossed the wire more than once, from the pipeline's own messages. */
    private static Map<String, List<RealCaptures.Opts>> copies(RealCaptures.Result r) {
        Map<String, List<RealCaptures.Opts>> m = new TreeMap<>();
        for (RealCaptures.Opts o : r.opts()) m.computeIfAbsent(o.node() + ":" + o.seq(), k -> new ArrayList<>()).add(o);
        return m;
    }

    @Test
    void reconnectReportsExactlyTheSeqsThatCrossedTheWireTwice() {
        assertEquals(List.of(), warnings(reconnect), reconnect.report());
        Set<String> twice = copies(reconnect).entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(List.of("1:3254", "1:3255", "2:2765", "2:2766", "2:2767", "2:2768")), twice);

        List<Finding> re = reconnect.of("seq.retransmission");
        Map<String, Finding> byKey = new HashMap<>();
        for (Finding f : re) byKey.put(f.fromNode() + ":" + f.seqs().get(0), f);
        assertEquals(twice, new TreeSet<>(byKey.keySet()));
        re.forEach(f -> assertEquals(Severity.NOTE, f.severity(), f.toString()));
        // repeat frame first, then the original (checked against tshark, see reconnect-crosscheck.md)
        assertEquals(List.of(25606L, 7502L), byKey.get("2:2765").frames());
        assertEquals(List.of(25606L, 25606L), byKey.get("2:2766").frames());
        assertEquals(List.of(25606L, 25606L), byKey.get("2:2767").frames());
        assertEquals(List.of(25606L, 25606L), byKey.get("2:2768").frames());
        assertEquals(List.of(25613L, 8357L), byKey.get("1:3254").frames());
        assertEquals(List.of(25613L, 8378L), byKey.get("1:3255").frames());
        for (Finding f : re) {
            for (long frame : f.frames()) {
                String key = f.fromNode() + ":" + f.seqs().get(0);
                assertTrue(copies(reconnect).get(key).stream().anyMatch(o -> o.frame() == frame), key + " @" + frame);
            }
        }
        PairSummary p = reconnect.pairs().get(0);
        assertEquals(3, p.connections());
        assertEquals(2, p.reconnects());
        assertEquals(9042, p.refusedConnects());
        assertEquals(7503, reconnect.of("conn.reset").get(0).frame());
        assertEquals(1, reconnect.of("conn.refused").size());
        assertEquals(1, reconnect.of("conn.parallel").size());
        assertEquals(0, reconnect.from(1).unackedAtEnd());
        assertEquals(0, reconnect.from(2).unackedAtEnd());
        assertEquals(MidcommsState.CLOSED, reconnect.from(1).finState());
        assertEquals(MidcommsState.CLOSED, reconnect.from(2).finState());
    }

    private record KernelLine(long node, String kind, long peer, long seq, long expected) { }

    /** "retransmit dlm msg" and "ignore dlm msg because seq mismatch" lines of both nodes' dmesg. */
    private static List<KernelLine> kernelLines(String capture) throws IOException {
        Pattern retransmit = Pattern.compile("dlm: retransmit dlm msg, seq (\\d+), nodeid (\\d+)");
        Pattern ignore = Pattern.compile(
                "dlm: ignore dlm msg because seq mismatch, seq: (\\d+), expected: (\\d+), nodeid: (\\d+)");
        List<KernelLine> out = new ArrayList<>();
        for (long node : new long[] {1, 2}) {
            for (String line : Files.readAllLines(RealCaptures.samples().resolve(capture + ".node" + node + ".dmesg.txt"))) {
                Matcher m = retransmit.matcher(line);
                if (m.find()) out.add(new KernelLine(node, "retransmit", Long.parseLong(m.group(2)),
                        Long.parseLong(m.group(1)), -1));
                m = ignore.matcher(line);
                if (m.find()) out.add(new KernelLine(node, "ignore", Long.parseLong(m.group(3)),
                        Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
            }
        }
        return out;
    }

    @Test
    void reconnectFindingsAgreeWithTheKernelLogs() throws IOException {
        List<KernelLine> lines = kernelLines("reconnect");
        Map<String, Finding> byKey = new HashMap<>();
        for (Finding f : reconnect.of("seq.retransmission")) byKey.put(f.fromNode() + ":" + f.seqs().get(0), f);

        // every duplicate the receiving kernel dropped is one the analysis says it drops, with the same seq_next
        Set<String> ignored = new HashSet<>();
        for (KernelLine l : lines) {
            if (!l.kind().equals("ignore")) continue;
            String key = l.peer() + ":" + l.seq();
            ignored.add(key);
            Finding f = byKey.get(key);
            assertTrue(f != null, "kernel of node " + l.node() + " ignored " + key + " but no finding");
            assertEquals(l.node(), f.toNode());
            assertTrue(f.message().contains("drops this copy and re-ACKs with " + l.expected()), f.message());
        }
        assertEquals(Set.of("2:2766", "2:2767", "2:2768"), ignored);
        // and every repeat the analysis says was delivered is one the kernel did not log as ignored
        for (Map.Entry<String, Finding> e : byKey.entrySet()) {
            if (e.getValue().message().contains("delivers this copy")) assertFalse(ignored.contains(e.getKey()), e.getKey());
            else assertTrue(ignored.contains(e.getKey()), e.getKey());
        }

        // every message a kernel says it retransmitted crossed the wire twice, except the ones it had queued on
        // a connection whose TCP never sent them (see reconnect-crosscheck.md)
        Map<String, List<RealCaptures.Opts>> copies = copies(reconnect);
        Set<String> once = new TreeSet<>();
        for (KernelLine l : lines) {
            if (!l.kind().equals("retransmit")) continue;
            String key = l.node() + ":" + l.seq();
            List<RealCaptures.Opts> c = copies.get(key);
            assertTrue(c != null, key + " never crossed the wire");
            if (c.size() == 1) once.add(key);
            else assertTrue(byKey.containsKey(key), key);
        }
        assertEquals(new TreeSet<>(List.of("1:3256", "1:3257", "1:3258", "1:3259", "1:3260")), once);
        int newConnection = copies.get("1:3254").get(1).stream();
        for (String key : once) {
            RealCaptures.Opts only = copies.get(key).get(0);
            assertEquals(25613, only.frame(), key);
            assertEquals(newConnection, only.stream(), key + " crossed only on the new connection");
        }
        // 3254 and 3255 were the only node-1 messages on the dead connection after its RST
        List<Long> deadConnection = reconnect.opts().stream()
                .filter(o -> o.node() == 1 && o.stream() == 0 && o.frame() > 7503).map(RealCaptures.Opts::seq).toList();
        assertEquals(List.of(3254L, 3255L), deadConnection);
    }

    @Test
    void lossCaptureHasNoDlmLevelLossBecauseTcpRecoveredEverything() throws IOException {
        RealCaptures.Result loss = RealCaptures.analyze("loss");
        assertEquals(List.of(), loss.findings(), loss.report());
        for (long node : new long[] {1, 2}) {
            DirectionSummary d = loss.from(node);
            assertEquals(0, d.gaps());
            assertEquals(0, d.notCaptured());
            assertEquals(0, d.retransmissions());
            assertEquals(d.lastSeq() + 1, d.sequenced(), "every seq exactly once");
            assertEquals(MidcommsState.CLOSED, d.finState());
        }
        assertEquals(1041, loss.from(1).lastSeq());
        assertEquals(892, loss.from(2).lastSeq());
    }

    @Test
    void framesTheCaptureLostAreNotCapturedNotLost() throws IOException {
        RealCaptures.Result full = RealCaptures.analyze("loss");
        Map<Long, Long> messagesPerFrame = full.opts().stream()
                .collect(Collectors.groupingBy(RealCaptures.Opts::frame, Collectors.counting()));
        // three frames that each carried exactly one OPTS of node 2, early in the lock traffic
        List<RealCaptures.Opts> picked = new ArrayList<>();
        for (RealCaptures.Opts o : full.opts()) {
            if (o.node() == 2 && o.seq() >= 100 && messagesPerFrame.get(o.frame()) == 1 && picked.size() < 3
                    && (picked.isEmpty() || o.seq() > picked.get(picked.size() - 1).seq() + 50)) {
                picked.add(o);
            }
        }
        assertEquals(3, picked.size());
        Set<Long> drop = picked.stream().map(RealCaptures.Opts::frame).collect(Collectors.toSet());
        RealCaptures.Result cut = RealCaptures.analyze("loss", AnalyzerOptions.defaults(), drop);
        assertEquals(List.of(), warnings(cut), cut.report());
        assertTrue(cut.of("seq.gap").isEmpty(), cut.report());
        List<Finding> nc = cut.of("seq.not_captured");
        assertEquals(3, nc.size(), cut.report());
        for (int i = 0; i < 3; i++) {
            assertEquals(List.of(picked.get(i).seq(), picked.get(i).seq()), nc.get(i).seqs());
            assertEquals(2, nc.get(i).fromNode());
        }
        assertEquals(3, cut.from(2).notCaptured());
        assertEquals(0, cut.from(2).unackedAtEnd());
    }

    @Test
    void snaplenCaptureIsMostlyNotCaptured() throws IOException {
        RealCaptures.Result snap = RealCaptures.analyze("snaplen");
        assertEquals(List.of(), warnings(snap), snap.report());
        Set<String> codes = snap.findings().stream().map(Finding::code).collect(Collectors.toSet());
        assertEquals(Set.of("seq.not_captured"), codes, snap.report());
        assertTrue(snap.verdict().notes() > 1000, snap.verdict().text());
        long notCaptured = snap.from(1).notCaptured() + snap.from(2).notCaptured();
        assertTrue(notCaptured > 5000, "seqs not captured: " + notCaptured);
        assertEquals(0, snap.from(1).gaps() + snap.from(2).gaps());
        assertEquals(0, snap.from(1).retransmissions() + snap.from(2).retransmissions());
    }
}
