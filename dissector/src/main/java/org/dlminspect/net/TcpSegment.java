package org.dlminspect.net;

/**
 * The TCP segment decoded from one frame. Mutable and reused per frame by {@link PacketDecoder};
 * {@link #payload()} points into the frame's buffer, so consumers copy what they keep.
 */
public final class TcpSegment {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;

    public IpAddress source;
    public IpAddress destination;
    public int sourcePort;
    public int destinationPort;
    /** Sequence and acknowledgement numbers as unsigned 32-bit values. */
    public long sequence;
    public long acknowledgement;
    public int flags;
    public int window;
    /** The payload bytes present in the capture: payload()[payloadOffset, payloadOffset + payloadLength). */
    public byte[] payload;
    public int payloadOffset;
    public int payloadLength;
    /**
     * Payload bytes the segment carried on the wire but the capture does not hold (cut by the
     * snaplen, or the IP total length says more than was captured). 0 for a whole segment.
     */
    public int missingPayloadLength;

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public byte[] payload() {
        return payload;
    }

    /** Sequence number of the byte after this segment's payload (SYN and FIN count as one), mod 2^32. */
    public long endSequence() {
        long len = payloadLength + missingPayloadLength + (has(SYN) ? 1 : 0) + (has(FIN) ? 1 : 0);
        return (sequence + len) & 0xFFFFFFFFL;
    }

    public Endpoint sourceEndpoint() {
        return new Endpoint(source, sourcePort);
    }

    public Endpoint destinationEndpoint() {
        return new Endpoint(destination, destinationPort);
    }
}
