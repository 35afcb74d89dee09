package org.dlminspect.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dlminspect.Severity;
import org.dlminspect.dlm.DlmHeader;
import org.dlminspect.net.Endpoint;
import org.dlminspect.net.IpAddress;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.FramingLost;
import org.dlminspect.tcp.TcpConnection;
import org.dlminspect.tcp.TcpDirection;
import org.dlminspect.tcp.TcpEvent;
import org.dlminspect.testkit.DlmBytes;

/**
 * Feeds a {@link MidcommsAnalyzer} the way the pipeline would: TCP events and dissected messages, in capture
 * order, each send being one frame. Node N has address 10.99.0.N and node id N. Messages are real DLM bytes built
 * with {@link DlmBytes}; the decoded PDU is null, as the analyzer must not need it.
 */
final class Wire {
    static final long T0 = 1_795_554_056_000_000_000L;

    final List<Finding> findings = new ArrayList<>();
    final MidcommsAnalyzer analyzer;
    private long frame;
    private long nanos = T0;
    private int nextStream;
    private int nextPort = 40000;
    private final Map<TcpDirection, Long> offsets = new HashMap<>();

    Wire() {
        this(AnalyzerOptions.defaults());
    }

    Wire(AnalyzerOptions options) {
        this(options, org.dlminspect.memory.MemoryBudget.unlimited());
    }

    Wire(AnalyzerOptions options, org.dlminspect.memory.MemoryBudget budget) {
        analyzer = new MidcommsAnalyzer(findings::add, options, budget);
    }

    static IpAddress ip(int node) {
        return IpAddress.parse("10.99.0." + node);
    }

    /** Advances the clock by {@code ms} milliseconds. */
    Wire after(double ms) {
        nanos += (long) (ms * 1_000_000);
        return this;
    }

    long now() {
        return nanos;
    }

    long lastFrame() {
        return frame;
    }

    /**
     * Opens a connection from {@code client} to {@code server}'s port 21064 (SYN seen unless {@code midStream}) and
     * returns its client-to-server direction.
     */
    TcpDirection connect(int client, int server) {
        return connect(client, server, true);
    }

    TcpDirection connect(int client, int server, boolean sawSyn) {
        frame++;
        after(0.01);
        TcpConnection c = new TcpConnection(nextStream++, new Endpoint(ip(client), nextPort++),
                new Endpoint(ip(server), 21064), frame, nanos, sawSyn);
        TcpDirection d = new TcpDirection(c, true);
        analyzer.onTcpEvent(new TcpEvent(TcpEvent.Kind.OPEN, d, frame, nanos, 0, 0));
        if (sawSyn) analyzer.onTcpEvent(new TcpEvent(TcpEvent.Kind.SYN, d, frame, nanos, 0, 0));
        return d;
    }

    static TcpDirection reverse(TcpDirection d) {
        return new TcpDirection(d.connection(), !d.fromClient());
    }

    /** One frame on {@code d} carrying {@code messages} back to back; returns its frame number. */
    long send(TcpDirection d, byte[]... messages) {
        frame++;
        after(0.05);
        for (byte[] m : messages) deliver(d, m, m.length);
        return frame;
    }

    /** One frame carrying only the first {@code captured} bytes of {@code message} (snaplen). */
    long sendTruncated(TcpDirection d, byte[] message, int captured) {
        frame++;
        after(0.05);
        deliver(d, message, captured);
        return frame;
    }

    private void deliver(TcpDirection d, byte[] m, int captured) {
        ByteBuffer b = ByteBuffer.wrap(m.clone(), 0, captured).slice().order(ByteOrder.LITTLE_ENDIAN);
        DlmHeader h = DlmHeader.read(ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN), 0);
        long off = offsets.getOrDefault(d, 0L);
        offsets.put(d, off + m.length);
        analyzer.onMessage(new DissectedMessage(frame, frame, nanos, d, off, b, h, null));
    }

    long event(TcpEvent.Kind kind, TcpDirection d, long bytes) {
        frame++;
        after(0.05);
        analyzer.onTcpEvent(new TcpEvent(kind, d, frame, nanos, bytes, 0));
        return frame;
    }

    /** An RST sent by the source of {@code d}. */
    long rst(TcpDirection d) {
        return event(TcpEvent.Kind.RST, d, 0);
    }

    long tcpFin(TcpDirection d) {
        return event(TcpEvent.Kind.FIN, d, 0);
    }

    /** {@code bytes} missing from the capture on {@code d} before the next data. */
    long gap(TcpDirection d, long bytes) {
        return event(TcpEvent.Kind.GAP, d, bytes);
    }

    /** The framer lost message boundaries on {@code d} at frame {@code atFrame} (a typed event, as the Dissector sends it). */
    void framingLost(TcpDirection d, long atFrame) {
        analyzer.onStageEvent(new FramingLost(d, atFrame, nanos, "dlm.length", "h_length 3 outside 16..4096"));
    }

    void end() {
        analyzer.onEnd();
    }

    // ------------------------------------------------------------------ message builders

    /** A DLM_MSG REQUEST from {@code node}, content varied by {@code lkid}. */
    static byte[] request(int node, int lkid) {
        return DlmBytes.msg(DlmBytes.V32, DlmBytes.LOCKSPACE, node,
                DlmBytes.Msg.of(1).lkid(lkid).modes(-1, 5).hash(0x1234).name("res" + lkid));
    }

    /** OPTS seq {@code seq} from {@code node} wrapping a REQUEST whose lkid is {@code seq + 1}. */
    static byte[] data(int node, long seq) {
        return DlmBytes.opts(node, (int) seq, request(node, (int) seq + 1));
    }

    /** Like {@link #data} with different content for the same seq. */
    static byte[] otherData(int node, long seq) {
        return DlmBytes.opts(node, (int) seq, request(node, (int) seq + 1000));
    }

    static byte[] ack(int node, long nextExpected) {
        return DlmBytes.ack(node, (int) nextExpected);
    }

    static byte[] fin(int node, long seq) {
        return DlmBytes.fin(node, (int) seq);
    }

    static byte[] status(int node) {
        return DlmBytes.rcom(DlmBytes.V32, DlmBytes.LOCKSPACE, node, 1, 0, 1, 1, 0, DlmBytes.rcomStatus(0));
    }

    static byte[] statusReply(int node) {
        return DlmBytes.rcom(DlmBytes.V32, DlmBytes.LOCKSPACE, node, 5, 0, 1, 1, 1, DlmBytes.rcomConfig(32, 0, 1, 1));
    }

    /** Messages {@code from}..{@code to} (inclusive) from {@code node}. */
    static byte[][] range(int node, long from, long to) {
        byte[][] out = new byte[(int) (to - from + 1)][];
        for (long s = from; s <= to; s++) out[(int) (s - from)] = data(node, s);
        return out;
    }

    // ------------------------------------------------------------------ assertions

    List<Finding> of(String code) {
        return findings.stream().filter(f -> f.code().equals(code)).toList();
    }

    Finding only(String code) {
        List<Finding> l = of(code);
        if (l.size() != 1) fail("expected exactly one " + code + " finding, got " + l.size() + ":\n" + dump());
        return l.get(0);
    }

    List<Finding> atLeast(Severity s) {
        return findings.stream().filter(f -> f.severity().atLeast(s)).toList();
    }

    void assertNoWarnings() {
        List<Finding> bad = atLeast(Severity.WARN);
        if (!bad.isEmpty()) fail("unexpected warnings/errors:\n" + dump());
    }

    void assertNothing() {
        if (!findings.isEmpty()) fail("unexpected findings:\n" + dump());
    }

    void assertCodes(String... codes) {
        List<String> got = findings.stream().map(Finding::code).sorted().toList();
        List<String> want = java.util.Arrays.stream(codes).sorted().toList();
        assertEquals(want, got, dump());
    }

    String dump() {
        StringBuilder sb = new StringBuilder();
        for (Finding f : findings) sb.append("  ").append(f).append(" frames=").append(f.frames())
                .append(" seqs=").append(f.seqs()).append('\n');
        return sb.toString();
    }

    PairSummary pair() {
        List<PairSummary> p = analyzer.pairSummaries();
        assertEquals(1, p.size());
        return p.get(0);
    }

    /** Direction summary from node {@code from} (1 or 2) of the only pair. */
    DirectionSummary dir(int from) {
        PairSummary p = pair();
        return p.aToB().fromNode() == from ? p.aToB() : p.bToA();
    }
}
