package org.dlminspect.net;

import static org.dlminspect.net.PacketBytes.be16;
import static org.dlminspect.net.PacketBytes.be32;

import org.dlminspect.DiagnosticSink;
import org.dlminspect.capture.CaptureFrame;

/**
 * Finds the TCP segment in a captured frame: link layer (Ethernet with any stack of 802.1Q/802.1ad tags,
 * Linux cooked v1 and v2, raw IP, BSD loopback), IPv4 with options or IPv6 with its extension header chain,
 * then the TCP header. Every length field is checked against the bytes present before it is used, so no
 * input makes it throw.
 *
 * <p>Frames that are not TCP over IP (ARP, UDP, ICMP, unknown EtherTypes) are not ours and pass silently.
 * Headers whose lengths lie are reported as errors naming the field. A frame the snaplen cut is decoded as
 * far as its bytes go: the payload bytes it lacks are counted in {@link TcpSegment#missingPayloadLength};
 * only when the cut falls before the end of the fixed TCP header is it reported (a note, {@code net.snaplen}).
 * IP fragments are not reassembled (a note, {@code net.ip_fragment}).
 *
 * <p>Diagnostic codes (all name the frame):
 * <ul>
 *   <li>{@code net.linktype} (warn): a link type we do not decode, once per value.
 *   <li>{@code net.truncated} (error): the frame ends inside a header and the snaplen did not cut it.
 *   <li>{@code net.snaplen} (note): the snaplen cut the frame before the end of the fixed TCP header.
 *   <li>{@code net.ip_version} (error): the IP version nibble disagrees with the EtherType, or raw IP is neither 4 nor 6.
 *   <li>{@code net.ip_header_length} (error): IPv4 IHL below 20 bytes.
 *   <li>{@code net.ip_total_length} (error): IPv4 total length below the header length, or an IPv4 total
 *       length / IPv6 payload length beyond the bytes present (or, when cut, beyond the frame on the wire).
 *   <li>{@code net.ip_ext_header} (error): an IPv6 extension header running past the payload length.
 *   <li>{@code net.ip_fragment} (note): an IPv4 or IPv6 fragment of TCP, not reassembled.
 *   <li>{@code net.tcp_header_length} (error): TCP segment shorter than 20 bytes, data offset below 5, or
 *       beyond the segment.
 * </ul>
 *
 * <p>One decoder per pipeline: it remembers which unknown link types it has already reported, so each is
 * reported once. Not thread-safe.
 *
 * <p>The layers are their own classes ({@link LinkLayer}, {@link IpLayer}, then the TCP header here), sharing
 * one {@link FrameDiagnostics}; all are made once per decoder, so decoding a frame allocates nothing but a new
 * IPv6 address.
 */
public final class PacketDecoder {
    private static final int TCP_MIN_HEADER = 20;

    private final FrameDiagnostics diag = new FrameDiagnostics();
    private final LinkLayer link = new LinkLayer();
    private final IpLayer ip = new IpLayer();
    private final IpPayload sctp = new IpPayload();
    private boolean sctpFound;

    /**
     * Decodes {@code frame} into {@code out}.
     *
     * @return true when the frame holds a TCP segment (whatever its ports); {@code out} is then filled, its
     *     payload pointing into the frame's buffer. False for anything else; {@code out} is then unspecified.
     */
    public boolean decode(CaptureFrame frame, TcpSegment out, DiagnosticSink sink) {
        sctpFound = false;
        byte[] d = frame.data();
        int cap = Math.max(0, Math.min(frame.capturedLength(), d.length));
        diag.begin(frame, cap, sink);
        try {
            if (!link.find(frame, d, cap, diag)) {
                return false;
            }
            boolean found = link.ipVersion == 4 ? ip.ipv4(d, cap, link.ipOffset, diag) : ip.ipv6(d, cap, link.ipOffset, diag);
            if (!found) {
                return false;
            }
            if (ip.protocol == IpLayer.PROTO_SCTP) {
                keepSctp(d, cap);
                return false;
            }
            out.source = ip.source;
            out.destination = ip.destination;
            return tcp(d, cap, ip.transportStart, ip.payloadEnd, out);
        } finally {
            diag.end();
        }
    }

    /** Whether the last {@link #decode} found an SCTP packet (then {@link #sctp()} holds it) instead of TCP. */
    public boolean foundSctp() {
        return sctpFound;
    }

    /** The SCTP packet of the last {@link #decode}, valid when {@link #foundSctp()}; points into the frame's buffer. */
    public IpPayload sctp() {
        return sctp;
    }

    /** Keeps the SCTP packet the IP layer found for {@link #sctp()}. */
    private void keepSctp(byte[] d, int cap) {
        int start = ip.transportStart;
        int end = ip.payloadEnd;
        sctp.source = ip.source;
        sctp.destination = ip.destination;
        sctp.protocol = IpLayer.PROTO_SCTP;
        sctp.data = d;
        sctp.offset = Math.min(start, cap);
        sctp.length = Math.max(0, Math.min(end, cap) - start);
        sctp.missing = Math.max(0, end - start - sctp.length);
        sctpFound = true;
    }

    /** The TCP header at {@code t}, the IP payload ending at {@code end}, of {@code d[0, cap)}. */
    private boolean tcp(byte[] d, int cap, int t, int end, TcpSegment out) {
        int segmentLength = end - t;
        if (segmentLength < TCP_MIN_HEADER) {
            return diag.error("net.tcp_header_length",
                    "TCP segment of " + segmentLength + " bytes is shorter than a TCP header (20 bytes)");
        }
        if (t + TCP_MIN_HEADER > cap) {
            return diag.tooShort("TCP header", t + TCP_MIN_HEADER, cap);
        }
        int headerLength = ((d[t + 12] & 0xFF) >>> 4) * 4;
        if (headerLength < TCP_MIN_HEADER) {
            return diag.error("net.tcp_header_length", "TCP header length " + headerLength + " < 20");
        }
        if (headerLength > segmentLength) {
            return diag.error("net.tcp_header_length", "TCP header length " + headerLength + " exceeds the "
                    + segmentLength + "-byte segment");
        }
        out.sourcePort = be16(d, t);
        out.destinationPort = be16(d, t + 2);
        out.sequence = be32(d, t + 4) & 0xFFFFFFFFL;
        out.acknowledgement = be32(d, t + 8) & 0xFFFFFFFFL;
        out.flags = d[t + 13] & 0xFF;
        out.window = be16(d, t + 14);
        int payloadStart = t + headerLength;
        int payloadOnWire = end - payloadStart;
        int present = Math.max(0, Math.min(end, cap) - payloadStart);
        out.payload = d;
        // When the snaplen cut the TCP options, no payload is present: point at the end of the captured bytes.
        out.payloadOffset = Math.min(payloadStart, cap);
        out.payloadLength = present;
        out.missingPayloadLength = payloadOnWire - present;
        return true;
    }
}
