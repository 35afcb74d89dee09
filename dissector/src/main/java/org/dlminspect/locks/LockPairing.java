package org.dlminspect.locks;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dlminspect.Severity;
import org.dlminspect.analysis.FindingCode;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.dlm.DlmMessage;
import org.dlminspect.dlm.DlmText;
import org.dlminspect.memory.Account;

/**
 * Pairs DLM_MSG requests with their replies and follows each lock's life (reference §2.5, §2.6, §6 A33/A34).
 *
 * <p>The kernel finds the lock a message is about by an id on the receiving node: a request carries the
 * requester's id in {@code m_lkid}; the master's replies, GRANT and BAST carry the requester's id in
 * {@code m_remid}; LOOKUP_REPLY echoes the LOOKUP's {@code m_lkid}. So every message names one
 * {@link LockId}: (lockspace, process node, lkid). A down-conversion gets no CONVERT_REPLY; a request the master
 * queues is answered -EINPROGRESS and granted later by GRANT; after recovery the requester sends an unanswered
 * request again (to the new master), which ends the first exchange as "resent".
 */
final class LockPairing {
    private static final int EINPROGRESS = -115;
    private static final int EBADR = -53;
    private static final int ENOTBLK = -15;
    private static final int EUNLOCK = -65538;
    private static final int ECANCEL = -65537;

    private final LockOptions options;
    private final Account account;
    private final ServiceTimes serviceTimes;
    private final ServiceTimes grantTimes;
    private final LockFindings findings;
    private final RecoveryTracker recovery;
    private final Outcomes outcomes;
    /** Access order: the least recently used lock is evicted first under memory pressure. */
    private final LinkedHashMap<LockId, LockLife> lives = new LinkedHashMap<>(256, 0.75f, true);
    private final LinkedHashMap<String, ResourceState> resources = new LinkedHashMap<>(256, 0.75f, true);
    private long firstNanos = Long.MIN_VALUE;
    private boolean limitReported;
    private LockLink link;

    LockPairing(LockOptions options, Account account, ServiceTimes serviceTimes, ServiceTimes grantTimes,
                LockFindings findings, RecoveryTracker recovery, Outcomes outcomes) {
        this.options = options;
        this.account = account;
        this.serviceTimes = serviceTimes;
        this.grantTimes = grantTimes;
        this.findings = findings;
        this.recovery = recovery;
        this.outcomes = outcomes;
    }

    /** The link of the message last given to {@link #onMessage}, or null. */
    LockLink link() {
        return link;
    }

    void onMessage(Seen s, DlmMessage m) {
        if (firstNanos == Long.MIN_VALUE) firstNanos = s.nanos();
        link = null;
        outcomes.messages++;
        long ls = m.header().lockspace();
        switch (m.type()) {
            case 1, 11 -> request(s, m, ls);
            case 2 -> convert(s, m, ls);
            case 3, 4 -> unlockOrCancel(s, m, ls);
            case 5, 6, 7, 8 -> reply(s, m, ls, new LockId(ls, s.to(), m.remid()));
            case 13 -> reply(s, m, ls, new LockId(ls, s.to(), m.lkid()));
            case 9 -> grant(s, m, ls);
            case 10 -> bast(s, m, ls);
            case 12 -> remove(s, m, ls);
            default -> { }
        }
    }

    // ------------------------------------------------------------------ requests (process node -> master)

    private void request(Seen s, DlmMessage m, long ls) {
        LockId id = new LockId(ls, s.from(), m.lkid());
        LockLife life = lives.get(id);
        String name = DlmText.escapeName(m.extra());
        boolean same = life != null && life.op == Exchange.REQUEST && name.equals(life.resourceName());
        if (life != null && life.pending != null) supersede(life, s, m.type(), same);
        // A REQUEST after a LOOKUP, or a resend after -EBADR/recovery, continues the operation; otherwise the id
        // was freed and allocated again (lowest free id first, reference §2.5): a new lock.
        if (!same) life = newLife(id, s);
        ResourceState r = resource(ls, name);
        if (life.resource != r) {
            if (life.resource != null) life.resource.locks.remove(life);
            life.resource = r;
            r.locks.add(life);
        }
        if (r.users.add(s.from())) charge(ResourceState.USER_COST);
        if (m.type() == 1) {
            life.master = s.to();
            r.master = s.to();
        }
        if (life.op == null) {
            r.requests++;
            startOp(life, s, Exchange.REQUEST, m.rqmode(), -1);
        }
        send(life, s, Exchange.ofRequest(m.type()), m.rqmode());
    }

    private void convert(Seen s, DlmMessage m, long ls) {
        LockLife life = known(new LockId(ls, s.from(), m.lkid()), s, m);
        if (life.pending != null) supersede(life, s, m.type(), true);
        if (life.masterLkid != 0 && m.remid() != life.masterLkid) {
            unmatched(s, m, Severity.WARN, "CONVERT names the master's lock " + hex(m.remid())
                    + " but the master answered this lock as " + hex(life.masterLkid));
        }
        if (life.resource != null) life.resource.conversions++;
        if (Modes.isDownConversion(m.grmode(), m.rqmode())) {
            // The master does not reply; the requester completes it at once (lock.c send_convert).
            outcomes.downConversions++;
            life.grmode = m.rqmode();
            life.downConversionFrame = s.frame();
            link = LockLink.resourceOnly(life.resourceName());
            return;
        }
        if (life.resource != null) life.resource.requests++;
        startOp(life, s, Exchange.CONVERT, m.rqmode(), m.grmode());
        send(life, s, Exchange.CONVERT, m.rqmode());
        link = LockLink.resourceOnly(life.resourceName());
    }

    private void unlockOrCancel(Seen s, DlmMessage m, long ls) {
        LockLife life = known(new LockId(ls, s.from(), m.lkid()), s, m);
        if (life.pending != null) supersede(life, s, m.type(), true);
        send(life, s, m.type() == 3 ? Exchange.UNLOCK : Exchange.CANCEL, m.rqmode());
        link = LockLink.resourceOnly(life.resourceName());
    }

    /** The lock a CONVERT, UNLOCK or CANCEL names; one first seen here started before the capture. */
    private LockLife known(LockId id, Seen s, DlmMessage m) {
        LockLife life = lives.get(id);
        if (life == null) {
            life = newLife(id, s);
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

    private void startOp(LockLife life, Seen s, Exchange e, int rq, int gr) {
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
            outcomes.unanswered(WaitingRequests.of(life, state, s.nanos() - life.pendingNanos, s.frame(), java.util.List.of()));
            recovery.noteWait(life.id.lockspace(), life.pendingNanos, s.nanos(), life.pendingFrame);
        } else {
            outcomes.unansweredCount++;
            boolean convert = life.pending == Exchange.CONVERT;
            findings.report(convert ? FindingCode.LOCK_CONVERT_REPLY : FindingCode.LOCK_REPLY_MISSING, s,
                    "no " + LockText.reply(life.pending) + " to the " + life.pending.name() + " in frame "
                            + FrameRef.text(life.pendingFrame) + " (lock " + hex(life.id.lkid()) + " of node " + life.id.node()
                            + (convert ? ", not a down-conversion" : "") + ") before the next "
                            + LockText.name(newType) + " for the lock", life.pendingFrame);
        }
        life.pending = null;
    }

    /**
     * A recovery completed with {@code members}: the locks of nodes no longer members are purged by the
     * masters (their requests will never be answered); they are listed as "requester left".
     */
    void membersChanged(long ls, java.util.Set<Long> members, long nanos) {
        Iterator<LockLife> it = lives.values().iterator();
        while (it.hasNext()) {
            LockLife life = it.next();
            if (life.id.lockspace() != ls || members.contains(life.id.node())) continue;
            if (life.pending != null || life.queued != null) {
                long since = life.pending != null ? life.pendingNanos : life.opNanos;
                outcomes.unanswered(WaitingRequests.of(life, "requester left", nanos - since, 0, WaitingRequests.holders(life)));
            }
            it.remove();
            detach(life);
        }
    }

    // ------------------------------------------------------------------ replies (master -> process node)

    private void reply(Seen s, DlmMessage m, long ls, LockId id) {
        LockLife life = lives.get(id);
        if (life == null || life.pending == null) {
            if (m.type() == 6 && life != null && life.downConversionFrame > 0) {
                findings.report(FindingCode.LOCK_CONVERT_REPLY, s, "CONVERT_REPLY for the down-conversion in frame "
                        + FrameRef.text(life.downConversionFrame) + ": the master sends none for a down-conversion", life.downConversionFrame);
                outcomes.unmatched++;
            } else {
                orphan(s, m, life, LockText.name(m.type()) + " for lock " + hex(id.lkid()) + " of node " + id.node()
                        + (life == null ? ", a lock the capture never showed" : ", which has no request outstanding"));
            }
            return;
        }
        Exchange e = life.pending;
        if (m.type() == 5 && e == Exchange.LOOKUP) e = Exchange.LOOKUP_REQUEST;
        // The receiver of a request sent before its node spoke is not known (LOOKUP does not name it): the reply tells.
        if (life.pendingTo < 0 && e.replyType() == m.type()) life.pendingTo = s.from();
        if (e.replyType() != m.type() || life.pendingTo != s.from()) {
            unmatched(s, m, Severity.WARN, LockText.name(m.type()) + " from node " + s.from() + " for lock "
                    + hex(id.lkid()) + " of node " + id.node() + ", whose outstanding request is the " + life.pending.name()
                    + " in frame " + FrameRef.text(life.pendingFrame) + " to node " + life.pendingTo);
            return;
        }
        long latency = s.nanos() - life.pendingNanos;
        outcomes.paired++;
        link = new LockLink(life.pendingFrame, latency, e.label(), life.resourceName());
        if (!serviceTimes.add(ls, e.label(), id.node(), s.from(), latency)) evict();
        long requestFrame = life.pendingFrame;
        life.pending = null;
        int result = m.result();
        switch (e) {
            case REQUEST, LOOKUP_REQUEST, CONVERT -> {
                if (e != Exchange.CONVERT) {
                    life.master = s.from();
                    life.masterLkid = m.lkid();
                    if (life.resource != null) life.resource.master = s.from();
                }
                if (result == 0) {
                    life.grmode = life.pendingRq;
                    endOp(life, s, s.frame(), 0, result);
                } else if (result == EINPROGRESS) {
                    life.queued = e;
                    if (life.resource != null) life.resource.queued++;
                } else if (result != EBADR && result != ENOTBLK) {
                    // Refused (-EAGAIN for NOQUEUE, -EDEADLK ...): a new lock ends here; a conversion keeps its mode.
                    endOp(life, s, s.frame(), 0, result);
                    if (e != Exchange.CONVERT && life.grmode < 0) forget(life);
                }
                // -EBADR / -ENOTBLK: not the master; the requester looks it up again, the operation goes on.
            }
            case LOOKUP -> {
                life.master = m.nodeid();
                if (life.resource != null && m.nodeid() > 0) life.resource.master = m.nodeid();
                if (m.nodeid() == id.node() && life.op != null) {
                    // Mastered by the requester itself: the rest happens inside that node.
                    endOp(life, s, s.frame(), 0, result);
                }
            }
            case UNLOCK -> {
                if (result == EUNLOCK) forget(life);
            }
            case CANCEL -> {
                if (result == ECANCEL && life.queued != null) {
                    endOp(life, s, s.frame(), 0, result);
                    boolean request = life.queued != Exchange.CONVERT;
                    life.queued = null;
                    if (request && life.grmode < 0) forget(life);
                }
            }
            default -> { }
        }
        if (requestFrame > 0 && recovery != null) recovery.noteWait(ls, s.nanos() - latency, s.nanos(), requestFrame);
    }

    private void grant(Seen s, DlmMessage m, long ls) {
        outcomes.grants++;
        LockId id = new LockId(ls, s.to(), m.remid());
        LockLife life = lives.get(id);
        if (life == null || life.queued == null) {
            orphan(s, m, life, "GRANT for lock " + hex(id.lkid()) + " of node " + id.node()
                    + (life == null ? ", a lock the capture never showed" : ", which the master had not queued"));
            if (life != null) life.grmode = m.grmode();
            return;
        }
        long wait = life.op != null ? s.nanos() - life.opNanos : -1;
        link = new LockLink(life.opFrame, wait, "GRANT", life.resourceName());
        if (life.op != null && !grantTimes.add(ls, life.queued.label(), id.node(), s.from(), wait)) evict();
        life.grmode = m.grmode();
        life.queued = null;
        endOp(life, s, 0, s.frame(), 0);
    }

    private void bast(Seen s, DlmMessage m, long ls) {
        outcomes.basts++;
        LockId id = new LockId(ls, s.to(), m.remid());
        LockLife life = lives.get(id);
        if (life == null) {
            orphan(s, m, null, "BAST for lock " + hex(id.lkid()) + " of node " + id.node() + ", a lock the capture never showed");
            return;
        }
        life.lastBastFrame = s.frame();
        if (life.resource != null) life.resource.basts++;
        link = LockLink.resourceOnly(life.resourceName());
    }

    private void remove(Seen s, DlmMessage m, long ls) {
        outcomes.removes++;
        String name = DlmText.escapeName(m.extra());
        link = LockLink.resourceOnly(name);
    }

    /** A reply, GRANT or BAST for a lock without a matching request: a capture edge, or A33. */
    private void orphan(Seen s, DlmMessage m, LockLife life, String what) {
        if (life == null && s.nanos() - firstNanos < LockOptions.EDGE_NANOS) {
            outcomes.edge++;
            return;
        }
        // The kernel logs a missing lock at error level except for CANCEL_REPLY, GRANT and BAST (reference §6 A33).
        boolean quiet = m.type() == 8 || m.type() == 9 || m.type() == 10;
        unmatched(s, m, quiet ? Severity.NOTE : Severity.WARN, what);
    }

    private void unmatched(Seen s, DlmMessage m, Severity severity, String what) {
        outcomes.unmatched++;
        findings.report(FindingCode.LOCK_UNMATCHED, severity, s, what);
    }

    // ------------------------------------------------------------------ operations, locks, resources

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
                            + describe(life) + " took " + LockText.seconds(wait) + " s (request in frame " + FrameRef.text(life.opFrame) + ")",
                    life.opFrame);
        }
        life.op = null;
    }

    private LockLife newLife(LockId id, Seen s) {
        LockLife old = lives.remove(id);
        if (old != null) detach(old);
        LockLife life = new LockLife(id);
        lives.put(id, life);
        charge(LockLife.COST);
        return life;
    }

    private void forget(LockLife life) {
        if (lives.remove(life.id) == life) {
            detach(life);
        }
    }

    private void detach(LockLife life) {
        if (life.resource != null) life.resource.locks.remove(life);
        account.release(LockLife.COST);
    }

    private ResourceState resource(long ls, String name) {
        String k = key(ls, name);
        ResourceState r = resources.get(k);
        if (r == null) {
            r = new ResourceState(ls, name);
            resources.put(k, r);
            charge(ResourceState.cost(name));
        }
        return r;
    }

    private static String key(long ls, String name) {
        return ls + "/" + name;
    }

    private void charge(long bytes) {
        if (!account.charge(bytes)) evict();
    }

    /** Over budget: forget the least recently used locks (their open exchanges are lost), reported once. */
    private void evict() {
        long before = outcomes.evicted;
        Iterator<LockLife> it = lives.values().iterator();
        while (account.overLimit() && it.hasNext()) {
            LockLife l = it.next();
            it.remove();
            if (l.resource != null) l.resource.locks.remove(l);
            account.evicted(LockLife.COST);
            outcomes.evicted++;
        }
        if (outcomes.evicted > before && !limitReported) {
            limitReported = true;
            findings.report(FindingCode.LOCK_LIMIT, new Seen(0, 0, -1, -1, null, null, -1),
                    "memory budget reached: the least recently used locks are forgotten from here on "
                            + "(their replies will look unmatched); raise --memory-budget to keep them");
        }
    }

    // ------------------------------------------------------------------ end of capture

    /** Every exchange still open: waiting at the end of the capture. */
    void finish(long endNanos) {
        for (LockLife life : lives.values()) {
            if (life.pending == null && life.queued == null) continue;
            String state = life.pending != null ? "no reply" : "queued";
            long since = life.pending != null ? life.pendingNanos : life.opNanos;
            long age = endNanos - since;
            LockReport.WaitingRequest w = WaitingRequests.of(life, state, age, 0, WaitingRequests.holders(life));
            outcomes.unanswered(w);
            recovery.noteWait(life.id.lockspace(), since, endNanos, w.requestFrame());
            if (age > options.slowNanos()) {
                Seen at = new Seen(w.requestFrame(), since, life.id.node(), w.toNode(), null, null, -1);
                findings.report(FindingCode.LOCK_STUCK, at, w.exchange() + " " + w.rqmode() + " of " + describe(life)
                        + " still " + (life.pending != null ? "without reply" : "queued, not granted") + " at the end of the capture, "
                        + LockText.seconds(age) + " s after the request");
            }
        }
    }

    Map<String, ResourceState> resources() {
        return resources;
    }

    private static String describe(LockLife life) {
        return (life.resourceName() != null ? "\"" + life.resourceName() + "\"" : "lock " + hex(life.id.lkid()))
                + " from node " + life.id.node() + (life.master >= 0 ? " (master " + life.master + ")" : "");
    }

    private static String hex(int id) {
        return DlmText.hex(Integer.toUnsignedLong(id));
    }
}
