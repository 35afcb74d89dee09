package org.dlminspect.pipeline;

import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.memory.HeapCost;

/**
 * A FIFO of frame copies for {@link TimeOrder}: the bytes one after the other in one byte ring, the record
 * fields in parallel arrays. A window of seconds of traffic (megabytes) is far larger than the CPU caches, and
 * each frame is read back long after it was written: laid out in sequence, the reads and writes stream
 * (the processor fetches ahead), where one object and one array per frame cost a cache miss on each.
 * Both grow by doubling when full and never shrink (the window's peak is what the heap holds anyway).
 */
final class FrameRing {
    private static final int INITIAL_SLOTS = 1024;
    private static final int INITIAL_BYTES = 256 << 10;
    /** Heap bytes per slot: 3 longs and 5 ints in the parallel arrays. */
    static final long SLOT_BYTES = 3 * 8 + 5 * 4;

    private long[] number;
    private long[] nanos;
    private long[] arrival;
    private int[] linkType;
    private int[] interfaceId;
    private int[] capturedLength;
    private int[] originalLength;
    private int[] offset;
    private int head;
    private int size;

    private byte[] data;
    /** Where the oldest frame's bytes start, and where the next frame's go. */
    private int readAt;
    private int writeAt;
    /** Bytes between readAt and writeAt in ring order, with the unused tail skipped at a wrap. */
    private long usedBytes;
    /** When the bytes wrapped: the first unused index at the end of {@link #data} (the tail skipped). */
    private int wrapEnd = -1;
    /** What the arrays take on the heap. */
    private long capacityBytes;

    FrameRing() {
        allocate(INITIAL_SLOTS, INITIAL_BYTES);
    }

    /** Empties the ring and gives back large arrays (after a peak, at the end, under memory pressure). */
    void clear() {
        head = 0;
        size = 0;
        readAt = 0;
        writeAt = 0;
        usedBytes = 0;
        wrapEnd = -1;
        if (number.length > INITIAL_SLOTS || data.length > INITIAL_BYTES) allocate(INITIAL_SLOTS, INITIAL_BYTES);
    }

    private void allocate(int slots, int bytes) {
        number = new long[slots];
        nanos = new long[slots];
        arrival = new long[slots];
        linkType = new int[slots];
        interfaceId = new int[slots];
        capturedLength = new int[slots];
        originalLength = new int[slots];
        offset = new int[slots];
        data = new byte[bytes];
        measure();
    }

    private void measure() {
        capacityBytes = HeapCost.byteArray(data.length) + 3 * HeapCost.longArray(number.length)
                + 5L * HeapCost.intArray(number.length);
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    long headNanos() {
        return nanos[head];
    }

    long headArrival() {
        return arrival[head];
    }

    long lastNanos() {
        return nanos[(head + size - 1) & (number.length - 1)];
    }

    /** Frames and bytes held, in the heap bytes they stand for (slots plus frame bytes). */
    long heldBytes() {
        return size * SLOT_BYTES + usedBytes;
    }

    /** What the arrays take on the heap (their capacity). */
    long capacityBytes() {
        return capacityBytes;
    }

    void add(CaptureFrame f, long arrivalOrder) {
        if (size == number.length) growSlots();
        int n = f.capturedLength();
        int at = place(n);
        System.arraycopy(f.data(), 0, data, at, n);
        int slot = (head + size) & (number.length - 1);
        number[slot] = f.number();
        nanos[slot] = f.epochNanos();
        arrival[slot] = arrivalOrder;
        linkType[slot] = f.linkType();
        interfaceId[slot] = f.interfaceId();
        capturedLength[slot] = n;
        originalLength[slot] = f.originalLength();
        offset[slot] = at;
        size++;
    }

    /** Copies the oldest frame into {@code out} and removes it. */
    void removeHead(CaptureFrame out) {
        int slot = head;
        int n = capturedLength[slot];
        int at = offset[slot];
        System.arraycopy(data, at, out.ensureCapacity(n), 0, n);
        out.set(number[slot], nanos[slot], linkType[slot], interfaceId[slot], n, originalLength[slot]);
        head = (head + 1) & (number.length - 1);
        size--;
        usedBytes -= n;
        readAt = at + n;
        if (size == 0) {
            readAt = 0;
            writeAt = 0;
            usedBytes = 0;
            wrapEnd = -1;
        } else if (wrapEnd >= 0 && readAt >= wrapEnd) {
            usedBytes -= data.length - wrapEnd;
            readAt = 0;
            wrapEnd = -1;
        }
    }

    /** Where {@code n} bytes go: after the newest frame, or at the start of the ring, growing it if needed. */
    private int place(int n) {
        if (size == 0) {
            readAt = 0;
            writeAt = 0;
            if (n > data.length) {
                data = new byte[Math.max(n, data.length * 2)];
                measure();
            }
        } else if (wrapEnd < 0) {
            // in one piece: [readAt, writeAt); room at the end, else wrap to the start
            if (data.length - writeAt < n) {
                if (readAt >= n) {
                    usedBytes += data.length - writeAt;
                    wrapEnd = writeAt;
                    writeAt = 0;
                } else {
                    grow(n);
                }
            }
        } else if (readAt - writeAt < n) {
            // wrapped: [readAt, wrapEnd) then [0, writeAt); room only between writeAt and readAt
            grow(n);
        }
        int at = writeAt;
        writeAt += n;
        usedBytes += n;
        return at;
    }

    /** A ring twice as large (at least room for {@code n} more), the held bytes moved to its start in order. */
    private void grow(int n) {
        long live = usedBytes - (wrapEnd >= 0 ? data.length - wrapEnd : 0);
        byte[] bigger = new byte[(int) Math.min(Integer.MAX_VALUE - 8, Math.max((long) data.length * 2, live + n))];
        int filled = 0;
        for (int i = 0, slot = head; i < size; i++, slot = (slot + 1) & (number.length - 1)) {
            int len = capturedLength[slot];
            System.arraycopy(data, offset[slot], bigger, filled, len);
            offset[slot] = filled;
            filled += len;
        }
        data = bigger;
        measure();
        readAt = 0;
        writeAt = filled;
        usedBytes = filled;
        wrapEnd = -1;
    }

    private void growSlots() {
        int cap = number.length;
        int bigger = cap * 2;
        number = unwrap(number, bigger);
        nanos = unwrap(nanos, bigger);
        arrival = unwrap(arrival, bigger);
        linkType = unwrap(linkType, bigger);
        interfaceId = unwrap(interfaceId, bigger);
        capturedLength = unwrap(capturedLength, bigger);
        originalLength = unwrap(originalLength, bigger);
        offset = unwrap(offset, bigger);
        head = 0;
        measure();
    }

    private long[] unwrap(long[] a, int capacity) {
        long[] b = new long[capacity];
        int first = Math.min(size, a.length - head);
        System.arraycopy(a, head, b, 0, first);
        System.arraycopy(a, 0, b, first, size - first);
        return b;
    }

    private int[] unwrap(int[] a, int capacity) {
        int[] b = new int[capacity];
        int first = Math.min(size, a.length - head);
        System.arraycopy(a, head, b, 0, first);
        System.arraycopy(a, 0, b, first, size - first);
        return b;
    }
}
