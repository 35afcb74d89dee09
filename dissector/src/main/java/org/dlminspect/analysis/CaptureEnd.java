package org.dlminspect.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.dlminspect.Severity;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.pipeline.CaptureOrder;

/**
 * What the end of the capture tells: messages still unacknowledged (judged by the receiver's ACK policy; those
 * towards a node that fell silent are told by its {@code node.silent}), FIN handshakes left open, the file's time
 * order, and the table and verdict of the report. Decides {@code ack.missing} at the end and
 * {@code capture.out_of_order}.
 */
final class CaptureEnd {
    private final AnalysisContext ctx;
    private final AckModel acks;
    private final FinHandshake fin;

    CaptureEnd(AnalysisContext ctx, AckModel acks, FinHandshake fin) {
        this.ctx = ctx;
        this.acks = acks;
        this.fin = fin;
    }

    void endOfCapture(DirectionState d, long lastNanos) {
        acks.unsentAtEnd(d);
        fin.atEnd(d, lastNanos);
        long n = d.outstanding();
        if (n == 0 || (n == 1 && d.finPending && d.finSeq == d.highestSent)) return;
        if (NodeLiveness.receiverSilentAtEnd(d)) return; // told by its node.silent finding
        long base = d.unackedBase();
        long[] oldest = d.oldestUnacked();
        long oldestFrame = oldest[0];
        long oldestNanos = oldest[0] > 0 ? oldest[1] : lastNanos;
        long age = lastNanos - oldestNanos;
        KernelEra era = ctx.options().era() != KernelEra.AUTO ? ctx.options().era() : d.observedEra();
        Severity sev;
        String why;
        if (n <= 32 && era == KernelEra.FROM_6_5) {
            sev = Severity.CHAT;
            why = "normal for 6.5 and later, whose receivers acknowledge only after 33 delivered messages";
        } else if (age <= ctx.options().ackDelayWarnNanos()) {
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
        ctx.report(d, FindingCode.ACK_MISSING, sev, oldestFrame, oldestNanos, -1,
                oldestFrame > 0 ? new long[] {oldestFrame} : new long[0], new long[] {base, d.highestSent},
                Text.plural(n, "message", "messages") + " from " + d.sender.label() + " to " + d.receiver.label()
                        + " (" + Text.seqs(base, d.highestSent) + (oldestFrame > 0 ? ", the first in frame "
                        + FrameRef.text(oldestFrame) : "") + ") " + (n == 1 ? "is" : "are") + " not acknowledged when the capture ends"
                        + (d.gapOpen ? ", " + d.gapDropped + " of them dropped by " + d.receiver.label()
                                + " as out of order" : "") + ": " + why + "; " + d.sender.label()
                        + " keeps them queued and retransmits them after the next socket error");
    }

    /**
     * The capture (a file, or frames as libpcap delivered them live) was not in time order: a note about the
     * capture, never about the network (TimeOrder). Worded for both, since live and a file of it say the same.
     */
    void reportCaptureOrder(CaptureOrder o, long lastNanos) {
        if (o == null || o.inOrder()) return;
        String m = Text.plural(o.reordered(), "frame is", "frames are") + " out of time order in the capture"
                + " (the largest backward step is " + Text.duration(o.largestStepNanos()) + ", at frame "
                + FrameRef.text(o.largestStepFrame()) + "): a capture of several interfaces written in batches, or of both"
                + " directions by different queues; the analysis put them in timestamp order within "
                + Text.duration(o.windowNanos()) + " (frame numbers are in capture order)";
        if (o.windowTooSmall()) {
            m += "; " + Text.plural(o.late(), "frame", "frames") + " (the first at frame " + FrameRef.text(o.firstLateFrame())
                    + ", up to " + Text.duration(o.largestLateNanos()) + " early) came too late for that window"
                    + (o.forcedReleases() > 0 ? " and its memory limit" : "") + " and are analysed out of order:"
                    + " findings near them may be artefacts; widen the window (--order-window) or sort the file first"
                    + " (reordercap)";
        }
        ctx.report(null, FindingCode.CAPTURE_OUT_OF_ORDER, o.windowTooSmall() ? Severity.WARN : Severity.NOTE,
                o.largestStepFrame(), lastNanos, -1, new long[] {o.largestStepFrame()}, new long[0], m);
    }

    List<PairSummary> summaries(List<Link> linkOrder) {
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
                d.lastVersion == 0 ? "-" : MessageRules.versionText(d.lastVersion), d.seqFirstEver, d.seqLastEver, d.sessions,
                d.retransmissions, d.retransmissionsAfterReconnect, d.gaps, d.notCaptured, d.duplicateAcks,
                d.outstanding(), d.latency.median(), d.latency.max(), d.latency.samples(), d.observedEra(), d.state,
                NodeLiveness.endState(d));
    }

    Verdict verdict(List<Link> linkOrder, long messages, long untrackedMessages) {
        long e = ctx.findings().count(Severity.ERROR), w = ctx.findings().count(Severity.WARN), n = ctx.findings().count(Severity.NOTE), c = ctx.findings().count(Severity.CHAT);
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
