package org.dlminspect.analysis;

import static org.dlminspect.analysis.MidcommsState.CLOSED;
import static org.dlminspect.analysis.MidcommsState.CLOSE_WAIT;
import static org.dlminspect.analysis.MidcommsState.CLOSING;
import static org.dlminspect.analysis.MidcommsState.ESTABLISHED;
import static org.dlminspect.analysis.MidcommsState.FIN_WAIT1;
import static org.dlminspect.analysis.MidcommsState.FIN_WAIT2;
import static org.dlminspect.analysis.MidcommsState.LAST_ACK;

import org.dlminspect.Severity;

/**
 * Midcomms state of one direction of a node pair, sender S to receiver R: what S has sent (its sequence numbers,
 * its unacknowledged queue, its own FIN state) and a model of what R's kernel does with each message
 * ({@code seq_next}, version detection). ACKs from R arrive through {@link #onAck}.
 *
 * <p>The receiver model follows reference §3.5: an OPTS whose seq equals {@code seq_next} is delivered, anything
 * else is dropped, a past one with a re-ACK. What the capture cannot show is decided by evidence: bytes missing
 * from the capture mean "not captured" (TCP delivered them); data answered by an RST, or sent after one, never
 * arrived; and every ACK of R is the truth about R's {@code seq_next}, so the model follows it when they disagree.
 */
final class DirectionState {
    private static final int ACK_THRESHOLD_6_5 = 32;

    final MidcommsAnalyzer an;
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

    DirectionState(MidcommsAnalyzer an, Node sender, Node receiver, Link link) {
        this.an = an;
        this.sender = sender;
        this.receiver = receiver;
        this.link = link;
        this.ring = new SeqRing(an.memory(), an.options().maxTrackedMessages());
    }

    private String s() {
        return sender.label();
    }

    private String r() {
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

    // ------------------------------------------------------------------ sequenced messages

    /**
     * An OPTS with sequence number {@code seq} from S, structurally valid. {@code deliverable} is false when it
     * travels on a connection already reset: it crossed the wire but cannot reach R.
     */
    void onOpts(long seq, boolean fin, long hash, boolean complete, StreamState st, boolean gapBefore,
                long gapBytes, boolean deliverable, long frame, long now) {
        wrapped++;
        if (senderResetDone || receiverResetDone) {
            if (seq != 0) {
                String who = senderResetDone && receiverResetDone ? "both nodes reset their state for each other"
                        : senderResetDone ? s() + " reset its state for " + r() : r() + " reset its state for " + s();
                report(FindingCode.SESSION_NO_RESTART, Severity.WARN, frame, now, st, new long[] {frame, resetFrame},
                        new long[] {seq}, s() + " sends seq " + seq + " to " + r() + " after the FIN handshake ended"
                                + " (frame " + resetFrame + ", " + who + "), but a new session starts at seq 0: " + r()
                                + "'s kernel expects 0, so it drops this message and every later one without ACK;"
                                + " the analysis restarts its model at seq " + seq);
            }
            startSession(seq, false);
        } else if (!baselined) {
            startSession(seq, ackSeen);
        } else if (seq == 0 && expected != 0 && looksLikeRestart(hash, complete)) {
            report(FindingCode.SESSION_RESTART, Severity.WARN, frame, now, st, new long[] {frame}, new long[] {0, expected},
                    s() + " restarts its sequence numbers at 0 towards " + r() + " without a completed FIN handshake"
                            + " (" + r() + " expected seq " + expected + "): " + s() + " was reset (fenced, rebooted,"
                            + " or 'reset node because shutdown stuck'); unless " + r() + " was reset too, its kernel"
                            + " drops seq 0 as an old message and re-ACKs " + expected
                            + "; the analysis starts a new session");
            startSession(0, false);
        }

        int slot = ring.find(seq);
        if (unsentPending && slot < 0 && (!hasHighest || Seq.after(seq, highestSent))) {
            resolveUnsent(gapBefore || !Seq.before(seq, unsentAck), seq, now);
        }
        lastDataStream = st.stream();
        tcpAheadStream = -1;
        if (slot >= 0) {
            repeat(slot, seq, fin, hash, complete, st, deliverable, frame, now);
            return;
        }
        if (Seq.before(seq, expected)) {
            if (!complete && captureGapSeen) {
                // a message cut by missing bytes is handed over once the capture proves them missing, which can
                // be after the receiver's ACK for it: late, not repeated
                return;
            }
            repeatUnseen(seq, st, deliverable, frame, now);
            return;
        }
        newSeq(seq, fin, hash, complete, st, gapBefore, gapBytes, deliverable, frame, now);
    }

    private boolean looksLikeRestart(long hash, boolean complete) {
        int slot0 = ring.find(0);
        if (slot0 >= 0 && !(complete && ring.complete(slot0) && ring.hash(slot0) != hash)) return false;
        // seq 0 just ahead of a nearly wrapped expected value is a gap across the wrap, not a restart
        return !(Seq.after(0, expected) && Seq.diff(0, expected) < 65536);
    }

    private void startSession(long seq, boolean keepAckBaseline) {
        sessions++;
        ring.clear();
        baselined = true;
        firstSeq = seq;
        expected = seq;
        hasHighest = false;
        if (!keepAckBaseline) {
            ackSeen = false;
            lastAckStream = -1;
        }
        senderResetDone = false;
        receiverResetDone = false;
        gapOpen = false;
        windowOpen = false;
        finPending = false;
        finSeq = -1;
        pendingReAcks = 0;
        deliveredSinceAck = 0;
        backlogReported = false;
        if (seqFirstEver < 0) seqFirstEver = seq;
    }

    private void newSeq(long seq, boolean fin, long hash, boolean complete, StreamState st, boolean gapBefore,
                        long bytesMissing, boolean deliverable, long frame, long now) {
        if (windowOpen && windowAcked && (!hasHighest || Seq.after(seq, highestSent))) windowOpen = false;
        if (state == CLOSED) state = ESTABLISHED; // a node sends sequenced messages only to an established peer
        if (fin) {
            onFinSent(seq, st, frame, now);
        } else if (state.sentFin() && finSeq >= 0 && Seq.after(seq, finSeq)) {
            MidcommsState rs = reverse.state;
            report(FindingCode.DATA_AFTER_FIN, Severity.ERROR, frame, now, st, new long[] {frame, finFrame},
                    new long[] {seq, finSeq}, s() + " sends seq " + seq + " to " + r() + " after its own FIN (seq "
                            + finSeq + ", frame " + finFrame + ", now " + state + "): the sending kernel WARNs"
                            + " ('this is a bug, however we going on'); " + r() + " still delivers it"
                            + (rs == CLOSING || rs == LAST_ACK ? " and WARNs because it has stopped receiving (STOP_RX)" : ""));
        }
        if (!hasHighest || Seq.after(seq, highestSent)) {
            highestSent = seq;
            hasHighest = true;
            seqLastEver = seq;
        }
        if (!deliverable) {
            store(seq, frame, now, st, hash, complete, fin, SeqRing.UNDELIVERED_DEAD);
        } else if (seq == expected) {
            int slot = store(seq, frame, now, st, hash, complete, fin, SeqRing.DELIVERED);
            deliver(seq, slot, fin, st, frame, now);
        } else if (gapBefore || (ackSeen && Seq.after(ackedUpTo, expected))) {
            // the capture lacks them (TCP delivered them, or R's ACK already covers them): not lost
            long missing = Seq.diff(seq, expected);
            notCaptured += missing;
            report(FindingCode.SEQ_NOT_CAPTURED, Severity.NOTE, frame, now, st, new long[] {frame},
                    new long[] {expected, Seq.prev(seq)}, Text.seqs(expected, Seq.prev(seq)) + " from " + s() + " to "
                            + r() + (missing == 1 ? " is" : " are") + " not in the capture: "
                            + (gapBefore ? (bytesMissing > 0 ? bytesMissing + " bytes" : "bytes") + " of stream "
                                    + st.stream() + " are missing before frame " + frame + "; TCP delivered them to "
                                    + r() + ", so the analysis assumes its kernel accepted them"
                                    : r() + "'s ACK " + ackedUpTo + " (frame " + lastAckFrame + ") already covers them,"
                                    + " so they crossed the wire where the capture did not see them"));
            expected = seq;
            int slot = store(seq, frame, now, st, hash, complete, fin, SeqRing.DELIVERED);
            deliver(seq, slot, fin, st, frame, now);
        } else {
            store(seq, frame, now, st, hash, complete, fin, SeqRing.DROPPED_FUTURE);
            gapDropped++;
            if (!gapOpen) {
                gapOpen = true;
                gaps++;
                reportGap(seq, st, frame, now);
            }
        }
        checkBacklog(st, frame, now);
    }

    private void reportGap(long seq, StreamState st, long frame, long now) {
        StringBuilder m = new StringBuilder();
        m.append(s()).append(" sends seq ").append(seq).append(" to ").append(r()).append(" while ").append(r())
                .append(" expects seq ").append(expected).append(": ");
        int slot = ring.find(expected);
        long[] frames;
        if (slot >= 0 && ring.state(slot) != SeqRing.DELIVERED) {
            m.append("seq ").append(expected).append(" crossed the wire in frame ").append(ring.frame(slot))
                    .append(" but ").append(firstCopyFate(slot));
            frames = new long[] {frame, ring.frame(slot)};
        } else {
            m.append(Text.seqs(expected, Seq.prev(seq))).append(" never crossed the capture point");
            frames = new long[] {frame};
        }
        m.append("; ").append(r()).append("'s kernel drops seq ").append(seq)
                .append(" and every later message without ACK ('ignore dlm msg because seq mismatch') until ")
                .append(s()).append(" retransmits after a socket error");
        Severity sev = Severity.ERROR;
        if (windowOpen) {
            sev = Severity.NOTE;
            m.append("; expected right after a reconnect: messages queued while disconnected go out ahead of the"
                    + " retransmitted ones");
        }
        report(FindingCode.SEQ_GAP, sev, frame, now, st, frames, new long[] {expected, seq}, m.toString());
    }

    private int store(long seq, long frame, long now, StreamState st, long hash, boolean complete, boolean fin, byte st8) {
        int slot = ring.put(seq, unackedBase(), frame, now, st.stream(), hash, complete, fin, st8);
        if (ring.overwrittenUnacked > 0 && !capReported) {
            capReported = true;
            report(FindingCode.ANALYSIS_LIMIT, Severity.NOTE, frame, now, st, new long[] {frame}, new long[] {seq},
                    "more than " + ring.size() + " messages from " + s() + " to " + r() + " are unacknowledged:"
                            + " the analysis tracks only the newest " + ring.size() + " individually and dropped the"
                            + " oldest from tracking (repeats of them are not recognised; " + (ring.budgetRefused
                            ? "the memory budget of " + org.dlminspect.memory.MemorySize.format(an.memory().budget()
                            .limit()) + " is reached, see --memory-budget)" : "raise maxTrackedMessages to track more)"));
        }
        return slot;
    }

    /** R accepts {@code seq} (== its seq_next). */
    private void deliver(long seq, int slot, boolean fin, StreamState st, long frame, long now) {
        expected = Seq.next(seq);
        if (slot >= 0) ring.markDelivered(slot, now, st.stream());
        gapOpen = false;
        if (reverse.state == CLOSED) reverse.state = ESTABLISHED;
        if (fin) {
            onFinReceived(seq, st, frame, now);
        } else {
            deliveredSinceAck++;
        }
    }

    private void repeat(int slot, long seq, boolean fin, long hash, boolean complete, StreamState st,
                        boolean deliverable, long frame, long now) {
        retransmissions++;
        ring.countRepeat(slot);
        long origFrame = ring.frame(slot);
        int origStream = ring.stream(slot);
        boolean contentKnown = complete && ring.complete(slot);
        boolean same = !contentKnown || ring.hash(slot) == hash;
        boolean afterReconnect = windowOpen && !Seq.before(seq, windowLow);
        if (afterReconnect) retransmissionsAfterReconnect++;

        StringBuilder m = new StringBuilder();
        m.append("seq ").append(seq).append(" from ").append(s()).append(" to ").append(r())
                .append(" crosses the wire again in frame ").append(frame).append(" (stream ").append(st.stream())
                .append(')');
        if (contentKnown) m.append(same ? ", byte-identical to" : " with different content than");
        else m.append(", a copy of");
        m.append(" the first copy in frame ").append(origFrame).append(" (stream ").append(origStream).append("), ")
                .append(firstCopyFate(slot)).append("; ");
        if (afterReconnect) {
            m.append("expected after the connection failure: the kernel re-queues every unacknowledged message"
                    + " after a socket error; ");
        } else {
            m.append("no connection failure precedes it, yet a socket error is the kernel's only retransmit trigger; ");
        }
        m.append(receiverAction(seq, slot, fin, st, deliverable, frame, now)).append('.');

        Severity sev = !same ? Severity.ERROR : afterReconnect ? Severity.NOTE : Severity.WARN;
        report(same ? FindingCode.SEQ_RETRANSMISSION : FindingCode.SEQ_DUPLICATE, sev, frame, now, st,
                new long[] {frame, origFrame}, new long[] {seq}, m.toString());
    }

    /** What R's kernel does with a copy of an already seen seq; applies it to the model. */
    private String receiverAction(long seq, int slot, boolean fin, StreamState st, boolean deliverable,
                                  long frame, long now) {
        if (!deliverable) {
            return "this copy goes out on a connection that was already reset, so " + r() + " cannot receive it either";
        }
        if (seq == expected) {
            deliver(seq, slot, fin, st, frame, now);
            return r() + " delivers this copy (it still expected seq " + seq + ")";
        }
        if (Seq.before(seq, expected)) {
            if (Seq.kernelReAcks(seq, expected)) {
                pendingReAcks++;
                return r() + " already has it: its kernel drops this copy and re-ACKs with " + expected
                        + " ('ignore dlm msg because seq mismatch, seq: " + seq + ", expected: " + expected + "')";
            }
            return r() + " already has it: its kernel drops this copy without re-ACK, because its unsigned"
                    + " seq < seq_next test fails across the wrap-around (A44)";
        }
        gapDropped++;
        return r() + " still misses seq " + expected + ", so it drops this copy as out of order too (no ACK)";
    }

    private String firstCopyFate(int slot) {
        switch (ring.state(slot)) {
            case SeqRing.DELIVERED:
                return r() + " received that copy";
            case SeqRing.DROPPED_FUTURE:
                return r() + " dropped that copy as out of order";
            case SeqRing.UNDELIVERED_RESET: {
                StreamState o = an.streamState(ring.deliverStream(slot));
                return "that copy never reached " + r() + ": its end answered stream " + ring.deliverStream(slot)
                        + " with RST" + (o != null ? " (frame " + o.deadFrame + ")" : "");
            }
            case SeqRing.UNDELIVERED_DEAD: {
                StreamState o = an.streamState(ring.stream(slot));
                return "that copy went out on stream " + ring.stream(slot) + " after the connection was reset"
                        + (o != null ? " (frame " + o.deadFrame + ")" : "") + ", so " + r() + " never received it";
            }
            case SeqRing.DROPPED_INVALID:
                return r() + " dropped that copy as malformed without consuming its sequence number";
            default:
                return r() + " never accepted that copy (a later ACK of " + r() + " still expected it)";
        }
    }

    /** A seq below R's seq_next whose first copy the capture does not hold. */
    private void repeatUnseen(long seq, StreamState st, boolean deliverable, long frame, long now) {
        retransmissions++;
        boolean afterReconnect = windowOpen && !Seq.before(seq, windowLow);
        if (afterReconnect) retransmissionsAfterReconnect++;
        String action = receiverAction(seq, -1, false, st, deliverable, frame, now);
        report(FindingCode.SEQ_RETRANSMISSION, afterReconnect ? Severity.NOTE : Severity.WARN, frame, now, st,
                new long[] {frame}, new long[] {seq},
                "seq " + seq + " from " + s() + " to " + r() + " crosses the wire in frame " + frame
                        + " although " + r() + " already expects seq " + expected + ": its first copy is not in the"
                        + " capture (sent before the capture started, or in bytes the capture lacks); "
                        + (afterReconnect ? "expected after the connection failure; "
                                : "no connection failure precedes it; ")
                        + action + ".");
    }

    /** A malformed OPTS: it crossed the wire with {@code seq}, R drops it before sequence handling. */
    void onInvalidOpts(long seq, StreamState st, long frame, long now) {
        wrapped++;
        if (senderResetDone || receiverResetDone) startSession(seq, false);
        else if (!baselined) startSession(seq, ackSeen);
        if (ring.find(seq) >= 0 || Seq.before(seq, expected)) return;
        if (!hasHighest || Seq.after(seq, highestSent)) {
            highestSent = seq;
            hasHighest = true;
            seqLastEver = seq;
        }
        store(seq, frame, now, st, 0, false, false, SeqRing.DROPPED_INVALID);
    }

    // ------------------------------------------------------------------ FIN handshake (§3.9)

    private void onFinSent(long seq, StreamState st, long frame, long now) {
        switch (state) {
            case ESTABLISHED -> state = FIN_WAIT1;
            case CLOSE_WAIT -> state = LAST_ACK;
            default -> report(FindingCode.FIN_VIOLATION, Severity.ERROR, frame, now, st,
                    finSeq >= 0 ? new long[] {frame, finFrame} : new long[] {frame}, new long[] {seq},
                    s() + " sends another FIN (seq " + seq + ") to " + r() + " while in state " + state
                            + (finSeq >= 0 ? " after its FIN seq " + finSeq + " (frame " + finFrame + ")" : "")
                            + ": a kernel sends one FIN per session; " + r() + " handles it as in its own state");
        }
        finPending = true;
        finSeq = seq;
        finFrame = frame;
        finNanos = now;
        finTimeoutReported = false;
        an.finSent(this);
    }

    /** R receives S's FIN in sequence; R's state lives in {@code reverse.state}. */
    private void onFinReceived(long seq, StreamState st, long frame, long now) {
        MidcommsState rs = reverse.state;
        switch (rs) {
            case ESTABLISHED -> reverse.state = CLOSE_WAIT;
            case FIN_WAIT1 -> reverse.state = CLOSING;
            case FIN_WAIT2 -> reverse.resetAsSender(frame);
            case LAST_ACK -> { }
            default -> report(FindingCode.FIN_VIOLATION, Severity.ERROR, frame, now, st, new long[] {frame},
                    new long[] {seq}, r() + " receives FIN seq " + seq + " from " + s() + " in state " + rs
                            + ": its kernel logs 'dlm_midcomms_receive_buffer: unexpected state: " + rs.kernelValue()
                            + "' with a WARN and ignores it (the FIN still used up seq " + seq + ")");
        }
    }

    /** R acknowledged S's FIN. */
    private void onFinAcked(StreamState st, long frame, long now) {
        finPending = false;
        switch (state) {
            case FIN_WAIT1 -> state = FIN_WAIT2;
            case CLOSING, LAST_ACK -> resetAsSender(frame);
            case CLOSED -> { }
            default -> report(FindingCode.FIN_VIOLATION, Severity.ERROR, frame, now, st, new long[] {frame, finFrame},
                    new long[] {finSeq}, r() + "'s ACK covers " + s() + "'s FIN seq " + finSeq + " (frame " + finFrame
                            + ") while " + s() + " is in state " + state + ": its kernel logs 'dlm_act_fin_ack_rcv:"
                            + " unexpected state: " + state.kernelValue() + "' with a WARN");
        }
    }

    /**
     * S resets its midcomms node for R ({@code midcomms_node_reset}): S's next seq to R and its seq_next for R
     * restart at 0, its queue is flushed and the version for R is forgotten.
     */
    void resetAsSender(long frame) {
        state = CLOSED;
        senderResetDone = true;
        resetFrame = frame;
        finPending = false;
        windowOpen = false;
        gapOpen = false;
        pendingReAcks = 0;
        reverse.receiverResetDone = true;
        reverse.resetFrame = frame;
        reverse.version = 0;
        reverse.startVisible = true;
    }

    // ------------------------------------------------------------------ ACKs from R

    /** R acknowledges everything below {@code ack} (a DLM_ACK from R to S). */
    void onAck(long ack, StreamState st, long frame, long now) {
        acksReceived++;
        if (senderResetDone) return; // S flushed its queue at reset: a late ACK changes nothing
        if (!ackSeen && !baselined) {
            ackSeen = true;
            ackedUpTo = prevAckedUpTo = lastAckValue = ack;
            lastAckStream = st.stream();
            lastAckNanos = now;
            lastAckFrame = frame;
            return;
        }
        boolean reAck = false;
        if (pendingReAcks > 0 && (ack == expected || ack == lastAckValue)) {
            reAck = true;
            pendingReAcks--;
        }
        if (ackSeen) {
            if (ack == lastAckValue) {
                duplicateAcks++;
                report(FindingCode.ACK_DUPLICATE, reAck ? Severity.CHAT : Severity.NOTE, frame, now, st,
                        new long[] {frame, lastAckFrame}, new long[] {ack}, reAck
                                ? r() + " repeats ACK " + ack + ": its re-ACK for the duplicate it dropped; " + s()
                                        + " frees nothing"
                                : r() + " sends ACK " + ack + " again (first in frame " + lastAckFrame
                                        + ") without a new message acknowledged; " + s() + " frees nothing");
            } else if (Seq.before(ack, lastAckValue)) {
                boolean late = windowOpen || reverse.windowOpen;
                report(FindingCode.ACK_REGRESSION, late ? Severity.NOTE : Severity.WARN, frame, now, st,
                        new long[] {frame, lastAckFrame}, new long[] {ack, lastAckValue},
                        r() + "'s ACK " + ack + " is lower than its earlier ACK " + lastAckValue + " (frame "
                                + lastAckFrame + "): " + s() + "'s kernel ignores it, as ACKs only free messages"
                                + " below their value" + (late ? "; ACKs queued before a connection failure can go out late"
                                : "; it happens when an ACK built earlier is sent late"));
            }
        }
        if (baselined && hasHighest && Seq.after(ack, Seq.next(highestSent)) && !captureGapSeen && !unsentPending) {
            // S's next new message tells whether it had really not sent them or the capture missed them; TCP's
            // acknowledgment in the same segment may already prove R had them (capture-point reordering)
            unsentPending = true;
            unsentProven = tcpAheadStream >= 0;
            unsentSameStream = st.stream() == lastDataStream;
            unsentAck = ack;
            unsentHighest = highestSent;
            unsentFrame = frame;
            unsentNanos = now;
            unsentStream = st.stream();
        }
        if (!ackSeen || Seq.after(ack, ackedUpTo)) {
            sampleLatency(ackSeen ? ackedUpTo : unackedBase(), ack, now);
            prevAckedUpTo = ackSeen ? ackedUpTo : ack;
            ackedUpTo = ack;
            lastAckStream = st.stream();
            lastAckNanos = now;
        }
        lastAckValue = ack;
        lastAckFrame = frame;
        ackSeen = true;
        if (baselined) {
            if (Seq.after(ack, expected)) followAckAhead(ack, st, frame, now);
            else if (Seq.before(ack, expected)) followAckBehind(ack, st, frame, now);
        }
        boolean finAck = false;
        if (finPending && Seq.after(ack, finSeq)) {
            finAck = true;
            onFinAcked(st, frame, now);
        }
        if (!reAck && !finAck) {
            if (deliveredSinceAck > ACK_THRESHOLD_6_5) thresholdAcks++;
            else if (deliveredSinceAck > 0) perBatchAcks++;
        }
        deliveredSinceAck = 0;
        if (windowOpen && (!windowHasHighest || Seq.after(ack, windowHighestBefore))) windowAcked = true;
        if (backlogReported && outstanding() < an.options().backlogWarnThreshold() / 2) backlogReported = false;
    }

    private void sampleLatency(long from, long to, long now) {
        int n = Seq.diff(to, from);
        if (n <= 0) return;
        long s = n > ring.capacity() ? (to - ring.capacity()) & Seq.MASK : from;
        while (Seq.before(s, to)) {
            int slot = ring.find(s);
            if (slot >= 0 && ring.state(slot) == SeqRing.DELIVERED) latency.add(now - ring.deliverNanos(slot));
            s = Seq.next(s);
        }
    }

    /**
     * Settles an ACK from R that went beyond what S had been seen sending: if S's next new message continues at or
     * past it (or bytes are missing), the capture missed S's messages; if S continues below it, S had not sent
     * them when R acknowledged them (A16).
     */
    void resolveUnsent(boolean notCaptured, long nextSeq, long now) {
        unsentPending = false;
        if (notCaptured || unsentProven) return;
        // Without TCP's word (the ACK came on another connection than S's data), the messages showing up within the
        // hold window means the capture point recorded the ACK first; on S's own connection TCP would have said so.
        if (!unsentSameStream && now - unsentNanos <= an.options().ackHoldNanos()) return;
        an.report(this, FindingCode.ACK_UNSENT, Severity.ERROR, unsentFrame, unsentNanos, unsentStream,
                new long[] {unsentFrame}, new long[] {unsentAck, unsentHighest}, r() + "'s ACK " + unsentAck
                        + " acknowledges up to seq " + Seq.prev(unsentAck) + ", but " + s() + " had sent only up to seq "
                        + unsentHighest + " (its next message is seq " + nextSeq + "): " + s() + "'s kernel accepts it"
                        + " without check and frees its whole queue");
    }

    /** R's TCP acknowledged bytes of S on {@code stream} that the capture has not shown yet. */
    void tcpAckedAhead(int stream) {
        tcpAheadStream = stream;
    }

    /** Capture ended (or bytes went missing) with an ACK beyond what S was seen sending still unsettled. */
    void unsentAtEnd() {
        if (!unsentPending) {
            // acknowledged, never seen, and the capture lacked bytes of this direction: not captured
            if (captureGapSeen && baselined && hasHighest && ackSeen && !senderResetDone
                    && Seq.after(ackedUpTo, Seq.next(highestSent))) {
                notCaptured += Seq.diff(ackedUpTo, Seq.next(highestSent));
            }
            return;
        }
        unsentPending = false;
        an.report(this, FindingCode.ACK_UNSENT, Severity.NOTE, unsentFrame, unsentNanos, unsentStream,
                new long[] {unsentFrame}, new long[] {unsentAck, unsentHighest}, r() + "'s ACK " + unsentAck
                        + " acknowledges up to seq " + Seq.prev(unsentAck) + ", but " + s() + " was seen sending only"
                        + " up to seq " + unsentHighest + " and sends nothing new before the capture ends: either the"
                        + " capture missed them or " + s() + "'s kernel accepted an ACK for unsent messages (it frees"
                        + " its whole queue without check)");
    }

    /**
     * R's ACK says it has more than the model thought: the model follows R up to what S was seen sending. Seqs
     * beyond that are judged when S's next message shows whether they were sent (see {@link #newSeq}).
     */
    private void followAckAhead(long ack, StreamState st, long frame, long now) {
        long limit = hasHighest && Seq.after(ack, Seq.next(highestSent)) ? Seq.next(highestSent) : ack;
        if (!Seq.after(limit, expected)) return;
        long unseen = 0;
        long corrected = 0;
        long first = expected;
        int guard = ring.capacity();
        for (long s = expected; Seq.before(s, limit) && guard-- > 0; s = Seq.next(s)) {
            int slot = ring.find(s);
            if (slot < 0) {
                unseen++;
            } else if (ring.state(slot) != SeqRing.DELIVERED) {
                ring.markDelivered(slot, now, ring.deliverStream(slot));
                corrected++;
            }
        }
        expected = limit;
        gapOpen = false;
        notCaptured += unseen;
        if (corrected + unseen > 0) {
            report(FindingCode.SEQ_NOT_CAPTURED, Severity.CHAT, frame, now, st, new long[] {frame},
                    new long[] {first, Seq.prev(limit)}, r() + "'s ACK " + ack + " shows it received "
                            + Text.seqs(first, Seq.prev(limit)) + " from " + s() + ", which the analysis had not seen"
                            + " it accept (" + unseen + " not in the capture, " + corrected + " taken as not received);"
                            + " the analysis follows the ACK");
        }
    }

    /** R's ACK says it still lacks a message that reached it long ago: it never accepted it. */
    private void followAckBehind(long ack, StreamState st, long frame, long now) {
        if (windowOpen || reverse.windowOpen) return; // ACKs built before a failure may go out late
        int slot = ring.find(ack);
        if (slot < 0 || ring.state(slot) != SeqRing.DELIVERED) return;
        long age = now - ring.deliverNanos(slot);
        if (age <= an.options().ackDelayWarnNanos()) return;
        long deliveredFrame = ring.frame(slot);
        long oldExpected = expected;
        int guard = ring.capacity();
        for (long s = ack; Seq.before(s, oldExpected) && guard-- > 0; s = Seq.next(s)) {
            int sl = ring.find(s);
            if (sl >= 0 && ring.state(sl) == SeqRing.DELIVERED) ring.setState(sl, SeqRing.UNDELIVERED_LOST);
        }
        expected = ack;
        report(FindingCode.ACK_MISSING, Severity.WARN, frame, now, st, new long[] {frame, deliveredFrame},
                new long[] {ack, Seq.prev(oldExpected)}, r() + "'s ACK (frame " + frame + ") still expects seq " + ack
                        + ", although it crossed the wire to " + r() + " in frame " + deliveredFrame + ", "
                        + Text.duration(age) + " earlier: " + r() + "'s kernel never accepted "
                        + Text.seqs(ack, Seq.prev(oldExpected)) + " (lost after the capture point or on a failed"
                        + " connection); " + s() + " keeps them queued and resends them only after a socket error");
    }

    // ------------------------------------------------------------------ connection failures

    /** Data from S on {@code st} that R's end answered with RST within the window never arrived. */
    long undeliverOnReset(StreamState st, long rstNanos, long window) {
        if (!baselined || !hasHighest) return 0;
        long count = 0;
        long s = Seq.prev(expected);
        int guard = ring.capacity();
        while (guard-- > 0) {
            if (ackSeen && Seq.before(s, ackedUpTo)) break;
            int slot = ring.find(s);
            if (slot < 0 || ring.deliverStream(slot) != st.stream() || ring.state(slot) != SeqRing.DELIVERED
                    || ring.fin(slot) || ring.deliverNanos(slot) < rstNanos - window) {
                break;
            }
            ring.setState(slot, SeqRing.UNDELIVERED_RESET);
            expected = s;
            count++;
            if (deliveredSinceAck > 0) deliveredSinceAck--;
            s = Seq.prev(s);
        }
        return count;
    }

    /** An ACK from R to S on {@code st} just before S's end answered with RST never reached S. */
    void undoAckOnReset(StreamState st, long rstNanos, long window) {
        if (ackSeen && lastAckStream == st.stream() && lastAckNanos >= rstNanos - window
                && Seq.after(ackedUpTo, prevAckedUpTo) && !(finSeq >= 0 && !Seq.before(finSeq, prevAckedUpTo))) {
            ackedUpTo = prevAckedUpTo;
            lastAckValue = ackedUpTo;
            lastAckStream = -1;
        }
    }

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

    private void checkBacklog(StreamState st, long frame, long now) {
        long n = outstanding();
        int threshold = an.options().backlogWarnThreshold();
        if (n > threshold && !backlogReported) {
            backlogReported = true;
            long base = unackedBase();
            report(FindingCode.ACK_BACKLOG, Severity.WARN, frame, now, st, new long[] {frame},
                    new long[] {base, highestSent}, n + " messages from " + s() + " to " + r()
                            + " are unacknowledged (" + Text.seqs(base, highestSent) + "), more than " + threshold
                            + ": a receiver acknowledges after every receive batch (up to 6.4) or after at most 257"
                            + " delivered messages (6.5 and later), so " + r() + "'s ACKs are not getting through or it"
                            + " is not accepting these messages");
        }
    }

    /** Which ACK policy R shows: per batch (≤ 6.4), threshold (≥ 6.5), or unknown. */
    KernelEra observedEra() {
        if (perBatchAcks > 0) return KernelEra.UP_TO_6_4;
        if (thresholdAcks > 0) return KernelEra.FROM_6_5;
        return KernelEra.AUTO;
    }

    private void report(FindingCode code, Severity sev, long frame, long now, StreamState st, long[] frames,
                        long[] seqs, String message) {
        an.report(this, code, sev, frame, now, st == null ? -1 : st.stream(), frames, seqs, message);
    }
}
