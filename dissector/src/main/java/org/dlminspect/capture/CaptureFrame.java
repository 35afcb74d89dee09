package org.dlminspect.capture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One captured frame. Mutable and reused by {@link CaptureReader#next} so that reading a capture
 * allocates nothing per frame: copy what you need to keep.
 */
public final class CaptureFrame {
    private long number;
    private long epochNanos;
    private int linkType;
    private int interfaceId;
    private int capturedLength;
    private int originalLength;
    private byte[] data = new byte[65536];

    /** 1-based frame number in the capture, as tshark's {@code frame.number}. */
    public long number() { return number; }

    /** Capture timestamp, nanoseconds since the Unix epoch. */
    public long epochNanos() { return epochNanos; }

    /** The link-layer header type (LINKTYPE_* value) of this frame's interface. */
    public int linkType() { return linkType; }

    /** pcapng interface id; 0 for classic pcap. */
    public int interfaceId() { return interfaceId; }

    /** Bytes present in {@link #data()} (caplen). */
    public int capturedLength() { return capturedLength; }

    /** Length of the frame on the wire (len); larger than capturedLength when cut by the snaplen. */
    public int originalLength() { return originalLength; }

    /** Backing array; valid bytes are [0, capturedLength). May be larger than capturedLength. */
    public byte[] data() { return data; }

    public boolean truncatedBySnaplen() { return capturedLength < originalLength; }

    /** A little-endian view of the captured bytes (allocates a small wrapper). */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(data, 0, capturedLength).slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Makes sure {@link #data()} can hold {@code length} bytes and returns it. Contents are not kept. */
    public byte[] ensureCapacity(int length) {
        if (data.length < length) {
            data = new byte[Math.max(length, data.length * 2)];
        }
        return data;
    }

    public void set(long number, long epochNanos, int linkType, int interfaceId, int capturedLength, int originalLength) {
        this.number = number;
        this.epochNanos = epochNanos;
        this.linkType = linkType;
        this.interfaceId = interfaceId;
        this.capturedLength = capturedLength;
        this.originalLength = originalLength;
    }

    /** Replaces the backing array (used by live capture, which gets a fresh array per packet). */
    public void setData(byte[] bytes) {
        this.data = bytes;
    }
}
