package org.dlminspect.tcp;

/**
 * Something that happened to a TCP connection direction, other than in-order payload.
 *
 * @param kind      what happened
 * @param direction the direction concerned (for OPEN, the client-to-server direction)
 * @param frame     frame where it was seen (for GAP, the frame whose data follows the gap)
 * @param epochNanos time of that frame
 * @param bytes     GAP: number of missing bytes (or -1 if unknown); OVERLAP_MISMATCH: bytes that differ; LIMIT: bytes dropped
 * @param otherFrame GAP: last frame whose bytes were delivered before the gap (0 if none)
 */
public record TcpEvent(Kind kind, TcpDirection direction, long frame, long epochNanos, long bytes, long otherFrame) {
    public enum Kind {
        /** First segment of a new connection was seen (SYN or mid-stream). */
        OPEN,
        SYN,
        FIN,
        RST,
        /** Bytes never captured: the stream resumes after {@code bytes} missing bytes. */
        GAP,
        /** A retransmitted/overlapping segment carried bytes different from those already delivered. */
        OVERLAP_MISMATCH,
        /** The out-of-order buffer limit was exceeded; held data was dropped (becomes a GAP). */
        LIMIT
    }
}
