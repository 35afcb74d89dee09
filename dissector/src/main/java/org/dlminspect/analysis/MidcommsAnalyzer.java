package org.dlminspect.analysis;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.dlminspect.Severity;
import org.dlminspect.dlm.DlmHeader;
import org.dlminspect.dlm.DlmOpts;
import org.dlminspect.dlm.DlmOptsHeader;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.memory.MemorySize;
import org.dlminspect.net.IpAddress;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.CaptureOrder;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.FramingLost;
import org.dlminspect.pipeline.StageEvent;
import org.dlminspect.tcp.TcpConnection;
import org.dlminspect.tcp.TcpEvent;

/**
 * Replays the DLM midcomms state machine (protocol reference §3) over dissected traffic and reports what the
 * kernels did or would have done: lost, retransmitted, duplicated and unacknowledged messages, broken FIN
 * handshakes, version and node id errors.
 *
 * <p>State is kept per ordered node pair, never per TCP connection: a pair may use one connection for both
 * directions or one each way, and sequence numbers carry across reconnects. Node pairs are identified by their
 * addresses (TCP DLM uses one address per node, §1.1) and labelled with the node ids learnt from h_nodeid.
 *
 * <p>Findings go to the consumer as soon as they are known; the ones that need the end of the capture
 * (unacknowledged messages, unfinished handshakes, summaries of rate-limited findings) are emitted by
 * {@link #onEnd()}. After that, {@link #pairSummaries()} and {@link #verdict()} describe the whole capture.
 * Not thread-safe: feed it from one thread, in capture order.
 */
public final class MidcommsAnalyzer implements DissectionListener {
    private static final long V31 = DlmHeader.VERSION_3_1;
    private static final long V32 = DlmHeader.VERSION_3_2;
    private static final StreamState EVICTED = new StreamState(null, null, null, null);
    private static final FindingCode[] CODES = FindingCode.values();

    private final FindingSink findings;
    private final AnalyzerOptions options;
    private final NodeLiveness liveness;
    /** Every pair, connection and message ring is charged here ({@link AnalysisCost}, {@link SeqRing}). */
    private final Account memory;
    private boolean memoryReported;

    private final Map<IpAddress, Node> nodes = new HashMap<>();
    private final Map<Long, Node> nodesById = new HashMap<>();
    private final Map<LinkKey, Link> links = new HashMap<>();
    private final List<Link> linkOrder = new ArrayList<>();
    /** Per TCP stream id; EVICTED for streams no longer (or never) analysed. Emptied at CLOSE: bounded by the reassembler's connections. */
    private final Map<Integer, StreamState> streams = new HashMap<>();
    private int liveStreams;
    private int nextEvictionAt;
    private final List<DirectionState> finWaiters = new ArrayList<>();
    private long nextTimerNanos = Long.MAX_VALUE;


    private long messages;
    private long untrackedMessages;
    private boolean pairLimitReported;
    private boolean streamLimitReported;
    private long lastNanos;
    private long lastFrame;
    private CaptureOrder captureOrder;
    /** Connections with a later RST whose effect is not known yet (see {@link StreamState#pendingResetFrame}). */
    private final List<StreamState> pendingResets = new ArrayList<>();
    private boolean ended;
    private Verdict verdict;
    private List<PairSummary> summaries;

    private record LinkKey(IpAddress low, IpAddress high) { }

    public MidcommsAnalyzer(Consumer<Finding> findings, AnalyzerOptions options) {
        this(findings, options, MemoryBudget.unlimited());
    }

    /** An analyzer whose state is charged to the run's one memory budget (account "analysis"). */
    public MidcommsAnalyzer(Consumer<Finding> findings, AnalyzerOptions options, MemoryBudget budget) {
        this.findings = new FindingSink(findings, options.maxFindingsPerCode());
        this.options = options;
        this.liveness = new NodeLiveness(options, this.findings);
        this.memory = budget.account("analysis");
        this.nextEvictionAt = options.maxTrackedStreams();
    }

    public MidcommsAnalyzer(Consumer<Finding> findings) {
        this(findings, AnalyzerOptions.defaults());
    }

    public AnalyzerOptions options() {
        return options;
    }

    Account memory() {
        return memory;
    }

    // ------------------------------------------------------------------ DissectionListener

    @Override
    public void onMessage(DissectedMessage m) {
        messages++;
        StreamState st = stream(m.direction().connection(), m.frame(), m.epochNanos());
        if (st == null || st.link == null) {
            untrackedMessages++;
            return;
        }
        boolean fromClient = m.direction().fromClient();
        DirectionState d = st.direction(fromClient);
        long frame = m.frame();
        long now = m.epochNanos();
        clock(frame, now);
        liveness.heard(d.sender, frame, now, linkOrder);

        if (st.pendingResetFrame >= 0) {
            if (st.pendingResetOfClient == fromClient) st.pendingResetFrame = -1; // it sends: the RST never reached it
            else confirmReset(st);
        }
        DlmHeader h = m.header();
        d.messages++;
        d.bytes += h.length();
        if (!st.carriedData) firstData(st, frame, now);
        if (st.desync(fromClient)) {
            d.untrusted++;
            return;
        }
        long version = h.version();
        if (version != V31 && version != V32) {
            report(d, FindingCode.VERSION_UNKNOWN, Severity.ERROR, frame, now, st.stream(), new long[] {frame},
                    new long[0], d.sender.label() + " sends h_version " + Text.hex32(version) + " (h_cmd "
                            + h.cmd() + "), neither 3.1 nor 3.2: " + d.receiver.label() + "'s kernel skips the message"
                            + " ('received invalid version header')");
            return;
        }
        switch (h.cmd()) {
            case 1, 2 -> onUnwrapped(d, st, h, m.bytes(), frame, now);
            case 3 -> onOpts(d, st, fromClient, h, m.bytes(), frame, now);
            case 4 -> onAck(d, st, h, frame, now);
            case 5 -> {
                learnNode(d, h.nodeid(), frame, now, st);
                report(d, FindingCode.CMD_UNSUPPORTED, Severity.ERROR, frame, now, st.stream(), new long[] {frame},
                        new long[0], d.sender.label() + " sends a bare DLM_FIN (not wrapped in OPTS): "
                                + d.receiver.label() + "'s kernel drops it ('unsupported h_cmd received: 5') and the"
                                + " FIN handshake does not advance");
            }
            default -> {
                learnNode(d, h.nodeid(), frame, now, st);
                report(d, FindingCode.CMD_UNSUPPORTED, Severity.ERROR, frame, now, st.stream(), new long[] {frame},
                        new long[0], d.sender.label() + " sends h_cmd " + h.cmd() + ", which is not a DLM command: "
                                + d.receiver.label() + "'s kernel skips it ('unsupported h_cmd received')");
            }
        }
    }

    @Override
    public void onTcpEvent(TcpEvent e) {
        if (e.kind() == TcpEvent.Kind.CLOSE && !e.direction().fromClient()) {
            // The reassembler closes the client direction, then this one, and never mentions the
            // connection again: forget it, so that state stays bounded by the connections it tracks.
            StreamState gone = streams.remove(e.direction().stream());
            if (gone != null && gone != EVICTED && gone.pendingResetFrame >= 0) confirmReset(gone);
            if (gone != null && gone != EVICTED) {
                if (gone.link != null) gone.clientFin = gone.serverFin = true;
                liveStreams--;
                memory.release(AnalysisCost.STREAM);
            }
            return;
        }
        if (e.kind() == TcpEvent.Kind.OPEN && !pendingResets.isEmpty()) confirmResetsOf(e.direction().source());
        StreamState st = stream(e.direction().connection(), e.frame(), e.epochNanos());
        if (st == null || st.link == null) return;
        boolean fromClient = e.direction().fromClient();
        clock(e.frame(), e.epochNanos());
        TcpEvent.Kind k = e.kind();
        if (k == TcpEvent.Kind.FIN || k == TcpEvent.Kind.RST || k == TcpEvent.Kind.SYN) {
            DirectionState d = st.direction(fromClient);
            liveness.heard(d.sender, e.frame(), e.epochNanos(), linkOrder);
            if (k != TcpEvent.Kind.SYN) {
                boolean answered = fromClient ? st.serverFin : st.clientFin;
                liveness.peerClosed(d, answered, e.frame(), e.epochNanos());
            }
        }
        switch (e.kind()) {
            case FIN -> {
                if (fromClient) st.clientFin = true;
                else st.serverFin = true;
                if (st.closed()) connectionEnded(st);
            }
            case RST -> onReset(st, fromClient, e.frame(), e.epochNanos());
            case GAP -> {
                st.markGap(fromClient, e.bytes());
                DirectionState d = st.direction(fromClient);
                d.captureGapSeen = true;
                d.unsentPending = false; // the ACK beyond the captured messages is explained: bytes were missing
            }
            case ACKED_AHEAD -> st.direction(fromClient).tcpAckedAhead(st.stream());
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
        StreamState st = stream(lost.direction().connection(), lost.frame(), lost.epochNanos());
        boolean fromClient = lost.direction().fromClient();
        if (st == null || st.link == null || st.desync(fromClient)) return;
        st.markDesync(fromClient);
        DirectionState d = st.direction(fromClient);
        report(d, FindingCode.STREAM_DESYNC, Severity.ERROR, lost.frame(), lost.epochNanos(), st.stream(),
                new long[] {lost.frame()}, new long[0], "message framing from " + d.sender.label() + " to "
                        + d.receiver.label() + " on stream " + st.stream() + " is lost at frame " + lost.frame()
                        + " (" + lost.reason() + "): " + d.receiver.label() + "'s kernel logs 'received invalid"
                        + " length header' and stops parsing this connection; later messages on it are counted but"
                        + " not analysed");
    }

    @Override
    public void onEnd() {
        if (ended) return;
        ended = true;
        for (StreamState st : new ArrayList<>(pendingResets)) confirmReset(st);
        for (Link l : linkOrder) flushRefused(l);
        liveness.end(linkOrder, nodesInPairOrder(), lastNanos);
        for (Link l : linkOrder) {
            endOfCapture(l.aToB);
            endOfCapture(l.bToA);
        }
        reportCaptureOrder();
        findings.end();
        summaries = buildSummaries();
        verdict = buildVerdict();
    }

    private List<Node> nodesInPairOrder() {
        List<Node> out = new ArrayList<>();
        for (Link l : linkOrder) {
            if (!out.contains(l.a)) out.add(l.a);
            if (!out.contains(l.b)) out.add(l.b);
        }
        return out;
    }

    // ------------------------------------------------------------------ results

    /** One entry per node pair, ordered by address; complete after {@link #onEnd()}. */
    public List<PairSummary> pairSummaries() {
        return summaries != null ? summaries : buildSummaries();
    }

    /** The one-line conclusion; complete after {@link #onEnd()}. */
    public Verdict verdict() {
        return verdict != null ? verdict : buildVerdict();
    }

    /** Findings of severity {@code s} so far, including ones beyond the per-code limit that were only counted. */
    public long count(Severity s) {
        return findings.count(s);
    }

    /** The findings grouped into the episodes of the story, in order of their first finding; complete after {@link #onEnd()}. */
    public List<Episode> episodes() {
        return findings.episodes();
    }

    /** DLM messages received from the pipeline. */
    public long messages() {
        return messages;
    }

    // ------------------------------------------------------------------ message kinds

    private void onUnwrapped(DirectionState d, StreamState st, DlmHeader h, ByteBuffer b, long frame, long now) {
        learnNode(d, h.nodeid(), frame, now, st);
        if (!checkVersion(d, st, h.version(), frame, now)) return;
        if (h.nodeid() != d.sender.nodeid && d.sender.nodeid >= 0) {
            report(d, FindingCode.NODEID_MISMATCH, Severity.ERROR, frame, now, st.stream(), new long[] {frame},
                    new long[0], d.sender.address + " (" + d.sender.label() + ") sends a " + (h.cmd() == 1 ? "DLM_MSG"
                            : "DLM_RCOM") + " with h_nodeid " + h.nodeid() + ": " + d.receiver.label()
                            + "'s kernel drops it ('invalid h_nodeid " + h.nodeid() + " from " + d.sender.nodeid + "')");
        }
        long type = DlmOptsHeader.typeAt(b, 0, h.cmd());
        if (h.cmd() == 2) liveness.rcom(d.sender, d.receiver, frame, now);
        else liveness.message(d.sender, d.receiver, type, frame, now);
        int rcomType = h.cmd() == 2 ? (int) type : -1;
        boolean versionRcom = rcomType == 1 || rcomType == 2 || rcomType == 5 || rcomType == 6;
        if (h.version() == V32 && d.reverse.version == V32 && (h.cmd() == 1 || (rcomType >= 0 && !versionRcom))) {
            report(d, FindingCode.CMD_UNSUPPORTED, Severity.ERROR, frame, now, st.stream(), new long[] {frame},
                    new long[0], d.sender.label() + " sends an unwrapped " + (h.cmd() == 1 ? "DLM_MSG"
                            : "DLM_RCOM of type " + rcomType) + " with a 3.2 header to " + d.receiver.label()
                            + ", a 3.2 node: its kernel drops it (" + (h.cmd() == 1 ? "'unsupported h_cmd received: 1'"
                            : "'unsupported rcom type received: " + rcomType + "'") + "); 3.2 peers must wrap it in OPTS");
        }
        MidcommsState rs = d.reverse.state;
        if (versionRcom && rs != MidcommsState.ESTABLISHED && rs != MidcommsState.CLOSED) {
            report(d, FindingCode.SESSION_RESTART, Severity.WARN, frame, now, st.stream(), new long[] {frame},
                    new long[0], d.receiver.label() + " receives a recovery RCOM (type " + rcomType + ") from "
                            + d.sender.label() + " while in state " + rs + ": a 5.14-6.5 kernel logs 'reset node "
                            + d.sender.shortLabel() + " because shutdown stuck' and restarts both sequence numbers"
                            + " at 0; 6.6 and later keep the session");
        }
        if (d.state == MidcommsState.CLOSED && !d.senderResetDone) d.state = MidcommsState.ESTABLISHED;
        if (d.reverse.state == MidcommsState.CLOSED && !d.reverse.senderResetDone) {
            d.reverse.state = MidcommsState.ESTABLISHED;
        }
    }

    private void onOpts(DirectionState d, StreamState st, boolean fromClient, DlmHeader h, ByteBuffer b,
                        long frame, long now) {
        long seq = h.seq();
        int len = h.length();
        int limit = b.limit();
        String invalid = null;
        int nextcmd = -1;
        int optlen = -1;
        int remaining = -1;
        DlmHeader inner = null;
        DlmOptsHeader view = len < DlmOpts.SIZE ? null : DlmOptsHeader.read(b, h);
        if (len < DlmOpts.SIZE) {
            invalid = "h_length " + len + " is below the 24-byte OPTS header";
        } else if (view != null) {
            nextcmd = view.nextcmd();
            optlen = view.optlen();
            remaining = view.innerRoom();
            int min = minimumFor(nextcmd);
            if (remaining < 0) {
                invalid = "o_optlen " + optlen + " exceeds the " + (len - DlmOpts.SIZE) + " bytes after the OPTS header";
            } else if (min < 0) {
                invalid = "o_nextcmd " + nextcmd + " is not MSG, RCOM or FIN ('unsupported o_nextcmd received')";
            } else if (remaining < min) {
                invalid = remaining + " bytes remain for the inner " + cmdName(nextcmd) + ", fewer than " + min;
            } else if (view.inner() != null) {
                inner = view.inner();
                int innerMin = minimumFor(inner.cmd());
                if (innerMin < 0) {
                    invalid = "inner h_cmd " + inner.cmd() + " is not MSG, RCOM or FIN"
                            + " ('unsupported inner h_cmd received')";
                } else if (inner.length() < innerMin) {
                    invalid = "inner h_length " + inner.length() + " is below the " + innerMin + " bytes of an "
                            + cmdName(inner.cmd());
                }
            }
        }
        if (inner != null && invalid == null) {
            if (inner.cmd() == 2) liveness.rcom(d.sender, d.receiver, frame, now);
            else liveness.message(d.sender, d.receiver, view.innerType(), frame, now);
        }
        boolean innerApp = inner != null && (inner.cmd() == 1 || inner.cmd() == 2);
        learnNode(d, innerApp ? inner.nodeid() : h.nodeid(), frame, now, st);
        if (h.version() == V31) {
            report(d, FindingCode.CMD_UNSUPPORTED, Severity.ERROR, frame, now, st.stream(), new long[] {frame},
                    new long[] {seq}, d.sender.label() + " sends DLM_OPTS seq " + seq + " with a 3.1 header: "
                            + d.receiver.label() + "'s kernel drops it ('unsupported h_cmd received: 3'), OPTS exist"
                            + " only in 3.2");
            return;
        }
        boolean versionWasUnknown = d.version == 0;
        if (!checkVersion(d, st, h.version(), frame, now)) return;
        if (invalid != null) {
            report(d, FindingCode.OPTS_INVALID, Severity.ERROR, frame, now, st.stream(), new long[] {frame},
                    new long[] {seq}, d.sender.label() + "'s OPTS seq " + seq + " to " + d.receiver.label()
                            + " is malformed: " + invalid + "; the receiving kernel drops it before sequence handling"
                            + " ('opts msg too small' or similar), so seq " + seq + " is not consumed and the messages"
                            + " after it look out of order to it");
            d.onInvalidOpts(seq, st, frame, now);
            st.clearGap(fromClient);
            return;
        }
        if (innerApp && d.sender.nodeid >= 0 && inner.nodeid() != d.sender.nodeid) {
            report(d, FindingCode.NODEID_MISMATCH, Severity.ERROR, frame, now, st.stream(), new long[] {frame},
                    new long[] {seq}, d.sender.address + " (" + d.sender.label() + ") wraps a " + cmdName(inner.cmd())
                            + " with inner h_nodeid " + inner.nodeid() + " in OPTS seq " + seq + ": "
                            + d.receiver.label() + "'s kernel consumes the seq, then drops the message ('invalid h_nodeid "
                            + inner.nodeid() + " from " + d.sender.nodeid + "')");
        }
        if (d.sender.nodeid >= 0 && h.nodeid() != d.sender.nodeid) {
            report(d, FindingCode.NODEID_MISMATCH, Severity.WARN, frame, now, st.stream(), new long[] {frame},
                    new long[] {seq}, d.sender.address + " (" + d.sender.label() + ") sends OPTS seq " + seq
                            + " with outer h_nodeid " + h.nodeid() + ": the kernel does not check the outer node id,"
                            + " so this points to corruption or a forged header");
        }
        if (inner != null && inner.cmd() != nextcmd) {
            report(d, FindingCode.OPTS_NEXTCMD_MISMATCH, Severity.WARN, frame, now, st.stream(), new long[] {frame},
                    new long[] {seq}, "OPTS seq " + seq + " from " + d.sender.label() + " says o_nextcmd " + nextcmd
                            + " (" + cmdName(nextcmd) + ") but wraps h_cmd " + inner.cmd() + " (" + cmdName(inner.cmd())
                            + "): " + d.receiver.label() + "'s kernel does not compare them and dispatches on the"
                            + " inner h_cmd");
        }
        if (inner != null && inner.length() != remaining) {
            report(d, FindingCode.OPTS_INNER_LENGTH, Severity.ERROR, frame, now, st.stream(), new long[] {frame},
                    new long[] {seq}, "OPTS seq " + seq + " from " + d.sender.label() + " wraps an inner h_length of "
                            + inner.length() + " but carries " + remaining + " bytes after its header and options: "
                            + d.receiver.label() + "'s kernel uses the inner length"
                            + (inner.length() > remaining ? " and reads past the end of the message"
                                    : " and ignores the trailing " + (remaining - inner.length()) + " bytes"));
        }
        if (optlen > 0) {
            report(d, FindingCode.OPTS_OPTIONS, Severity.NOTE, frame, now, st.stream(), new long[] {frame},
                    new long[] {seq}, "OPTS seq " + seq + " from " + d.sender.label() + " carries o_optlen " + optlen
                            + ": no kernel sends options; " + d.receiver.label() + "'s kernel skips them unparsed");
        }
        boolean innerFin = inner != null ? inner.cmd() == 5 : nextcmd == 5;
        boolean sessionStart = d.senderResetDone || d.receiverResetDone || !d.baselined ? seq == 0 : d.firstSeq == 0;
        if (!innerFin && sessionStart) {
            if (versionWasUnknown && d.startVisible) {
                report(d, FindingCode.VERSION_UNDETECTED, Severity.WARN, frame, now, st.stream(), new long[] {frame},
                        new long[] {seq}, d.sender.label() + " sends OPTS seq " + seq + " before " + d.receiver.label()
                                + " has received anything from it in this session: a 5.14-6.5 kernel drops it"
                                + " ('received dlm opts message nextcmd " + nextcmd + " from node "
                                + d.sender.shortLabel() + " in an invalid sequence'); 6.6 and later accept it and"
                                + " detect version 3.2 from it");
            }
            if (d.reverse.version == 0 && d.reverse.startVisible) {
                report(d, FindingCode.VERSION_UNDETECTED, Severity.WARN, frame, now, st.stream(), new long[] {frame},
                        new long[] {seq}, d.sender.label() + " sends OPTS seq " + seq + " before it has received"
                                + " anything from " + d.receiver.label() + " in this session, so it cannot know "
                                + d.receiver.label() + "'s version: a sane kernel refuses such a send with a WARN in"
                                + " dlm_midcomms_get_mhandle");
            }
        }
        boolean complete = limit >= len;
        long hash = hash(b);
        boolean gapBefore = st.gapPending(fromClient);
        long gapBytes = st.missingBytes(fromClient);
        st.clearGap(fromClient);
        d.onOpts(seq, innerFin, hash, complete, st, gapBefore, gapBytes, !st.socketReset(!fromClient), frame, now);
    }

    private void onAck(DirectionState d, StreamState st, DlmHeader h, long frame, long now) {
        learnNode(d, h.nodeid(), frame, now, st);
        if (h.version() == V31) {
            report(d, FindingCode.CMD_UNSUPPORTED, Severity.ERROR, frame, now, st.stream(), new long[] {frame},
                    new long[] {h.seq()}, d.sender.label() + " sends DLM_ACK " + h.seq() + " with a 3.1 header: "
                            + d.receiver.label() + "'s kernel drops it ('unsupported h_cmd received: 4')");
            return;
        }
        if (!checkVersion(d, st, h.version(), frame, now)) return;
        if (d.sender.nodeid >= 0 && h.nodeid() != d.sender.nodeid) {
            report(d, FindingCode.NODEID_MISMATCH, Severity.WARN, frame, now, st.stream(), new long[] {frame},
                    new long[] {h.seq()}, d.sender.address + " (" + d.sender.label() + ") sends DLM_ACK " + h.seq()
                            + " with h_nodeid " + h.nodeid() + ": the kernel does not check it, so this points to"
                            + " corruption or a forged header");
        }
        d.acksSent++;
        // an ACK shows its sender's seq_next whichever connection it travels on, even one whose other end was reset
        d.reverse.onAck(h.seq(), st, frame, now);
    }

    /** Version as R detects it from S's messages (§3.3); false when R drops the message. */
    private boolean checkVersion(DirectionState d, StreamState st, long version, long frame, long now) {
        if (d.version == 0) {
            d.version = version;
            d.lastVersion = version;
            return true;
        }
        if (d.version == version) return true;
        report(d, FindingCode.VERSION_MISMATCH, Severity.ERROR, frame, now, st.stream(), new long[] {frame},
                new long[0], d.sender.label() + " sends a " + versionText(version) + " message to "
                        + d.receiver.label() + " after " + versionText(d.version) + " ones in the same session: "
                        + d.receiver.label() + "'s kernel drops it ('version mismatch detected, assumed "
                        + Text.hex32(d.version) + " but node " + d.sender.shortLabel() + " has " + Text.hex32(version)
                        + "')");
        return false;
    }

    private void learnNode(DirectionState d, long claimed, long frame, long now, StreamState st) {
        Node s = d.sender;
        if (s.nodeid >= 0) return;
        s.nodeid = claimed;
        Node other = nodesById.putIfAbsent(claimed, s);
        if (other != null && other != s) {
            report(d, FindingCode.NODEID_MISMATCH, Severity.WARN, frame, now, st.stream(), new long[] {frame},
                    new long[0], s.address + " sends as node " + claimed + ", which " + other.address
                            + " already uses: a kernel maps each configured address to one node id and refuses"
                            + " connections from others ('connect from non cluster node')");
        }
    }

    private static int minimumFor(int cmd) {
        return switch (cmd) {
            case 1 -> 88;
            case 2 -> 48;
            case 5 -> 16;
            default -> -1;
        };
    }

    private static String cmdName(int cmd) {
        return switch (cmd) {
            case 1 -> "DLM_MSG";
            case 2 -> "DLM_RCOM";
            case 3 -> "DLM_OPTS";
            case 4 -> "DLM_ACK";
            case 5 -> "DLM_FIN";
            default -> "command " + cmd;
        };
    }

    private static String versionText(long v) {
        return v == V31 ? "3.1" : v == V32 ? "3.2" : Text.hex32(v);
    }

    private static final java.lang.invoke.VarHandle LONG_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** 64-bit hash of the captured message bytes, to tell byte-identical repeats from reused sequence numbers. */
    static long hash(ByteBuffer b) {
        int n = b.limit();
        long h = 0x9E3779B97F4A7C15L ^ n;
        int i = 0;
        // One multiply per word and a full mix at the end, reading the backing array directly: hashing
        // every OPTS was a sixth of the analysis time.
        if (b.hasArray() && b.order() == java.nio.ByteOrder.LITTLE_ENDIAN) {
            byte[] a = b.array();
            int off = b.arrayOffset();
            for (; i + 8 <= n; i += 8) h = Long.rotateLeft((h ^ (long) LONG_LE.get(a, off + i)) * 0x9E3779B97F4A7C15L, 31);
        } else {
            for (; i + 8 <= n; i += 8) h = Long.rotateLeft((h ^ b.getLong(i)) * 0x9E3779B97F4A7C15L, 31);
        }
        long tail = 0;
        for (int k = 0; i < n; i++, k += 8) tail |= (b.get(i) & 0xFFL) << k;
        return mix(h ^ tail);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    // ------------------------------------------------------------------ connections

    private StreamState stream(TcpConnection c, long frame, long now) {
        int id = c.stream();
        if (id < 0) return null;
        StreamState s = streams.get(id);
        if (s == EVICTED) return null;
        if (s != null) return s;
        if (liveStreams >= nextEvictionAt) evictClosedStreams(frame, now);
        if (liveStreams >= options.maxTrackedStreams() || !admit(AnalysisCost.STREAM, frame, now, "TCP connection "
                + id + " (" + c.client() + " → " + c.server() + ") and further new connections are")) {
            streams.put(id, EVICTED); // memory bound: open connections beyond the limit are not analysed
            return null;
        }
        Link l = link(c.client().address(), c.server().address(), frame, now);
        Node client = l == null ? null : l.a.address.equals(c.client().address()) ? l.a : l.b;
        if (l == null) {
            s = new StreamState(c, null, null, null);
        } else {
            DirectionState c2s = l.a == l.b ? l.aToB : l.from(client);
            s = new StreamState(c, l, c2s, c2s.reverse);
            if (l.streams == 0 && c.sawSyn()) {
                l.aToB.startVisible = true;
                l.bToA.startVisible = true;
            }
            l.streams++;
            if (l.dataConnections > 0) {
                // another connection for a pair that already talked: the old one failed or is being replaced
                l.aToB.openWindow();
                l.bToA.openWindow();
            }
        }
        streams.put(id, s);
        liveStreams++;
        return s;
    }

    private void evictClosedStreams(long frame, long now) {
        int freed = 0;
        for (Map.Entry<Integer, StreamState> e : streams.entrySet()) {
            StreamState s = e.getValue();
            if (s != EVICTED && (s.link == null || s.closed())) {
                e.setValue(EVICTED);
                memory.release(AnalysisCost.STREAM);
                freed++;
            }
        }
        liveStreams -= freed;
        // scan again only after a good number of new connections, whatever this scan freed
        nextEvictionAt = Math.max(options.maxTrackedStreams(), liveStreams + Math.max(16, options.maxTrackedStreams() / 8));
        if (!streamLimitReported && liveStreams >= options.maxTrackedStreams()) {
            streamLimitReported = true;
            report(null, FindingCode.ANALYSIS_LIMIT, Severity.NOTE, frame, now, -1, new long[] {frame}, new long[0],
                    "more than " + options.maxTrackedStreams() + " TCP connections are open at once: traffic on"
                            + " further connections is only counted (raise maxTrackedStreams)");
        }
    }

    /** The state of TCP stream {@code id}, or null when unknown or forgotten. */
    StreamState streamState(int id) {
        StreamState s = streams.get(id);
        return s == EVICTED ? null : s;
    }

    /**
     * Charges new state of {@code bytes}; when the memory budget is reached it is not kept (the pairs and
     * connections already analysed keep their history, which new state without history could not replace),
     * and the first time the analysis says what it no longer analyses.
     */
    private boolean admit(long bytes, long frame, long now, String what) {
        if (memory.charge(bytes)) return true;
        memory.release(bytes);
        if (!memoryReported) {
            memoryReported = true;
            report(null, FindingCode.ANALYSIS_LIMIT, Severity.WARN, frame, now, -1, new long[] {frame}, new long[0],
                    "memory budget of " + MemorySize.format(memory.budget().limit()) + " reached: " + what
                            + " only counted, not analysed (see --memory-budget)");
        }
        return false;
    }

    private Node node(IpAddress address) {
        return nodes.computeIfAbsent(address, Node::new);
    }

    /** The pair's state; its nodes are made only with it, so addresses beyond the pair limit cost nothing. */
    private Link link(IpAddress xAddress, IpAddress yAddress, long frame, long now) {
        boolean xLow = xAddress.compareTo(yAddress) <= 0;
        LinkKey key = xLow ? new LinkKey(xAddress, yAddress) : new LinkKey(yAddress, xAddress);
        Link l = links.get(key);
        if (l != null) return l;
        if (links.size() < options.maxTrackedPairs() && !admit(AnalysisCost.PAIR, frame, now, "the node pair "
                + xAddress + " and " + yAddress + " and further new pairs are")) {
            return null;
        }
        if (links.size() >= options.maxTrackedPairs()) {
            if (!pairLimitReported) {
                pairLimitReported = true;
                report(null, FindingCode.ANALYSIS_LIMIT, Severity.NOTE, frame, now, -1, new long[] {frame},
                        new long[0], "more than " + options.maxTrackedPairs() + " node pairs: traffic between "
                                + xAddress + " and " + yAddress + " and any further pair is only counted"
                                + " (raise maxTrackedPairs)");
            }
            return null;
        }
        Node x = node(xAddress);
        Node y = node(yAddress);
        l = xLow ? new Link(x, y, this) : new Link(y, x, this);
        links.put(key, l);
        linkOrder.add(l);
        return l;
    }

    private void firstData(StreamState st, long frame, long now) {
        st.carriedData = true;
        Link l = st.link;
        l.dataConnections++;
        if (l.endedDataConnections > 0) l.reconnects++;
        flushRefused(l);
        l.aliveData.removeIf(StreamState::closed);
        if (!l.aliveData.isEmpty() && !l.parallelReported) {
            l.parallelReported = true;
            StreamState other = l.aliveData.get(0);
            report(st.direction(true), FindingCode.CONN_PARALLEL, Severity.CHAT, frame, now, st.stream(),
                    new long[] {frame, other.connection.firstFrame()}, new long[0], "two TCP connections carry DLM"
                            + " traffic between " + l.a.label() + " and " + l.b.label() + " (stream "
                            + other.stream() + " and stream " + st.stream() + "): each node sends on the connection"
                            + " it opened and only receives on the one it accepted ('othercon'), normal when both"
                            + " connect at once; sequence numbers belong to the node pair, not to a connection");
        }
        l.aliveData.add(st);
    }

    private void connectionEnded(StreamState st) {
        if (st.countedEnded || !st.carriedData) return;
        st.countedEnded = true;
        st.link.endedDataConnections++;
    }

    private void onReset(StreamState st, boolean rstFromClient, long frame, long now) {
        if (st.dead) {
            // a later RST towards the other socket: judged once its node shows whether it reached it
            // (a newer RST towards the same socket answers something it sent again: the earlier one did not take)
            if (!st.socketReset(!rstFromClient) && st.carriedData
                    && (st.pendingResetFrame < 0 || st.pendingResetOfClient == !rstFromClient)) {
                if (st.pendingResetFrame < 0) pendingResets.add(st);
                st.pendingResetFrame = frame;
                st.pendingResetNanos = now;
                st.pendingResetOfClient = !rstFromClient;
            }
            return;
        }
        st.resetSocket(!rstFromClient);
        st.dead = true;
        st.deadFrame = frame;
        DirectionState fromRstSender = st.direction(rstFromClient);
        DirectionState towardRstSender = st.direction(!rstFromClient);
        Link l = st.link;
        if (!st.carriedData) {
            if (st.connection.sawSyn()) refusedAttempt(l, st, frame, now);
            l.aToB.openWindow();
            l.bToA.openWindow();
            return;
        }
        connectionEnded(st);
        long window = options.resetWindowNanos();
        long rejected = towardRstSender.undeliverOnReset(st, now, window);
        fromRstSender.undoAckOnReset(st, now, window);
        l.aToB.openWindow();
        l.bToA.openWindow();
        Node x = fromRstSender.sender;
        Node y = towardRstSender.sender;
        StringBuilder m = new StringBuilder();
        m.append("TCP ").append(st.describe()).append(" carrying DLM traffic between ").append(x.label())
                .append(" and ").append(y.label()).append(" is reset by ").append(x.label()).append(" (RST): ")
                .append(y.label()).append("'s kernel gets a socket error ('")
                .append(socketError(y, x, rstFromClient ? st.connection.client() : st.connection.server(), 104))
                .append("'), reconnects and retransmits its unacknowledged messages");
        if (rejected > 0) {
            long first = towardRstSender.expected;
            m.append("; ").append(Text.seqs(first, Seq.add(first, rejected - 1))).append(" from ").append(y.label())
                    .append(", sent just before, never reached ").append(x.label());
        }
        m.append("; unacknowledged now: ").append(unackedText(towardRstSender)).append(", ")
                .append(unackedText(fromRstSender));
        long[] seqs = rejected > 0
                ? new long[] {towardRstSender.expected, Seq.add(towardRstSender.expected, rejected - 1)} : new long[0];
        report(towardRstSender, FindingCode.CONN_RESET, Severity.NOTE, frame, now, st.stream(),
                new long[] {frame, st.connection.firstFrame()}, seqs, m.toString());
    }

    /** The pending RST of {@code st} reset its receiver's socket: its node did not send on the connection again. */
    private void confirmReset(StreamState st) {
        if (st.pendingResetFrame < 0) return;
        long frame = st.pendingResetFrame;
        long now = st.pendingResetNanos;
        boolean ownerIsClient = st.pendingResetOfClient;
        st.pendingResetFrame = -1;
        pendingResets.remove(st);
        st.resetSocket(ownerIsClient);
        DirectionState fromOwner = st.direction(ownerIsClient);
        DirectionState toOwner = fromOwner.reverse;
        Link l = st.link;
        l.aToB.openWindow();
        l.bToA.openWindow();
        org.dlminspect.net.Endpoint peer = ownerIsClient ? st.connection.server() : st.connection.client();
        String m = toOwner.sender.label() + " answers " + fromOwner.sender.label() + " on TCP " + st.describe()
                + " with RST (frame " + frame + "): " + fromOwner.sender.label() + "'s socket is reset (it sends"
                + " nothing more on that connection); its kernel logs '" + socketError(fromOwner.sender, toOwner.sender,
                        peer, 104) + "', reconnects and retransmits its unacknowledged messages; unacknowledged now: "
                + unackedText(fromOwner) + ", " + unackedText(toOwner);
        report(fromOwner, FindingCode.CONN_RESET, Severity.NOTE, frame, now, st.stream(),
                new long[] {frame, st.connection.firstFrame()}, new long[0], m);
    }

    /** The kernel's line for a socket error (6.1: "node 1: socket error sending to node 2 at ..., dport ..., sk_err=..."). */
    static String socketError(Node self, Node peer, org.dlminspect.net.Endpoint peerEnd, int skErr) {
        return "node " + self.shortLabel() + ": socket error sending to node " + peer.shortLabel() + " at "
                + peerEnd.address() + ", dport " + peerEnd.port() + ", sk_err=" + skErr + "/0";
    }

    /** A node opens a new connection: a pending RST towards it on another connection did reset that socket. */
    private void confirmResetsOf(org.dlminspect.net.Endpoint opener) {
        for (StreamState st : new ArrayList<>(pendingResets)) {
            org.dlminspect.net.Endpoint owner = st.pendingResetOfClient ? st.connection.client() : st.connection.server();
            if (owner.address().equals(opener.address())) confirmReset(st);
        }
    }

    private static String unackedText(DirectionState d) {
        long n = d.outstanding();
        String dir = d.sender.label() + " to " + d.receiver.label();
        if (n == 0) return "none from " + dir;
        long base = d.unackedBase();
        return Text.seqs(base, d.highestSent) + " from " + dir;
    }

    private void refusedAttempt(Link l, StreamState st, long frame, long now) {
        l.refusedConnects++;
        if (l.refusedRun == 0) {
            l.refusedFirstFrame = st.connection.firstFrame();
            l.refusedFirstNanos = st.connection.firstEpochNanos();
            l.refusedFirstStream = st.stream();
            l.refusedInitiator = st.clientToServer.sender;
            l.refusedPort = st.connection.server().port();
        }
        l.refusedRun++;
        l.refusedLastFrame = frame;
        l.refusedLastNanos = now;
    }

    private static int refusedPort(Link l) {
        return l.refusedPort;
    }

    private void flushRefused(Link l) {
        if (l.refusedRun == 0) return;
        Node from = l.refusedInitiator;
        DirectionState d = l.from(from);
        report(d, FindingCode.CONN_REFUSED, Severity.NOTE, l.refusedFirstFrame, l.refusedFirstNanos,
                l.refusedFirstStream, new long[] {l.refusedFirstFrame, l.refusedLastFrame}, new long[0],
                Text.plural(l.refusedRun, "connection attempt", "connection attempts") + " of " + from.label()
                        + " to " + d.receiver.label() + " between frame " + l.refusedFirstFrame + " and frame "
                        + l.refusedLastFrame + " (" + Text.duration(l.refusedLastNanos - l.refusedFirstNanos)
                        + ") were refused with RST: the kernel logs 'node " + from.shortLabel() + ": socket error"
                        + " sending to node " + d.receiver.shortLabel() + " at " + d.receiver.address + ", dport "
                        + refusedPort(l) + ", sk_err=111/0' and 'connecting to " + d.receiver.shortLabel()
                        + "' each time and retries, with its messages queued and retransmitted once a"
                        + " connection holds");
        l.refusedRun = 0;
    }

    // ------------------------------------------------------------------ time

    private void clock(long frame, long now) {
        if (now > lastNanos) lastNanos = now;
        if (frame > lastFrame) lastFrame = frame;
        if (now >= nextTimerNanos) runTimers(now);
    }

    void finSent(DirectionState d) {
        if (!finWaiters.contains(d)) finWaiters.add(d);
        long due = d.finNanos + options.finAckTimeoutNanos();
        if (due < nextTimerNanos) nextTimerNanos = due;
    }

    private void runTimers(long now) {
        long next = Long.MAX_VALUE;
        for (int i = finWaiters.size() - 1; i >= 0; i--) {
            DirectionState d = finWaiters.get(i);
            if (!d.finPending || d.finTimeoutReported) {
                finWaiters.remove(i);
                continue;
            }
            long due = d.finNanos + options.finAckTimeoutNanos();
            if (now > due) {
                d.finTimeoutReported = true;
                reportFinIncomplete(d, Severity.WARN, now);
                finWaiters.remove(i);
            } else if (due < next) {
                next = due;
            }
        }
        nextTimerNanos = next;
    }

    private void reportFinIncomplete(DirectionState d, Severity sev, long now) {
        report(d, FindingCode.FIN_INCOMPLETE, sev, d.finFrame, d.finNanos, -1, new long[] {d.finFrame},
                new long[] {d.finSeq}, d.sender.label() + "'s FIN (seq " + d.finSeq + ", frame " + d.finFrame
                        + ") to " + d.receiver.label() + " is not acknowledged " + Text.duration(now - d.finNanos)
                        + " later" + (sev == Severity.WARN ? "" : ", when the capture ends") + " (state " + d.state
                        + "): the kernel waits up to DLM_SHUTDOWN_TIMEOUT (5 s from 6.3, 3 min before) for the"
                        + " handshake, then resets the node regardless");
    }

    private void endOfCapture(DirectionState d) {
        d.unsentAtEnd();
        if (d.finPending && !d.finTimeoutReported) {
            d.finTimeoutReported = true;
            boolean late = lastNanos - d.finNanos > options.finAckTimeoutNanos();
            reportFinIncomplete(d, late ? Severity.WARN : Severity.NOTE, lastNanos);
        }
        long n = d.outstanding();
        if (n == 0 || (n == 1 && d.finPending && d.finSeq == d.highestSent)) return;
        if (NodeLiveness.receiverSilentAtEnd(d)) return; // told by its node.silent finding
        long base = d.unackedBase();
        long[] oldest = d.oldestUnacked();
        long oldestFrame = oldest[0];
        long oldestNanos = oldest[0] > 0 ? oldest[1] : lastNanos;
        long age = lastNanos - oldestNanos;
        KernelEra era = options.era() != KernelEra.AUTO ? options.era() : d.observedEra();
        Severity sev;
        String why;
        if (n <= 32 && era == KernelEra.FROM_6_5) {
            sev = Severity.CHAT;
            why = "normal for 6.5 and later, whose receivers acknowledge only after 33 delivered messages";
        } else if (age <= options.ackDelayWarnNanos()) {
            sev = Severity.NOTE;
            why = "the capture ends " + Text.duration(age) + " after the oldest of them, before an ACK could be seen";
        } else if (n <= 32 && era == KernelEra.AUTO) {
            sev = Severity.NOTE;
            why = "normal if " + d.receiver.label() + " runs 6.5 or later (ACK after 33 delivered messages);"
                    + " a 6.4 or older receiver would have acknowledged them after its receive batch";
        } else {
            sev = Severity.WARN;
            why = era == KernelEra.UP_TO_6_4
                    ? d.receiver.label() + " acknowledges after every receive batch, yet these stayed unacknowledged "
                            + Text.duration(age)
                    : "more than a 6.5+ receiver leaves unacknowledged, for " + Text.duration(age);
        }
        report(d, FindingCode.ACK_MISSING, sev, oldestFrame, oldestNanos, -1,
                oldestFrame > 0 ? new long[] {oldestFrame} : new long[0], new long[] {base, d.highestSent},
                Text.plural(n, "message", "messages") + " from " + d.sender.label() + " to " + d.receiver.label()
                        + " (" + Text.seqs(base, d.highestSent) + (oldestFrame > 0 ? ", the first in frame "
                        + oldestFrame : "") + ") " + (n == 1 ? "is" : "are") + " not acknowledged when the capture ends"
                        + (d.gapOpen ? ", " + d.gapDropped + " of them dropped by " + d.receiver.label()
                                + " as out of order" : "") + ": " + why + "; " + d.sender.label()
                        + " keeps them queued and retransmits them after the next socket error");
    }

    // ------------------------------------------------------------------ findings

    void report(DirectionState d, FindingCode code, Severity sev, long frame, long nanos, int stream, long[] frames,
                long[] seqs, String message) {
        findings.report(d, code, sev, frame, nanos, stream, frames, seqs, message);
    }

    /** The file was not in time order: a note about the capture, never about the network (TimeOrder). */
    private void reportCaptureOrder() {
        CaptureOrder o = captureOrder;
        if (o == null || o.inOrder()) return;
        String m = Text.plural(o.reordered(), "frame is", "frames are") + " out of time order in the capture file"
                + " (the largest backward step is " + Text.duration(o.largestStepNanos()) + ", at frame "
                + o.largestStepFrame() + "): a capture of several interfaces written in batches, or of both"
                + " directions by different queues; the analysis put them in timestamp order within "
                + Text.duration(o.windowNanos()) + " (frame numbers are the file's)";
        if (o.windowTooSmall()) {
            m += "; " + Text.plural(o.late(), "frame", "frames") + " (the first at frame " + o.firstLateFrame()
                    + ", up to " + Text.duration(o.largestLateNanos()) + " early) came too late for that window"
                    + (o.forcedReleases() > 0 ? " and its memory limit" : "") + " and are analysed out of order:"
                    + " findings near them may be artefacts; sort the file first (reordercap) or widen the window";
        }
        report(null, FindingCode.CAPTURE_OUT_OF_ORDER, o.windowTooSmall() ? Severity.WARN : Severity.NOTE,
                o.largestStepFrame(), lastNanos, -1, new long[] {o.largestStepFrame()}, new long[0], m);
    }

    // ------------------------------------------------------------------ summaries

    private List<PairSummary> buildSummaries() {
        List<Link> order = new ArrayList<>(linkOrder);
        order.sort(Comparator.comparing((Link l) -> l.a.address).thenComparing(l -> l.b.address));
        List<PairSummary> out = new ArrayList<>(order.size());
        for (Link l : order) {
            out.add(new PairSummary(l.a.nodeid, l.b.nodeid, l.a.address.toString(), l.b.address.toString(),
                    l.dataConnections, l.reconnects, l.refusedConnects, summary(l.aToB), summary(l.bToA)));
        }
        return List.copyOf(out);
    }

    private static DirectionSummary summary(DirectionState d) {
        return new DirectionSummary(d.sender.nodeid, d.receiver.nodeid, d.sender.address.toString(),
                d.receiver.address.toString(), d.messages, d.bytes, d.wrapped, d.acksSent,
                d.lastVersion == 0 ? "-" : versionText(d.lastVersion), d.seqFirstEver, d.seqLastEver, d.sessions,
                d.retransmissions, d.retransmissionsAfterReconnect, d.gaps, d.notCaptured, d.duplicateAcks,
                d.outstanding(), d.latency.median(), d.latency.max(), d.latency.samples(), d.observedEra(), d.state,
                NodeLiveness.endState(d));
    }

    private Verdict buildVerdict() {
        long e = count(Severity.ERROR), w = count(Severity.WARN), n = count(Severity.NOTE), c = count(Severity.CHAT);
        Severity worst = e > 0 ? Severity.ERROR : w > 0 ? Severity.WARN : n > 0 ? Severity.NOTE
                : c > 0 ? Severity.CHAT : null;
        long retrans = 0, afterReconnect = 0, gaps = 0, notCaptured = 0, unacked = 0;
        int reconnects = 0;
        for (Link l : linkOrder) {
            reconnects += l.reconnects;
            for (DirectionState d : new DirectionState[] {l.aToB, l.bToA}) {
                retrans += d.retransmissions;
                afterReconnect += d.retransmissionsAfterReconnect;
                gaps += d.gaps;
                notCaptured += d.notCaptured;
                unacked += d.outstanding();
            }
        }
        String label = e > 0 ? "ERRORS" : w > 0 ? "WARNINGS" : "OK";
        StringBuilder t = new StringBuilder(label).append(": ");
        t.append(Text.plural(e, "error", "errors")).append(", ").append(Text.plural(w, "warning", "warnings"))
                .append(", ").append(Text.plural(n, "note", "notes")).append(" in ")
                .append(Text.plural(messages, "message", "messages")).append(" between ")
                .append(Text.plural(linkOrder.size(), "node pair", "node pairs")).append("; ")
                .append(Text.plural(retrans, "retransmission", "retransmissions"));
        if (retrans > 0) t.append(" (").append(afterReconnect).append(" after connection failures)");
        t.append(", ").append(Text.plural(gaps, "sequence gap", "sequence gaps"));
        if (notCaptured > 0) t.append(", ").append(notCaptured).append(" seqs not captured");
        t.append(", ").append(Text.plural(reconnects, "reconnect", "reconnects")).append(", ")
                .append(unacked).append(" unacknowledged at end");
        if (untrackedMessages > 0) t.append(" (").append(untrackedMessages).append(" messages not analysed)");
        return new Verdict(worst, e, w, n, c, t.toString());
    }
}
