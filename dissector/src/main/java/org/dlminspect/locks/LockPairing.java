package org.dlminspect.locks;

import java.util.Collection;
import java.util.Iterator;
import java.util.Set;
import org.dlminspect.analysis.FindingCode;
import org.dlminspect.dlm.DlmMessage;
import org.dlminspect.memory.Account;

/**
 * Pairs DLM_MSG requests with their replies and follows each lock's life (reference §2.5, §2.6, §6 A33/A34).
 *
 * <p>The kernel finds the lock a message is about by an id on the receiving node: a request carries the
 * requester's id in {@code m_lkid}; the master's replies, GRANT and BAST carry the requester's id in
 * {@code m_remid}; LOOKUP_REPLY echoes the LOOKUP's {@code m_lkid}. So every message names one
 * {@link LockId}: (lockspace, process node, lkid). The requests are {@link RequestSide}'s, the answers
 * {@link ReplySide}'s; the locks and resources are kept, under the memory budget, by {@link LockStore}.
 */
final class LockPairing {
    private final LockOptions options;
    private final LockFindings findings;
    private final RecoveryTracker recovery;
    private final Outcomes outcomes;
    private final LockStore store;
    private final RequestSide requests;
    private final ReplySide replies;
    private LockLink link;

    LockPairing(LockOptions options, Account account, ServiceTimes serviceTimes, ServiceTimes grantTimes,
                LockFindings findings, RecoveryTracker recovery, Outcomes outcomes) {
        this.options = options;
        this.findings = findings;
        this.recovery = recovery;
        this.outcomes = outcomes;
        this.store = new LockStore(account, findings, outcomes);
        this.requests = new RequestSide(store, findings, recovery, outcomes);
        this.replies = new ReplySide(options, store, serviceTimes, grantTimes, findings, recovery, outcomes);
    }

    /** The link of the message last given to {@link #onMessage}, or null. */
    LockLink link() {
        return link;
    }

    void onMessage(Seen s, DlmMessage m) {
        store.handling(s);
        replies.start(s.nanos());
        outcomes.messages++;
        long ls = m.header().lockspace();
        link = switch (m.type()) {
            case 1, 11 -> requests.request(s, m, ls);
            case 2 -> requests.convert(s, m, ls);
            case 3, 4 -> requests.unlockOrCancel(s, m, ls);
            case 5, 6, 7, 8 -> replies.reply(s, m, ls, new LockId(ls, s.to(), m.remid()));
            case 13 -> replies.reply(s, m, ls, new LockId(ls, s.to(), m.lkid()));
            case 9 -> replies.grant(s, m, ls);
            case 10 -> replies.bast(s, m, ls);
            case 12 -> replies.remove(m);
            default -> null;
        };
    }

    /**
     * A recovery completed with {@code members}: the locks of nodes no longer members are purged by the
     * masters (their requests will never be answered); they are listed as "requester left".
     */
    void membersChanged(long ls, Set<Long> members, long nanos) {
        Iterator<LockLife> it = store.lives().iterator();
        while (it.hasNext()) {
            LockLife life = it.next();
            if (life.id.lockspace() != ls || members.contains(life.id.node())) continue;
            if (life.pending != null || life.queued != null) {
                long since = life.pending != null ? life.pendingNanos : life.opNanos;
                outcomes.unanswered(WaitingRequests.of(life, "requester left", nanos - since, 0, WaitingRequests.holders(life)));
            }
            store.removeCurrent(it, life);
        }
    }

    /** Every exchange still open: waiting at the end of the capture. */
    void finish(long endNanos) {
        for (LockLife life : store.lives()) {
            if (life.pending == null && life.queued == null) continue;
            String state = life.pending != null ? "no reply" : "queued";
            long since = life.pending != null ? life.pendingNanos : life.opNanos;
            long age = endNanos - since;
            LockReport.WaitingRequest w = WaitingRequests.of(life, state, age, 0, WaitingRequests.holders(life));
            outcomes.unanswered(w);
            recovery.noteWait(life.id.lockspace(), since, endNanos, w.requestFrame());
            if (age > options.slowNanos()) {
                Seen at = new Seen(w.requestFrame(), since, life.id.node(), w.toNode(), null, null, -1);
                findings.report(FindingCode.LOCK_STUCK, at, w.exchange() + " " + w.rqmode() + " of " + life.describe()
                        + " still " + (life.pending != null ? "without reply" : "queued, not granted") + " at the end of the capture, "
                        + LockText.seconds(age) + " s after the request");
            }
        }
    }

    /** Memory pressure elsewhere in the lock analysis: forget the least recently used locks and resources. */
    void evict() {
        store.evict();
    }

    Collection<ResourceState> resources() {
        return store.resources();
    }
}
