package org.dlminspect.pipeline;

import org.dlminspect.tcp.TcpDirection;

/**
 * The framer met a length the kernel treats as fatal on one direction ({@code dlm.length}, reference anomaly A1):
 * the receiving kernel stops parsing that connection, and message boundaries after it are guesses.
 *
 * @param direction  the TCP direction whose framing is lost
 * @param frame      the frame where it was found
 * @param epochNanos its time
 * @param code       the framer's diagnostic code
 * @param reason     the framer's own words (for the report; never parsed)
 */
public record FramingLost(TcpDirection direction, long frame, long epochNanos, String code, String reason)
        implements StageEvent {
}
