package org.dlminspect.analysis;

import org.dlminspect.Severity;
import org.dlminspect.capture.FrameRef;

/**
 * What S does with its sequence numbers towards R (reference §3.4, §3.8): where a session starts, and whether an
 * OPTS is a new message (handed to the {@link ReceiverModel}) or a copy of one already sent: a retransmission
 * after a connection failure, one without a failure, or a reused seq with other bytes. Decides
 * {@code session.restart}, {@code session.no_restart}, {@code seq.retransmission} and {@code seq.duplicate}.
 */
final class SenderModel {
    private final AnalysisContext ctx;
    private final ReceiverModel rx;
    private final AckModel acks;
    private final ConnectionStories stories;

    /** The sender's side of the receiver model {@code rx}: the same context and ACK model, and the stories. */
    SenderModel(ReceiverModel rx, ConnectionStories stories) {
        this.rx = rx;
        this.ctx = rx.context();
        this.acks = rx.acks();
        this.stories = stories;
    }

    /**
     * An OPTS from S, structurally valid: a new session, a new message for the {@link ReceiverModel}, or a copy.
     */
    void onOpts(DirectionState d, SeqMessage m, Arrival a) {
        long seq = m.seq();
        StreamState st = m.stream();
        long frame = m.frame();
        long now = m.nanos();
        d.wrapped++;
        if (d.senderResetDone || d.receiverResetDone) {
            if (seq != 0) {
                String who = d.senderResetDone && d.receiverResetDone ? "both nodes reset their state for each other"
                        : d.senderResetDone ? d.s() + " reset its state for " + d.r() : d.r() + " reset its state for " + d.s();
                ctx.report(d, FindingCode.SESSION_NO_RESTART, Severity.WARN, frame, now, st, new long[] {frame, d.resetFrame},
                        new long[] {seq}, d.s() + " sends seq " + seq + " to " + d.r() + " after the FIN handshake ended"
                                + " (frame " + FrameRef.text(d.resetFrame) + ", " + who + "), but a new session starts at seq 0: " + d.r()
                                + "'s kernel expects 0, so it drops this message and every later one without ACK;"
                                + " the analysis restarts its model at seq " + seq);
            }
            startSession(d, seq, false);
        } else if (!d.baselined) {
            startSession(d, seq, d.ackSeen);
        } else if (seq == 0 && d.expected != 0 && looksLikeRestart(d, m.hash(), m.complete())) {
            ctx.report(d, FindingCode.SESSION_RESTART, Severity.WARN, frame, now, st, new long[] {frame}, new long[] {0, d.expected},
                    d.s() + " restarts its sequence numbers at 0 towards " + d.r() + " without a completed FIN handshake"
                            + " (" + d.r() + " expected seq " + d.expected + "): " + d.s() + " was reset (fenced, rebooted,"
                            + " or 'reset node because shutdown stuck'); unless " + d.r() + " was reset too, its kernel"
                            + " drops seq 0 as an old message and re-ACKs " + d.expected
                            + "; the analysis starts a new session");
            startSession(d, 0, false);
        }

        int slot = d.ring.find(seq);
        if (d.unsentPending && slot < 0 && (!d.hasHighest || Seq.after(seq, d.highestSent))) {
            acks.resolveUnsent(d, a.gapBefore() || !Seq.before(seq, d.unsentAck), seq, now);
        }
        d.lastDataStream = st.stream();
        d.tcpAheadStream = -1;
        if (slot >= 0) {
            repeat(d, slot, m, a.deliverable());
            return;
        }
        if (Seq.before(seq, d.expected)) {
            if (!m.complete() && d.captureGapSeen) {
                // a message cut by missing bytes is handed over once the capture proves them missing, which can
                // be after the receiver's ACK for it: late, not repeated
                return;
            }
            repeatUnseen(d, seq, st, a.deliverable(), frame, now);
            return;
        }
        rx.newSeq(d, m, a);
    }

    private boolean looksLikeRestart(DirectionState d, long hash, boolean complete) {
        int slot0 = d.ring.find(0);
        if (slot0 >= 0 && !(complete && d.ring.complete(slot0) && d.ring.hash(slot0) != hash)) return false;
        // seq 0 just ahead of a nearly wrapped expected value is a gap across the wrap, not a restart
        return !(Seq.after(0, d.expected) && Seq.diff(0, d.expected) < 65536);
    }

    private void startSession(DirectionState d, long seq, boolean keepAckBaseline) {
        d.sessions++;
        d.ring.clear();
        d.baselined = true;
        d.firstSeq = seq;
        d.expected = seq;
        d.hasHighest = false;
        if (!keepAckBaseline) {
            d.ackSeen = false;
            d.lastAckStream = -1;
        }
        d.senderResetDone = false;
        d.receiverResetDone = false;
        d.gapOpen = false;
        d.windowOpen = false;
        d.finPending = false;
        d.finSeq = -1;
        d.pendingReAcks = 0;
        d.deliveredSinceAck = 0;
        d.backlogReported = false;
        if (d.seqFirstEver < 0) d.seqFirstEver = seq;
    }

    private void repeat(DirectionState d, int slot, SeqMessage msg, boolean deliverable) {
        long seq = msg.seq();
        StreamState st = msg.stream();
        long frame = msg.frame();
        d.retransmissions++;
        d.ring.countRepeat(slot);
        long origFrame = d.ring.frame(slot);
        int origStream = d.ring.stream(slot);
        boolean contentKnown = msg.complete() && d.ring.complete(slot);
        boolean same = !contentKnown || d.ring.hash(slot) == msg.hash();
        boolean afterReconnect = d.windowOpen && !Seq.before(seq, d.windowLow);
        if (afterReconnect) {
            d.retransmissionsAfterReconnect++;
            stories.retransmitted(d, seq, deliverable && Seq.before(seq, d.expected), msg.nanos());
        }

        StringBuilder m = new StringBuilder();
        m.append("seq ").append(seq).append(" from ").append(d.s()).append(" to ").append(d.r())
                .append(" crosses the wire again in frame ").append(frame).append(" (stream ").append(st.stream())
                .append(')');
        if (contentKnown) m.append(same ? ", byte-identical to" : " with different content than");
        else m.append(", a copy of");
        m.append(" the first copy in frame ").append(origFrame).append(" (stream ").append(origStream).append("), ")
                .append(rx.firstCopyFate(d, slot)).append("; ");
        if (afterReconnect) {
            m.append("expected after the connection failure: the kernel re-queues every unacknowledged message"
                    + " after a socket error; ");
        } else {
            m.append("no connection failure precedes it, yet a socket error is the kernel's only retransmit trigger; ");
        }
        m.append(rx.receiverAction(d, seq, slot, msg.fin(), st, deliverable, frame, msg.nanos())).append('.');

        Severity sev = !same ? Severity.ERROR : afterReconnect ? Severity.NOTE : Severity.WARN;
        ctx.report(d, same ? FindingCode.SEQ_RETRANSMISSION : FindingCode.SEQ_DUPLICATE, sev, frame, msg.nanos(), st,
                new long[] {frame, origFrame}, new long[] {seq}, m.toString());
    }

    /** A seq below R's seq_next whose first copy the capture does not hold. */
    private void repeatUnseen(DirectionState d, long seq, StreamState st, boolean deliverable, long frame, long now) {
        d.retransmissions++;
        boolean afterReconnect = d.windowOpen && !Seq.before(seq, d.windowLow);
        if (afterReconnect) {
            d.retransmissionsAfterReconnect++;
            stories.retransmitted(d, seq, deliverable && Seq.before(seq, d.expected), now);
        }
        String action = rx.receiverAction(d, seq, -1, false, st, deliverable, frame, now);
        ctx.report(d, FindingCode.SEQ_RETRANSMISSION, afterReconnect ? Severity.NOTE : Severity.WARN, frame, now, st,
                new long[] {frame}, new long[] {seq},
                "seq " + seq + " from " + d.s() + " to " + d.r() + " crosses the wire in frame " + FrameRef.text(frame)
                        + " although " + d.r() + " already expects seq " + d.expected + ": its first copy is not in the"
                        + " capture (sent before the capture started, or in bytes the capture lacks); "
                        + (afterReconnect ? "expected after the connection failure; "
                                : "no connection failure precedes it; ")
                        + action + ".");
    }

    /** A malformed OPTS: it crossed the wire with {@code seq}, R drops it before sequence handling. */
    void onInvalidOpts(DirectionState d, long seq, StreamState st, long frame, long now) {
        d.wrapped++;
        if (d.senderResetDone || d.receiverResetDone) startSession(d, seq, false);
        else if (!d.baselined) startSession(d, seq, d.ackSeen);
        if (d.ring.find(seq) >= 0 || Seq.before(seq, d.expected)) return;
        if (!d.hasHighest || Seq.after(seq, d.highestSent)) {
            d.highestSent = seq;
            d.hasHighest = true;
            d.seqLastEver = seq;
        }
        rx.store(d, new SeqMessage(seq, false, 0, false, st, frame, now), SeqRing.DROPPED_INVALID);
    }
}
