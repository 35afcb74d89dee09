package org.dlminspect.tcp;

import org.dlminspect.memory.HeapCost;

/**
 * The last bytes delivered in one direction, kept in a ring indexed by stream position, so that a
 * retransmission can be compared with what was delivered the first time (Wireshark's "overlap with
 * different data"). Positions are unwrapped 64-bit sequence numbers.
 */
final class DeliveredWindow {
    private static final byte[] NONE = new byte[0];
    /** The window starts this small and doubles as the stream carries more data (allocated lazily). */
    private static final int INITIAL_WINDOW = 64;

    private byte[] ring = NONE;
    /** Position after the last delivered byte. */
    private long end;
    /** Bytes before this position are not comparable (before a gap, a FIN or the start). */
    private long validFrom;

    void reset(long position) {
        end = position;
        validFrom = position;
    }

    int capacity() {
        return ring.length;
    }

    /** Replaces the ring by one of {@code newCapacity} (a power of two, or 0), keeping what still fits. */
    void resize(int newCapacity) {
        byte[] grown = newCapacity == 0 ? NONE : new byte[newCapacity];
        long from = Math.max(lowestValid(), end - newCapacity);
        for (long p = from; p < end; p++) {
            grown[(int) p & (newCapacity - 1)] = ring[(int) p & (ring.length - 1)];
        }
        ring = grown;
        validFrom = Math.max(validFrom, from);
    }

    /**
     * Grows the ring towards the configured size as the stream carries more data: a connection that carries
     * little never pays for a full window. {@code delivered} counts the bytes about to be appended too.
     * Growth the windows' limit or the budget refuses is simply not made (a window is an aid, not state).
     */
    void grow(long delivered, TcpReassembler owner) {
        int max = owner.limits().overlapWindowBytes();
        int cap = ring.length;
        if (cap >= max) {
            return;
        }
        long want = Math.min(max, Math.max(INITIAL_WINDOW, delivered));
        if (want <= cap) {
            return;
        }
        int newCap = Math.min(max, want <= 1 ? 1 : Integer.highestOneBit((int) want - 1) << 1);
        long heap = HeapCost.byteArray(newCap) - (cap == 0 ? 0 : HeapCost.byteArray(cap));
        if (owner.reserveWindow(newCap - cap, heap)) {
            resize(newCap);
        }
    }

    /** Gives the ring's memory back (the connection is closed). */
    void release(TcpReassembler owner) {
        if (ring.length > 0) {
            owner.releaseWindow(ring.length, HeapCost.byteArray(ring.length));
        }
        resize(0);
    }

    /** Records {@code len} bytes delivered at the current end. */
    void append(byte[] data, int offset, int len) {
        int cap = ring.length;
        if (cap == 0) {
            end += len;
            validFrom = end;
            return;
        }
        if (len > cap) {
            offset += len - cap;
            end += len - cap;
            len = cap;
        }
        int at = (int) end & (cap - 1);
        int first = Math.min(len, cap - at);
        System.arraycopy(data, offset, ring, at, first);
        if (first < len) {
            System.arraycopy(data, offset + first, ring, 0, len - first);
        }
        end += len;
    }

    /** The stream moved on to {@code position} without bytes (gap, FIN): nothing before it is comparable. */
    void skipTo(long position) {
        end = position;
        validFrom = position;
    }

    /**
     * Counts the bytes of {@code data[offset, offset+len)}, which belong at stream {@code position},
     * that differ from the delivered bytes remembered for the same positions.
     */
    int differences(byte[] data, int offset, int len, long position) {
        long lo = Math.max(position, lowestValid());
        long hi = Math.min(position + len, end);
        int mask = ring.length - 1;
        int differ = 0;
        for (long p = lo; p < hi; p++) {
            if (data[offset + (int) (p - position)] != ring[(int) p & mask]) {
                differ++;
            }
        }
        return differ;
    }

    private long lowestValid() {
        return Math.max(validFrom, end - ring.length);
    }
}
