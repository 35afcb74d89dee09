package org.dlminspect.locks;

import org.dlminspect.Severity;
import org.dlminspect.analysis.FindingCode;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.dlm.DlmMessage;
import org.dlminspect.dlm.DlmText;

/**
 * The messages a master or directory node sends back (the replies, GRANT, BAST, REMOVE; reference §2.6): each
 * names the requester's lock in {@code m_remid} (LOOKUP_REPLY echoes it in {@code m_lkid}) and ends or moves on
 * the exchange that lock has open. A request the master queued is answered -EINPROGRESS and granted later by
 * GRANT; what nothing explains is a capture edge or A33/A34.
 */
final class ReplySide {
    private static final int EINPROGRESS = -115;
    private static final int EBADR = -53;
    private static final int ENOTBLK = -15;
    private static final int EUNLOCK = -65538;
    private static final int ECANCEL = -65537;

    private final LockOptions options;
    private final LockStore store;
    private final ServiceTimes serviceTimes;
    private final ServiceTimes grantTimes;
    private final LockFindings findings;
    private final RecoveryTracker recovery;
    private final Outcomes outcomes;
    private long firstNanos = Long.MIN_VALUE;

    ReplySide(LockOptions options, LockStore store, ServiceTimes serviceTimes, ServiceTimes grantTimes,
              LockFindings findings, RecoveryTracker recovery, Outcomes outcomes) {
        this.options = options;
        this.store = store;
        this.serviceTimes = serviceTimes;
        this.grantTimes = grantTimes;
        this.findings = findings;
        this.recovery = recovery;
        this.outcomes = outcomes;
    }

    /** The capture's first DLM_MSG: replies soon after it may answer requests sent before the capture. */
    void start(long nanos) {
        if (firstNanos == Long.MIN_VALUE) firstNanos = nanos;
    }

    /** A reply to the exchange lock {@code id} has open. */
    LockLink reply(Seen s, DlmMessage m, long ls, LockId id) {
        LockLife life = store.get(id);
        if (life == null || life.pending == null) {
            if (m.type() == 6 && life != null && life.downConversionFrame > 0) {
                findings.report(FindingCode.LOCK_CONVERT_REPLY, s, "CONVERT_REPLY for the down-conversion in frame "
                        + FrameRef.text(life.downConversionFrame) + ": the master sends none for a down-conversion", life.downConversionFrame);
                outcomes.unmatched++;
            } else {
                orphan(s, m, life, LockText.name(m.type()) + " for lock " + LockText.hex(id.lkid()) + " of node " + id.node()
                        + (life == null ? ", a lock the capture never showed" : ", which has no request outstanding"));
            }
            return null;
        }
        Exchange e = life.pending;
        if (m.type() == 5 && e == Exchange.LOOKUP) e = Exchange.LOOKUP_REQUEST;
        // The receiver of a request sent before its node spoke is not known (LOOKUP does not name it): the reply tells.
        if (life.pendingTo < 0 && e.replyType() == m.type()) life.pendingTo = s.from();
        if (e.replyType() != m.type() || life.pendingTo != s.from()) {
            unmatched(s, Severity.WARN, LockText.name(m.type()) + " from node " + s.from() + " for lock "
                    + LockText.hex(id.lkid()) + " of node " + id.node() + ", whose outstanding request is the "
                    + life.pending.name() + " in frame " + FrameRef.text(life.pendingFrame) + " to node " + life.pendingTo);
            return null;
        }
        long latency = s.nanos() - life.pendingNanos;
        outcomes.paired++;
        LockLink link = new LockLink(life.pendingFrame, latency, e.label(), life.resourceName());
        if (!serviceTimes.add(ls, e.label(), id.node(), s.from(), latency)) store.evict();
        long requestFrame = life.pendingFrame;
        life.pending = null;
        switch (e) {
            case REQUEST, LOOKUP_REQUEST, CONVERT -> requestAnswered(s, m, life, e);
            case LOOKUP -> {
                life.master = m.nodeid();
                if (life.resource != null && m.nodeid() > 0) life.resource.master = m.nodeid();
                // Mastered by the requester itself: the rest happens inside that node.
                if (m.nodeid() == id.node() && life.op != null) endOp(life, s, s.frame(), 0, m.result());
            }
            case UNLOCK -> {
                if (m.result() == EUNLOCK) store.forget(life);
            }
            case CANCEL -> {
                if (m.result() == ECANCEL && life.queued != null) {
                    endOp(life, s, s.frame(), 0, m.result());
                    boolean request = life.queued != Exchange.CONVERT;
                    life.queued = null;
                    if (request && life.grmode < 0) store.forget(life);
                }
            }
        }
        recovery.noteWait(ls, s.nanos() - latency, s.nanos(), requestFrame);
        return link;
    }

    /** REQUEST_REPLY or CONVERT_REPLY: granted (0), queued (-EINPROGRESS), refused, or not the master. */
    private void requestAnswered(Seen s, DlmMessage m, LockLife life, Exchange e) {
        if (e != Exchange.CONVERT) {
            life.master = s.from();
            life.masterLkid = m.lkid();
            if (life.resource != null) life.resource.master = s.from();
        }
        int result = m.result();
        if (result == 0) {
            life.grmode = life.pendingRq;
            endOp(life, s, s.frame(), 0, result);
        } else if (result == EINPROGRESS) {
            life.queued = e;
            if (life.resource != null) life.resource.queued++;
        } else if (result != EBADR && result != ENOTBLK) {
            // Refused (-EAGAIN for NOQUEUE, -EDEADLK ...): a new lock ends here; a conversion keeps its mode.
            endOp(life, s, s.frame(), 0, result);
            if (e != Exchange.CONVERT && life.grmode < 0) store.forget(life);
        }
        // -EBADR / -ENOTBLK: not the master; the requester looks it up again, the operation goes on.
    }

    LockLink grant(Seen s, DlmMessage m, long ls) {
        outcomes.grants++;
        LockId id = new LockId(ls, s.to(), m.remid());
        LockLife life = store.get(id);
        if (life == null || life.queued == null) {
            orphan(s, m, life, "GRANT for lock " + LockText.hex(id.lkid()) + " of node " + id.node()
                    + (life == null ? ", a lock the capture never showed" : ", which the master had not queued"));
            if (life != null) life.grmode = m.grmode();
            return null;
        }
        long wait = life.op != null ? s.nanos() - life.opNanos : -1;
        LockLink link = new LockLink(life.opFrame, wait, "GRANT", life.resourceName());
        if (life.op != null && !grantTimes.add(ls, life.queued.label(), id.node(), s.from(), wait)) store.evict();
        life.grmode = m.grmode();
        life.queued = null;
        endOp(life, s, 0, s.frame(), 0);
        return link;
    }

    LockLink bast(Seen s, DlmMessage m, long ls) {
        outcomes.basts++;
        LockId id = new LockId(ls, s.to(), m.remid());
        LockLife life = store.get(id);
        if (life == null) {
            orphan(s, m, null, "BAST for lock " + LockText.hex(id.lkid()) + " of node " + id.node()
                    + ", a lock the capture never showed");
            return null;
        }
        life.lastBastFrame = s.frame();
        if (life.resource != null) life.resource.basts++;
        return LockLink.resourceOnly(life.resourceName());
    }

    LockLink remove(DlmMessage m) {
        outcomes.removes++;
        return LockLink.resourceOnly(DlmText.escapeName(m.extra()));
    }

    /** A reply, GRANT or BAST for a lock without a matching request: a capture edge, or A33. */
    private void orphan(Seen s, DlmMessage m, LockLife life, String what) {
        if (life == null && s.nanos() - firstNanos < LockOptions.EDGE_NANOS) {
            outcomes.edge++;
            return;
        }
        // The kernel logs a missing lock at error level except for CANCEL_REPLY, GRANT and BAST (reference §6 A33).
        boolean quiet = m.type() == 8 || m.type() == 9 || m.type() == 10;
        unmatched(s, quiet ? Severity.NOTE : Severity.WARN, what);
    }

    private void unmatched(Seen s, Severity severity, String what) {
        outcomes.unmatched++;
        findings.report(FindingCode.LOCK_UNMATCHED, severity, s, what);
    }

    /** The timed operation of {@code life} ended: its wait goes to the resource, the slowest list, lock.slow. */
    private void endOp(LockLife life, Seen s, long replyFrame, long grantFrame, int result) {
        if (life.op == null) return;
        long wait = s.nanos() - life.opNanos;
        ResourceState r = life.resource;
        if (r != null) {
            r.totalWait += wait;
            r.maxWait = Math.max(r.maxWait, wait);
        }
        outcomes.ended(life, s, replyFrame, grantFrame, result);
        if (wait > options.slowNanos()) {
            findings.report(FindingCode.LOCK_SLOW, s, life.op.label() + " " + Modes.name(life.opRq) + " of "
                    + life.describe() + " took " + LockText.seconds(wait) + " s (request in frame " + FrameRef.text(life.opFrame) + ")",
                    life.opFrame);
        }
        life.op = null;
    }
}
