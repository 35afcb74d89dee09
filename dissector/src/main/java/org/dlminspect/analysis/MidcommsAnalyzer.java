package org.dlminspect.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.dlminspect.Severity;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.dlm.DlmHeader;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.pipeline.CaptureOrder;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.FramingLost;
import org.dlminspect.pipeline.StageEvent;
import org.dlminspect.tcp.TcpEvent;

/**
 * Replays the DLM midcomms state machine (protocol reference §3) over dissected traffic and reports what the
 * kernels did or would have done: lost, retransmitted, duplicated and unacknowledged messages, broken FIN
 * handshakes, version and node id errors, connection failures and nodes that fell silent.
 *
 * <p>This class only routes the pipeline's typed events to the parts that model them (package-info lists which
 * part decides which finding): {@link Connections} (pairs, connections, sockets), {@link MessageRules} (header
 * checks), {@link SenderModel}, {@link ReceiverModel}, {@link AckModel} and {@link FinHandshake} per direction,
 * {@link NodeLiveness} per node, {@link CaptureEnd} at the end. State is kept per ordered node pair, never per TCP
 * connection: a pair may use one connection for both directions or one each way, and sequence numbers carry across
 * reconnects.
 *
 * <p>Findings go to the consumer as soon as they are known; the ones that need the end of the capture are emitted
 * by {@link #onEnd()}. After that, {@link #pairSummaries()} and {@link #verdict()} describe the whole capture.
 * Not thread-safe: feed it from one thread, in time order (pipeline/TimeOrder).
 */
public final class MidcommsAnalyzer implements DissectionListener {
    private final FindingSink findings;
    private final AnalyzerOptions options;
    private final Connections connections;
    private final MessageRules rules;
    private final AckModel acks;
    private final FinHandshake fin;
    private final NodeLiveness liveness;
    private final CaptureEnd end;
    private final ConnectionStories stories = new ConnectionStories();
    private final List<Link> links;

    private long messages;
    private long untrackedMessages;
    private long lastNanos;
    private CaptureOrder captureOrder;
    private boolean ended;
    private Verdict verdict;
    private List<PairSummary> summaries;

    public MidcommsAnalyzer(Consumer<Finding> findings, AnalyzerOptions options) {
        this(findings, options, MemoryBudget.unlimited());
    }

    /** An analyzer whose state is charged to the run's one memory budget (account "analysis"). */
    public MidcommsAnalyzer(Consumer<Finding> findings, AnalyzerOptions options, MemoryBudget budget) {
        this.options = options;
        Account memory = budget.account("analysis");
        this.findings = new FindingSink(findings, options.maxFindingsPerCode(), memory);
        Connections[] late = new Connections[1];
        AnalysisContext ctx = new AnalysisContext(options, this.findings, id -> late[0].streamState(id), memory);
        this.fin = new FinHandshake(ctx);
        this.acks = new AckModel(ctx, fin);
        ReceiverModel rx = new ReceiverModel(ctx, fin, acks);
        this.connections = late[0] = new Connections(ctx, rx, acks, stories);
        this.links = connections.linkOrder;
        this.liveness = new NodeLiveness(options, this.findings);
        this.rules = new MessageRules(ctx, new SenderModel(rx, stories), acks, liveness);
        this.end = new CaptureEnd(ctx, acks, fin);
    }

    public MidcommsAnalyzer(Consumer<Finding> findings) {
        this(findings, AnalyzerOptions.defaults());
    }

    public AnalyzerOptions options() {
        return options;
    }

    // ------------------------------------------------------------------ DissectionListener

    @Override
    public void onMessage(DissectedMessage m) {
        messages++;
        StreamState st = connections.stream(m.direction().connection(), m.frame(), m.epochNanos());
        if (st == null || st.link == null) {
            untrackedMessages++;
            return;
        }
        boolean fromClient = m.direction().fromClient();
        DirectionState d = st.direction(fromClient);
        long frame = m.frame();
        long now = m.epochNanos();
        clock(now);
        liveness.heard(d.sender, frame, now, links);

        if (st.pendingResetFrame >= 0) {
            if (st.pendingResetOfClient == fromClient) st.pendingResetFrame = -1; // it sends: the RST never reached it
            else connections.confirmReset(st);
        }
        DlmHeader h = m.header();
        d.messages++;
        d.bytes += h.length();
        if (!st.carriedData) connections.firstData(st, frame, now);
        if (st.desync(fromClient)) {
            d.untrusted++;
            return;
        }
        if (!rules.knownVersion(d, st, h, frame, now)) return;
        switch (h.cmd()) {
            case 1, 2 -> rules.onUnwrapped(d, st, h, m.array(), m.arrayOffset(), m.length(), frame, now);
            case 3 -> rules.onOpts(d, st, fromClient, h, m.array(), m.arrayOffset(), m.length(), frame, now);
            case 4 -> rules.onAck(d, st, h, frame, now);
            default -> rules.onUnsupported(d, st, h, frame, now);
        }
    }

    @Override
    public void onTcpEvent(TcpEvent e) {
        TcpEvent.Kind k = e.kind();
        if (k == TcpEvent.Kind.CLOSE && !e.direction().fromClient()) {
            // The reassembler closes the client direction, then this one, and never mentions the
            // connection again: forget it, so that state stays bounded by the connections it tracks.
            connections.forget(e.direction().stream());
            return;
        }
        if (k == TcpEvent.Kind.OPEN) connections.opened(e.direction().source());
        StreamState st = connections.stream(e.direction().connection(), e.frame(), e.epochNanos());
        if (st == null || st.link == null) return;
        boolean fromClient = e.direction().fromClient();
        DirectionState d = st.direction(fromClient);
        clock(e.epochNanos());
        if (k == TcpEvent.Kind.FIN || k == TcpEvent.Kind.RST || k == TcpEvent.Kind.SYN) {
            liveness.heard(d.sender, e.frame(), e.epochNanos(), links);
            if (k != TcpEvent.Kind.SYN) {
                boolean answered = fromClient ? st.serverFin : st.clientFin;
                liveness.peerClosed(d, answered, e.frame(), e.epochNanos());
            }
        }
        switch (k) {
            case FIN -> {
                if (fromClient) st.clientFin = true;
                else st.serverFin = true;
                if (st.closed()) connections.connectionEnded(st);
            }
            case RST -> connections.onReset(st, fromClient, e.frame(), e.epochNanos());
            case GAP -> {
                st.markGap(fromClient, e.bytes());
                d.captureGapSeen = true;
                d.unsentPending = false; // the ACK beyond the captured messages is explained: bytes were missing
            }
            case ACKED_AHEAD -> acks.tcpAckedAhead(d, st.stream());
            case CLOSE -> {
                // the reassembler is done with this connection (end of input, 4-tuple reused, evicted)
                if (fromClient) st.clientFin = true;
                else st.serverFin = true;
            }
            default -> { }
        }
    }

    /**
     * Typed events of the other stages: framing lost on a direction ({@code dlm.length}, anomaly A1: the receiving
     * kernel stops parsing that connection, and message boundaries after it are guesses, so later messages on that
     * direction are counted but not analysed), and what the time-ordering stage did to the file.
     */
    @Override
    public void onStageEvent(StageEvent event) {
        if (event instanceof FramingLost lost) onFramingLost(lost);
        else if (event instanceof CaptureOrder order) captureOrder = order;
    }

    private void onFramingLost(FramingLost lost) {
        StreamState st = connections.stream(lost.direction().connection(), lost.frame(), lost.epochNanos());
        boolean fromClient = lost.direction().fromClient();
        if (st == null || st.link == null || st.desync(fromClient)) return;
        st.markDesync(fromClient);
        DirectionState d = st.direction(fromClient);
        findings.report(d, FindingCode.STREAM_DESYNC, Severity.ERROR, lost.frame(), lost.epochNanos(), st.stream(),
                new long[] {lost.frame()}, new long[0], "message framing from " + d.sender.label() + " to "
                        + d.receiver.label() + " on stream " + st.stream() + " is lost at frame " + FrameRef.text(lost.frame())
                        + " (" + lost.reason() + "): " + d.receiver.label() + "'s kernel logs 'received invalid"
                        + " length header' and stops parsing this connection; later messages on it are counted but"
                        + " not analysed");
    }

    @Override
    public void onEnd() {
        if (ended) return;
        ended = true;
        connections.end();
        liveness.end(links, nodesInPairOrder(), lastNanos);
        for (Link l : links) {
            end.endOfCapture(l.aToB, lastNanos);
            end.endOfCapture(l.bToA, lastNanos);
        }
        end.reportCaptureOrder(captureOrder, lastNanos);
        findings.end();
        summaries = end.summaries(links);
        verdict = end.verdict(links, messages, untrackedMessages);
    }

    private void clock(long now) {
        if (now > lastNanos) lastNanos = now;
        fin.tick(now);
    }

    private List<Node> nodesInPairOrder() {
        List<Node> out = new ArrayList<>();
        for (Link l : links) {
            if (!out.contains(l.a)) out.add(l.a);
            if (!out.contains(l.b)) out.add(l.b);
        }
        return out;
    }

    // ------------------------------------------------------------------ results

    /** One entry per node pair, ordered by address; complete after {@link #onEnd()}. */
    public List<PairSummary> pairSummaries() {
        return summaries != null ? summaries : end.summaries(links);
    }

    /** The one-line conclusion; complete after {@link #onEnd()}. */
    public Verdict verdict() {
        return verdict != null ? verdict : end.verdict(links, messages, untrackedMessages);
    }

    /** Findings of severity {@code s} so far, including ones beyond the per-code limit that were only counted. */
    public long count(Severity s) {
        return findings.count(s);
    }

    /** The findings grouped into the episodes of the story, in order of their first finding; complete after {@link #onEnd()}. */
    public List<Episode> episodes() {
        return findings.episodes();
    }

    /** Each connection failure told from start to end (reset, refused connects, reconnect, retransmissions). */
    public List<Story> stories() {
        return stories.stories();
    }

    /** DLM messages received from the pipeline. */
    public long messages() {
        return messages;
    }

    /** 64-bit hash of the captured message bytes (tests: repeats are told from reused seqs by it). */
    static long hash(java.nio.ByteBuffer b) {
        return MessageHash.of(b);
    }
}
