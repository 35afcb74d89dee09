package org.dlminspect.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.dlminspect.Severity;
import org.dlminspect.dlm.DlmMessageType;

/**
 * Whether each node is alive, as its peers would judge it: decides {@code node.silent}.
 *
 * <p>A node has failed (powered off, crashed, cut off) when it sends nothing at all (no DLM message, no TCP FIN or
 * RST) for at least {@link AnalyzerOptions#silenceNanos()} while its peers wait for it: messages to it stay
 * unacknowledged although its kernel acknowledges every receive batch (a 6.5+ kernel may keep up to 32 back), or a
 * peer closes its connection to it without an answer. The kernel then runs recovery among the survivors once the
 * cluster manager removes the node, and closes its connections to it ("closing connection to node N"), which drops
 * its unacknowledged queue: those messages are never retransmitted. A node whose kernel still acknowledges and
 * answers lookups, but whose lock users no longer request, convert or unlock, not even after blocking ASTs ask
 * them to, has hung above the DLM (its application or the machine): that is {@code node.silent} too.
 *
 * <p>State: a few fields per node (in {@link Node#liveness}) and a bounded list of recovery runs.
 */
final class NodeLiveness {
    /** Recovery runs remembered (oldest forgotten first); a node failure is followed by one. */
    private static final int MAX_RECOVERIES = 32;

    /** What one node did last. */
    static final class Activity {
        boolean heard;
        long lastFrame;
        long lastNanos;
        /** Its last request, convert, unlock, cancel or lookup (its lock users acting), 0 when none. */
        long userFrame;
        long userNanos;
        /** The first blocking AST sent to it after its last user message (0: none), and how many followed. */
        long bastFrame;
        long bastNanos;
        long basts;
        Node bastFrom;
        /** Its silence was reported and it has not been heard since. */
        boolean reported;
        /** The silence that lasts until the end of the capture was reported (ack.missing towards it folds in). */
        boolean silentAtEnd;
    }

    /** RCOM traffic close together in time: one recovery. */
    private static final class Recovery {
        long firstFrame;
        long firstNanos;
        long lastFrame;
        long lastNanos;
        long messages;
        final List<Node> nodes = new ArrayList<>(4);
    }

    private final AnalyzerOptions options;
    private final FindingSink findings;
    private final ArrayDeque<Recovery> recoveries = new ArrayDeque<>();

    NodeLiveness(AnalyzerOptions options, FindingSink findings) {
        this.options = options;
        this.findings = findings;
    }

    // ------------------------------------------------------------------ what the nodes send

    /** {@code n} sent something (a DLM message, a TCP FIN, RST or SYN): it is alive at {@code now}. */
    void heard(Node n, long frame, long now, List<Link> links) {
        Activity a = n.liveness;
        if (a.heard && !a.reported && now - a.lastNanos >= options.silenceNanos()) {
            silence(n, now, frame, links, false);
        }
        a.reported = false;
        a.heard = true;
        a.lastFrame = frame;
        a.lastNanos = now;
    }

    /** A DLM_MSG of type {@code type} from {@code from} to {@code to}. */
    void message(Node from, Node to, long type, long frame, long now) {
        if (isUserMessage(type)) {
            Activity a = from.liveness;
            a.userFrame = frame;
            a.userNanos = now;
            a.bastFrame = 0;
            a.basts = 0;
        } else if (type == DlmMessageType.BAST.wireValue()) {
            Activity a = to.liveness;
            if (a.userFrame == 0) return; // its users never acted in the capture: nothing to compare with
            if (a.bastFrame == 0) {
                a.bastFrame = frame;
                a.bastNanos = now;
                a.bastFrom = from;
            }
            a.basts++;
        }
    }

    /** A DLM_RCOM between {@code from} and {@code to}: part of a recovery. */
    void rcom(Node from, Node to, long frame, long now) {
        Recovery r = recoveries.peekLast();
        if (r == null || now - r.lastNanos > options.silenceNanos()) {
            if (recoveries.size() >= MAX_RECOVERIES) recoveries.removeFirst();
            r = new Recovery();
            r.firstFrame = frame;
            r.firstNanos = now;
            recoveries.addLast(r);
        }
        r.lastFrame = frame;
        r.lastNanos = now;
        r.messages++;
        if (!r.nodes.contains(from)) r.nodes.add(from);
        if (!r.nodes.contains(to)) r.nodes.add(to);
    }

    /**
     * {@code d}'s sender closed (FIN) or reset a connection to {@code d}'s receiver; {@code answered}: the receiver
     * had closed its side of it already (then this close answers it).
     */
    void peerClosed(DirectionState d, boolean answered, long frame, long now) {
        Activity a = d.receiver.liveness;
        if (answered || !a.heard || now < a.lastNanos) return;
        if (d.peerCloseFrame == 0 || d.peerCloseNanos < a.lastNanos) {
            d.peerCloseFrame = frame;
            d.peerCloseNanos = now;
        }
    }

    private static boolean isUserMessage(long type) {
        return type == DlmMessageType.REQUEST.wireValue() || type == DlmMessageType.CONVERT.wireValue()
                || type == DlmMessageType.UNLOCK.wireValue() || type == DlmMessageType.CANCEL.wireValue()
                || type == DlmMessageType.LOOKUP.wireValue();
    }

    // ------------------------------------------------------------------ end of the capture

    /** Judges every node's silence up to {@code endNanos}: call before the end-of-capture findings of the directions. */
    void end(List<Link> links, List<Node> nodes, long endNanos) {
        for (Node n : nodes) {
            Activity a = n.liveness;
            if (!a.heard || a.reported) continue;
            if (endNanos - a.lastNanos >= options.silenceNanos() && silence(n, endNanos, 0, links, true)) continue;
            usersStopped(n, endNanos, links);
        }
    }

    /** The receiver of {@code d} fell silent for good and its silence was reported: ack.missing towards it folds in. */
    static boolean receiverSilentAtEnd(DirectionState d) {
        return d.receiver.liveness.silentAtEnd;
    }

    /** How the report's state column ends for {@code d}. */
    static EndState endState(DirectionState d) {
        boolean toSilent = d.receiver.liveness.silentAtEnd;
        boolean fromSilent = d.sender.liveness.silentAtEnd;
        if (toSilent) return d.peerCloseFrame != 0 ? EndState.CLOSED_PEER_SILENT : EndState.PEER_SILENT;
        if (fromSilent) return d.reverse.peerCloseFrame != 0 ? EndState.CLOSED_BY_PEER : EndState.SILENT;
        return EndState.MIDCOMMS;
    }

    /**
     * Node {@code n}, last heard at {@code a.lastNanos}, was not heard until {@code untilNanos} (the end of the
     * capture, or the frame {@code untilFrame} where it is heard again): reports it if its peers waited for it.
     */
    private boolean silence(Node n, long untilNanos, long untilFrame, List<Link> links, boolean atEnd) {
        Activity a = n.liveness;
        long since = a.lastNanos;
        List<DirectionState> waiting = new ArrayList<>(2);
        List<DirectionState> closing = new ArrayList<>(2);
        for (Link l : links) {
            if (l.a != n && l.b != n) continue;
            DirectionState toN = l.a == n ? l.bToA : l.aToB;
            // a peer that closes after hearing nothing for the silence threshold gave up on it (the kernel closes
            // only when the node leaves, after a FIN handshake it takes part in, or when it is removed)
            if (toN.peerCloseFrame != 0 && toN.peerCloseNanos - since >= options.silenceNanos()) closing.add(toN);
            if (waitedFor(toN, since, untilNanos)) waiting.add(toN);
        }
        // in mid-capture only a peer's giving up proves it: a late ACK after a long wait is ack.missing's to judge
        if (closing.isEmpty() && (waiting.isEmpty() || !atEnd)) return false;
        a.reported = true;
        a.silentAtEnd = atEnd;
        waiting.sort((x, y) -> Long.compare(x.oldestUnacked()[1], y.oldestUnacked()[1]));
        List<Long> frames = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        frames.add(a.lastFrame);
        StringBuilder m = new StringBuilder();
        m.append(n.label()).append(" falls silent after its last message (frame ").append(a.lastFrame)
                .append("): nothing more from it (no DLM message, no TCP FIN or RST) ")
                .append(atEnd ? "until the capture ends " + Text.duration(untilNanos - since) + " later"
                        : "for " + Text.duration(untilNanos - since) + ", until frame " + untilFrame)
                .append(", while its peers wait for it");
        for (int i = 0; i < waiting.size(); i++) {
            DirectionState d = waiting.get(i);
            long[] oldest = d.oldestUnacked();
            long base = d.unackedBase();
            seqs.add(base);
            seqs.add(d.highestSent);
            if (oldest[0] > 0) frames.add(oldest[0]);
            m.append(i == 0 ? ": " : " and ").append(Text.seqs(base, d.highestSent)).append(" from ")
                    .append(d.sender.label()).append(oldest[0] > 0 ? " (frame " + oldest[0] + ", "
                            + plus(oldest[1] - since) + ")" : "");
        }
        if (!waiting.isEmpty()) m.append(waiting.size() == 1 && waiting.get(0).outstanding() == 1 ? " stays" : " stay")
                .append(" unacknowledged");
        Recovery r = recoveryAfter(n, since, untilNanos);
        if (r != null) {
            frames.add(r.firstFrame);
            m.append("; ").append(plus(r.firstNanos - since)).append(": ").append(join(r.nodes))
                    .append(" run recovery without it (").append(Text.plural(r.messages, "RCOM message", "RCOM messages"))
                    .append(" in ").append(Text.duration(r.lastNanos - r.firstNanos)).append(", frames ")
                    .append(r.firstFrame).append("..").append(r.lastFrame).append("), as when the cluster manager")
                    .append(" removes it from the lockspace ('remove member ").append(n.shortLabel()).append("')");
        }
        closing.sort((x, y) -> Long.compare(x.peerCloseNanos, y.peerCloseNanos));
        for (DirectionState d : closing) {
            frames.add(d.peerCloseFrame);
            m.append("; ").append(plus(d.peerCloseNanos - since)).append(": ").append(d.sender.label())
                    .append(" closes its connection to it (frame ").append(d.peerCloseFrame).append(", 'closing")
                    .append(" connection to node ").append(n.shortLabel()).append("')");
            if (d.outstanding() > 0) {
                m.append(", dropping ").append(Text.seqs(d.unackedBase(), d.highestSent))
                        .append(" unacknowledged: they are never retransmitted");
            }
        }
        if (!atEnd) m.append("; it is heard again in frame ").append(untilFrame);
        Severity sev = Severity.WARN;
        findings.report(n, null, FindingCode.NODE_SILENT, sev, a.lastFrame, since, -1, toArray(frames),
                toArray(seqs), m.toString());
        return true;
    }

    /**
     * Peers waited for {@code d}'s receiver between {@code since} and {@code until}: messages to it stayed
     * unacknowledged for at least the silence threshold, more than its kernel's ACK policy leaves.
     */
    private boolean waitedFor(DirectionState d, long since, long until) {
        long n = d.outstanding();
        if (n == 0) return false;
        long[] oldest = d.oldestUnacked();
        long waitedFrom = Math.max(since, oldest[1]);
        if (until - waitedFrom < options.silenceNanos()) return false;
        KernelEra era = options.era() != KernelEra.AUTO ? options.era() : d.observedEra();
        return n > 32 || era == KernelEra.UP_TO_6_4;
    }

    /** Blocking ASTs to {@code n} went unanswered: its kernel answers, but its lock users stopped. */
    private void usersStopped(Node n, long endNanos, List<Link> links) {
        Activity a = n.liveness;
        if (a.bastFrame == 0 || endNanos - a.bastNanos < options.silenceNanos()) return;
        for (Link l : links) {
            if ((l.a == n || l.b == n) && l.from(n).state.sentFin()) return; // it left the lockspace
        }
        a.reported = true;
        String m = n.label() + "'s lock users stop after frame " + a.userFrame + ": it sends no request, convert,"
                + " unlock or lookup of its own from then on, not even after " + Text.plural(a.basts, "blocking AST",
                "blocking ASTs") + " from " + a.bastFrom.label() + " (the first in frame " + a.bastFrame + ", "
                + Text.duration(a.bastNanos - a.userNanos) + " later) asked it to release a lock; its kernel still"
                + " acknowledges and answers, so the machine or the application above the DLM hung, and the locks it"
                + " holds block its peers until the capture ends, " + Text.duration(endNanos - a.bastNanos)
                + " after that AST";
        findings.report(n, a.bastFrom, FindingCode.NODE_SILENT, Severity.WARN, a.userFrame, a.userNanos, -1,
                new long[] {a.userFrame, a.bastFrame}, new long[0], m);
    }

    private Recovery recoveryAfter(Node n, long since, long until) {
        for (Recovery r : recoveries) {
            if (r.firstNanos >= since && r.firstNanos <= until && !r.nodes.contains(n)) return r;
        }
        return null;
    }

    private static String plus(long nanos) {
        return "+" + Text.duration(nanos);
    }

    private static String join(List<Node> nodes) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            if (i > 0) b.append(i == nodes.size() - 1 ? " and " : ", ");
            b.append(nodes.get(i).label());
        }
        return b.toString();
    }

    private static long[] toArray(List<Long> l) {
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = l.get(i);
        return out;
    }
}
