package org.dlminspect.cli.report;

import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;
import org.dlminspect.net.IpAddress;

/**
 * The time series of one direction of a node pair: messages and bytes per interval, the highest midcomms
 * seq sent and the highest seq the receiver ACKed, and the ACK latency (time from a message crossing the
 * capture point to the first ACK covering it, reference §2.10: an ACK's h_seq is the next seq expected).
 * Latency needs the send time of each unacknowledged seq: a ring of at most {@link #PENDING} of them; when it
 * is full the oldest is dropped and counted ({@link #latencyDropped()}), so a receiver that never ACKs costs
 * a fixed amount.
 */
final class DirectionTraffic {
    static final int PENDING = 4096;
    private static final long SEQ_MASK = 0xFFFFFFFFL;
    /** Heap this object costs besides its series: the two pending arrays and its fields. */
    static final long COST = HeapCost.object(64) + 2 * HeapCost.longArray(PENDING);

    final IpAddress from;
    final IpAddress to;
    final TimeBuckets.Series messages;
    final TimeBuckets.Series bytes;
    final TimeBuckets.Series seqSent;
    final TimeBuckets.Series seqAcked;
    final TimeBuckets.Series latencySum;
    final TimeBuckets.Series latencyCount;
    final TimeBuckets.Series latencyMax;

    private final long[] pendingSeq = new long[PENDING];
    private final long[] pendingNanos = new long[PENDING];
    private int head;
    private int size;
    private long latencyDropped;

    private DirectionTraffic(IpAddress from, IpAddress to, TimeBuckets.Series[] s) {
        this.from = from;
        this.to = to;
        messages = s[0];
        bytes = s[1];
        seqSent = s[2];
        seqAcked = s[3];
        latencySum = s[4];
        latencyCount = s[5];
        latencyMax = s[6];
    }

    /** A direction with its seven series on {@code axis}; null when the budget has no room for it. */
    static DirectionTraffic create(IpAddress from, IpAddress to, TimeBuckets axis, Account account) {
        if (!account.charge(COST)) {
            account.release(COST);
            return null;
        }
        TimeBuckets.Combine sum = TimeBuckets.Combine.SUM;
        TimeBuckets.Combine max = TimeBuckets.Combine.MAX;
        TimeBuckets.Combine[] kinds = {sum, sum, max, max, sum, sum, max};
        TimeBuckets.Series[] s = new TimeBuckets.Series[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            s[i] = axis.series(kinds[i]);
            if (s[i] == null) return null; // the budget's owner reports the exhaustion; what was charged stays charged
        }
        return new DirectionTraffic(from, to, s);
    }

    void message(int bucket, MessageShape m, long nanos) {
        messages.add(bucket, 1);
        bytes.add(bucket, m.length());
        if (m.cmd() == MessageShape.CMD_OPTS) {
            seqSent.add(bucket, m.seq());
            sent(m.seq(), nanos);
        }
    }

    /** The receiver's ACK (travelling the other way) with next-expected {@code next}. */
    void acked(int bucket, long next, long nanos) {
        if (next > 0) seqAcked.add(bucket, (next - 1) & SEQ_MASK);
        while (size > 0 && (int) (pendingSeq[head] - next) < 0) {
            long latency = nanos - pendingNanos[head];
            if (latency >= 0) {
                latencySum.add(bucket, latency);
                latencyCount.add(bucket, 1);
                latencyMax.add(bucket, latency);
            }
            head = (head + 1) % PENDING;
            size--;
        }
    }

    private void sent(long seq, long nanos) {
        if (size > 0) {
            long last = pendingSeq[(head + size - 1) % PENDING];
            int diff = (int) (seq - last);
            if (diff <= 0) {
                // a retransmission keeps its first send time; a restart at 0 (new session) starts afresh
                if (seq != 0) return;
                size = 0;
            }
        }
        if (size == PENDING) {
            head = (head + 1) % PENDING;
            size--;
            latencyDropped++;
        }
        int at = (head + size) % PENDING;
        pendingSeq[at] = seq;
        pendingNanos[at] = nanos;
        size++;
    }

    /** Messages whose latency was not measured because the pending ring was full. */
    long latencyDropped() {
        return latencyDropped;
    }
}
