package org.dlminspect.analysis;

import org.dlminspect.Severity;
import org.dlminspect.capture.FrameRef;

/**
 * R's DLM_ACKs for S's messages (reference §3.6): what they free, how late they come, the ACK policy they show, and
 * ACKs beyond what S was seen sending, judged against TCP's acknowledgment and S's next message (capture-point
 * reordering is no fault). Every ACK is the truth about R's {@code seq_next}: the receiver model follows it. Decides
 * {@code ack.duplicate}, {@code ack.regression}, {@code ack.unsent}, {@code ack.missing} (an ACK that still expects
 * a delivered message) and {@code ack.backlog}.
 */
final class AckModel {
    private static final int ACK_THRESHOLD_6_5 = 32;

    private final AnalysisContext ctx;
    private final FinHandshake handshake;

    AckModel(AnalysisContext ctx, FinHandshake handshake) {
        this.ctx = ctx;
        this.handshake = handshake;
    }

    /** R acknowledges everything below {@code ack} (a DLM_ACK from R to S). */
    void onAck(DirectionState d, long ack, StreamState st, long frame, long now) {
        d.acksReceived++;
        if (d.senderResetDone) return; // S flushed its queue at reset: a late ACK changes nothing
        if (!d.ackSeen && !d.baselined) {
            d.ackSeen = true;
            d.ackedUpTo = d.prevAckedUpTo = d.lastAckValue = ack;
            d.lastAckStream = st.stream();
            d.lastAckNanos = now;
            d.lastAckFrame = frame;
            return;
        }
        boolean reAck = false;
        if (d.pendingReAcks > 0 && (ack == d.expected || ack == d.lastAckValue)) {
            reAck = true;
            d.pendingReAcks--;
        }
        if (d.ackSeen) {
            if (ack == d.lastAckValue) {
                d.duplicateAcks++;
                ctx.report(d, FindingCode.ACK_DUPLICATE, reAck ? Severity.CHAT : Severity.NOTE, frame, now, st,
                        new long[] {frame, d.lastAckFrame}, new long[] {ack}, reAck
                                ? d.r() + " repeats ACK " + ack + ": its re-ACK for the duplicate it dropped; " + d.s()
                                        + " frees nothing"
                                : d.r() + " sends ACK " + ack + " again (first in frame " + FrameRef.text(d.lastAckFrame)
                                        + ") without a new message acknowledged; " + d.s() + " frees nothing");
            } else if (Seq.before(ack, d.lastAckValue)) {
                boolean late = d.windowOpen || d.reverse.windowOpen;
                ctx.report(d, FindingCode.ACK_REGRESSION, late ? Severity.NOTE : Severity.WARN, frame, now, st,
                        new long[] {frame, d.lastAckFrame}, new long[] {ack, d.lastAckValue},
                        d.r() + "'s ACK " + ack + " is lower than its earlier ACK " + d.lastAckValue + " (frame "
                                + FrameRef.text(d.lastAckFrame) + "): " + d.s() + "'s kernel ignores it, as ACKs only free messages"
                                + " below their value" + (late ? "; ACKs queued before a connection failure can go out late"
                                : "; it happens when an ACK built earlier is sent late"));
            }
        }
        if (d.baselined && d.hasHighest && Seq.after(ack, Seq.next(d.highestSent)) && !d.captureGapSeen && !d.unsentPending) {
            // S's next new message tells whether it had really not sent them or the capture missed them; TCP's
            // acknowledgment in the same segment may already prove R had them (capture-point reordering)
            d.unsentPending = true;
            d.unsentProven = d.tcpAheadStream >= 0;
            d.unsentSameStream = st.stream() == d.lastDataStream;
            d.unsentAck = ack;
            d.unsentHighest = d.highestSent;
            d.unsentFrame = frame;
            d.unsentNanos = now;
            d.unsentStream = st.stream();
        }
        if (!d.ackSeen || Seq.after(ack, d.ackedUpTo)) {
            sampleLatency(d, d.ackSeen ? d.ackedUpTo : d.unackedBase(), ack, now);
            d.prevAckedUpTo = d.ackSeen ? d.ackedUpTo : ack;
            d.ackedUpTo = ack;
            d.lastAckStream = st.stream();
            d.lastAckNanos = now;
        }
        d.lastAckValue = ack;
        d.lastAckFrame = frame;
        d.ackSeen = true;
        if (d.baselined) {
            if (Seq.after(ack, d.expected)) followAckAhead(d, ack, st, frame, now);
            else if (Seq.before(ack, d.expected)) followAckBehind(d, ack, st, frame, now);
        }
        boolean finAck = false;
        if (d.finPending && Seq.after(ack, d.finSeq)) {
            finAck = true;
            handshake.onFinAcked(d, st, frame, now);
        }
        if (!reAck && !finAck) {
            if (d.deliveredSinceAck > ACK_THRESHOLD_6_5) d.thresholdAcks++;
            else if (d.deliveredSinceAck > 0) d.perBatchAcks++;
        }
        d.deliveredSinceAck = 0;
        if (d.windowOpen && (!d.windowHasHighest || Seq.after(ack, d.windowHighestBefore))) d.windowAcked = true;
        if (d.backlogReported && d.outstanding() < ctx.options().backlogWarnThreshold() / 2) d.backlogReported = false;
    }

    private void sampleLatency(DirectionState d, long from, long to, long now) {
        int n = Seq.diff(to, from);
        if (n <= 0) return;
        long s = n > d.ring.capacity() ? (to - d.ring.capacity()) & Seq.MASK : from;
        while (Seq.before(s, to)) {
            int slot = d.ring.find(s);
            if (slot >= 0 && d.ring.state(slot) == SeqRing.DELIVERED) d.latency.add(now - d.ring.deliverNanos(slot));
            s = Seq.next(s);
        }
    }

    /**
     * Settles an ACK from R that went beyond what S had been seen sending: if S's next new message continues at or
     * past it (or bytes are missing), the capture missed S's messages; if S continues below it, S had not sent
     * them when R acknowledged them (A16).
     */
    void resolveUnsent(DirectionState d, boolean notCaptured, long nextSeq, long now) {
        d.unsentPending = false;
        if (notCaptured || d.unsentProven) return;
        // Without TCP's word (the ACK came on another connection than S's data), the messages showing up within the
        // hold window means the capture point recorded the ACK first; on S's own connection TCP would have said so.
        if (!d.unsentSameStream && now - d.unsentNanos <= ctx.options().ackHoldNanos()) return;
        ctx.report(d, FindingCode.ACK_UNSENT, Severity.ERROR, d.unsentFrame, d.unsentNanos, d.unsentStream,
                new long[] {d.unsentFrame}, new long[] {d.unsentAck, d.unsentHighest}, d.r() + "'s ACK " + d.unsentAck
                        + " acknowledges up to seq " + Seq.prev(d.unsentAck) + ", but " + d.s() + " had sent only up to seq "
                        + d.unsentHighest + " (its next message is seq " + nextSeq + "): " + d.s() + "'s kernel accepts it"
                        + " without check and frees its whole queue");
    }

    /** R's TCP acknowledged bytes of S on {@code stream} that the capture has not shown yet. */
    void tcpAckedAhead(DirectionState d, int stream) {
        d.tcpAheadStream = stream;
    }

    /** Capture ended (or bytes went missing) with an ACK beyond what S was seen sending still unsettled. */
    void unsentAtEnd(DirectionState d) {
        if (!d.unsentPending) {
            // acknowledged, never seen, and the capture lacked bytes of this direction: not captured
            if (d.captureGapSeen && d.baselined && d.hasHighest && d.ackSeen && !d.senderResetDone
                    && Seq.after(d.ackedUpTo, Seq.next(d.highestSent))) {
                d.notCaptured += Seq.diff(d.ackedUpTo, Seq.next(d.highestSent));
            }
            return;
        }
        d.unsentPending = false;
        ctx.report(d, FindingCode.ACK_UNSENT, Severity.NOTE, d.unsentFrame, d.unsentNanos, d.unsentStream,
                new long[] {d.unsentFrame}, new long[] {d.unsentAck, d.unsentHighest}, d.r() + "'s ACK " + d.unsentAck
                        + " acknowledges up to seq " + Seq.prev(d.unsentAck) + ", but " + d.s() + " was seen sending only"
                        + " up to seq " + d.unsentHighest + " and sends nothing new before the capture ends: either the"
                        + " capture missed them or " + d.s() + "'s kernel accepted an ACK for unsent messages (it frees"
                        + " its whole queue without check)");
    }

    /**
     * R's ACK says it has more than the model thought: the model follows R up to what S was seen sending. Seqs
     * beyond that are judged when S's next message shows whether they were sent (see {@link #newSeq}).
     */
    private void followAckAhead(DirectionState d, long ack, StreamState st, long frame, long now) {
        long limit = d.hasHighest && Seq.after(ack, Seq.next(d.highestSent)) ? Seq.next(d.highestSent) : ack;
        if (!Seq.after(limit, d.expected)) return;
        long unseen = 0;
        long corrected = 0;
        long first = d.expected;
        int guard = d.ring.capacity();
        for (long s = d.expected; Seq.before(s, limit) && guard-- > 0; s = Seq.next(s)) {
            int slot = d.ring.find(s);
            if (slot < 0) {
                unseen++;
            } else if (d.ring.state(slot) != SeqRing.DELIVERED) {
                d.ring.markDelivered(slot, now, d.ring.deliverStream(slot));
                corrected++;
            }
        }
        d.expected = limit;
        d.gapOpen = false;
        d.notCaptured += unseen;
        if (corrected + unseen > 0) {
            ctx.report(d, FindingCode.SEQ_NOT_CAPTURED, Severity.CHAT, frame, now, st, new long[] {frame},
                    new long[] {first, Seq.prev(limit)}, d.r() + "'s ACK " + ack + " shows it received "
                            + Text.seqs(first, Seq.prev(limit)) + " from " + d.s() + ", which the analysis had not seen"
                            + " it accept (" + unseen + " not in the capture, " + corrected + " taken as not received);"
                            + " the analysis follows the ACK");
        }
    }

    /** R's ACK says it still lacks a message that reached it long ago: it never accepted it. */
    private void followAckBehind(DirectionState d, long ack, StreamState st, long frame, long now) {
        if (d.windowOpen || d.reverse.windowOpen) return; // ACKs built before a failure may go out late
        int slot = d.ring.find(ack);
        if (slot < 0 || d.ring.state(slot) != SeqRing.DELIVERED) return;
        long age = now - d.ring.deliverNanos(slot);
        if (age <= ctx.options().ackDelayWarnNanos()) return;
        long deliveredFrame = d.ring.frame(slot);
        long oldExpected = d.expected;
        int guard = d.ring.capacity();
        for (long s = ack; Seq.before(s, oldExpected) && guard-- > 0; s = Seq.next(s)) {
            int sl = d.ring.find(s);
            if (sl >= 0 && d.ring.state(sl) == SeqRing.DELIVERED) d.ring.setState(sl, SeqRing.UNDELIVERED_LOST);
        }
        d.expected = ack;
        ctx.report(d, FindingCode.ACK_MISSING, Severity.WARN, frame, now, st, new long[] {frame, deliveredFrame},
                new long[] {ack, Seq.prev(oldExpected)}, d.r() + "'s ACK (frame " + FrameRef.text(frame) + ") still expects seq " + ack
                        + ", although it crossed the wire to " + d.r() + " in frame " + FrameRef.text(deliveredFrame) + ", "
                        + Text.duration(age) + " earlier: " + d.r() + "'s kernel never accepted "
                        + Text.seqs(ack, Seq.prev(oldExpected)) + " (lost after the capture point or on a failed"
                        + " connection); " + d.s() + " keeps them queued and resends them only after a socket error");
    }

    /** An ACK from R to S on {@code st} just before S's end answered with RST never reached S. */
    void undoAckOnReset(DirectionState d, StreamState st, long rstNanos, long window) {
        if (d.ackSeen && d.lastAckStream == st.stream() && d.lastAckNanos >= rstNanos - window
                && Seq.after(d.ackedUpTo, d.prevAckedUpTo) && !(d.finSeq >= 0 && !Seq.before(d.finSeq, d.prevAckedUpTo))) {
            d.ackedUpTo = d.prevAckedUpTo;
            d.lastAckValue = d.ackedUpTo;
            d.lastAckStream = -1;
        }
    }

    void checkBacklog(DirectionState d, StreamState st, long frame, long now) {
        long n = d.outstanding();
        int threshold = ctx.options().backlogWarnThreshold();
        if (n > threshold && !d.backlogReported) {
            d.backlogReported = true;
            long base = d.unackedBase();
            ctx.report(d, FindingCode.ACK_BACKLOG, Severity.WARN, frame, now, st, new long[] {frame},
                    new long[] {base, d.highestSent}, n + " messages from " + d.s() + " to " + d.r()
                            + " are unacknowledged (" + Text.seqs(base, d.highestSent) + "), more than " + threshold
                            + ": a receiver acknowledges after every receive batch (up to 6.4) or after at most 257"
                            + " delivered messages (6.5 and later), so " + d.r() + "'s ACKs are not getting through or it"
                            + " is not accepting these messages");
        }
    }
}
