package org.dlminspect.tcp;

/**
 * The in-order edge of one direction's stream: the next position to deliver, the FIN once its position is known,
 * and the missing bytes passed over. Bytes at the next position go to the handler (and into the
 * {@link DeliveredWindow} that later copies are compared with); held chunks that the edge reaches are delivered
 * in turn; a hole that will not be filled is passed over and reported as a GAP just before the data after it.
 * {@link HalfStream} decides where a segment's bytes go; this class moves the stream on.
 */
final class InOrderDelivery {
    static final long NO_FIN = Long.MIN_VALUE;

    private final TcpDirection direction;
    private final TcpReassembler owner;
    /** Bytes ahead of {@link #next}, waiting for the hole before them to be filled (placed by {@link HalfStream}). */
    private final HeldChunks held;
    private final DeliveredWindow window = new DeliveredWindow();

    /** Unwrapped sequence number of the next byte to deliver. */
    private long next;
    /** Unwrapped position of the FIN, or NO_FIN. */
    private long finAt = NO_FIN;
    private boolean finConsumed;
    private long deliveredBytes;
    private long lastDeliveredFrame;
    /** Missing bytes passed over but not yet reported (reported just before the data that follows). */
    private long pendingGap;

    InOrderDelivery(TcpDirection direction, TcpReassembler owner, HeldChunks held) {
        this.direction = direction;
        this.owner = owner;
        this.held = held;
    }

    /** Unwrapped sequence number of the next byte to deliver. */
    long next() {
        return next;
    }

    /** Bytes delivered so far. */
    long deliveredBytes() {
        return deliveredBytes;
    }

    /** The stream starts (again) at {@code base}: no FIN known. */
    void reset(long base) {
        next = base;
        window.reset(next);
        finAt = NO_FIN;
        finConsumed = false;
    }

    /** The FIN's position while it is known and not yet consumed, else NO_FIN. */
    long pendingFin() {
        return finAt != NO_FIN && !finConsumed ? finAt : NO_FIN;
    }

    /** A FIN at position {@code at}. */
    void fin(long at, long frame, long epochNanos) {
        if (finAt == at) {
            return;
        }
        owner.event(TcpEvent.Kind.FIN, direction, frame, epochNanos, 0, 0);
        if (finAt == NO_FIN || !finConsumed) {
            finAt = at;
            finConsumed = at < next;
        }
    }

    /** Bytes of {@code data} (a copy of the stream from {@code start}) that differ from what was delivered. */
    int differences(byte[] data, int off, int len, long start) {
        return window.differences(data, off, len, start);
    }

    /** Delivers {@code n} bytes at the next position. */
    void deliver(byte[] data, int off, int n, long frame, long epochNanos) {
        flushPendingGap(frame, epochNanos);
        window.grow(deliveredBytes + n, owner);
        window.append(data, off, n);
        next += n;
        deliveredBytes += n;
        lastDeliveredFrame = frame;
        owner.handler().onData(direction, data, off, n, frame, epochNanos);
    }

    /** The bytes up to {@code to} will never come: the next position moves past them. */
    void passMissing(long to) {
        pendingGap += to - next;
        next = to;
        window.skipTo(next);
    }

    private void consumeFin() {
        if (!finConsumed && finAt == next) {
            finConsumed = true;
            next++;
            window.skipTo(next);
        }
    }

    /** Delivers held chunks that start at the next position (and passes missing ones if asked). */
    void drain(boolean passMissing) {
        consumeFin();
        while (held.count() > 0) {
            HeldChunk h = held.first();
            if (h.start > next) {
                break;
            }
            if (h.end <= next) {
                held.remove(h);
                continue;
            }
            if (h.missing()) {
                if (!passMissing) {
                    break;
                }
                held.remove(h);
                passMissing(h.end);
            } else {
                held.remove(h);
                int skip = (int) (next - h.start);
                deliver(h.data, skip, h.data.length - skip, h.frame, h.epochNanos);
            }
            consumeFin();
        }
    }

    /** Declares everything before {@code target} that is not held as missing, delivering held data on the way. */
    void skipTo(long target, long frame, long epochNanos) {
        while (true) {
            consumeFin();
            if (next >= target) {
                break;
            }
            HeldChunk first = held.count() == 0 ? null : held.first();
            if (first != null && first.start <= next) {
                drain(true);
                continue;
            }
            long holeEnd = target;
            if (first != null) {
                holeEnd = Math.min(holeEnd, first.start);
            }
            if (finAt != NO_FIN && !finConsumed && finAt > next) {
                holeEnd = Math.min(holeEnd, finAt);
            }
            passMissing(holeEnd);
        }
        drain(true);
        flushPendingGap(frame, epochNanos);
    }

    /** Reports the missing bytes passed over; {@code frame} is the frame whose data follows them. */
    void flushPendingGap(long frame, long epochNanos) {
        if (pendingGap == 0) {
            return;
        }
        long n = pendingGap;
        pendingGap = 0;
        owner.event(TcpEvent.Kind.GAP, direction, frame, epochNanos, n, lastDeliveredFrame);
    }

    /** Frees the comparison window. */
    void release() {
        window.release(owner);
    }
}
