package org.dlminspect.pipeline;

import java.nio.ByteBuffer;
import org.dlminspect.dlm.DlmHeader;
import org.dlminspect.dlm.DlmPdu;
import org.dlminspect.tcp.TcpDirection;

/**
 * One DLM message found in a TCP stream, with where and when it was seen.
 *
 * @param frame      the frame that completed the message (as tshark reports it)
 * @param firstFrame the frame holding the message's first byte (== frame when it fits in one segment)
 * @param epochNanos time of {@code frame}
 * @param direction  TCP connection and direction it travelled
 * @param streamOffset offset of the message's first byte in the direction's byte stream
 * @param bytes      the message bytes, little-endian, position 0, limit = bytes captured (== h_length unless truncated).
 *                   Only valid during the listener call: copy to keep.
 * @param header     its decoded header
 * @param pdu        the full decode
 */
public record DissectedMessage(
        long frame,
        long firstFrame,
        long epochNanos,
        TcpDirection direction,
        long streamOffset,
        ByteBuffer bytes,
        DlmHeader header,
        DlmPdu pdu) {
}
