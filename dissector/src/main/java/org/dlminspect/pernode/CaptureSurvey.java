package org.dlminspect.pernode;

import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;
import org.dlminspect.net.IpAddress;
import org.dlminspect.pipeline.DissectorOptions;

/**
 * The first pass over several captures: which of them saw the same TCP segments or SCTP packets (captures of one cluster
 * taken on different nodes), how far each one's clock is from the others', when each one ran, which node
 * pairs it saw, and which capture is each address's own (the capture of the node that has that address).
 *
 * <p>A segment seen in captures A and B gives {@code Δ = tB - tA}. Sent by A's node, {@code Δ = θ + δ}
 * (θ the offset of B's clock against A's, δ the one-way delay); sent by B's node, {@code Δ = θ - δ'}. As NTP
 * does, the smallest delay each way bounds θ: {@code θ = (min Δ(A sends) + max Δ(B sends)) / 2}, within
 * {@code ± (min Δ(A sends) - max Δ(B sends)) / 2} (half the smallest round trip). Retransmissions only make
 * a Δ larger one way or smaller the other, so they cannot move the estimate. The direction with the larger
 * Δ is the one A sends. Memory: segments wait for their second sighting at most the clock-offset window,
 * charged to {@code account}; the oldest go first when it is full.
 */
public final class CaptureSurvey {
    /** Matched segments a pair of captures needs before it counts as two views of one cluster. */
    static final int MIN_MATCHES = 8;
    private static final long ENTRY_BYTES = HeapCost.HASH_ENTRY + HeapCost.object(8 + 8 + 8 + 4 + 4) + HeapCost.object(16);

    private final int files;
    private final DissectorOptions options;
    private final long windowNanos;
    private final Account account;
    private final NodePacket packet;
    private final Captures.Builder[] capture;
    /** First sighting of each recent segment, in time order (the eldest leave first). */
    private final LinkedHashMap<Long, Pending> pending = new LinkedHashMap<>();
    private final Map<Long, PairDeltas> pairs = new HashMap<>();
    private long evicted;

    private static final class Pending {
        final long firstNanos;
        final int firstFile;
        long seenIn;

        Pending(long firstNanos, int firstFile) {
            this.firstNanos = firstNanos;
            this.firstFile = firstFile;
            this.seenIn = 1L << Math.min(firstFile, 63);
        }
    }

    /** Δ extremes of the segments two captures share, per direction (source address, destination address). */
    static final class PairDeltas {
        final Map<List<IpAddress>, long[]> byDirection = new HashMap<>();
        long matches;

        void add(IpAddress src, IpAddress dst, long delta) {
            matches++;
            long[] v = byDirection.computeIfAbsent(List.of(src, dst), k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0});
            v[0] = Math.min(v[0], delta);
            v[1] = Math.max(v[1], delta);
            v[2]++;
        }
    }

    /**
     * @param windowNanos the largest clock offset expected between two captures (the second sighting of a
     *     segment is looked for this long after the first)
     */
    public CaptureSurvey(int files, DissectorOptions options, long windowNanos, Account account) {
        this.files = files;
        this.options = options;
        this.windowNanos = windowNanos;
        this.account = account;
        this.packet = new NodePacket(options);
        this.capture = new Captures.Builder[files];
        for (int i = 0; i < files; i++) capture[i] = new Captures.Builder(i);
    }

    /** Reads {@code merged} (the inputs merged by their own timestamps, {@code MergingReader}) to its end. */
    public Captures run(CaptureReader merged, int reference) throws IOException {
        CaptureFrame frame = new CaptureFrame();
        while (merged.next(frame)) accept(frame);
        account.release(pending.size() * ENTRY_BYTES);
        pending.clear();
        return Captures.resolve(capture, pairs, reference, evicted);
    }

    void accept(CaptureFrame frame) {
        int file = org.dlminspect.capture.FrameRef.file(frame.number());
        long t = frame.epochNanos();
        Captures.Builder c = capture[file];
        c.frame(t);
        expire(t);
        if (!packet.read(frame)) return;
        c.segment(packet);
        long key = packet.key;
        Pending p = pending.get(key);
        if (p == null) {
            if (!account.charge(ENTRY_BYTES)) {
                account.release(ENTRY_BYTES);
                evictEldest();
                if (!account.charge(ENTRY_BYTES)) {
                    account.release(ENTRY_BYTES);
                    return;
                }
            }
            pending.put(key, new Pending(t, file));
            return;
        }
        long bit = 1L << Math.min(file, 63);
        if (file == p.firstFile || (p.seenIn & bit) != 0) return;
        p.seenIn |= bit;
        int a = Math.min(file, p.firstFile);
        int b = Math.max(file, p.firstFile);
        long delta = file == b ? t - p.firstNanos : p.firstNanos - t;
        pairs.computeIfAbsent(((long) a << 32) | b, k -> new PairDeltas()).add(packet.source, packet.destination, delta);
    }

    private void expire(long now) {
        Iterator<Pending> it = pending.values().iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (now - p.firstNanos <= windowNanos) break;
            it.remove();
            account.release(ENTRY_BYTES);
        }
    }

    private void evictEldest() {
        Iterator<Pending> it = pending.values().iterator();
        for (int n = 0; n < 1024 && it.hasNext(); n++) {
            it.next();
            it.remove();
            account.evicted(ENTRY_BYTES);
            evicted++;
        }
    }

    public int files() {
        return files;
    }
}
