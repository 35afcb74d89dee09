package org.dlminspect.pipeline;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;

/**
 * Puts a capture in timestamp order within a bounded window, in front of the analysis: a pcapng written by
 * dumpcap with several interfaces holds each interface's packets in order but writes them in batches, so the
 * file steps back in time (as {@code mergecap} assumes, each interface alone is in order); a capture on
 * {@code -i any} or a bridge can also swap packets of the two directions by a few microseconds. Analysing in
 * file order then turns capture artefacts into kernel faults (an ACK "for unsent messages", a FIN "never
 * acknowledged").
 *
 * <p>Frames are held ordered by (timestamp, file order) and released once a frame at least
 * {@link TimeOrderOptions#windowNanos} later has been read, or earlier when the held frames exceed
 * {@link TimeOrderOptions#maxHeldBytes} or the memory budget. A frame arriving after a later one was
 * released is passed on as it is and counted as late. Frame numbers stay the file's. At the end of input
 * the {@link CaptureOrder} goes to the consumer given, before this reader reports the end.
 *
 * <p>Most frames arrive in order: those go to a FIFO ({@link FrameRing}, sorted by construction since each is
 * no earlier than the one before it and file order only grows), the others to a heap. The next frame out is the
 * smaller of the two heads, so the order is exactly that of one heap over all frames, at O(1) per in-order frame
 * instead of a sift through a heap of every frame of the window (5 s of traffic: half the run's time on the real
 * {@code big} capture).
 */
public final class TimeOrder implements CaptureReader {
    /**
     * The account is charged in steps of this much ahead of what is held, not per frame: two atomic updates
     * of the shared budget per frame were a tenth of {@code analyze}'s time. The budget sees at most two
     * steps more than is held (out of its hundreds of MiB).
     */
    static final long CHARGE_STEP = 64L << 10;
    private static final long SLOT_OVERHEAD = HeapCost.object(8 * 3 + 4 * 4 + HeapCost.REFERENCE) + 2L * HeapCost.REFERENCE;

    private final CaptureReader source;
    private final TimeOrderOptions options;
    private final Account account;
    private final Consumer<CaptureOrder> onOrder;
    private final CaptureFrame scratch = new CaptureFrame();
    private final FrameRing inOrder = new FrameRing();
    private final PriorityQueue<Held> heap = new PriorityQueue<>();
    private final ArrayDeque<Held> free = new ArrayDeque<>();
    /** What the frames in the heap cost. */
    private long heapBytes;
    /** What the account was charged: the ring's arrays and the heap's frames, rounded up by up to two steps. */
    private long chargedBytes;
    private long arrivals;
    private boolean exhausted;

    private long frames;
    private long newestRead = Long.MIN_VALUE;
    private long lastReleased = Long.MIN_VALUE;
    private long reordered;
    private long largestStep;
    private long largestStepFrame;
    private long late;
    private long largestLate;
    private long firstLateFrame;
    private long forced;

    /** One frame held in the heap (one stepped back in time): a copy of the reader's reused frame. */
    private static final class Held implements Comparable<Held> {
        long number;
        long nanos;
        long arrival;
        int linkType;
        int interfaceId;
        int capturedLength;
        int originalLength;
        byte[] data = new byte[0];

        long cost() {
            return SLOT_OVERHEAD + HeapCost.byteArray(data.length);
        }

        @Override
        public int compareTo(Held o) {
            int c = Long.compare(nanos, o.nanos);
            return c != 0 ? c : Long.compare(arrival, o.arrival);
        }
    }

    /**
     * @param account charged with the frames held (estimated heap bytes)
     * @param onOrder receives what was reordered, once, when the input ends (may be null)
     */
    public TimeOrder(CaptureReader source, TimeOrderOptions options, Account account, Consumer<CaptureOrder> onOrder) {
        this.source = source;
        this.options = options;
        this.account = account;
        this.onOrder = onOrder;
    }

    @Override
    public boolean next(CaptureFrame out) throws IOException {
        while (!exhausted && !ready()) {
            if (!source.next(scratch)) {
                exhausted = true;
                if (onOrder != null) onOrder.accept(report());
                break;
            }
            hold(scratch);
        }
        if (inOrder.isEmpty() && heap.isEmpty()) return false;
        take(out);
        return true;
    }

    /**
     * Live capture, where frames are pushed as libpcap delivers them instead of read: holds {@code frame} (copied)
     * as {@link #next} holds what it reads from the source. Take the frames out with {@link #nextDue}, and at the
     * end with {@link #next} over an empty source (which reports the {@link CaptureOrder} and drains).
     */
    public void offer(CaptureFrame frame) {
        hold(frame);
    }

    /**
     * Live capture: the earliest held frame if it is due, without reading the source: a frame at least the window
     * later was offered, the memory limit is hit, or by {@code clockNanos} (the wall clock, epoch nanoseconds as
     * the capture's timestamps) the frame is older than the window. On a live capture the window must also close
     * when the traffic stops, or the last frames before a silence (a node's death) would wait for the next frame.
     *
     * @return false when no held frame is due yet
     */
    public boolean nextDue(CaptureFrame out, long clockNanos) {
        if (inOrder.isEmpty() && heap.isEmpty()) return false;
        if (!ready() && clockNanos - headNanos() < options.windowNanos()) return false;
        take(out);
        return true;
    }

    /** Moves the earliest held frame to {@code out}; some frame is held. */
    private void take(CaptureFrame out) {
        if (ringFirst()) {
            inOrder.removeHead(out);
        } else {
            Held h = heap.poll();
            releaseHeld(h, out);
        }
        released(out.epochNanos());
    }

    /** Whether the earliest held frame (by timestamp, then file order) is the ring's; some frame is held. */
    private boolean ringFirst() {
        if (inOrder.isEmpty()) return false;
        Held b = heap.peek();
        if (b == null) return true;
        long t = inOrder.headNanos();
        return t < b.nanos || (t == b.nanos && inOrder.headArrival() < b.arrival);
    }

    /** The earliest held frame's timestamp; some frame is held. */
    private long headNanos() {
        return ringFirst() ? inOrder.headNanos() : heap.peek().nanos;
    }

    /** What was reordered so far (complete once the input has ended). */
    public CaptureOrder report() {
        return new CaptureOrder(frames, reordered, largestStep, largestStepFrame, late, largestLate, firstLateFrame,
                options.windowNanos(), forced);
    }

    @Override
    public String format() {
        return source.format();
    }

    @Override
    public void close() throws IOException {
        account.release(chargedBytes);
        heapBytes = 0;
        chargedBytes = 0;
        inOrder.clear();
        heap.clear();
        free.clear();
        source.close();
    }

    private boolean ready() {
        if (inOrder.isEmpty() && heap.isEmpty()) return false;
        if (newestRead - headNanos() >= options.windowNanos()) return true;
        if (inOrder.heldBytes() + heapBytes > options.maxHeldBytes() || account.overLimit()) {
            forced++;
            return true;
        }
        return false;
    }

    private void hold(CaptureFrame f) {
        frames++;
        long t = f.epochNanos();
        if (t < newestRead) {
            reordered++;
            long step = newestRead - t;
            if (step > largestStep) {
                largestStep = step;
                largestStepFrame = f.number();
            }
        } else {
            newestRead = t;
        }
        if (t < lastReleased) {
            if (late++ == 0) firstLateFrame = f.number();
            largestLate = Math.max(largestLate, lastReleased - t);
        }
        if (inOrder.isEmpty() || t >= inOrder.lastNanos()) {
            inOrder.add(f, arrivals++);
        } else {
            Held h = free.isEmpty() ? new Held() : free.poll();
            int n = f.capturedLength();
            if (h.data.length < n) h.data = new byte[Math.max(n, 256)];
            System.arraycopy(f.data(), 0, h.data, 0, n);
            h.number = f.number();
            h.nanos = t;
            h.arrival = arrivals++;
            h.linkType = f.linkType();
            h.interfaceId = f.interfaceId();
            h.capturedLength = n;
            h.originalLength = f.originalLength();
            heapBytes += h.cost();
            heap.add(h);
        }
        long need = inOrder.capacityBytes() + heapBytes;
        if (need > chargedBytes) {
            long step = need - chargedBytes + CHARGE_STEP;
            chargedBytes += step;
            account.charge(step); // over the limit: ready() releases the oldest frames first
        }
    }

    private void releaseHeld(Held h, CaptureFrame out) {
        byte[] d = out.ensureCapacity(h.capturedLength);
        System.arraycopy(h.data, 0, d, 0, h.capturedLength);
        out.set(h.number, h.nanos, h.linkType, h.interfaceId, h.capturedLength, h.originalLength);
        heapBytes -= h.cost();
        if (free.size() < 64) free.push(h);
    }

    private void released(long nanos) {
        if (nanos > lastReleased) lastReleased = nanos;
        if (inOrder.isEmpty()) inOrder.clear(); // after a peak, at the end, or under memory pressure
        long need = inOrder.capacityBytes() + heapBytes;
        if (chargedBytes - need > 2 * CHARGE_STEP) {
            account.release(chargedBytes - need - CHARGE_STEP);
            chargedBytes = need + CHARGE_STEP;
        }
    }
}
