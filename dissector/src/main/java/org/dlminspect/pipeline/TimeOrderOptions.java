package org.dlminspect.pipeline;

/**
 * How far {@link TimeOrder} may look ahead to put a capture in timestamp order.
 *
 * @param windowNanos a frame is released once a frame this much later has been read: a file whose
 *                    timestamps step back by more than this (dumpcap writes each interface's packets in
 *                    batches, up to about 0.24 s apart in the captures seen) cannot be fully sorted
 * @param maxHeldBytes frames held at once, in estimated heap bytes; beyond it the oldest is released
 *                    early (and any frame later found to belong before it is reported as late)
 */
public record TimeOrderOptions(long windowNanos, long maxHeldBytes) {
    /** 5 s and 64 MiB: twenty times the largest backward step of the real multi-interface captures. */
    public static final TimeOrderOptions DEFAULTS = new TimeOrderOptions(5_000_000_000L, 64L << 20);

    public TimeOrderOptions {
        if (windowNanos < 0) throw new IllegalArgumentException("time-order window must not be negative");
        if (maxHeldBytes < 0) throw new IllegalArgumentException("time-order memory must not be negative");
    }
}
