package org.dlminspect.net;

/**
 * The payload of an IP packet whose transport is not TCP (SCTP), as {@link PacketDecoder} found it. Mutable
 * and reused per frame; {@link #data} is the frame's buffer: copy what you keep.
 */
public final class IpPayload {
    public IpAddress source;
    public IpAddress destination;
    /** IP protocol number (132 for SCTP). */
    public int protocol;
    public byte[] data;
    public int offset;
    /** Bytes present in the capture. */
    public int length;
    /** Bytes of the payload on the wire that the capture does not hold (snaplen). */
    public int missing;
}
