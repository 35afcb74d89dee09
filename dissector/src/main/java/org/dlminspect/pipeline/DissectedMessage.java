package org.dlminspect.pipeline;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.dlminspect.dlm.DlmDecoder;
import org.dlminspect.dlm.DlmHeader;
import org.dlminspect.dlm.DlmPdu;
import org.dlminspect.tcp.TcpDirection;

/**
 * One DLM message found in a TCP stream, with where and when it was seen.
 *
 * <p>The {@link Dissector} decodes the message's fields ({@link #pdu()}) only when a listener asks for
 * them: the midcomms analysis needs the header and a few bytes, and skipping the full decode is a quarter
 * of its time. Like {@link #bytes()}, the decode is only possible during the listener call.
 * (A class rather than a record for that laziness; its accessors are those the record had.)
 */
public final class DissectedMessage {
    private final long frame;
    private final long firstFrame;
    private final long epochNanos;
    private final TcpDirection direction;
    private final long streamOffset;
    /** The message's bytes: {@link #length} of them from {@link #offset} in {@link #array}. */
    private final byte[] array;
    private final int offset;
    private final int length;
    /** A buffer over the whole of {@link #array}, sliced into {@link #bytes} when someone asks for it. */
    private final ByteBuffer whole;
    private ByteBuffer bytes;
    private final DlmHeader header;
    private DlmPdu pdu;
    private boolean decoded;
    private SctpInfo sctp;

    /**
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
    public DissectedMessage(long frame, long firstFrame, long epochNanos, TcpDirection direction, long streamOffset,
                            ByteBuffer bytes, DlmHeader header, DlmPdu pdu) {
        this(frame, firstFrame, epochNanos, direction, streamOffset, bytes, header);
        this.pdu = pdu;
        this.decoded = true;
    }

    /** A message whose full decode is made from {@code bytes} the first time {@link #pdu()} is called. */
    DissectedMessage(long frame, long firstFrame, long epochNanos, TcpDirection direction, long streamOffset,
                     ByteBuffer bytes, DlmHeader header) {
        this.frame = frame;
        this.firstFrame = firstFrame;
        this.epochNanos = epochNanos;
        this.direction = direction;
        this.streamOffset = streamOffset;
        if (!bytes.hasArray()) { // a direct buffer (tests): the same bytes from a heap copy
            byte[] copy = new byte[bytes.limit()];
            bytes.get(0, copy);
            bytes = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        }
        this.array = bytes.array();
        this.offset = bytes.arrayOffset();
        this.length = bytes.limit();
        this.whole = null;
        this.bytes = bytes;
        this.header = header;
    }

    /**
     * A message of {@code length} bytes from {@code offset} in the framer's {@code array}, {@code whole} a
     * buffer over all of that array (kept by the framer): the message's own buffer ({@link #bytes()}) is made
     * only when a listener asks for it, which the midcomms analysis does not (an object per message less).
     * {@code sctp}: the association and chunk that carried it, null over TCP.
     */
    DissectedMessage(long frame, long firstFrame, long epochNanos, TcpDirection direction, long streamOffset,
                     byte[] array, int offset, int length, ByteBuffer whole, DlmHeader header, SctpInfo sctp) {
        this.frame = frame;
        this.firstFrame = firstFrame;
        this.epochNanos = epochNanos;
        this.direction = direction;
        this.streamOffset = streamOffset;
        this.array = array;
        this.offset = offset;
        this.length = length;
        this.whole = whole;
        this.header = header;
        this.sctp = sctp;
    }

    /**
     * As the array constructor, with the full decode already made ({@code pdu}, null for none yet): the
     * {@link BackgroundListener} hands over a message the Dissector's thread has decoded.
     */
    DissectedMessage(long frame, long firstFrame, long epochNanos, TcpDirection direction, long streamOffset,
                     byte[] array, int offset, int length, ByteBuffer whole, DlmHeader header, SctpInfo sctp, DlmPdu pdu) {
        this(frame, firstFrame, epochNanos, direction, streamOffset, array, offset, length, whole, header, sctp);
        if (pdu != null) {
            this.pdu = pdu;
            this.decoded = true;
        }
    }

    /** A message that came over SCTP. */
    DissectedMessage(long frame, long firstFrame, long epochNanos, TcpDirection direction, long streamOffset,
                     ByteBuffer bytes, DlmHeader header, SctpInfo sctp) {
        this(frame, firstFrame, epochNanos, direction, streamOffset, bytes, header);
        this.sctp = sctp;
    }

    /** The SCTP association and chunk that carried the message, or null when it came over TCP. */
    public SctpInfo sctp() {
        return sctp;
    }

    /** "SCTP" or "TCP". */
    public String transport() {
        return sctp == null ? "TCP" : "SCTP";
    }

    /** The frame that completed the message (as tshark reports it). */
    public long frame() {
        return frame;
    }

    /** The frame holding the message's first byte (== frame when it fits in one segment). */
    public long firstFrame() {
        return firstFrame;
    }

    /** Time of {@link #frame()}. */
    public long epochNanos() {
        return epochNanos;
    }

    /** TCP connection and direction it travelled. */
    public TcpDirection direction() {
        return direction;
    }

    /** Offset of the message's first byte in the direction's byte stream. */
    public long streamOffset() {
        return streamOffset;
    }

    /**
     * The message bytes, little-endian, position 0, limit = bytes captured (== h_length unless truncated).
     * Only valid during the listener call: copy to keep.
     */
    public ByteBuffer bytes() {
        ByteBuffer b = bytes;
        if (b == null) {
            b = whole.slice(offset, length).order(ByteOrder.LITTLE_ENDIAN);
            bytes = b;
        }
        return b;
    }

    /**
     * The array holding the message's bytes, from {@link #arrayOffset()} for {@link #length()} bytes (the same
     * bytes as {@link #bytes()}, without a buffer object). Only valid during the listener call; never write to it.
     */
    public byte[] array() {
        return array;
    }

    /** Where the message's first byte is in {@link #array()}. */
    public int arrayOffset() {
        return offset;
    }

    /** Bytes captured of the message (== {@code bytes().limit()}: h_length unless truncated). */
    public int length() {
        return length;
    }

    /** Its decoded header. */
    public DlmHeader header() {
        return header;
    }

    /** The full decode. The first call must happen during the listener call (it reads {@link #bytes()}). */
    public DlmPdu pdu() {
        if (!decoded) {
            pdu = DlmDecoder.decode(bytes == null ? whole.slice(offset, length).order(ByteOrder.LITTLE_ENDIAN)
                    : bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN));
            decoded = true;
        }
        return pdu;
    }

    /** The full decode if {@link #pdu()} has made it, else null (without decoding). */
    DlmPdu decodedPdu() {
        return decoded ? pdu : null;
    }

    @Override
    public String toString() {
        return "DissectedMessage[frame=" + frame + ", firstFrame=" + firstFrame + ", epochNanos=" + epochNanos
                + ", direction=" + direction + ", streamOffset=" + streamOffset + ", header=" + header + "]";
    }
}
