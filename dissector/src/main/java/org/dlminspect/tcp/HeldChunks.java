package org.dlminspect.tcp;

import java.util.Map;
import java.util.TreeMap;
import org.dlminspect.memory.HeapCost;

/**
 * The out-of-order store of one direction: the {@link HeldChunk}s that arrived ahead of the next expected byte,
 * by unwrapped stream position, never overlapping each other. Every chunk is charged to the reassembler's budget
 * and counted in its held-bytes totals as it is put, and given back as it is removed, so {@link HalfStream} (which
 * decides what to hold and when to deliver) never does that bookkeeping itself.
 */
final class HeldChunks {
    /** Heap of one held chunk besides its bytes: the HeldChunk (48), its TreeMap entry (40) and Long key (16). */
    static final long CHUNK_COST = 104;
    /** Heap of the TreeMap of held chunks, made when the first chunk is held. */
    private static final long MAP_COST = HeapCost.object(32);

    private final TcpReassembler owner;
    private TreeMap<Long, HeldChunk> chunks;
    private long bytes;
    private int count;

    HeldChunks(TcpReassembler owner) {
        this.owner = owner;
    }

    /** Captured bytes held (chunks of missing bytes hold none). */
    long bytes() {
        return bytes;
    }

    int count() {
        return count;
    }

    /** The chunk that starts lowest; only when {@link #count()} > 0. */
    HeldChunk first() {
        return chunks.firstEntry().getValue();
    }

    /** The chunk that starts highest; only when {@link #count()} > 0. */
    HeldChunk last() {
        return chunks.lastEntry().getValue();
    }

    /** The held chunk overlapping [c, end) with the lowest start, or null. */
    HeldChunk overlapping(long c, long end) {
        if (count == 0) {
            return null;
        }
        Map.Entry<Long, HeldChunk> e = chunks.floorEntry(c);
        if (e != null && e.getValue().end > c) {
            return e.getValue();
        }
        e = chunks.higherEntry(c);
        return e != null && e.getKey() < end ? e.getValue() : null;
    }

    /** Holds {@code h}, which overlaps nothing held. */
    void put(HeldChunk h) {
        if (chunks == null) {
            chunks = new TreeMap<>();
            owner.charge(MAP_COST);
        }
        chunks.put(h.start, h);
        owner.charge(cost(h));
        if (count++ == 0) {
            owner.holding(1);
        }
        if (!h.missing()) {
            bytes += h.data.length;
            owner.heldBytesChanged(h.data.length);
        }
    }

    void remove(HeldChunk h) {
        chunks.remove(h.start);
        owner.uncharge(cost(h));
        if (--count == 0) {
            owner.holding(-1);
        }
        if (!h.missing()) {
            bytes -= h.data.length;
            owner.heldBytesChanged(-h.data.length);
        }
    }

    /** Drops everything held and gives its memory back (the connection is closed). */
    void release() {
        owner.heldBytesChanged(-bytes);
        if (chunks != null) {
            long cost = MAP_COST;
            for (HeldChunk h : chunks.values()) {
                cost += cost(h);
            }
            owner.uncharge(cost);
        }
        if (count > 0) {
            owner.holding(-1);
        }
        chunks = null;
        bytes = 0;
        count = 0;
    }

    private static long cost(HeldChunk h) {
        return CHUNK_COST + (h.missing() ? 0 : HeapCost.byteArray(h.data.length));
    }
}
