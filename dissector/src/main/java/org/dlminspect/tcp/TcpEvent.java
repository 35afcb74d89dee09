package org.dlminspect.tcp;

/**
 * Something that happened to a TCP connection direction, other than in-order payload.
 *
 * @param kind      what happened
 * @param direction the direction concerned (for OPEN, the client-to-server direction)
 * @param frame     frame where it was seen (for GAP, the frame whose data follows the gap)
 * @param epochNanos time of that frame
 * @param bytes     GAP: number of missing bytes (or -1 if unknown); OVERLAP_MISMATCH: bytes that differ;
 *                  LIMIT: bytes held out of order in that direction when the limit was hit;
 *                  ACKED_AHEAD: bytes acknowledged beyond the last delivered byte;
 *                  CLOSE: why the connection was closed ({@link #CLOSE_END_OF_INPUT}, {@link #CLOSE_REUSED},
 *                  {@link #CLOSE_EVICTED}, {@link #CLOSE_MEMORY}); 0 for the other kinds
 * @param otherFrame GAP: last frame whose bytes were delivered before the gap (0 if none); LIMIT:
 *                  {@link #LIMIT_MEMORY} when the memory budget forced it, 0 for a configured limit; 0 for the other kinds
 */
public record TcpEvent(Kind kind, TcpDirection direction, long frame, long epochNanos, long bytes, long otherFrame) {
    /** CLOSE reason: {@link TcpReassembler#finish} was called. */
    public static final long CLOSE_END_OF_INPUT = 0;
    /** CLOSE reason: a new connection (new SYN) took over the connection's 4-tuple. */
    public static final long CLOSE_REUSED = 1;
    /** CLOSE reason: the connection was the least recently active when the connection limit was reached. */
    public static final long CLOSE_EVICTED = 2;
    /** CLOSE reason: the memory budget was reached and the connection was the least recently active. */
    public static final long CLOSE_MEMORY = 3;
    /** LIMIT {@code otherFrame}: the memory budget, not a configured out-of-order limit, forced the gap. */
    public static final long LIMIT_MEMORY = 1;

    public enum Kind {
        /** First segment of a new connection was seen (SYN or mid-stream). */
        OPEN,
        SYN,
        FIN,
        RST,
        /**
         * The receiver acknowledged {@code bytes} bytes of this direction beyond what the capture has delivered so
         * far: TCP proves they reached it. Either the capture point recorded the ACK before the data (a bridge or
         * {@code -i any} capture swaps directions by microseconds) or the capture missed them (a GAP follows).
         * Emitted before the payload of the segment carrying the acknowledgment.
         */
        ACKED_AHEAD,
        /** Bytes never captured: the stream resumes after {@code bytes} missing bytes. */
        GAP,
        /** A retransmitted/overlapping segment carried bytes different from those already delivered. */
        OVERLAP_MISMATCH,
        /**
         * An out-of-order buffer limit was exceeded: the reassembler stops waiting for the earliest
         * missing bytes. GAP events follow, then the held data is delivered.
         */
        LIMIT,
        /**
         * The reassembler has finished with this direction: nothing more will be delivered for it
         * (held data was delivered first, after GAPs). Emitted for both directions of every
         * connection, client direction first: when a new connection reuses the 4-tuple, when the
         * connection is evicted at the connection limit, and at end of input.
         */
        CLOSE
    }
}
