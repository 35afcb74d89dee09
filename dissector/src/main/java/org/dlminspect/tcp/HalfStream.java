package org.dlminspect.tcp;

import static org.dlminspect.tcp.InOrderDelivery.NO_FIN;

import java.util.Arrays;

/**
 * Reassembly state of one direction of a connection. Sequence numbers are unwrapped to 64-bit
 * stream positions relative to the next expected byte ({@link #unwrap}), so every comparison after
 * that is a plain {@code long} comparison and 32-bit wrap needs no further care.
 *
 * <p>In-order bytes go straight from the segment's array to the handler ({@link InOrderDelivery}, which moves
 * the stream on). Bytes ahead of the next expected position are copied into {@link HeldChunk}s (kept by
 * {@link HeldChunks}) that never overlap each other; the first captured copy of any byte is the one delivered,
 * later copies are only compared with it. This class places each segment's bytes and follows SYN, RST, the
 * other direction's ACKs and the limits.
 */
final class HalfStream {
    final TcpDirection direction;
    private final TcpReassembler owner;

    private boolean based;
    private boolean synSeen;
    private long isn;
    private boolean rstSeen;
    private long lastRstSeq;
    /**
     * Highest position the other direction acknowledged beyond {@link #next}: bytes below it reached
     * the receiver, so the ones never captured are missing. Declared only once this direction's sender
     * is seen sending at or past it, because a capture point can record the ACK a few microseconds
     * before the data it acknowledges (snaplen.pcap frames 19314/19315); within one direction the
     * capture order is the sending order.
     */
    private long ackedUpTo = Long.MIN_VALUE;

    /** Bytes ahead of the next position, waiting for the hole before them to be filled. */
    private final HeldChunks held;
    /** The next position, the FIN, and delivery. */
    private final InOrderDelivery out;
    /** Bytes of the current segment that differ from an earlier copy. */
    private int mismatch;

    HalfStream(TcpDirection direction, TcpReassembler owner) {
        this.direction = direction;
        this.owner = owner;
        this.held = new HeldChunks(owner);
        this.out = new InOrderDelivery(direction, owner, held);
    }

    boolean based() {
        return based;
    }

    /** Bytes delivered so far (the connection carried data this way). */
    long deliveredBytes() {
        return out.deliveredBytes();
    }

    /**
     * How far a segment starting at {@code seq32} is from the next expected byte, in this direction's sequence
     * space (Long.MAX_VALUE before the direction has a base): two connections on one 4-tuple have unrelated ISNs,
     * so a segment belongs to the one it is nearest.
     */
    long distance(long seq32) {
        if (!based) return Long.MAX_VALUE;
        return Math.abs(unwrap(seq32) - out.next());
    }

    boolean synSeen() {
        return synSeen;
    }

    long isn() {
        return isn;
    }

    long heldBytes() {
        return held.bytes();
    }

    int heldCount() {
        return held.count();
    }

    private long unwrap(long seq32) {
        long next = out.next();
        return next + (int) (seq32 - next);
    }

    private void setBase(long seq32) {
        based = true;
        out.reset(seq32);
        ackedUpTo = Long.MIN_VALUE;
    }

    /**
     * A SYN from this direction's sender.
     *
     * @return false when the segment must otherwise be ignored (a SYN-ACK with a new ISN after data)
     */
    boolean syn(long seq32, long frame, long epochNanos) {
        if (synSeen && isn == seq32) {
            return true;
        }
        owner.event(TcpEvent.Kind.SYN, direction, frame, epochNanos, 0, 0);
        boolean first = !synSeen;
        synSeen = true;
        isn = seq32;
        if (!based) {
            setBase((seq32 + 1) & 0xFFFFFFFFL);
            return true;
        }
        if (first) {
            return true;
        }
        if (out.deliveredBytes() == 0 && held.count() == 0) {
            setBase((seq32 + 1) & 0xFFFFFFFFL);
            return true;
        }
        return false;
    }

    /**
     * The payload of one segment: {@code len} captured bytes starting at sequence {@code seq32},
     * then {@code missingLen} bytes the capture does not hold, then the FIN if {@code fin}.
     */
    void segment(byte[] data, int off, int len, long missingLen, long seq32, boolean fin, long frame, long epochNanos) {
        if (!based) {
            setBase(seq32);
        }
        long start = unwrap(seq32);
        if (ackedUpTo > out.next() && start >= ackedUpTo) {
            out.skipTo(ackedUpTo, frame, epochNanos);
        }
        mismatch = 0;
        if (len > 0) {
            placeData(data, off, len, start, frame, epochNanos);
        }
        long end = start + len;
        if (missingLen > 0) {
            placeMissing(end, end + missingLen, frame, epochNanos);
            end += missingLen;
        }
        if (mismatch > 0) {
            owner.event(TcpEvent.Kind.OVERLAP_MISMATCH, direction, frame, epochNanos, mismatch, 0);
        }
        if (fin) {
            out.fin(end, frame, epochNanos);
        }
        out.drain(true);
        out.flushPendingGap(frame, epochNanos);
    }

    /**
     * The other side sent data: a later RST from this side answers it and is an RST of its own, even with the
     * same sequence number (a reset socket answers every segment with an RST at the same sequence number).
     */
    void peerSentData() {
        rstSeen = false;
    }

    void rst(long seq32, long frame, long epochNanos) {
        if (rstSeen && lastRstSeq == seq32) {
            return;
        }
        rstSeen = true;
        lastRstSeq = seq32;
        owner.event(TcpEvent.Kind.RST, direction, frame, epochNanos, 0, 0);
    }

    /**
     * The other direction acknowledged everything before {@code ack32}. What was never captured below
     * it is missing; see {@link #ackedUpTo} for when that is declared.
     */
    void acked(long ack32, long frame, long epochNanos) {
        if (!based) {
            return;
        }
        long ack = unwrap(ack32);
        long next = out.next();
        if (ack > next && ack > ackedUpTo) {
            owner.event(TcpEvent.Kind.ACKED_AHEAD, direction, frame, epochNanos, ack - Math.max(next, ackedUpTo), 0);
            ackedUpTo = ack;
            long finAt = out.pendingFin();
            if (finAt != NO_FIN && ack > finAt) {
                // The FIN was captured, so everything sent before it was too (in sending order), and the
                // receiver has it all: nothing will be retransmitted into the holes.
                out.skipTo(ack, frame, epochNanos);
            }
        }
    }

    /** No more bytes will come to fill holes: declare them missing and deliver everything held. */
    void flushAll(long frame, long epochNanos) {
        if (!based) {
            return;
        }
        long target = out.next();
        if (held.count() > 0) {
            target = Math.max(target, held.last().end);
        }
        long finAt = out.pendingFin();
        if (finAt != NO_FIN) {
            target = Math.max(target, finAt + 1);
        }
        target = Math.max(target, ackedUpTo);
        if (target > out.next()) {
            out.skipTo(target, frame, epochNanos);
        }
    }

    /** Stops waiting for holes until the per-direction limits hold again. */
    void enforceLimits(long frame, long epochNanos) {
        ReassemblyLimits limits = owner.limits();
        if (held.bytes() <= limits.maxHeldBytesPerDirection() && held.count() <= limits.maxHeldSegmentsPerDirection()) {
            return;
        }
        owner.event(TcpEvent.Kind.LIMIT, direction, frame, epochNanos, held.bytes(), 0);
        while (held.count() > 0 && (held.bytes() > limits.maxHeldBytesPerDirection()
                || held.count() > limits.maxHeldSegmentsPerDirection())) {
            out.skipTo(held.first().start, frame, epochNanos);
        }
    }

    /**
     * Gives up on every hole of this direction (the global held-bytes limit or the memory budget was hit;
     * {@code cause} is the LIMIT event's otherFrame, {@link TcpEvent#LIMIT_MEMORY} for the budget).
     */
    void giveUpHeld(long frame, long epochNanos, long cause) {
        if (held.count() == 0) {
            return;
        }
        owner.event(TcpEvent.Kind.LIMIT, direction, frame, epochNanos, held.bytes(), cause);
        out.skipTo(held.last().end, frame, epochNanos);
    }

    /** Frees the comparison window and everything held (the connection is closed). */
    void release() {
        out.release();
        held.release();
    }

    // ---- placing data ----

    private void placeData(byte[] data, int off, int len, long start, long frame, long epochNanos) {
        long end = start + len;
        long next = out.next();
        if (end <= next) {
            // A keep-alive repeats the last delivered byte with arbitrary content: nothing to compare.
            if (!(len == 1 && start == next - 1)) {
                mismatch += out.differences(data, off, len, start);
            }
            return;
        }
        long c = start;
        while (c < end) {
            int at = off + (int) (c - start);
            next = out.next();
            if (c < next) {
                long upto = Math.min(end, next);
                mismatch += out.differences(data, at, (int) (upto - c), c);
                c = upto;
                continue;
            }
            HeldChunk h = held.overlapping(c, end);
            if (h == null || h.start > c) {
                long pieceEnd = h == null ? end : h.start;
                place(data, at, (int) (pieceEnd - c), c, frame, epochNanos);
                c = pieceEnd;
                continue;
            }
            long upto = Math.min(end, h.end);
            if (!h.missing()) {
                mismatch += h.differences(data, at, c, (int) (upto - c));
            } else {
                // Real bytes beat bytes known only to be missing.
                held.remove(h);
                if (h.start < c) {
                    held.put(new HeldChunk(h.start, c, null, h.frame, h.epochNanos));
                }
                if (upto < h.end) {
                    held.put(new HeldChunk(upto, h.end, null, h.frame, h.epochNanos));
                }
                place(data, at, (int) (upto - c), c, frame, epochNanos);
            }
            c = upto;
        }
    }

    /** New bytes (overlapping nothing held) at position {@code c}: deliver if next, else hold a copy. */
    private void place(byte[] data, int at, int n, long c, long frame, long epochNanos) {
        if (c == out.next()) {
            out.deliver(data, at, n, frame, epochNanos);
            out.drain(false);
        } else {
            held.put(new HeldChunk(c, c + n, Arrays.copyOfRange(data, at, at + n), frame, epochNanos));
        }
    }

    private void placeMissing(long from, long to, long frame, long epochNanos) {
        long c = Math.max(from, out.next());
        while (c < to) {
            HeldChunk h = held.overlapping(c, to);
            if (h != null && h.start <= c) {
                c = Math.min(to, h.end);
                continue;
            }
            long pieceEnd = h == null ? to : h.start;
            if (c == out.next()) {
                out.passMissing(pieceEnd);
            } else {
                held.put(new HeldChunk(c, pieceEnd, null, frame, epochNanos));
            }
            c = pieceEnd;
        }
    }
}
