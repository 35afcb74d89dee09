package org.dlminspect.analysis;

import static org.dlminspect.analysis.MidcommsState.CLOSED;
import static org.dlminspect.analysis.MidcommsState.CLOSE_WAIT;
import static org.dlminspect.analysis.MidcommsState.CLOSING;
import static org.dlminspect.analysis.MidcommsState.ESTABLISHED;
import static org.dlminspect.analysis.MidcommsState.FIN_WAIT1;
import static org.dlminspect.analysis.MidcommsState.FIN_WAIT2;
import static org.dlminspect.analysis.MidcommsState.LAST_ACK;

import java.util.ArrayList;
import java.util.List;
import org.dlminspect.Severity;
import org.dlminspect.capture.FrameRef;

/**
 * The midcomms FIN handshake of each direction (reference §3.9): S's state for R ({@link DirectionState#state}),
 * moved by the FIN S sends, the FIN it receives and R's ACK of its FIN, and the reset that ends a session. Decides
 * {@code fin.violation} and {@code fin.incomplete} (a FIN not acknowledged within the FIN timeout, or when the
 * capture ends).
 */
final class FinHandshake {
    private final AnalysisContext ctx;
    /** Directions whose FIN awaits its ACK; checked when the clock passes the earliest due time. */
    private final List<DirectionState> waiting = new ArrayList<>();
    private long nextDueNanos = Long.MAX_VALUE;

    FinHandshake(AnalysisContext ctx) {
        this.ctx = ctx;
    }

    void onFinSent(DirectionState d, long seq, StreamState st, long frame, long now) {
        switch (d.state) {
            case ESTABLISHED -> d.state = FIN_WAIT1;
            case CLOSE_WAIT -> d.state = LAST_ACK;
            default -> ctx.report(d, FindingCode.FIN_VIOLATION, Severity.ERROR, frame, now, st,
                    d.finSeq >= 0 ? new long[] {frame, d.finFrame} : new long[] {frame}, new long[] {seq},
                    d.s() + " sends another FIN (seq " + seq + ") to " + d.r() + " while in state " + d.state
                            + (d.finSeq >= 0 ? " after its FIN seq " + d.finSeq + " (frame " + FrameRef.text(d.finFrame) + ")" : "")
                            + ": a kernel sends one FIN per session; " + d.r() + " handles it as in its own state");
        }
        d.finPending = true;
        d.finSeq = seq;
        d.finFrame = frame;
        d.finNanos = now;
        d.finTimeoutReported = false;
        watch(d);
    }

    /** R receives S's FIN in sequence; R's state lives in {@code reverse.state}. */
    void onFinReceived(DirectionState d, long seq, StreamState st, long frame, long now) {
        MidcommsState rs = d.reverse.state;
        switch (rs) {
            case ESTABLISHED -> d.reverse.state = CLOSE_WAIT;
            case FIN_WAIT1 -> d.reverse.state = CLOSING;
            case FIN_WAIT2 -> resetAsSender(d.reverse, frame);
            case LAST_ACK -> { }
            default -> ctx.report(d, FindingCode.FIN_VIOLATION, Severity.ERROR, frame, now, st, new long[] {frame},
                    new long[] {seq}, d.r() + " receives FIN seq " + seq + " from " + d.s() + " in state " + rs
                            + ": its kernel logs 'dlm_midcomms_receive_buffer: unexpected state: " + rs.kernelValue()
                            + "' with a WARN and ignores it (the FIN still used up seq " + seq + ")");
        }
    }

    /** R acknowledged S's FIN. */
    void onFinAcked(DirectionState d, StreamState st, long frame, long now) {
        d.finPending = false;
        switch (d.state) {
            case FIN_WAIT1 -> d.state = FIN_WAIT2;
            case CLOSING, LAST_ACK -> resetAsSender(d, frame);
            case CLOSED -> { }
            default -> ctx.report(d, FindingCode.FIN_VIOLATION, Severity.ERROR, frame, now, st, new long[] {frame, d.finFrame},
                    new long[] {d.finSeq}, d.r() + "'s ACK covers " + d.s() + "'s FIN seq " + d.finSeq + " (frame " + FrameRef.text(d.finFrame)
                            + ") while " + d.s() + " is in state " + d.state + ": its kernel logs 'dlm_act_fin_ack_rcv:"
                            + " unexpected state: " + d.state.kernelValue() + "' with a WARN");
        }
    }

    /**
     * S resets its midcomms node for R ({@code midcomms_node_reset}): S's next seq to R and its seq_next for R
     * restart at 0, its queue is flushed and the version for R is forgotten.
     */
    void resetAsSender(DirectionState d, long frame) {
        d.state = CLOSED;
        d.senderResetDone = true;
        d.resetFrame = frame;
        d.finPending = false;
        d.windowOpen = false;
        d.gapOpen = false;
        d.pendingReAcks = 0;
        d.reverse.receiverResetDone = true;
        d.reverse.resetFrame = frame;
        d.reverse.version = 0;
        d.reverse.startVisible = true;
    }

    // ------------------------------------------------------------------ FIN_ACK timeout (A23)

    /** {@code d}'s FIN went out: its ACK is due within the FIN timeout. */
    private void watch(DirectionState d) {
        if (!waiting.contains(d)) waiting.add(d);
        long due = d.finNanos + ctx.options().finAckTimeoutNanos();
        if (due < nextDueNanos) nextDueNanos = due;
    }

    /** The capture's clock reached {@code now}: FINs still unacknowledged past their timeout are reported. */
    void tick(long now) {
        if (now < nextDueNanos) return;
        long next = Long.MAX_VALUE;
        for (int i = waiting.size() - 1; i >= 0; i--) {
            DirectionState d = waiting.get(i);
            if (!d.finPending || d.finTimeoutReported) {
                waiting.remove(i);
                continue;
            }
            long due = d.finNanos + ctx.options().finAckTimeoutNanos();
            if (now > due) {
                d.finTimeoutReported = true;
                reportIncomplete(d, Severity.WARN, now);
                waiting.remove(i);
            } else if (due < next) {
                next = due;
            }
        }
        nextDueNanos = next;
    }

    /** The capture ended at {@code lastNanos} with {@code d}'s FIN still unacknowledged. */
    void atEnd(DirectionState d, long lastNanos) {
        if (!d.finPending || d.finTimeoutReported) return;
        d.finTimeoutReported = true;
        boolean late = lastNanos - d.finNanos > ctx.options().finAckTimeoutNanos();
        reportIncomplete(d, late ? Severity.WARN : Severity.NOTE, lastNanos);
    }

    private void reportIncomplete(DirectionState d, Severity sev, long now) {
        ctx.report(d, FindingCode.FIN_INCOMPLETE, sev, d.finFrame, d.finNanos, -1, new long[] {d.finFrame},
                new long[] {d.finSeq}, d.s() + "'s FIN (seq " + d.finSeq + ", frame " + FrameRef.text(d.finFrame)
                        + ") to " + d.r() + " is not acknowledged " + Text.duration(now - d.finNanos)
                        + " later" + (sev == Severity.WARN ? "" : ", when the capture ends") + " (state " + d.state
                        + "): the kernel waits up to DLM_SHUTDOWN_TIMEOUT (5 s from 6.3, 3 min before) for the"
                        + " handshake, then resets the node regardless");
    }
}
