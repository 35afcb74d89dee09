package org.dlminspect.analysis;

import static org.dlminspect.analysis.MidcommsState.CLOSED;
import static org.dlminspect.analysis.MidcommsState.CLOSING;
import static org.dlminspect.analysis.MidcommsState.ESTABLISHED;
import static org.dlminspect.analysis.MidcommsState.LAST_ACK;

import org.dlminspect.Severity;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.memory.MemorySize;

/**
 * What R's kernel does with each new message from S (reference §3.5): an OPTS whose seq equals its {@code seq_next}
 * is delivered, a later one is dropped without ACK until S retransmits; what the capture cannot show is decided by
 * evidence (bytes missing from the capture, an RST from R's end, R's own ACKs). Decides {@code seq.gap},
 * {@code seq.not_captured}, {@code data.after_fin} and what R does with a copy ({@link SenderModel} reports it).
 */
final class ReceiverModel {
    private final AnalysisContext ctx;
    private final FinHandshake handshake;
    private final AckModel acks;

    ReceiverModel(AnalysisContext ctx, FinHandshake handshake, AckModel acks) {
        this.ctx = ctx;
        this.handshake = handshake;
        this.acks = acks;
    }

    /** The analysis context the model reports through (the {@link SenderModel} shares it). */
    AnalysisContext context() {
        return ctx;
    }

    /** The ACK model it follows (the {@link SenderModel} shares it). */
    AckModel acks() {
        return acks;
    }

    /** A seq S had not sent before (as far as the capture shows): what R does with it. */
    void newSeq(DirectionState d, SeqMessage m, Arrival a) {
        long seq = m.seq();
        boolean fin = m.fin();
        StreamState st = m.stream();
        long frame = m.frame();
        long now = m.nanos();
        if (d.windowOpen && d.windowAcked && (!d.hasHighest || Seq.after(seq, d.highestSent))) d.windowOpen = false;
        if (d.state == CLOSED) d.state = ESTABLISHED; // a node sends sequenced d.messages only to an established peer
        if (fin) {
            handshake.onFinSent(d, seq, st, frame, now);
        } else if (d.state.sentFin() && d.finSeq >= 0 && Seq.after(seq, d.finSeq)) {
            MidcommsState rs = d.reverse.state;
            ctx.report(d, FindingCode.DATA_AFTER_FIN, Severity.ERROR, frame, now, st, new long[] {frame, d.finFrame},
                    new long[] {seq, d.finSeq}, d.s() + " sends seq " + seq + " to " + d.r() + " after its own FIN (seq "
                            + d.finSeq + ", frame " + FrameRef.text(d.finFrame) + ", now " + d.state + "): the sending kernel WARNs"
                            + " ('this is a bug, however we going on'); " + d.r() + " still delivers it"
                            + (rs == CLOSING || rs == LAST_ACK ? " and WARNs because it has stopped receiving (STOP_RX)" : ""));
        }
        if (!d.hasHighest || Seq.after(seq, d.highestSent)) {
            d.highestSent = seq;
            d.hasHighest = true;
            d.seqLastEver = seq;
        }
        boolean gapBefore = a.gapBefore();
        if (!a.deliverable()) {
            store(d, m, SeqRing.UNDELIVERED_DEAD);
        } else if (seq == d.expected) {
            int slot = store(d, m, SeqRing.DELIVERED);
            deliver(d, seq, slot, fin, st, frame, now);
        } else if (gapBefore || (d.ackSeen && Seq.after(d.ackedUpTo, d.expected))) {
            // the capture lacks them (TCP delivered them, or R's ACK already covers them): not lost
            long missing = Seq.diff(seq, d.expected);
            d.notCaptured += missing;
            ctx.report(d, FindingCode.SEQ_NOT_CAPTURED, Severity.NOTE, frame, now, st, new long[] {frame},
                    new long[] {d.expected, Seq.prev(seq)}, Text.seqs(d.expected, Seq.prev(seq)) + " from " + d.s() + " to "
                            + d.r() + (missing == 1 ? " is" : " are") + " not in the capture: "
                            + (gapBefore ? (a.gapBytes() > 0 ? a.gapBytes() + " bytes" : "bytes") + " of stream "
                                    + st.stream() + " are missing before frame " + FrameRef.text(frame) + "; TCP delivered them to "
                                    + d.r() + ", so the analysis assumes its kernel accepted them"
                                    : d.r() + "'s ACK " + d.ackedUpTo + " (frame " + FrameRef.text(d.lastAckFrame) + ") already covers them,"
                                    + " so they crossed the wire where the capture did not see them"));
            d.expected = seq;
            int slot = store(d, m, SeqRing.DELIVERED);
            deliver(d, seq, slot, fin, st, frame, now);
        } else {
            store(d, m, SeqRing.DROPPED_FUTURE);
            d.gapDropped++;
            if (!d.gapOpen) {
                d.gapOpen = true;
                d.gaps++;
                reportGap(d, seq, st, frame, now);
            }
        }
        acks.checkBacklog(d, st, frame, now);
    }

    private void reportGap(DirectionState d, long seq, StreamState st, long frame, long now) {
        StringBuilder m = new StringBuilder();
        m.append(d.s()).append(" sends seq ").append(seq).append(" to ").append(d.r()).append(" while ").append(d.r())
                .append(" expects seq ").append(d.expected).append(": ");
        int slot = d.ring.find(d.expected);
        long[] frames;
        if (slot >= 0 && d.ring.state(slot) != SeqRing.DELIVERED) {
            m.append("seq ").append(d.expected).append(" crossed the wire in frame ").append(d.ring.frame(slot))
                    .append(" but ").append(firstCopyFate(d, slot));
            frames = new long[] {frame, d.ring.frame(slot)};
        } else {
            m.append(Text.seqs(d.expected, Seq.prev(seq))).append(" never crossed the capture point");
            frames = new long[] {frame};
        }
        m.append("; ").append(d.r()).append("'s kernel drops seq ").append(seq)
                .append(" and every later message without ACK ('ignore dlm msg because seq mismatch') until ")
                .append(d.s()).append(" retransmits after a socket error");
        Severity sev = Severity.ERROR;
        if (d.windowOpen) {
            sev = Severity.NOTE;
            m.append("; expected right after a reconnect: messages queued while disconnected go out ahead of the"
                    + " retransmitted ones");
        }
        ctx.report(d, FindingCode.SEQ_GAP, sev, frame, now, st, frames, new long[] {d.expected, seq}, m.toString());
    }

    /** Remembers {@code m} in the direction's ring as {@code state}; says once when the ring drops what it tracks. */
    int store(DirectionState d, SeqMessage m, byte state) {
        long seq = m.seq();
        long frame = m.frame();
        long now = m.nanos();
        StreamState st = m.stream();
        int slot = d.ring.put(seq, d.unackedBase(), frame, now, st.stream(), m.hash(), m.complete(), m.fin(), state);
        if (d.ring.overwrittenUnacked > 0 && !d.capReported) {
            d.capReported = true;
            ctx.report(d, FindingCode.ANALYSIS_LIMIT, Severity.NOTE, frame, now, st, new long[] {frame}, new long[] {seq},
                    "more than " + d.ring.size() + " messages from " + d.s() + " to " + d.r() + " are unacknowledged:"
                            + " the analysis tracks only the newest " + d.ring.size() + " individually and dropped the"
                            + " oldest from tracking (repeats of them are not recognised; " + (d.ring.budgetRefused
                            ? "the memory budget of " + MemorySize.format(ctx.memory().budget().limit())
                            + " is reached, see --memory-budget)" : "raise maxTrackedMessages to track more)"));
        }
        return slot;
    }

    /** R accepts {@code seq} (== its seq_next). */
    private void deliver(DirectionState d, long seq, int slot, boolean fin, StreamState st, long frame, long now) {
        d.expected = Seq.next(seq);
        if (slot >= 0) d.ring.markDelivered(slot, now, st.stream());
        d.gapOpen = false;
        if (d.reverse.state == CLOSED) d.reverse.state = ESTABLISHED;
        if (fin) {
            handshake.onFinReceived(d, seq, st, frame, now);
        } else {
            d.deliveredSinceAck++;
        }
    }

    /** What R's kernel does with a copy of an already seen seq; applies it to the model. */
    String receiverAction(DirectionState d, long seq, int slot, boolean fin, StreamState st, boolean deliverable,
                                  long frame, long now) {
        if (!deliverable) {
            return "this copy goes out on a connection that was already reset, so " + d.r() + " cannot receive it either";
        }
        if (seq == d.expected) {
            deliver(d, seq, slot, fin, st, frame, now);
            return d.r() + " delivers this copy (it still expected seq " + seq + ")";
        }
        if (Seq.before(seq, d.expected)) {
            if (Seq.kernelReAcks(seq, d.expected)) {
                d.pendingReAcks++;
                return d.r() + " already has it: its kernel drops this copy and re-ACKs with " + d.expected
                        + " ('ignore dlm msg because seq mismatch, seq: " + seq + ", expected: " + d.expected + "')";
            }
            return d.r() + " already has it: its kernel drops this copy without re-ACK, because its unsigned"
                    + " seq < seq_next test fails across the wrap-around (A44)";
        }
        d.gapDropped++;
        return d.r() + " still misses seq " + d.expected + ", so it drops this copy as out of order too (no ACK)";
    }

    String firstCopyFate(DirectionState d, int slot) {
        switch (d.ring.state(slot)) {
            case SeqRing.DELIVERED:
                return d.r() + " received that copy";
            case SeqRing.DROPPED_FUTURE:
                return d.r() + " dropped that copy as out of order";
            case SeqRing.UNDELIVERED_RESET: {
                StreamState o = ctx.stream(d.ring.deliverStream(slot));
                return "that copy never reached " + d.r() + ": its end answered stream " + d.ring.deliverStream(slot)
                        + " with RST" + (o != null ? " (frame " + FrameRef.text(o.deadFrame) + ")" : "");
            }
            case SeqRing.UNDELIVERED_DEAD: {
                StreamState o = ctx.stream(d.ring.stream(slot));
                return "that copy went out on stream " + d.ring.stream(slot) + " after the connection was reset"
                        + (o != null ? " (frame " + FrameRef.text(o.deadFrame) + ")" : "") + ", so " + d.r() + " never received it";
            }
            case SeqRing.DROPPED_INVALID:
                return d.r() + " dropped that copy as malformed without consuming its sequence number";
            default:
                return d.r() + " never accepted that copy (a later ACK of " + d.r() + " still expected it)";
        }
    }

    /** Data from S on {@code st} that R's end answered with RST within the window never arrived. */
    long undeliverOnReset(DirectionState d, StreamState st, long rstNanos, long window) {
        if (!d.baselined || !d.hasHighest) return 0;
        long count = 0;
        long s = Seq.prev(d.expected);
        int guard = d.ring.capacity();
        while (guard-- > 0) {
            if (d.ackSeen && Seq.before(s, d.ackedUpTo)) break;
            int slot = d.ring.find(s);
            if (slot < 0 || d.ring.deliverStream(slot) != st.stream() || d.ring.state(slot) != SeqRing.DELIVERED
                    || d.ring.fin(slot) || d.ring.deliverNanos(slot) < rstNanos - window) {
                break;
            }
            d.ring.setState(slot, SeqRing.UNDELIVERED_RESET);
            d.expected = s;
            count++;
            if (d.deliveredSinceAck > 0) d.deliveredSinceAck--;
            s = Seq.prev(s);
        }
        return count;
    }
}
