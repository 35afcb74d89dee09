package org.dlminspect.pernode;

import org.dlminspect.net.IpAddress;
import org.dlminspect.net.IpPayload;
import org.dlminspect.net.TcpSegment;

/**
 * What identifies one TCP segment in every capture that saw it: its 4-tuple, sequence and acknowledgement
 * numbers, flags, window, length and payload bytes, hashed to 64 bits. Two captures of one cluster see the
 * same segment with the same key; a retransmission with the same bytes has the same key too (told apart by
 * time, in the capture of its sender). An SCTP packet likewise ({@link #sctpKey}).
 */
public final class Segment {
    private Segment() { }

    static long key(TcpSegment s) {
        long h = 0x9E3779B97F4A7C15L;
        h = mix(h, s.source.high() ^ s.source.low());
        h = mix(h, s.destination.high() ^ s.destination.low());
        h = mix(h, ((long) s.sourcePort << 16) | s.destinationPort);
        h = mix(h, (s.sequence << 32) | s.acknowledgement);
        h = mix(h, ((long) s.flags << 48) | ((long) s.window << 24) | (s.payloadLength + s.missingPayloadLength));
        byte[] p = s.payload;
        int end = s.payloadOffset + s.payloadLength;
        int i = s.payloadOffset;
        for (; i + 8 <= end; i += 8) {
            long w = 0;
            for (int k = 0; k < 8; k++) w = (w << 8) | (p[i + k] & 0xFF);
            h = mix(h, w);
        }
        long w = 0;
        for (; i < end; i++) w = (w << 8) | (p[i] & 0xFF);
        return mix(h, w);
    }

    /**
     * An SCTP packet's key: its addresses (each path of a multi-homed association on its own), its verification
     * tag and every byte after the common header's checksum (ports included, the chunks). The CRC32c itself is left
     * out: with checksum offload the sending host's capture holds a value the card replaced on the wire.
     */
    static long sctpKey(IpPayload p, long verificationTag) {
        long h = 0x9E3779B97F4A7C15L ^ 132;
        h = mix(h, p.source.high() ^ p.source.low());
        h = mix(h, p.destination.high() ^ p.destination.low());
        h = mix(h, verificationTag);
        h = mix(h, (long) p.length + p.missing); // its length on the wire
        byte[] d = p.data;
        int end = p.offset + p.length;
        h = mix(h, p.length >= 4 ? ((d[p.offset] & 0xFFL) << 24) | ((d[p.offset + 1] & 0xFFL) << 16)
                | ((d[p.offset + 2] & 0xFFL) << 8) | (d[p.offset + 3] & 0xFFL) : 0);
        int i = p.offset + 12;
        for (; i + 8 <= end; i += 8) {
            long w = 0;
            for (int k = 0; k < 8; k++) w = (w << 8) | (d[i + k] & 0xFF);
            h = mix(h, w);
        }
        long w = 0;
        for (; i < end; i++) w = (w << 8) | (d[i] & 0xFF);
        return mix(h, w);
    }

    /**
     * A direction of travel: source and destination address and port, as one map key, and whether it is SCTP
     * (a node pair may talk DLM over TCP and SCTP on the same ports at different times).
     */
    public record Direction(IpAddress source, int sourcePort, IpAddress destination, int destinationPort, boolean sctp) {
        static Direction of(NodePacket p) {
            return new Direction(p.source, p.sourcePort, p.destination, p.destinationPort, p.sctp);
        }

        @Override
        public String toString() {
            return source + ":" + sourcePort + " → " + destination + ":" + destinationPort;
        }
    }

    /** The pair of addresses, smaller first: a node pair as the captures see it. */
    public record AddressPair(IpAddress a, IpAddress b) {
        static AddressPair of(IpAddress x, IpAddress y) {
            return x.compareTo(y) <= 0 ? new AddressPair(x, y) : new AddressPair(y, x);
        }
    }

    private static long mix(long h, long v) {
        h ^= v;
        h *= 0xFF51AFD7ED558CCDL;
        return h ^ (h >>> 29);
    }
}
