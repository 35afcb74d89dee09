package org.dlminspect.analysis;

import static org.dlminspect.analysis.MidcommsState.CLOSED;

import org.dlminspect.memory.Account;

/**
 * Midcomms state of one direction of a node pair, sender S to receiver R: what S has sent (its sequence numbers,
 * its unacknowledged queue, its own FIN state) and a model of what R's kernel does with each message
 * ({@code seq_next}, version detection). The parts that move it, one job each: {@link SenderModel} (S's sequence
 * numbers and repeats), {@link ReceiverModel} (what R accepts), {@link AckModel} (R's ACKs), {@link FinHandshake}
 * (S's FIN state); this class holds the state they share and answers questions about it.
 *
 * <p>The receiver model follows reference §3.5: an OPTS whose seq equals {@code seq_next} is delivered, anything
 * else is dropped, a past one with a re-ACK. What the capture cannot show is decided by evidence: bytes missing
 * from the capture mean "not captured" (TCP delivered them); data answered by an RST, or sent after one, never
 * arrived; and every ACK of R is the truth about R's {@code seq_next}, so the model follows it when they disagree.
 */
final class DirectionState {
    final Node sender;
    final Node receiver;
    final Link link;
    DirectionState reverse;

    // what crossed the wire
    long messages;
    long bytes;
    long wrapped;
    long acksSent;
    long untrusted;
    long retransmissions;
    long retransmissionsAfterReconnect;
    long gaps;
    long notCaptured;
    long duplicateAcks;
    long acksReceived;

    /** Version R detected for S (0 = not yet); reset with R. */
    long version;
    /** The last version detected, kept across resets for the report. */
    long lastVersion;
    /** The start of the current session is in the capture, so version detection can be judged (A19/A20). */
    boolean startVisible;

    // sender side and receiver model
    boolean baselined;
    long firstSeq;
    boolean hasHighest;
    long highestSent;
    long expected;
    int sessions;
    long seqFirstEver = -1;
    long seqLastEver = -1;
    boolean senderResetDone;
    boolean receiverResetDone;
    long resetFrame;
    final SeqRing ring;
    boolean capReported;

    // ACKs from R
    boolean ackSeen;
    long ackedUpTo;
    long prevAckedUpTo;
    long lastAckValue;
    long lastAckFrame;
    long lastAckNanos;
    int lastAckStream = -1;
    int pendingReAcks;
    int deliveredSinceAck;
    long perBatchAcks;
    long thresholdAcks;
    boolean backlogReported;
    final LatencyHistogram latency = new LatencyHistogram();

    // out-of-order episode at R
    boolean gapOpen;
    long gapDropped;

    /**
     * A connection of the pair failed: S re-queues copies of everything unacknowledged, which go out after the
     * reconnect, so repeats are expected (§3.8). The window closes once R has acknowledged everything S had sent
     * before the failure and S then sends a new message: copies queued at the failure precede anything committed
     * after it, and the covering ACK alone does not stop copies already queued.
     */
    boolean windowOpen;
    boolean windowAcked;
    long windowLow;
    boolean windowHasHighest;
    long windowHighestBefore;

    // S's own FIN state for peer R
    MidcommsState state = CLOSED;
    boolean finPending;
    long finSeq = -1;
    long finFrame;
    long finNanos;
    boolean finTimeoutReported;

    /** S closed (TCP FIN) or reset a connection to R after R was last heard (0: not since), for {@link NodeLiveness}. */
    long peerCloseFrame;
    long peerCloseNanos;

    /** Bytes from S to R were missing from the capture at some point. */
    boolean captureGapSeen;

    /**
     * R's TCP acknowledged bytes of S on this stream that the capture has not shown yet (-1: none pending): an ACK
     * from R beyond what S was seen sending is then capture-point reordering, not an ACK for unsent messages.
     */
    int tcpAheadStream = -1;
    /** The stream S's latest message travelled on. */
    int lastDataStream = -1;

    /** An ACK from R beyond what S was seen sending, judged when S sends its next new message. */
    boolean unsentPending;
    /** TCP proved that R had received the bytes acknowledged by the pending ACK. */
    boolean unsentProven;
    /** The pending ACK travelled on the stream S sends on, so TCP's acknowledgment would show S's bytes. */
    boolean unsentSameStream;
    long unsentAck;
    long unsentHighest;
    long unsentFrame;
    long unsentNanos;
    int unsentStream;

    DirectionState(Node sender, Node receiver, Link link, AnalyzerOptions options, Account memory) {
        this.sender = sender;
        this.receiver = receiver;
        this.link = link;
        this.ring = new SeqRing(memory, options.maxTrackedMessages());
    }

    /** S's label, "node 1" (the finding sentences name S and R all the time). */
    String s() {
        return sender.label();
    }

    /** R's label. */
    String r() {
        return receiver.label();
    }

    /** Lowest sequence number S still holds unacknowledged (as far as the capture shows). */
    long unackedBase() {
        if (!baselined) return ackSeen ? ackedUpTo : 0;
        return ackSeen && Seq.after(ackedUpTo, firstSeq) ? ackedUpTo : firstSeq;
    }

    /** Messages S has sent and R has not acknowledged. */
    long outstanding() {
        if (!baselined || !hasHighest || senderResetDone) return 0;
        int d = Seq.diff(Seq.next(highestSent), unackedBase());
        return Math.max(0, d);
    }

    /** Frame and time of the oldest unacknowledged message still remembered ({0, 0} when none). */
    long[] oldestUnacked() {
        if (outstanding() == 0) return new long[] {0, 0};
        int guard = ring.capacity();
        for (long s = unackedBase(); !Seq.after(s, highestSent) && guard-- > 0; s = Seq.next(s)) {
            int slot = ring.find(s);
            if (slot >= 0) return new long[] {ring.frame(slot), ring.nanos(slot)};
        }
        return new long[] {0, 0};
    }

    // ------------------------------------------------------------------ connection failures

    /** A connection of the pair failed: S will retransmit what R has not acknowledged. */
    void openWindow() {
        long base = unackedBase();
        windowAcked = false;
        if (!windowOpen) {
            windowOpen = true;
            windowLow = base;
            windowHasHighest = hasHighest;
            windowHighestBefore = highestSent;
            return;
        }
        if (Seq.before(base, windowLow)) windowLow = base;
        if (hasHighest && (!windowHasHighest || Seq.after(highestSent, windowHighestBefore))) {
            windowHighestBefore = highestSent;
            windowHasHighest = true;
        }
    }

    /** Which ACK policy R shows: per batch (≤ 6.4), threshold (≥ 6.5), or unknown. */
    KernelEra observedEra() {
        if (perBatchAcks > 0) return KernelEra.UP_TO_6_4;
        if (thresholdAcks > 0) return KernelEra.FROM_6_5;
        return KernelEra.AUTO;
    }

}
