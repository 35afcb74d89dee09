package org.dlminspect.locks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dlminspect.analysis.FindingCode;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.dlm.DlmRcom;
import org.dlminspect.dlm.RcomConfig;
import org.dlminspect.dlm.RcomLock;
import org.dlminspect.dlm.RcomSlot;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;

/**
 * Recovery episodes from the RCOM exchanges (reference §3.12), RCOM request/reply pairing (A35), the lockspace
 * configuration each node reports in STATUS_REPLY (A36), generations and slot tables (A38), and the membership
 * the last complete recovery established (for A39).
 *
 * <p>An episode starts with the first RCOM of a lockspace while none is open; it is complete once the lowest
 * node's DONE_ALL ({@code DLM_RS_DONE_ALL} in a STATUS_REPLY) has reached every node that took part, and it is
 * closed unfinished after 6 s without RCOM (longer than the kernel's 5 s {@code ci_recover_timer} resend).
 */
final class RecoveryTracker {
    private static final long GAP_NANOS = 6_000_000_000L;
    private static final int DONE_ALL = 0x80;
    private static final int MAX_SLOTS = 249;
    private static final long OUTSTANDING_COST = HeapCost.object(40) + HeapCost.object(40) + HeapCost.HASH_ENTRY;
    private static final long EPISODE_COST = HeapCost.object(200);
    private static final long LOCKSPACE_COST = HeapCost.object(64) + 4 * HeapCost.object(48) + HeapCost.HASH_ENTRY;
    /** Episodes listed in the report; older ones are dropped (a capture of endless recoveries stays bounded). */
    static final int MAX_EPISODES = 1000;
    private static final int ESRCH = -3;

    record Key(long lockspace, long requester, long replier, int phase, long id) {
        // equals and hashCode written out, with the values the record's own would have (31 * h + each component's,
        // in order), so that the hash map keeps its order: the generated ones bootstrap a method-handle chain on the
        // first call (ObjectMethods: 15 classes spun, ~20 ms of start-up), then run it under C1 per lookup.
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.lockspace == lockspace && k.requester == requester && k.replier == replier
                    && k.phase == phase && k.id == id;
        }

        @Override
        public int hashCode() {
            int h = Long.hashCode(lockspace);
            h = 31 * h + Long.hashCode(requester);
            h = 31 * h + Long.hashCode(replier);
            h = 31 * h + phase;
            return 31 * h + Long.hashCode(id);
        }
    }

    private record Outstanding(long rcId, long seq, long nanos, long frame) { }

    private record Config(long node, int lvblen, int lsflags) { }

    private static final class PerLockspace {
        RecoveryEpisodeState open;
        long lastRcom;
        long lastStart = Long.MIN_VALUE;
        Set<Long> members;
        final List<Config> configs = new ArrayList<>();
        final Set<String> reported = new HashSet<>();
        final Map<Long, Integer> generations = new HashMap<>();
        int lvblen = -1;
    }

    private final Account account;
    private final ServiceTimes times;
    private final LockFindings findings;
    private final Map<Long, PerLockspace> byLs = new HashMap<>();
    /** Insertion order: under memory pressure the oldest unanswered requests are forgotten first. */
    private final LinkedHashMap<Key, Outstanding> outstanding = new LinkedHashMap<>();
    private final List<RecoveryEpisodeState> episodes = new ArrayList<>();
    private long firstNanos = Long.MIN_VALUE;
    private long droppedEpisodes;
    private boolean limitReported;

    private MembershipListener membership = (ls, members, nanos) -> { };

    /** Told when a complete recovery established a lockspace's members. */
    interface MembershipListener {
        void membersChanged(long lockspace, Set<Long> members, long nanos);
    }

    void onMembership(MembershipListener listener) {
        this.membership = listener;
    }

    RecoveryTracker(Account account, ServiceTimes times, LockFindings findings) {
        this.account = account;
        this.times = times;
        this.findings = findings;
    }

    void onRcom(Seen s, DlmRcom r) {
        if (firstNanos == Long.MIN_VALUE) firstNanos = s.nanos();
        int type = r.type();
        if (type < 1 || type > 8) return;
        long ls = r.header().lockspace();
        PerLockspace p = byLs.get(ls);
        if (p == null) {
            // The lockspace id is whatever the bytes say: bounded, so that a hostile capture cannot grow this.
            if (byLs.size() >= LockTracker.MAX_KEYS) return;
            p = new PerLockspace();
            byLs.put(ls, p);
            if (!account.charge(LOCKSPACE_COST)) relieve(s);
        }
        if (p.open != null && s.nanos() - p.lastRcom > GAP_NANOS) close(p, false);
        if (p.open == null) {
            p.open = new RecoveryEpisodeState(ls, s.nanos(), s.frame());
            p.lastStart = s.nanos();
            episodes.add(p.open);
            if (episodes.size() > MAX_EPISODES) dropOldestEpisode(s);
            if (!account.charge(EPISODE_COST)) relieve(s);
        }
        p.lastRcom = s.nanos();
        boolean reply = type >= 5;
        int phase = (reply ? type - 4 : type) - 1;
        RecoveryEpisodeState e = p.open;
        e.saw(s, phase, reply);
        long id2 = phase == 2 ? r.id() : phase == 3 && r.payload() instanceof RcomLock l ? l.lkid() : 0;
        if (!reply) {
            if (outstanding.put(new Key(ls, s.from(), s.to(), phase, id2), new Outstanding(r.id(), r.seq(), s.nanos(), s.frame())) == null
                    && !account.charge(OUTSTANDING_COST)) {
                relieve(s);
            }
            return;
        }
        answer(s, r, ls, phase, id2, e);
        if (type == 5) notReady(s, r, e);
        if (type == 5 && r.payload() instanceof RcomConfig c) config(s, r, p, c);
        if (type == 5 && r.result() >= 0 && (r.result() & DONE_ALL) != 0) {
            e.done.add(s.from());
            e.done.add(s.to());
            if (e.done.containsAll(e.members)) close(p, true);
        }
    }

    private void answer(Seen s, DlmRcom r, long ls, int phase, long id2, RecoveryEpisodeState e) {
        Key k = new Key(ls, s.to(), s.from(), phase, id2);
        Outstanding o = outstanding.get(k);
        if (o == null) {
            // Sent before the replier's node id was known from its own traffic.
            k = new Key(ls, s.to(), -1, phase, id2);
            o = outstanding.get(k);
        }
        String name = RecoveryEpisodeState.PHASES[phase];
        if (o == null) {
            if (s.nanos() - firstNanos >= LockOptions.EDGE_NANOS) {
                findings.report(FindingCode.RCOM_REPLY_MISMATCH, s, name + "_REPLY rc_id " + Long.toUnsignedString(r.id())
                        + " from node " + s.from() + " answers no outstanding " + name + " of node " + s.to());
            }
            return;
        }
        if (o.rcId() != r.id()) {
            findings.report(FindingCode.RCOM_REPLY_MISMATCH, s, name + "_REPLY rc_id " + Long.toUnsignedString(r.id())
                    + " does not match the outstanding " + name + " (frame " + FrameRef.text(o.frame()) + ", rc_id "
                    + Long.toUnsignedString(o.rcId()) + "): the kernel rejects it (\"reject reply\")", o.frame());
            return;
        }
        if (o.seq() != r.seqReply()) {
            findings.report(FindingCode.RCOM_REPLY_MISMATCH, s, name + "_REPLY rc_seq_reply " + Long.toUnsignedString(r.seqReply())
                    + " differs from the request's rc_seq " + Long.toUnsignedString(o.seq()) + " (frame " + FrameRef.text(o.frame())
                    + "): the kernel ignores it (other recovery generation)", o.frame());
            return;
        }
        outstanding.remove(k);
        account.release(OUTSTANDING_COST);
        long latency = s.nanos() - o.nanos();
        e.answered(phase, s.from(), latency);
        times.add(ls, "RCOM_" + name, s.to(), s.from(), latency);
    }

    /**
     * A37: the "lockspace not ready" STATUS_REPLY ({@code dlm_send_ls_not_ready}: {@code rc_result} -ESRCH,
     * {@code rf_lvblen} 0xFFFFFFFF): the replier has no such lockspace yet (it is still joining). The requester
     * takes it as status 0 and asks again; normal while a node joins, reported once per node and episode.
     */
    private void notReady(Seen s, DlmRcom r, RecoveryEpisodeState e) {
        boolean esrch = r.result() == ESRCH;
        boolean marker = r.payload() instanceof RcomConfig c && c.notReady();
        if (!esrch && !marker || !e.notReady.add(s.from())) return;
        String fields = esrch && marker ? "rc_result -ESRCH, rf_lvblen 0xffffffff"
                : esrch ? "rc_result -ESRCH (rf_lvblen not the 0xffffffff marker)" : "rf_lvblen 0xffffffff (rc_result " + r.result() + ", not -ESRCH)";
        findings.report(FindingCode.RCOM_NOT_READY, s, "node " + s.from() + " answers STATUS from node " + s.to()
                + " with \"lockspace not ready\" (" + fields + "): it has not joined lockspace 0x"
                + Long.toHexString(r.header().lockspace()) + " yet; node " + s.to() + " takes it as status 0 and asks again");
    }

    /** A36 and A38 from one STATUS_REPLY. */
    private void config(Seen s, DlmRcom r, PerLockspace p, RcomConfig c) {
        if (c.notReady()) return;
        p.lvblen = c.lvblen();
        for (Config other : p.configs) {
            if (other.node() != s.from() && (other.lvblen() != c.lvblen() || other.lsflags() != c.lsflags())
                    && p.reported.add("config " + Math.min(other.node(), s.from()) + " " + Math.max(other.node(), s.from()))) {
                findings.report(FindingCode.RCOM_CONFIG_MISMATCH, s, "node " + s.from() + " reports lvblen "
                        + c.lvblen() + " lsflags 0x" + Integer.toHexString(c.lsflags()) + ", node " + other.node()
                        + " lvblen " + other.lvblen() + " lsflags 0x" + Integer.toHexString(other.lsflags())
                        + ": the kernel logs \"config mismatch\" and recovery fails (-EPROTO)");
            }
        }
        p.configs.removeIf(x -> x.node() == s.from());
        p.configs.add(new Config(s.from(), c.lvblen(), c.lsflags()));
        Integer before = p.generations.put(s.from(), c.generation());
        if (before != null && Integer.compareUnsigned(c.generation(), before) < 0) {
            findings.report(FindingCode.RCOM_SLOTS, s, "node " + s.from() + " reports generation "
                    + Integer.toUnsignedString(c.generation()) + " after " + Integer.toUnsignedString(before)
                    + ": the kernel logs \"dlm_slots_copy_in gen %u old %u\"");
        }
        if (c.numSlots() > MAX_SLOTS) {
            findings.report(FindingCode.RCOM_SLOTS, s, "rf_num_slots " + c.numSlots() + " exceeds the " + MAX_SLOTS
                    + " slots a STATUS_REPLY can hold (\"num_slots %d exceeds max_slots %d\")");
        }
        Set<Integer> slots = new HashSet<>();
        Set<Integer> nodes = new HashSet<>();
        for (RcomSlot slot : c.slots()) {
            if (slot.slot() < 1) {
                findings.report(FindingCode.RCOM_SLOTS, s, "node " + slot.nodeid() + " has invalid slot number " + slot.slot());
            } else if (!slots.add(slot.slot())) {
                findings.report(FindingCode.RCOM_SLOTS, s, "slot " + slot.slot() + " given to two nodes (node " + slot.nodeid() + ")");
            }
            if (!nodes.add(slot.nodeid())) {
                findings.report(FindingCode.RCOM_SLOTS, s, "node " + slot.nodeid() + " listed twice in the slot table");
            }
        }
    }

    private void close(PerLockspace p, boolean complete) {
        RecoveryEpisodeState e = p.open;
        e.complete = complete;
        e.open = false;
        if (complete) {
            p.members = new HashSet<>(e.members);
            membership.membersChanged(e.lockspace, p.members, e.end);
        }
        p.open = null;
    }

    /** Over the memory budget: the oldest unanswered RCOM requests are forgotten (reported once). */
    private void relieve(Seen s) {
        Iterator<Outstanding> it = outstanding.values().iterator();
        long dropped = 0;
        while (account.overLimit() && it.hasNext()) {
            it.next();
            it.remove();
            account.evicted(OUTSTANDING_COST);
            dropped++;
        }
        if (dropped > 0 && !limitReported) {
            limitReported = true;
            findings.report(FindingCode.LOCK_LIMIT, s, "memory budget reached: the oldest unanswered RCOM requests are "
                    + "forgotten from here on (their replies will look unmatched); raise --memory-budget to keep them");
        }
    }

    private void dropOldestEpisode(Seen s) {
        episodes.remove(0);
        account.release(EPISODE_COST);
        if (droppedEpisodes++ == 0) {
            findings.report(FindingCode.LOCK_LIMIT, s, "more than " + MAX_EPISODES + " recovery episodes: the report "
                    + "lists the last " + MAX_EPISODES);
        }
    }

    /** The members the last complete recovery of {@code ls} established, or null when none was seen. */
    Set<Long> members(long ls) {
        PerLockspace p = byLs.get(ls);
        return p == null ? null : p.members;
    }

    /** Start of the latest recovery episode of {@code ls} (open or closed), or Long.MIN_VALUE. */
    long lastEpisodeStart(long ls) {
        PerLockspace p = byLs.get(ls);
        return p == null ? Long.MIN_VALUE : p.lastStart;
    }

    long lvblen(long ls) {
        PerLockspace p = byLs.get(ls);
        return p == null ? -1 : p.lvblen;
    }

    /** A lock request of {@code ls} waited from {@code from} to {@code to}: counted in the episodes it overlaps. */
    void noteWait(long ls, long from, long to, long frame) {
        for (int i = episodes.size() - 1, seen = 0; i >= 0 && seen < 16; i--) {
            RecoveryEpisodeState e = episodes.get(i);
            if (e.lockspace != ls) continue;
            seen++;
            if (e.overlaps(from, to)) e.waited(frame);
        }
    }

    /** Ends the capture: an open episode is closed unfinished. */
    void finish() {
        for (PerLockspace p : byLs.values()) {
            if (p.open != null) close(p, false);
        }
    }

    List<LockReport.RecoveryEpisode> episodes() {
        return episodes.stream().map(RecoveryEpisodeState::toRecord).toList();
    }
}
