package org.dlminspect.cli.render;

import org.dlminspect.pernode.Sightings;

/** What a renderer needs besides the message: node ids learnt so far and the capture's first timestamp. */
public final class MessageContext {
    private final NodeMap nodes;
    private long firstEpochNanos = Long.MIN_VALUE;
    private volatile Sightings sightings;

    public MessageContext(NodeMap nodes) {
        this.nodes = nodes;
    }

    public NodeMap nodes() {
        return nodes;
    }

    /** Per-node captures: where the receiver saw each frame, or null. */
    public Sightings sightings() {
        return sightings;
    }

    public void sightings(Sightings s) {
        this.sightings = s;
    }

    public void sawFrame(long epochNanos) {
        if (firstEpochNanos == Long.MIN_VALUE) firstEpochNanos = epochNanos;
    }

    /** The capture's first timestamp, or {@code orElse} before any frame. */
    public long firstEpochNanos(long orElse) {
        return firstEpochNanos == Long.MIN_VALUE ? orElse : firstEpochNanos;
    }

    /** Nanoseconds since the first frame of the capture (tshark's frame.time_relative). */
    public long relative(long epochNanos) {
        return firstEpochNanos == Long.MIN_VALUE ? 0 : epochNanos - firstEpochNanos;
    }
}
