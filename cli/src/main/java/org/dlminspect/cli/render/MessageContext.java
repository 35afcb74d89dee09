package org.dlminspect.cli.render;

import org.dlminspect.pernode.Sightings;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.schema.AsciiText;
import org.dlminspect.schema.TimeFormat;

/**
 * What a renderer needs besides the message: node ids learnt so far, the capture's first timestamp, the
 * previous frame's and the previous displayed message's (for {@code -t d} and {@code -t dd}), and the
 * {@code -t} format.
 */
public final class MessageContext {
    private final NodeMap nodes;
    private TimeFormat timeFormat = TimeFormat.DEFAULT;
    private long firstEpochNanos = Long.MIN_VALUE;
    private long lastFrameNanos = Long.MIN_VALUE;
    private long previousFrameNanos = Long.MIN_VALUE;
    private long lastShownNanos = Long.MIN_VALUE;
    private java.util.function.Supplier<org.dlminspect.locks.LockLink> lockLinks = () -> null;
    private volatile Sightings sightings;

    public MessageContext(NodeMap nodes) {
        this.nodes = nodes;
    }

    /** Where the renderer finds the request/response link of the message it renders (read). */
    public void lockLinks(java.util.function.Supplier<org.dlminspect.locks.LockLink> source) {
        this.lockLinks = source;
    }

    /** The link of the message being rendered, or null. */
    public org.dlminspect.locks.LockLink lockLink() {
        return lockLinks.get();
    }

    public NodeMap nodes() {
        return nodes;
    }

    /** Sets the {@code -t} format of {@link #appendTime}. */
    public MessageContext timeFormat(TimeFormat format) {
        this.timeFormat = format;
        return this;
    }

    public TimeFormat timeFormat() {
        return timeFormat;
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
        previousFrameNanos = lastFrameNanos;
        lastFrameNanos = epochNanos;
    }

    /** The capture's first timestamp, or {@code orElse} before any frame. */
    public long firstEpochNanos(long orElse) {
        return firstEpochNanos == Long.MIN_VALUE ? orElse : firstEpochNanos;
    }

    /** Nanoseconds since the first frame of the capture (tshark's frame.time_relative). */
    public long relative(long epochNanos) {
        return firstEpochNanos == Long.MIN_VALUE ? 0 : epochNanos - firstEpochNanos;
    }

    /** Appends the message's time in the {@code -t} format; call once per displayed message. */
    public StringBuilder appendTime(StringBuilder sb, DissectedMessage m) {
        long t = m.epochNanos();
        return timeFormat.append(sb, t, firstEpochNanos(t), shown(t));
    }

    /** {@link #appendTime(StringBuilder, DissectedMessage)} as ASCII bytes (the packet list). */
    public AsciiText appendTime(AsciiText text, DissectedMessage m) {
        long t = m.epochNanos();
        return timeFormat.append(text, t, firstEpochNanos(t), shown(t));
    }

    /** The time a message shown at {@code t} is measured from by -t d and dd (its own for the others); it is shown. */
    private long shown(long t) {
        long previous = switch (timeFormat.mode()) {
            // The frame before the one that completed the message (the latest frame, as messages follow their frame).
            case D -> t == lastFrameNanos && previousFrameNanos != Long.MIN_VALUE ? previousFrameNanos
                    : lastFrameNanos != Long.MIN_VALUE && lastFrameNanos != t ? lastFrameNanos : t;
            case DD -> lastShownNanos == Long.MIN_VALUE ? t : lastShownNanos;
            default -> t;
        };
        lastShownNanos = t;
        return previous;
    }
}
