package org.dlminspect.tcp;

/**
 * Memory bounds of {@link TcpReassembler}. Every buffer the reassembler keeps is bounded by one of
 * these, so a hostile or broken capture cannot make it grow without limit.
 *
 * @param maxHeldBytesPerDirection    payload bytes held out of order in one direction; beyond it the
 *                                    reassembler stops waiting for the earliest missing bytes (LIMIT, then GAP)
 * @param maxHeldSegmentsPerDirection out-of-order pieces held in one direction (bounds the bookkeeping
 *                                    when a capture holds many tiny out-of-order segments)
 * @param maxHeldBytesTotal           payload bytes held out of order over all connections
 * @param maxConnections              connections tracked at once; the least recently active one is
 *                                    closed (its held data delivered after GAPs) to make room
 * @param overlapWindowBytes          delivered bytes remembered per direction to compare retransmissions
 *                                    with (rounded up to a power of two; 0 disables the comparison)
 * @param overlapWindowBytesTotal     memory for those windows over all connections; a direction that
 *                                    finds the budget spent keeps a smaller window (or none)
 */
public record ReassemblyLimits(int maxHeldBytesPerDirection, int maxHeldSegmentsPerDirection, long maxHeldBytesTotal,
                               int maxConnections, int overlapWindowBytes, long overlapWindowBytesTotal) {

    public ReassemblyLimits {
        if (maxHeldBytesPerDirection < 0 || maxHeldSegmentsPerDirection < 0 || maxHeldBytesTotal < 0
                || overlapWindowBytes < 0 || overlapWindowBytesTotal < 0) {
            throw new IllegalArgumentException("reassembly limits must not be negative");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
        if (overlapWindowBytes > 1 << 30) {
            throw new IllegalArgumentException("overlapWindowBytes must be at most 2^30");
        }
        if (overlapWindowBytes > 0 && Integer.bitCount(overlapWindowBytes) != 1) {
            overlapWindowBytes = Integer.highestOneBit(overlapWindowBytes) << 1;
        }
    }

    /** 4 MiB and 16384 pieces held per direction, 256 MiB held in all, 65536 connections, 64 KiB windows (256 MiB in all). */
    public static ReassemblyLimits defaults() {
        return new ReassemblyLimits(4 << 20, 16384, 256L << 20, 65536, 64 << 10, 256L << 20);
    }

    public ReassemblyLimits withMaxHeldBytesPerDirection(int v) {
        return new ReassemblyLimits(v, maxHeldSegmentsPerDirection, maxHeldBytesTotal, maxConnections, overlapWindowBytes, overlapWindowBytesTotal);
    }

    public ReassemblyLimits withMaxHeldSegmentsPerDirection(int v) {
        return new ReassemblyLimits(maxHeldBytesPerDirection, v, maxHeldBytesTotal, maxConnections, overlapWindowBytes, overlapWindowBytesTotal);
    }

    public ReassemblyLimits withMaxHeldBytesTotal(long v) {
        return new ReassemblyLimits(maxHeldBytesPerDirection, maxHeldSegmentsPerDirection, v, maxConnections, overlapWindowBytes, overlapWindowBytesTotal);
    }

    public ReassemblyLimits withMaxConnections(int v) {
        return new ReassemblyLimits(maxHeldBytesPerDirection, maxHeldSegmentsPerDirection, maxHeldBytesTotal, v, overlapWindowBytes, overlapWindowBytesTotal);
    }

    public ReassemblyLimits withOverlapWindowBytes(int v) {
        return new ReassemblyLimits(maxHeldBytesPerDirection, maxHeldSegmentsPerDirection, maxHeldBytesTotal, maxConnections, v, overlapWindowBytesTotal);
    }

    public ReassemblyLimits withOverlapWindowBytesTotal(long v) {
        return new ReassemblyLimits(maxHeldBytesPerDirection, maxHeldSegmentsPerDirection, maxHeldBytesTotal, maxConnections, overlapWindowBytes, v);
    }
}
