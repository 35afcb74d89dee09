package org.dlminspect.sctp;

import java.util.List;
import java.util.zip.CRC32C;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.Severity;

/**
 * Decodes an SCTP packet from the IP payload. Network byte order (SCTP is big-endian; only the DLM
 * messages inside are little-endian). Never trusts a chunk length: a chunk shorter than its header, or one
 * that runs past the packet, ends the chunk walk with one diagnostic naming the frame; the chunks before it
 * are kept.
 */
public final class SctpDecoder {
    public static final int COMMON_HEADER = 12;
    private static final int CHUNK_HEADER = 4;
    private static final int DATA_HEADER = 16;
    /** I-DATA's fixed fields (RFC 8260 §2.1): DATA's, with a 32-bit MID in place of the SSN and a reserved u16. */
    private static final int I_DATA_HEADER = 20;

    /** FORWARD TSN and I-FORWARD TSN: the chunk header and the new cumulative TSN, then the stream entries. */
    private static final int FORWARD_TSN_HEADER = 8;

    private static final byte[] ZERO_CHECKSUM = new byte[4];

    private final boolean verifyChecksum;
    /** Reused for every packet: the decoder allocates nothing per packet but the chunks. */
    private final SctpPacket packet = new SctpPacket();
    private final CRC32C crc = new CRC32C();

    public SctpDecoder(boolean verifyChecksum) {
        this.verifyChecksum = verifyChecksum;
    }

    /**
     * @param present bytes of the packet in the capture; {@code onWire} its length by the IP header
     * @return the packet (the decoder's own, valid until the next decode), or null when not even the common
     *     header is there (reported)
     */
    public SctpPacket decode(byte[] d, int at, int present, int onWire, long frame, DiagnosticSink sink) {
        if (present < COMMON_HEADER) {
            sink.report(frame, Severity.WARN, "sctp.truncated", "SCTP packet of " + present
                    + " captured bytes is shorter than the 12-byte common header");
            return null;
        }
        long tag = be32(d, at + 4);
        long checksum = be32(d, at + 8);
        Boolean valid = null;
        if (verifyChecksum && present == onWire) {
            long computed = crc32c(crc, d, at, present);
            valid = computed == checksum;
            if (!valid) {
                sink.report(frame, Severity.WARN, "sctp.checksum", String.format(
                        "SCTP checksum 0x%08x is wrong (computed 0x%08x); the packet is decoded all the same",
                        checksum, computed));
            }
        }
        List<SctpChunk> chunks = packet.chunkList();
        chunks.clear();
        int p = at + COMMON_HEADER;
        int end = at + present;
        while (p < end) {
            if (end - p < CHUNK_HEADER) {
                sink.report(frame, Severity.WARN, "sctp.truncated", (end - p) + " bytes after the last chunk are"
                        + " shorter than a chunk header" + cut(present, onWire));
                break;
            }
            int type = d[p] & 0xFF;
            int flags = d[p + 1] & 0xFF;
            int length = be16(d, p + 2);
            if (length < CHUNK_HEADER) {
                sink.report(frame, Severity.WARN, "sctp.chunk_length", SctpChunkType.name(type)
                        + " chunk length " + length + " is shorter than the chunk header; the rest of the packet is skipped");
                break;
            }
            if (p + length > end) {
                boolean cut = present < onWire && p + length <= at + onWire;
                sink.report(frame, cut ? Severity.NOTE : Severity.WARN, cut ? "sctp.truncated" : "sctp.chunk_length",
                        SctpChunkType.name(type) + " chunk length " + length + " runs past the "
                                + (cut ? "captured bytes (cut by the snaplen)" : "end of the packet")
                                + " by " + (p + length - end) + " bytes");
                if (type == SctpChunkType.DATA.value() && cut && end - p >= DATA_HEADER) {
                    chunks.add(data(d, p, flags, length, end - p - DATA_HEADER));
                } else if (type == SctpChunkType.I_DATA.value() && cut && end - p >= I_DATA_HEADER) {
                    chunks.add(iData(d, p, flags, length, end - p - I_DATA_HEADER));
                }
                break;
            }
            SctpChunk c = chunk(d, p, type, flags, length, frame, sink);
            if (c != null) chunks.add(c);
            p += (length + 3) & ~3; // chunks are padded to 4 bytes; the last one's padding may be absent
        }
        packet.set(be16(d, at), be16(d, at + 2), tag, checksum, valid);
        return packet;
    }

    private static SctpChunk chunk(byte[] d, int p, int type, int flags, int length, long frame, DiagnosticSink sink) {
        SctpChunkType t = SctpChunkType.of(type);
        if (t == null) return new SctpChunk.Other(type, flags, length);
        switch (t) {
            case DATA -> {
                if (length < DATA_HEADER) return malformed(type, flags, length, DATA_HEADER, frame, sink);
                return data(d, p, flags, length, length - DATA_HEADER);
            }
            case I_DATA -> {
                if (length < I_DATA_HEADER) return malformed(type, flags, length, I_DATA_HEADER, frame, sink);
                return iData(d, p, flags, length, length - I_DATA_HEADER);
            }
            case INIT, INIT_ACK -> {
                if (length < 20) return malformed(type, flags, length, 20, frame, sink);
                return new SctpChunk.Init(type, flags, length, be32(d, p + 4), be32(d, p + 16));
            }
            case SACK -> {
                if (length < 16) return malformed(type, flags, length, 16, frame, sink);
                return new SctpChunk.Sack(flags, length, be32(d, p + 4), be16(d, p + 12), be16(d, p + 14));
            }
            case FORWARD_TSN, I_FORWARD_TSN -> {
                if (length < FORWARD_TSN_HEADER) return malformed(type, flags, length, FORWARD_TSN_HEADER, frame, sink);
                return forwardTsn(d, p, t, flags, length, frame, sink);
            }
            default -> {
                return new SctpChunk.Other(type, flags, length);
            }
        }
    }

    /**
     * FORWARD TSN entries (RFC 3758 §3.2) are a 16-bit stream and a 16-bit SSN; I-FORWARD TSN entries (RFC 8260
     * §2.3.1) a 16-bit stream, 15 reserved bits and the U bit, then a 32-bit MID. A partial entry at the end is
     * reported and ignored.
     */
    private static SctpChunk forwardTsn(byte[] d, int p, SctpChunkType t, int flags, int length, long frame, DiagnosticSink sink) {
        boolean interleaved = t == SctpChunkType.I_FORWARD_TSN;
        int entry = interleaved ? 8 : 4;
        int entries = (length - FORWARD_TSN_HEADER) / entry;
        if ((length - FORWARD_TSN_HEADER) % entry != 0) {
            sink.report(frame, Severity.WARN, "sctp.chunk_length", SctpChunkType.name(t.value()) + " chunk length " + length
                    + " leaves " + (length - FORWARD_TSN_HEADER) % entry + " bytes after its last " + entry
                    + "-byte stream entry; they are ignored");
        }
        List<SctpChunk.Skipped> skipped = new java.util.ArrayList<>(entries);
        for (int i = 0, q = p + FORWARD_TSN_HEADER; i < entries; i++, q += entry) {
            skipped.add(interleaved
                    ? new SctpChunk.Skipped(be16(d, q), (d[q + 3] & 0x01) != 0, be32(d, q + 4))
                    : new SctpChunk.Skipped(be16(d, q), false, be16(d, q + 2)));
        }
        return new SctpChunk.ForwardTsn(t.value(), flags, length, be32(d, p + 4), List.copyOf(skipped));
    }

    private static SctpChunk.Data data(byte[] d, int p, int flags, int length, int payloadPresent) {
        return new SctpChunk.Data(flags, length, be32(d, p + 4), be16(d, p + 8), be16(d, p + 10), be32(d, p + 12),
                d, p + DATA_HEADER, payloadPresent);
    }

    private static SctpChunk.IData iData(byte[] d, int p, int flags, int length, int payloadPresent) {
        return new SctpChunk.IData(flags, length, be32(d, p + 4), be16(d, p + 8), be32(d, p + 12), be32(d, p + 16),
                d, p + I_DATA_HEADER, payloadPresent);
    }

    private static SctpChunk malformed(int type, int flags, int length, int needed, long frame, DiagnosticSink sink) {
        sink.report(frame, Severity.WARN, "sctp.chunk_length", SctpChunkType.name(type) + " chunk length " + length
                + " is shorter than its fixed fields (" + needed + " bytes); the chunk is skipped");
        return new SctpChunk.Other(type, flags, length);
    }

    private static String cut(int present, int onWire) {
        return present < onWire ? " (the packet is cut by the snaplen)" : "";
    }

    /** The SCTP checksum (RFC 9260 Appendix A: CRC32c over the packet with the checksum field as zero). */
    public static long crc32c(byte[] d, int at, int length) {
        return crc32c(new CRC32C(), d, at, length);
    }

    private static long crc32c(CRC32C crc, byte[] d, int at, int length) {
        crc.reset();
        crc.update(d, at, 8);
        crc.update(ZERO_CHECKSUM, 0, 4);
        crc.update(d, at + 12, length - 12);
        long v = crc.getValue();
        // The CRC is transmitted in network order of its reflected value: bytes of the little-endian value.
        return Long.reverseBytes(v) >>> 32;
    }

    static int be16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    static long be32(byte[] b, int i) {
        return ((b[i] & 0xFFL) << 24) | ((b[i + 1] & 0xFFL) << 16) | ((b[i + 2] & 0xFFL) << 8) | (b[i + 3] & 0xFFL);
    }
}
