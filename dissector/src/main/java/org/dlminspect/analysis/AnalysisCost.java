package org.dlminspect.analysis;

import org.dlminspect.memory.HeapCost;

/**
 * What the analyzer's fixed-size state costs on the heap ({@link HeapCost}), charged to its account of the
 * memory budget when it is made: a node pair with its two directions, and a TCP connection. The message rings
 * of the directions charge their own growth ({@link SeqRing}).
 */
final class AnalysisCost {
    /** One direction: about 36 longs, 7 ints, 20 flags and 8 references of fields. */
    private static final long DIRECTION = HeapCost.object(368);
    /** Its latency histogram, counted as allocated (it is at the first acknowledged message). */
    private static final long LATENCY = HeapCost.object(24) + HeapCost.intArray(LatencyHistogram.BUCKETS);

    /**
     * A node pair: the Link (about 96 bytes of fields and its list of live connections), its two directions
     * with their first message rings, its two nodes, its key and its entries in the analyzer's map and list.
     */
    static final long PAIR = HeapCost.object(96) + HeapCost.object(16) + HeapCost.referenceArray(2)
            + 2 * (DIRECTION + LATENCY + SeqRing.INITIAL_BYTES)
            + 2 * (HeapCost.object(16) + HeapCost.HASH_ENTRY) + HeapCost.object(8) + HeapCost.HASH_ENTRY
            + HeapCost.REFERENCE;

    /** A TCP connection's state (about 68 bytes of fields), its Integer key and map entry. */
    static final long STREAM = HeapCost.object(68) + HeapCost.object(4) + HeapCost.HASH_ENTRY;

    private AnalysisCost() {
    }
}
