package org.dlminspect.pernode;

import org.dlminspect.memory.HeapCost;

/**
 * The receiver's sighting of recently passed-on frames, by frame reference: what {@code read} shows beside a
 * message (when and in which capture it arrived). A fixed-size table written by the reading thread and read
 * by the rendering thread, which may lag behind: an entry overwritten before it is read is simply not shown.
 */
public final class Sightings {
    private static final int SIZE = 1 << 16;
    /** Heap bytes of the table, for the memory account. */
    public static final long HEAP_BYTES = 3 * HeapCost.longArray(SIZE) + HeapCost.object(12);
    private final long[] refs = new long[SIZE];
    private final long[] received = new long[SIZE];
    private final long[] receivedNanos = new long[SIZE];

    synchronized void put(long ref, long receivedRef, long nanos) {
        int slot = slot(ref);
        refs[slot] = ref;
        received[slot] = receivedRef;
        receivedNanos[slot] = nanos;
    }

    /** {receiving frame reference, its time on the reference clock}, or null when not known. */
    public synchronized long[] get(long ref) {
        int slot = slot(ref);
        return refs[slot] == ref && ref != 0 ? new long[] {received[slot], receivedNanos[slot]} : null;
    }

    private static int slot(long ref) {
        long h = ref * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 48) & (SIZE - 1);
    }
}
