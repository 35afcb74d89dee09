package org.dlminspect.locks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.dlminspect.analysis.Finding;
import org.dlminspect.analysis.FindingCode;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.dlm.DlmMessage;
import org.dlminspect.dlm.DlmOpts;
import org.dlminspect.dlm.DlmPdu;
import org.dlminspect.dlm.DlmRcom;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;
import org.dlminspect.net.IpAddress;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;

/**
 * The lock analysis as a pipeline stage: learns node ids from addresses, skips midcomms retransmissions, and
 * hands each DLM_MSG to {@link LockPairing} and each DLM_RCOM to {@link RecoveryTracker}. {@link #report()} gives
 * the result after {@link #onEnd()}.
 *
 * <p>A retransmission (reference §3.8, A14/A15) is the same OPTS sequence number with the same bytes from the
 * same node to the same node, usually on a new TCP connection after a reconnect: the receiving kernel drops it, so
 * it is not a second request. It is recognised with a ring of the last 4096 (seq, CRC-32) per node pair.
 */
public final class LockTracker implements DissectionListener {
    private static final int RING = 4096;
    static final long RING_COST = HeapCost.longArray(RING) + HeapCost.object(16) + HeapCost.HASH_ENTRY;
    /**
     * At most this many node pairs, lockspaces and addresses are told apart: header node ids and lockspace ids
     * are whatever the bytes say, and a hostile capture could otherwise make a table entry per message.
     */
    static final int MAX_KEYS = 4096;

    private static final class LsStat {
        long messages;
        final Set<Long> nodes = new TreeSet<>();
        /** Bit n: node n (0..63) is in {@code nodes} (the usual ids: a sender again needs no set lookup). */
        long small;
    }

    private final LockOptions options;
    private final Account account;
    private final LockFindings findings;
    private final ServiceTimes serviceTimes;
    private final ServiceTimes grantTimes;
    private final Outcomes outcomes;
    private final RecoveryTracker recovery;
    private final LockPairing pairing;
    private final LockspaceNames names;
    private final Map<IpAddress, Long> nodeOf = new HashMap<>();
    /** Sender node and receiving address: the receiver's node id may not be known yet. */
    private record Pair(long from, IpAddress to) {
        // written out (the record's own values): the generated ones are slow under C1 on this per-message key
        @Override
        public boolean equals(Object o) {
            return o instanceof Pair p && p.from == from && java.util.Objects.equals(p.to, to);
        }

        @Override
        public int hashCode() {
            return 31 * Long.hashCode(from) + java.util.Objects.hashCode(to);
        }
    }

    /** Access order: the least recently used pair's ring is dropped first. */
    private final java.util.LinkedHashMap<Pair, long[]> seen = new java.util.LinkedHashMap<>(16, 0.75f, true);
    private final Map<Long, LsStat> lockspaces = new HashMap<>();
    private final Set<String> nonMembers = new HashSet<>();
    private final CRC32 crc = new CRC32();
    /*
     * The last sender learnt, lockspace counted and node pair's ring: consecutive messages mostly come from the same
     * connection, and the tables only grow (the rings' map loses entries through dropRing, which forgets its key
     * here), so the same key again finds what the lookup would find. An access-ordered get of the entry last used
     * leaves the order as it is: skipping it changes nothing.
     */
    private final IpAddress[] learntAddress = new IpAddress[2];
    private final long[] learntNode = new long[2];
    private long statLs;
    private LsStat stat;
    /**
     * The rings of the two pairs used last, [0] the latest. When {@code touchOwed}, the map's access order is
     * behind by the gets these hits skipped: [1] then [0] must move to its end ({@link #touchRecent}).
     */
    private final Pair[] ringKey = new Pair[2];
    private final long[][] rings = new long[2][];
    private boolean touchOwed;
    private long firstNanos;
    private long lastNanos;
    private boolean anyFrame;
    private boolean ringsDropped;
    private LockLink link;

    /**
     * @param findings receives each finding as it is made (may be null); all are also in the report
     * @throws IllegalArgumentException when a {@code NAME=ID} candidate has a bad id
     */
    public LockTracker(LockOptions options, Account account, Consumer<Finding> findings) {
        this.options = options;
        this.account = account;
        this.findings = new LockFindings(findings, account);
        this.serviceTimes = new ServiceTimes(account);
        this.grantTimes = new ServiceTimes(account);
        this.outcomes = new Outcomes(options.top(), 10_000);
        this.recovery = new RecoveryTracker(account, serviceTimes, this.findings);
        this.pairing = new LockPairing(options, account, serviceTimes, grantTimes, this.findings, recovery, outcomes);
        this.names = new LockspaceNames(options.lockspaceNames());
        recovery.onMembership(pairing::membersChanged);
    }

    @Override
    public void onFrame(CaptureFrame frame) {
        if (!anyFrame) {
            anyFrame = true;
            firstNanos = frame.epochNanos();
        }
        lastNanos = Math.max(lastNanos, frame.epochNanos());
    }

    @Override
    public void onMessage(DissectedMessage m) {
        link = null;
        IpAddress src = m.direction().source().address();
        IpAddress dst = m.direction().destination().address();
        long from = m.header().nodeid();
        learn(src, from);
        DlmPdu pdu = m.pdu();
        if (pdu instanceof DlmOpts o) {
            if (retransmitted(from, dst, o.seq(), m)) {
                outcomes.duplicates++;
                return;
            }
            pdu = o.inner();
        }
        if (pdu == null || pdu.truncated()) return;
        if (pdu instanceof DlmMessage msg && msg.captured() >= DlmMessage.SIZE) {
            Seen s = seen(m, src, dst, receiver(dst, msg));
            count(msg.header().lockspace(), s.from());
            checkMember(s, msg);
            pairing.onMessage(s, msg);
            link = pairing.link();
        } else if (pdu instanceof DlmRcom rc && rc.captured() >= DlmRcom.SIZE) {
            Long to = nodeOf.get(dst);
            Seen s = seen(m, src, dst, to == null ? -1 : to);
            count(rc.header().lockspace(), s.from());
            recovery.onRcom(s, rc);
        }
    }

    /** The link of the message last given to {@link #onMessage} (for {@code read}), or null. */
    public LockLink lastLink() {
        return link;
    }

    @Override
    public void onEnd() {
        recovery.finish();
        pairing.finish(lastNanos);
        long folded = serviceTimes.folded() + grantTimes.folded();
        long dropped = serviceTimes.dropped() + grantTimes.dropped();
        if (folded + dropped > 0) {
            findings.report(FindingCode.LOCK_LIMIT, new Seen(0, lastNanos, -1, -1, null, null, -1),
                    (folded > 0 ? folded + " service-time rows kept as histograms under the memory budget (their "
                            + "percentiles are within 3 %, min and max exact)" : "")
                            + (folded > 0 && dropped > 0 ? "; " : "")
                            + (dropped > 0 ? dropped + " samples of node pairs past the " + MAX_KEYS + "-row bound not counted" : ""));
        }
    }

    /** Receives the exact samples behind one service-time row (nanoseconds, unsorted). */
    @FunctionalInterface
    public interface SampleVisitor {
        void samples(long lockspace, String exchange, long fromNode, long toNode, long[] nanos);
    }

    /**
     * Receives a service-time series that was folded into a histogram under the memory budget (its exact samples are
     * gone): its non-empty buckets, ascending, each the range of values it holds and their count.
     */
    @FunctionalInterface
    public interface FoldedVisitor {
        void folded(long lockspace, String exchange, long fromNode, long toNode, long[] lowerNanos, long[] upperNanos,
                long[] counts);
    }

    /**
     * The series behind {@link LockReport#serviceTimes()} (or, when {@code grants}, {@link LockReport#grantTimes()})
     * that {@link #serviceSamples} leaves out because they were folded. Call after {@link #onEnd()}.
     */
    public void foldedSamples(boolean grants, FoldedVisitor to) {
        (grants ? grantTimes : serviceTimes).foldedSamples(to);
    }

    /**
     * The samples behind {@link LockReport#serviceTimes()} (request to reply), for histograms; when
     * {@code grants}, those behind {@link LockReport#grantTimes()} (request to GRANT). Call after {@link #onEnd()}.
     */
    public void serviceSamples(boolean grants, SampleVisitor to) {
        (grants ? grantTimes : serviceTimes).samples(to);
    }

    /** The result (call after {@link #onEnd()}). */
    public LockReport report() {
        List<LockReport.Lockspace> ls = new ArrayList<>();
        lockspaces.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> ls.add(
                new LockReport.Lockspace(e.getKey(), names.nameOf(e.getKey()), e.getValue().messages,
                        List.copyOf(e.getValue().nodes), recovery.lvblen(e.getKey()))));
        List<LockReport.ResourceStat> res = new ArrayList<>();
        for (ResourceState r : pairing.resources()) res.add(r.stat());
        res.sort(Comparator.comparingLong(LockReport.ResourceStat::totalWaitNanos).reversed()
                .thenComparing(LockReport.ResourceStat::name));
        List<LockReport.WaitingRequest> waiting = new ArrayList<>(outcomes.unansweredList());
        waiting.sort(Comparator.comparingLong(LockReport.WaitingRequest::ageNanos).reversed());
        List<Finding> f = new ArrayList<>(findings.all());
        f.sort(Comparator.comparingLong(Finding::epochNanos).thenComparingLong(Finding::frame));
        return new LockReport(anyFrame ? firstNanos : 0, lastNanos, ls, outcomes.counts(), serviceTimes.rows(),
                grantTimes.rows(), outcomes.slowest(), res, waiting, recovery.episodes(), f);
    }

    /** The node id {@code address} sends as (bounded: past {@link #MAX_KEYS} addresses, new ones are not learnt). */
    private void learn(IpAddress address, long node) {
        // nodeOf maps it so already (the two slots never hold the same address: both directions of a connection)
        if ((address == learntAddress[0] && node == learntNode[0]) || (address == learntAddress[1] && node == learntNode[1])) {
            return;
        }
        if (nodeOf.size() < MAX_KEYS || nodeOf.containsKey(address)) {
            if (nodeOf.put(address, node) == null) charge(HeapCost.HASH_ENTRY + HeapCost.object(8) + HeapCost.object(24));
            if (learntAddress[0] != address) {
                learntAddress[1] = learntAddress[0];
                learntNode[1] = learntNode[0];
            }
            learntAddress[0] = address;
            learntNode[0] = node;
        }
    }

    private boolean retransmitted(long from, IpAddress dst, long seq, DissectedMessage m) {
        long[] ring;
        if (rings[0] != null && ringKey[0].from() == from && ringKey[0].to() == dst) {
            ring = rings[0];
        } else if (rings[1] != null && ringKey[1].from() == from && ringKey[1].to() == dst) {
            ring = rings[1];
            recent(ringKey[1], ring);
            touchOwed = true; // its get() skipped: it is the latest now
        } else {
            ring = ring(new Pair(from, dst), m);
        }
        crc.reset();
        crc.update(m.array(), m.arrayOffset(), m.length()); // the bytes of bytes(), without a buffer view
        long value = (seq << 32) | crc.getValue();
        int slot = (int) (seq & (RING - 1));
        if (ring[slot] == value) return true;
        ring[slot] = value;
        return false;
    }

    /** The retransmission ring of a node pair, made (and charged) when first seen. */
    private long[] ring(Pair pair, DissectedMessage m) {
        touchRecent();
        long[] ring = seen.get(pair);
        if (ring == null) {
            if (seen.size() >= MAX_KEYS) dropRing(m);
            ring = new long[RING];
            seen.put(pair, ring);
            if (!account.charge(RING_COST)) {
                while (account.overLimit() && seen.size() > 1) dropRing(m);
            }
        }
        if (seen.get(pair) == ring) recent(pair, ring); // still there (a budget just dropped may have taken it)
        return ring;
    }

    /** {@code pair}'s ring is the one used last (it was the other slot's, or it is new here). */
    private void recent(Pair pair, long[] ring) {
        Pair k = ringKey[0];
        long[] r = rings[0];
        ringKey[0] = pair;
        rings[0] = ring;
        if (k != pair) {
            ringKey[1] = k;
            rings[1] = r;
        }
    }

    /**
     * Brings the access order of {@link #seen} up to date with the uses of the two remembered rings that skipped
     * its get(): the older one, then the latest, move to the end, as their gets would have moved them. Called
     * before any other use of the map (a lookup, an eviction), so that it evicts in the order every get gives.
     */
    private void touchRecent() {
        if (!touchOwed) return;
        touchOwed = false;
        for (int i = 1; i >= 0; i--) {
            if (rings[i] != null) seen.get(ringKey[i]);
        }
    }

    /** Forgets the least recently used node pair's ring: a retransmission on it would count as a new message. */
    private void dropRing(DissectedMessage m) {
        touchRecent();
        rings[0] = null;
        rings[1] = null;
        var it = seen.entrySet().iterator();
        it.next();
        it.remove();
        account.evicted(RING_COST);
        if (!ringsDropped) {
            ringsDropped = true;
            findings.report(FindingCode.LOCK_LIMIT, seen(m, null, null, -1), "memory budget or the " + MAX_KEYS
                    + "-pair bound reached: the retransmission memory of the least recently used node pairs is "
                    + "forgotten (a midcomms retransmission there may count twice)");
        }
    }

    /**
     * The receiving node: learnt from what its address sent; before that, {@code m_nodeid}, which names the
     * receiver in every message type but LOOKUP, REMOVE, LOOKUP_REPLY and PURGE (reference §2.5).
     */
    private long receiver(IpAddress dst, DlmMessage msg) {
        Long n = nodeOf.get(dst);
        if (n != null) return n;
        int t = msg.type();
        return t >= 11 ? -1 : Integer.toUnsignedLong(msg.nodeid());
    }

    private static Seen seen(DissectedMessage m, IpAddress src, IpAddress dst, long to) {
        return new Seen(m.frame(), m.epochNanos(), m.header().nodeid(), to, src, dst, m.direction().stream());
    }

    /** Counts a message of {@code ls} (past {@link #MAX_KEYS} lockspaces or nodes, new ones are not listed). */
    private void count(long ls, long node) {
        LsStat st = stat != null && ls == statLs ? stat : lockspaces.get(ls);
        if (st == null) {
            if (lockspaces.size() >= MAX_KEYS) return;
            st = new LsStat();
            lockspaces.put(ls, st);
            charge(HeapCost.object(32) + HeapCost.object(24) + HeapCost.HASH_ENTRY);
        }
        stat = st;
        statLs = ls;
        st.messages++;
        boolean small = node >= 0 && node < 64;
        if (small && (st.small & (1L << node)) != 0) return;
        if (st.nodes.size() < MAX_KEYS) {
            if (st.nodes.add(node)) charge(HeapCost.HASH_ENTRY + HeapCost.object(8));
            if (small) st.small |= 1L << node;
        }
    }

    /** Charges a small table entry; over the budget, the pairing forgets its least recently used locks. */
    private void charge(long bytes) {
        if (!account.charge(bytes)) pairing.evict();
    }

    /** A39: a lock message from a node the last complete recovery did not count as a member. */
    private void checkMember(Seen s, DlmMessage msg) {
        long ls = msg.header().lockspace();
        Set<Long> members = recovery.members(ls);
        if (members != null && !members.contains(s.from()) && nonMembers.size() < MAX_KEYS && nonMembers.add(ls + "/" + s.from())) {
            charge(HeapCost.HASH_ENTRY + HeapCost.object(24) + HeapCost.byteArray(24));
            findings.report(FindingCode.LOCK_NON_MEMBER, s, LockText.name(msg.type()) + " from node " + s.from()
                    + ", which the last recovery of lockspace 0x" + Long.toHexString(ls) + " did not count as a member "
                    + members + ": a >= 6.5 kernel WARNs \"receive from non-member\" (reported once per node)");
        }
    }
}
