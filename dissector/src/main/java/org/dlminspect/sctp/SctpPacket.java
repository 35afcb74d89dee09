package org.dlminspect.sctp;

import java.util.ArrayList;
import java.util.List;

/**
 * An SCTP packet: the common header (RFC 9260 §3.1) and its chunks. One instance per {@link SctpDecoder}, filled
 * again by every {@link SctpDecoder#decode}, so that decoding a packet allocates only its chunks: valid until the
 * next decode (the chunks themselves stay valid; their payloads point into the frame's buffer).
 */
public final class SctpPacket {
    private int sourcePort;
    private int destinationPort;
    private long verificationTag;
    private long checksum;
    private Boolean checksumValid;
    private final ArrayList<SctpChunk> chunks = new ArrayList<>(4);

    void set(int sourcePort, int destinationPort, long verificationTag, long checksum, Boolean checksumValid) {
        this.sourcePort = sourcePort;
        this.destinationPort = destinationPort;
        this.verificationTag = verificationTag;
        this.checksum = checksum;
        this.checksumValid = checksumValid;
    }

    /** The chunk list the decoder fills (cleared first). */
    ArrayList<SctpChunk> chunkList() {
        return chunks;
    }

    public int sourcePort() {
        return sourcePort;
    }

    public int destinationPort() {
        return destinationPort;
    }

    public long verificationTag() {
        return verificationTag;
    }

    public long checksum() {
        return checksum;
    }

    /**
     * Null when the checksum was not verified (the default, as tshark's {@code sctp.checksum} preference: checksum
     * offload makes the captured value meaningless on the sending host).
     */
    public Boolean checksumValid() {
        return checksumValid;
    }

    /** The chunks in packet order (a view valid until the next decode). */
    public List<SctpChunk> chunks() {
        return chunks;
    }

    public boolean has(SctpChunkType type) {
        for (int i = 0, n = chunks.size(); i < n; i++) {
            if (chunks.get(i).type() == type.value()) return true;
        }
        return false;
    }
}
