package org.dlminspect.pernode;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;
import org.dlminspect.analysis.Finding;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;
import org.dlminspect.pipeline.DissectorOptions;

/**
 * The second pass over per-node captures, as a frame stage in front of the Dissector: reads the captures
 * merged on the reference's clock ({@link Captures} gives the offsets) and passes every TCP segment and SCTP
 * packet on once,
 * as its sender's capture saw it (its send time, its frame reference), keeping back the receiver's copy.
 *
 * <p>Each DLM segment from the sender's capture waits in a window (bounded in time and bytes, charged to
 * {@code account}) for its copy in the receiver's capture: found, it gives a one-way delay; not found while
 * the receiver's capture was running, the segment was lost between the two capture points, and
 * {@link LossTracker} follows it to the retransmission that did arrive. A segment in the receiver's capture
 * alone, while the sender's capture was running, was missed by the sender's capture (a capture drop, not a
 * network fault). Segments of nodes without a capture of their own pass on as they are.
 */
public final class PerNodeMatcher implements CaptureReader {
    private static final long HELD_OVERHEAD = HeapCost.object(8 * 8 + 4 * 8) + HeapCost.ARRAY_HEADER + HeapCost.HASH_ENTRY;

    private final CaptureReader merged;
    private final Captures captures;
    private final DissectorOptions options;
    private final long windowNanos;
    private final long maxWindowBytes;
    private final Account account;
    private final NodePacket packet;
    private final CaptureFrame scratch = new CaptureFrame();
    private final ArrayDeque<Held> window = new ArrayDeque<>();
    /** Sightings waiting for their copy from the other capture, by segment key. */
    private final Map<Long, ArrayDeque<Held>> waiting = new HashMap<>();
    private final LossTracker losses;
    private final Map<Segment.Direction, OneWayLatency> latency = new HashMap<>();
    private long windowBytes;
    private long now = Long.MIN_VALUE;
    private boolean inputEnded;
    private long matched;
    private long forcedOut;
    private boolean limitReported;
    private final Consumer<Finding> findings;
    private final Sightings sightings = new Sightings();
    private long lastOtherRef;
    private long lastOtherNanos;

    /** One frame held back until its copy is found or its time is up. */
    static final class Held {
        long ref;
        long nanos;
        int linkType;
        int interfaceId;
        int originalLength;
        byte[] data;
        long key;
        Segment.Direction direction;
        long seq;
        int length;
        int flags;
        int file;
        int sender = -1;
        int receiver = -1;
        boolean fromSender;
        boolean waiting;
        boolean matched;
        boolean suppressed;
        long otherRef;
        long otherNanos;
    }

    /**
     * @param merged         the captures merged with their clock corrections ({@code MergingReader}); captures
     *                       that are not {@link Captures.File#matched} replaced by empty readers
     * @param windowNanos    how long a segment waits for its copy (larger than any one-way delay)
     * @param maxWindowBytes most frame bytes the window holds
     */
    public PerNodeMatcher(CaptureReader merged, Captures captures, DissectorOptions options, long windowNanos,
                          long maxWindowBytes, Account account, Consumer<Finding> findings) {
        this.merged = merged;
        this.captures = captures;
        this.options = options;
        this.windowNanos = windowNanos;
        this.maxWindowBytes = maxWindowBytes;
        this.account = account;
        this.findings = findings;
        this.packet = new NodePacket(options);
        this.losses = new LossTracker(captures, windowNanos, account, findings);
        account.charge(Sightings.HEAP_BYTES);
    }

    @Override
    public boolean next(CaptureFrame frame) throws IOException {
        while (true) {
            Held head = window.peekFirst();
            if (head != null && (ready(head) || inputEnded)) {
                window.pollFirst();
                release(head);
                if (head.suppressed) continue;
                settle(head);
                lastOtherRef = head.otherRef;
                lastOtherNanos = head.otherNanos;
                if (head.otherRef != 0) sightings.put(head.ref, head.otherRef, head.otherNanos);
                int n = head.data.length;
                System.arraycopy(head.data, 0, frame.ensureCapacity(n), 0, n);
                frame.set(head.ref, head.nanos, head.linkType, head.interfaceId, n, head.originalLength);
                return true;
            }
            if (head == null && inputEnded) {
                losses.finish();
                return false;
            }
            if (!merged.next(scratch)) {
                inputEnded = true;
                continue;
            }
            accept(scratch);
        }
    }

    private boolean ready(Held h) {
        if (!h.waiting || h.matched) return true;
        if (now - h.nanos > windowNanos) return true;
        if (windowBytes > maxWindowBytes || account.overLimit()) {
            forcedOut++;
            if (!limitReported) {
                limitReported = true;
                findings.accept(new Finding(org.dlminspect.analysis.FindingCode.CAPTURE_MATCH_LIMIT,
                        org.dlminspect.analysis.FindingCode.CAPTURE_MATCH_LIMIT.defaultSeverity(), -1, -1, null, null,
                        h.ref, h.nanos, java.util.List.of(h.ref), java.util.List.of(), -1,
                        "the per-node matching window holds " + (windowBytes >> 10) + " KiB, its limit: segments leave it"
                                + " before their copy from the other capture could be looked for (no loss is concluded for them)"));
            }
            unwait(h);
            h.waiting = false;
            forget(h);
            return true;
        }
        return false;
    }

    /** A held frame leaves the window: what its sighting (or its absence) means. */
    private void settle(Held h) {
        if (h.waiting) unwait(h);
        if (!h.waiting || h.matched) return;
        if (h.fromSender) {
            losses.unmatchedSend(h, inputEnded && now - h.nanos <= windowNanos);
        } else {
            losses.receiverOnly(h);
        }
    }

    private void accept(CaptureFrame f) {
        now = Math.max(now, f.epochNanos());
        Held h = hold(f);
        window.addLast(h);
        if (!packet.read(f)) return;
        h.key = packet.key;
        h.direction = Segment.Direction.of(packet);
        h.seq = packet.seq;
        h.length = packet.length;
        h.flags = packet.flags;
        h.sender = captures.owner().getOrDefault(packet.source, -1);
        h.receiver = captures.owner().getOrDefault(packet.destination, -1);
        if (h.sender < 0 || h.receiver < 0 || h.sender == h.receiver || (h.file != h.sender && h.file != h.receiver)) return;
        h.fromSender = h.file == h.sender;
        int other = h.fromSender ? h.receiver : h.sender;
        ArrayDeque<Held> copies = waiting.get(h.key);
        Held copy = copies == null ? null : latestFrom(copies, other);
        if (copy != null) {
            copy.matched = true;
            copy.waiting = false;
            copies.remove(copy);
            if (copies.isEmpty()) waiting.remove(h.key);
            matched++;
            Held send = h.fromSender ? h : copy;
            Held recv = h.fromSender ? copy : h;
            latency.computeIfAbsent(send.direction, k -> {
                account.charge(OneWayLatency.HEAP_BYTES);
                return new OneWayLatency();
            }).add(recv.nanos - send.nanos);
            // The sender's sighting goes on (its time is the send time); the receiver's stays back.
            send.otherRef = recv.ref;
            send.otherNanos = recv.nanos;
            recv.suppressed = true;
            losses.received(recv, send.ref);
            return;
        }
        Integer forgottenFile = forgotten.isEmpty() ? null : forgotten.get(h.key);
        if (forgottenFile != null && forgottenFile == other) {
            // Its copy left the full window unchecked: still a copy, passed on once.
            forgotten.remove(h.key);
            if (!h.fromSender) h.suppressed = true;
            return;
        }
        if (!h.fromSender) losses.received(h, 0);
        if (running(other, h.nanos)) {
            h.waiting = true;
            waiting.computeIfAbsent(h.key, k -> new ArrayDeque<>()).addLast(h);
        } else if (h.fromSender) {
            losses.receiverNotRunning(h);
        }
    }

    /** Whether capture {@code file} was running at {@code nanos} (aligned times), with a window of margin. */
    boolean running(int file, long nanos) {
        Captures.File c = captures.files().get(file);
        return nanos >= c.alignedStart() - windowNanos && nanos <= c.alignedStop() + windowNanos;
    }

    private static Held latestFrom(ArrayDeque<Held> copies, int file) {
        Iterator<Held> it = copies.descendingIterator();
        while (it.hasNext()) {
            Held h = it.next();
            if (h.file == file && !h.matched) return h;
        }
        return null;
    }

    /**
     * Keys of segments pushed out of a full window, so that their copy from the other capture is still
     * recognised as a copy (passed on once, not taken for a capture drop). Fixed size, oldest out first.
     */
    private final java.util.LinkedHashMap<Long, Integer> forgotten = new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Integer> eldest) {
            return size() > FORGOTTEN_KEYS;
        }
    };
    private static final int FORGOTTEN_KEYS = 1 << 16;

    private void forget(Held h) {
        if (forgotten.isEmpty()) account.charge((long) FORGOTTEN_KEYS * HeapCost.HASH_ENTRY);
        forgotten.put(h.key, h.file);
    }

    private void unwait(Held h) {
        ArrayDeque<Held> copies = waiting.get(h.key);
        if (copies != null && copies.remove(h) && copies.isEmpty()) waiting.remove(h.key);
    }

    private Held hold(CaptureFrame f) {
        Held h = new Held();
        h.ref = f.number();
        h.nanos = f.epochNanos();
        h.linkType = f.linkType();
        h.interfaceId = f.interfaceId();
        h.originalLength = f.originalLength();
        h.data = java.util.Arrays.copyOf(f.data(), f.capturedLength());
        h.file = FrameRef.file(f.number());
        long cost = HELD_OVERHEAD + h.data.length;
        windowBytes += h.data.length;
        account.charge(cost);
        return h;
    }

    private void release(Held h) {
        windowBytes -= h.data.length;
        account.release(HELD_OVERHEAD + h.data.length);
    }

    /** One-way delay per direction (source and destination address and port), aligned send to receive. */
    public Map<Segment.Direction, OneWayLatency> latency() {
        return latency;
    }

    /**
     * The receiver's sighting of the frame {@link #next} returned last: its frame reference (0 when no other
     * capture saw it) and time on the reference clock.
     */
    public long receivedRef() {
        return lastOtherRef;
    }

    public long receivedNanos() {
        return lastOtherNanos;
    }

    /** The receiver's sightings of the frames passed on lately (for {@code read}). */
    public Sightings sightings() {
        return sightings;
    }

    public long matchedSegments() {
        return matched;
    }

    public long forcedOut() {
        return forcedOut;
    }

    public LossTracker losses() {
        return losses;
    }

    @Override
    public String format() {
        return merged.format() + ", per-node matched";
    }

    @Override
    public void close() throws IOException {
        merged.close();
    }
}
