package org.dlminspect.cli.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.net.IpAddress;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.tcp.TcpEvent;

/**
 * Collects what the report draws and the analysis does not keep: per-direction time series on one shared
 * {@link TimeBuckets} axis, the messages around findings ({@link LadderRecorder}), the lockspaces seen and
 * the capture's extent. Everything is bounded and charged to the "report" account of the run's budget;
 * what did not fit is counted ({@link #untracked()}) and said in the report. Feed it before the analyzer in
 * the same {@code FanOut}, so that a finding reported during a message sees that message already recorded.
 */
public final class TrafficCollector implements DissectionListener {
    /** Directions charted: a capture of 8 fully meshed nodes has 56. */
    static final int MAX_DIRECTIONS = 128;
    static final int MAX_LOCKSPACES = 256;

    private record Key(IpAddress from, IpAddress to) { }

    private final Account account;
    private final TimeBuckets axis;
    private final LadderRecorder ladders;
    private final FrameClock clock;
    private final Map<Key, DirectionTraffic> directions = new LinkedHashMap<>();
    private final Map<Long, long[]> lockspaces = new HashMap<>();
    private long frames;
    private long messages;
    private long firstNanos = Long.MAX_VALUE;
    private long lastNanos = Long.MIN_VALUE;
    private long captureGaps;
    private long captureGapBytes;
    private long untracked;
    private Key lastKey;
    private DirectionTraffic last;

    public TrafficCollector(MemoryBudget budget) {
        this.account = budget.account("report");
        this.axis = new TimeBuckets(account);
        this.ladders = new LadderRecorder(account);
        this.clock = new FrameClock(account);
    }

    @Override
    public void onFrame(CaptureFrame frame) {
        frames++;
        time(frame.epochNanos());
        clock.frame(frame.number(), frame.epochNanos());
    }

    @Override
    public void onMessage(DissectedMessage m) {
        messages++;
        long nanos = m.epochNanos();
        time(nanos);
        IpAddress from = m.direction().source().address();
        IpAddress to = m.direction().destination().address();
        MessageShape shape = MessageShape.of(m.header(), m.bytes());
        int bucket = axis.bucket(nanos);
        DirectionTraffic d = direction(from, to);
        if (d != null) {
            d.message(bucket, shape, nanos);
        } else {
            untracked++;
        }
        if (shape.cmd() == MessageShape.CMD_ACK) {
            DirectionTraffic acked = directions.get(new Key(to, from));
            if (acked != null) acked.acked(bucket, shape.seq(), nanos);
        }
        if (shape.lockspace() >= 0) lockspace(shape.lockspace());
        ladders.event(new LadderRecorder.Event(m.frame(), nanos, from, to, m.direction().stream(), shape, null));
    }

    @Override
    public void onTcpEvent(TcpEvent e) {
        String kind = switch (e.kind()) {
            case SYN -> "SYN";
            case FIN -> "FIN";
            case RST -> "RST";
            case GAP -> {
                captureGaps++;
                captureGapBytes += Math.max(0, e.bytes());
                yield null;
            }
            default -> null;
        };
        if (kind == null) return;
        ladders.event(new LadderRecorder.Event(e.frame(), e.epochNanos(), e.direction().source().address(),
                e.direction().destination().address(), e.direction().stream(), null, kind));
    }

    /** A finding, as the analyzer reports it (during the message it concerns, or at the end). */
    public void onFinding(org.dlminspect.analysis.Finding f) {
        ladders.finding(f.epochNanos());
    }

    private void time(long nanos) {
        if (nanos < firstNanos) firstNanos = nanos;
        if (nanos > lastNanos) lastNanos = nanos;
    }

    private DirectionTraffic direction(IpAddress from, IpAddress to) {
        if (last != null && lastKey.from().equals(from) && lastKey.to().equals(to)) return last;
        Key k = new Key(from, to);
        DirectionTraffic d = directions.get(k);
        if (d == null && !directions.containsKey(k) && directions.size() < MAX_DIRECTIONS) {
            d = DirectionTraffic.create(from, to, axis, account);
            account.charge(HeapCost.HASH_ENTRY + HeapCost.object(8));
            directions.put(k, d); // null when it did not fit: not tried again
        }
        if (d != null) {
            lastKey = k;
            last = d;
        }
        return d;
    }

    private void lockspace(long id) {
        long[] count = lockspaces.get(id);
        if (count == null) {
            if (lockspaces.size() >= MAX_LOCKSPACES) return;
            if (!account.charge(HeapCost.HASH_ENTRY + HeapCost.object(8) + HeapCost.longArray(1))) return;
            count = new long[1];
            lockspaces.put(id, count);
        }
        count[0]++;
    }

    // ------------------------------------------------------------------ results, for the adapter

    TimeBuckets axis() {
        return axis;
    }

    List<DirectionTraffic> directions() {
        List<DirectionTraffic> out = new ArrayList<>();
        for (DirectionTraffic d : directions.values()) if (d != null) out.add(d);
        return out;
    }

    /** Lockspace id to messages naming it. */
    Map<Long, Long> lockspaces() {
        Map<Long, Long> out = new java.util.TreeMap<>();
        lockspaces.forEach((k, v) -> out.put(k, v[0]));
        return out;
    }

    /** A bound on the time of a frame seen ({@link FrameClock#nanosOf}), {@code Long.MIN_VALUE} when unknown. */
    long nanosOf(long frame, boolean later) {
        return clock.nanosOf(frame, later);
    }

    LadderRecorder ladders() {
        return ladders;
    }

    long frames() {
        return frames;
    }

    long messages() {
        return messages;
    }

    long firstNanos() {
        return firstNanos == Long.MAX_VALUE ? 0 : firstNanos;
    }

    long lastNanos() {
        return lastNanos == Long.MIN_VALUE ? 0 : lastNanos;
    }

    long captureGaps() {
        return captureGaps;
    }

    long captureGapBytes() {
        return captureGapBytes;
    }

    /** Messages in directions beyond what the report could chart. */
    long untracked() {
        return untracked;
    }
}
