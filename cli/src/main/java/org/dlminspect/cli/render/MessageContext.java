package org.dlminspect.cli.render;

import org.dlminspect.pernode.Sightings;

/** What a renderer needs besides the message: node ids learnt so far and the capture's first timestamp. */
public final class MessageContext {
    private final NodeMap nodes;
    private long firstEpochNanos = Long.MIN_VALUE;
    private java.util.function.Supplier<org.dlminspect.locks.LockLink> lockLinks = () -> null;
    private volatile Sightings sightings;

    public MessageContext(NodeMap nodes) {
        this.nodes = nodes;
    }

    /** Where the renderer finds the request/response link of the message it renders (read). */
    public void lockLinks(java.util.function.Supplier<org.dlminspect.locks.LockLink> source) {
        this.lockLinks = source;
    }

    private boolean lockLinksInJson;

    /**
     * Whether {@code --json} carries the {@code "lock"} object (read -2 only: its frame numbers are those of one
     * file, and JSON output is compared across inputs and with live capture).
     */
    public void lockLinksInJson(boolean on) {
        this.lockLinksInJson = on;
    }

    public boolean lockLinksInJson() {
        return lockLinksInJson;
    }

    /** The link of the message being rendered, or null. */
    public org.dlminspect.locks.LockLink lockLink() {
        return lockLinks.get();
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
