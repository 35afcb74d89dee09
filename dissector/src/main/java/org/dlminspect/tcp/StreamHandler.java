package org.dlminspect.tcp;

/** Receives the output of {@link TcpReassembler}: each direction's bytes in order, exactly once. */
public interface StreamHandler {
    /**
     * In-order payload bytes of one direction. {@code data[offset, offset+length)} is only valid
     * during the call. {@code frame} is the frame whose segment supplied the last of these bytes.
     */
    void onData(TcpDirection direction, byte[] data, int offset, int length, long frame, long epochNanos);

    /** Connection lifecycle and anomalies (open, SYN, FIN, RST, gaps, overlaps, limits). */
    void onEvent(TcpEvent event);
}
