package org.dlminspect.locks;

import java.util.List;
import org.dlminspect.Severity;
import org.dlminspect.analysis.FindingCode;
import org.dlminspect.dlm.DlmMessage;
import org.dlminspect.dlm.DlmText;

/**
 * The messages a process node sends to a lock's master or directory node (REQUEST, LOOKUP, CONVERT, UNLOCK,
 * CANCEL; reference §2.6): each opens an exchange on the lock it names by the requester's {@code m_lkid}. A
 * down-conversion gets no CONVERT_REPLY (the requester completes it itself, lock.c send_convert); after recovery
 * the requester sends an unanswered request again (to the new master), which ends the first exchange as "resent".
 */
final class RequestSide {
    private final LockStore store;
    private final LockFindings findings;
    private final RecoveryTracker recovery;
    private final Outcomes outcomes;

    RequestSide(LockStore store, LockFindings findings, RecoveryTracker recovery, Outcomes outcomes) {
        this.store = store;
        this.findings = findings;
        this.recovery = recovery;
        this.outcomes = outcomes;
    }

    /** REQUEST or LOOKUP (they carry the resource name). */
    LockLink request(Seen s, DlmMessage m, long ls) {
        LockId id = new LockId(ls, s.from(), m.lkid());
        LockLife life = store.get(id);
        String name = DlmText.escapeName(m.extra());
        boolean same = life != null && life.op == Exchange.REQUEST && name.equals(life.resourceName());
        if (life != null && life.pending != null) supersede(life, s, m.type(), same);
        // A REQUEST after a LOOKUP, or a resend after -EBADR/recovery, continues the operation; otherwise the id
        // was freed and allocated again (lowest free id first, reference §2.5): a new lock.
        if (!same) life = store.create(id);
        ResourceState r = store.resource(ls, name);
        store.attach(life, r);
        store.user(r, s.from());
        if (m.type() == 1) {
            life.master = s.to();
            r.master = s.to();
        }
        if (life.op == null) {
            r.requests++;
            startOp(life, s, Exchange.REQUEST, m.rqmode(), -1);
        }
        send(life, s, Exchange.ofRequest(m.type()), m.rqmode());
        return null;
    }

    LockLink convert(Seen s, DlmMessage m, long ls) {
        LockLife life = known(new LockId(ls, s.from(), m.lkid()), s, m);
        if (life.pending != null) supersede(life, s, m.type(), true);
        if (life.masterLkid != 0 && m.remid() != life.masterLkid) {
            outcomes.unmatched++;
            findings.report(FindingCode.LOCK_UNMATCHED, Severity.WARN, s, "CONVERT names the master's lock "
                    + LockText.hex(m.remid()) + " but the master answered this lock as " + LockText.hex(life.masterLkid));
        }
        if (life.resource != null) life.resource.conversions++;
        if (Modes.isDownConversion(m.grmode(), m.rqmode())) {
            // The master does not reply; the requester completes it at once (lock.c send_convert).
            outcomes.downConversions++;
            life.grmode = m.rqmode();
            life.downConversionFrame = s.frame();
            return LockLink.resourceOnly(life.resourceName());
        }
        if (life.resource != null) life.resource.requests++;
        startOp(life, s, Exchange.CONVERT, m.rqmode(), m.grmode());
        send(life, s, Exchange.CONVERT, m.rqmode());
        return LockLink.resourceOnly(life.resourceName());
    }

    LockLink unlockOrCancel(Seen s, DlmMessage m, long ls) {
        LockLife life = known(new LockId(ls, s.from(), m.lkid()), s, m);
        if (life.pending != null) supersede(life, s, m.type(), true);
        send(life, s, m.type() == 3 ? Exchange.UNLOCK : Exchange.CANCEL, m.rqmode());
        return LockLink.resourceOnly(life.resourceName());
    }

    /** The lock a CONVERT, UNLOCK or CANCEL names; one first seen here started before the capture. */
    private LockLife known(LockId id, Seen s, DlmMessage m) {
        LockLife life = store.get(id);
        if (life == null) {
            life = store.create(id);
            life.master = s.to();
            life.masterLkid = m.remid();
            life.grmode = m.grmode();
        }
        return life;
    }

    private void send(LockLife life, Seen s, Exchange e, int rqmode) {
        outcomes.requests++;
        life.pending = e;
        life.pendingTo = s.to();
        life.pendingFrame = s.frame();
        life.pendingNanos = s.nanos();
        life.pendingRq = rqmode;
        life.downConversionFrame = 0;
    }

    private static void startOp(LockLife life, Seen s, Exchange e, int rq, int gr) {
        life.op = e;
        life.opFrame = s.frame();
        life.opNanos = s.nanos();
        life.opRq = rq;
        life.opGr = gr;
    }

    /**
     * A new request for a lock whose last request is unanswered. After a recovery, or towards another node, the
     * kernel resent it (recover_waiters): the first exchange is listed as resent; if after a recovery the id now
     * names another resource, the first request ended where the wire does not show it (mastered locally). Without
     * a recovery in between, its reply is missing (A33, A34).
     */
    private void supersede(LockLife life, Seen s, int newType, boolean sameLock) {
        boolean recovered = recovery.lastEpisodeStart(life.id.lockspace()) > life.pendingNanos;
        if (recovered || sameLock && life.pendingTo != s.to()) {
            String state = sameLock ? "resent" : "superseded";
            outcomes.unanswered(WaitingRequests.of(life, state, s.nanos() - life.pendingNanos, s.frame(), List.of()));
            recovery.noteWait(life.id.lockspace(), life.pendingNanos, s.nanos(), life.pendingFrame);
        } else {
            outcomes.unansweredCount++;
            boolean convert = life.pending == Exchange.CONVERT;
            findings.report(convert ? FindingCode.LOCK_CONVERT_REPLY : FindingCode.LOCK_REPLY_MISSING, s,
                    "no " + LockText.reply(life.pending) + " to the " + life.pending.name() + " in frame "
                            + life.pendingFrame + " (lock " + LockText.hex(life.id.lkid()) + " of node " + life.id.node()
                            + (convert ? ", not a down-conversion" : "") + ") before the next "
                            + LockText.name(newType) + " for the lock", life.pendingFrame);
        }
        life.pending = null;
    }
}
