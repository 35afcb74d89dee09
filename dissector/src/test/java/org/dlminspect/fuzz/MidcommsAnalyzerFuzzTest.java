package org.dlminspect.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dlminspect.analysis.AnalyzerOptions;
import org.dlminspect.analysis.Finding;
import org.dlminspect.analysis.KernelEra;
import org.dlminspect.analysis.MidcommsAnalyzer;
import org.dlminspect.analysis.PairSummary;
import org.dlminspect.analysis.ReportFormatter;
import org.dlminspect.analysis.Verdict;
import org.dlminspect.dlm.DlmDecoder;
import org.dlminspect.dlm.DlmHeader;
import org.dlminspect.net.Endpoint;
import org.dlminspect.net.IpAddress;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.tcp.TcpConnection;
import org.dlminspect.tcp.TcpDirection;
import org.dlminspect.tcp.TcpEvent;
import org.dlminspect.testkit.DlmBytes;
import org.junit.jupiter.api.BeforeAll;

/**
 * The midcomms analyzer fed arbitrary sequences of what the pipeline reports: connections opened
 * between three nodes (and a node to itself), DLM messages on them (OPTS-wrapped MSG, RCOM and FIN,
 * ACKs, unwrapped 3.1 and 3.2 messages, raw headers) whose sequence numbers, node ids, versions and
 * bytes the input chooses or corrupts, TCP events (FIN, RST, gaps, closes) and framing diagnostics,
 * with time going forwards, jumping or going backwards. Small analyzer limits, so that they are hit.
 *
 * <p>Properties: no exception; every finding is complete, names a frame already seen and has a
 * one-line terminal-safe message; per direction and code no more findings than the configured limit
 * (plus one summary); after the end, the pair summaries, the verdict and the text report are complete
 * and terminal safe.
 */
class MidcommsAnalyzerFuzzTest {
    @BeforeAll
    static void coverageWhenFuzzing() {
        FuzzChecks.requireCoverageWhenFuzzing();
    }

    private static final int MAX_STEPS = 300;
    private static final IpAddress[] NODES = {
        IpAddress.parse("10.99.0.1"), IpAddress.parse("10.99.0.2"), IpAddress.parse("10.99.0.3")};

    @FuzzTest(maxDuration = "10s")
    void analyze(FuzzedDataProvider data) {
        AnalyzerOptions options = new AnalyzerOptions(data.pickValue(KernelEra.values()), data.consumeInt(1, 40),
                16, data.consumeInt(1, 3), 16, data.consumeInt(1, 3), data.consumeLong(0, 3_000_000_000L),
                data.consumeLong(0, 6_000_000_000L), data.consumeLong(0, 300_000_000L), data.consumeLong(0, 100_000_000L),
                data.consumeLong(0, 5_000_000_000L));
        List<Finding> findings = new ArrayList<>();
        Run run = new Run(data);
        MidcommsAnalyzer analyzer = new MidcommsAnalyzer(f -> {
            checkFinding(f, run.frame);
            findings.add(f);
        }, options);
        run.analyzer = analyzer;
        for (int step = 0; step < MAX_STEPS && data.remainingBytes() > 0; step++) {
            run.step();
        }
        analyzer.onEnd();
        analyzer.onEnd();
        List<PairSummary> pairs = analyzer.pairSummaries();
        Verdict verdict = analyzer.verdict();
        if (pairs == null || verdict == null || verdict.text() == null) {
            throw new AssertionError("incomplete result after the end");
        }
        FuzzChecks.assertTerminalSafe("verdict", verdict.text(), false);
        for (PairSummary p : pairs) {
            if (p.aToB() == null || p.bToA() == null || p.addressA() == null || p.addressB() == null) {
                throw new AssertionError("incomplete pair summary " + p);
            }
        }
        FuzzChecks.assertTerminalSafe("report", new ReportFormatter().format(pairs, findings, verdict), true);
        checkLimits(findings, options.maxFindingsPerCode());
    }

    static void checkFinding(Finding f, long frame) {
        if (f.kind() == null || f.severity() == null || f.frames() == null || f.seqs() == null || f.message() == null) {
            throw new AssertionError("incomplete finding " + f);
        }
        if (f.frame() < 0 || f.frame() > frame || f.frames().stream().anyMatch(x -> x < 0 || x > frame)) {
            throw new AssertionError("finding about frames " + f.frames() + " (main " + f.frame() + ") at frame " + frame
                    + ": " + f);
        }
        if (f.frame() > 0 && (f.frames().isEmpty() || f.frames().get(0) != f.frame())) {
            throw new AssertionError("main frame " + f.frame() + " is not the first of " + f.frames());
        }
        if (f.stream() < -1) {
            throw new AssertionError("finding on stream " + f.stream());
        }
        FuzzChecks.assertTerminalSafe("finding " + f.code(), f.message(), false);
    }

    /** Per direction (sender and receiver address) and code: the limit, then at most one summary. */
    private static void checkLimits(List<Finding> findings, int limit) {
        Map<String, Integer> counts = new HashMap<>();
        for (Finding f : findings) {
            counts.merge(f.code() + " " + f.fromAddress() + " " + f.toAddress(), 1, Integer::sum);
        }
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            // A node talking to itself has two directions with the same addresses.
            boolean self = e.getKey().endsWith(" null null") ? false
                    : e.getKey().split(" ")[1].equals(e.getKey().split(" ")[2]);
            if (e.getValue() > (limit + 1) * (self ? 2 : 1)) {
                throw new AssertionError(e.getValue() + " findings " + e.getKey() + ", limit " + limit);
            }
        }
    }

    /** Turns the input into pipeline calls, keeping what a real pipeline would keep consistent. */
    private static final class Run {
        private final FuzzedDataProvider data;
        private final List<TcpConnection> connections = new ArrayList<>();
        private final Map<TcpDirection, long[]> directions = new HashMap<>();
        MidcommsAnalyzer analyzer;
        long frame;
        private long nanos = 1_700_000_000_000_000_000L;

        Run(FuzzedDataProvider data) {
            this.data = data;
        }

        void step() {
            frame++;
            int timing = data.consumeInt(0, 15);
            nanos += timing < 12 ? data.consumeLong(0, 50_000_000L)
                    : timing < 15 ? data.consumeLong(0, 20_000_000_000L) : -data.consumeLong(0, 2_000_000_000L);
            int op = data.consumeInt(0, 19);
            if (op == 0 || connections.isEmpty()) {
                open();
            } else if (op < 15) {
                message(pick());
            } else if (op < 18) {
                event(pick());
            } else {
                diagnostic(pick());
            }
        }

        private TcpDirection pick() {
            TcpConnection c = connections.get(data.consumeInt(0, connections.size() - 1));
            return new TcpDirection(c, data.consumeBoolean());
        }

        private void open() {
            int client = data.consumeInt(0, NODES.length - 1);
            int server = data.consumeInt(0, 9) == 0 ? client : (client + 1 + data.consumeInt(0, 1)) % NODES.length;
            boolean syn = data.consumeBoolean();
            TcpConnection c = new TcpConnection(connections.size(), new Endpoint(NODES[client], data.consumeInt(1024, 1030)),
                    new Endpoint(NODES[server], 21064), frame, nanos, syn);
            connections.add(c);
            TcpDirection toServer = new TcpDirection(c, true);
            analyzer.onTcpEvent(new TcpEvent(TcpEvent.Kind.OPEN, toServer, frame, nanos, 0, 0));
            if (syn) {
                analyzer.onTcpEvent(new TcpEvent(TcpEvent.Kind.SYN, toServer, frame, nanos, 0, 0));
            }
        }

        /** Per direction: [0] next seq it sends, [1] next stream offset, [2] closed. */
        private long[] state(TcpDirection d) {
            return directions.computeIfAbsent(d, k -> new long[3]);
        }

        private void message(TcpDirection d) {
            long[] st = state(d);
            long[] back = state(new TcpDirection(d.connection(), !d.fromClient()));
            if (st[2] != 0) {
                return;
            }
            int node = nodeOf(d.source().address());
            int nodeid = data.consumeInt(0, 7) == 0 ? data.consumeInt(0, 5) : node;
            int seqChoice = data.consumeInt(0, 9);
            long seq = seqChoice < 7 ? st[0] : seqChoice < 9 ? st[0] + data.consumeInt(-3, 3) : data.consumeInt(0, 5);
            int kind = data.consumeInt(0, 9);
            int version = data.consumeInt(0, 15) == 0 ? DlmBytes.V31 : DlmBytes.V32;
            byte[] m = switch (kind) {
                case 0, 1, 2 -> DlmBytes.opts(version, nodeid, (int) seq, 1, new byte[0],
                        DlmBytes.msg(DlmBytes.V32, DlmBytes.LOCKSPACE, nodeid, DlmBytes.Msg.of(data.consumeInt(1, 14))
                                .nodeid(nodeid).lkid(data.consumeInt(0, 3))));
                case 3, 4 -> DlmBytes.opts(version, nodeid, (int) seq, 2, new byte[0],
                        DlmBytes.rcom(DlmBytes.V32, DlmBytes.LOCKSPACE, nodeid, data.consumeInt(1, 8), 0, 1, seq, back[0],
                                data.consumeBytes(data.consumeInt(0, 40))));
                case 5 -> DlmBytes.opts(version, nodeid, (int) seq, 5, new byte[0], DlmBytes.finInner(nodeid));
                case 6, 7 -> {
                    long ack = data.consumeInt(0, 4) == 0 ? back[0] + data.consumeInt(-5, 5) : back[0];
                    yield DlmBytes.patch32(DlmBytes.ack(nodeid, (int) ack), 0, version);
                }
                case 8 -> data.consumeBoolean()
                        ? DlmBytes.msg(version, DlmBytes.LOCKSPACE, nodeid, DlmBytes.Msg.of(data.consumeInt(1, 14)).nodeid(nodeid))
                        : DlmBytes.rcom(version, DlmBytes.LOCKSPACE, nodeid, data.consumeInt(1, 8), 0, 1, 0, 0, new byte[0]);
                default -> raw();
            };
            if (kind <= 5 && seq == st[0]) {
                st[0]++;
            }
            for (int flips = data.consumeInt(0, 3) == 0 ? data.consumeInt(1, 3) : 0; flips > 0; flips--) {
                m[data.consumeInt(0, m.length - 1)] = data.consumeByte();
            }
            int present = data.consumeInt(0, 7) == 0 ? data.consumeInt(16, m.length) : m.length;
            ByteBuffer bytes = ByteBuffer.wrap(Arrays.copyOf(m, present)).order(ByteOrder.LITTLE_ENDIAN);
            long first = Math.max(1, frame - data.consumeInt(0, 2));
            DissectedMessage dm = new DissectedMessage(frame, first, nanos, d, st[1], bytes, DlmHeader.read(bytes, 0),
                    DlmDecoder.decode(bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN)));
            st[1] += present;
            analyzer.onMessage(dm);
        }

        private byte[] raw() {
            byte[] b = data.consumeBytes(data.consumeInt(16, 200));
            if (b.length < 16) {
                b = Arrays.copyOf(b, 16);
            }
            ByteBuffer w = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            if (data.consumeBoolean()) {
                w.putInt(0, DlmBytes.V32);
                w.putShort(12, (short) b.length);
            }
            return b;
        }

        private void event(TcpDirection d) {
            long[] st = state(d);
            TcpEvent.Kind kind = data.pickValue(new TcpEvent.Kind[] {TcpEvent.Kind.FIN, TcpEvent.Kind.RST,
                TcpEvent.Kind.GAP, TcpEvent.Kind.CLOSE, TcpEvent.Kind.OVERLAP_MISMATCH, TcpEvent.Kind.LIMIT,
                TcpEvent.Kind.SYN});
            long bytes = switch (kind) {
                case GAP -> data.consumeBoolean() ? -1 : data.consumeLong(1, 100_000);
                case CLOSE -> data.consumeInt(0, 2);
                case OVERLAP_MISMATCH, LIMIT -> data.consumeLong(1, 5000);
                default -> 0;
            };
            if (kind == TcpEvent.Kind.GAP) {
                st[1] += Math.max(0, bytes);
            }
            if (kind == TcpEvent.Kind.CLOSE) {
                st[2] = 1;
            }
            analyzer.onTcpEvent(new TcpEvent(kind, d, frame, nanos, bytes, Math.max(0, frame - 1)));
        }

        private void diagnostic(TcpDirection d) {
            String reason = "h_length 9 outside 16..4096 " + printable(data.consumeAsciiString(24));
            analyzer.onStageEvent(new org.dlminspect.pipeline.FramingLost(d, frame, nanos, "dlm.length", reason));
        }

        /** Diagnostics from the pipeline are terminal safe (its own targets check that): keep them so. */
        private static String printable(String s) {
            StringBuilder sb = new StringBuilder(s.length());
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                sb.append(c < 0x20 || c == 0x7F ? '?' : c);
            }
            return sb.toString();
        }

        private static int nodeOf(IpAddress address) {
            for (int i = 0; i < NODES.length; i++) {
                if (NODES[i].equals(address)) {
                    return i + 1;
                }
            }
            return 0;
        }
    }
}
