package org.dlminspect.net;

import org.dlminspect.DiagnosticSink;
import org.dlminspect.Severity;
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
 */
public final class PacketDecoder {
    // LINKTYPE_* values (LinkType's wire values, as constants for the switch).
    static final int LINKTYPE_NULL = 0;
    static final int LINKTYPE_ETHERNET = 1;
    static final int LINKTYPE_RAW = 101;
    static final int LINKTYPE_LOOP = 108;
    static final int LINKTYPE_LINUX_SLL = 113;
    static final int LINKTYPE_IPV4 = 228;
    static final int LINKTYPE_IPV6 = 229;
    static final int LINKTYPE_LINUX_SLL2 = 276;

    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;
    private static final int ETHERTYPE_VLAN = 0x8100;
    private static final int ETHERTYPE_QINQ = 0x88A8;
    private static final int ETHERTYPE_QINQ_OLD = 0x9100;

    private static final int PROTO_TCP = 6;
    private static final int PROTO_SCTP = 132;
    private static final int IPV6_HOP_BY_HOP = 0;
    private static final int IPV6_ROUTING = 43;
    private static final int IPV6_FRAGMENT = 44;
    private static final int IPV6_AUTH = 51;
    private static final int IPV6_NO_NEXT = 59;
    private static final int IPV6_DEST_OPTS = 60;
    private static final int IPV6_MOBILITY = 135;
    private static final int IPV6_HIP = 139;
    private static final int IPV6_SHIM6 = 140;

    private static final int TCP_MIN_HEADER = 20;

    private static final int V4_CACHE = 64;
    private final IpAddress[] v4Cache = new IpAddress[V4_CACHE];

    private int[] reportedLinkTypes = new int[4];
    private int reportedCount;

    // The frame being decoded (fields rather than a context object, so decoding allocates nothing).
    private CaptureFrame frame;
    private byte[] d;
    private int cap;
    private DiagnosticSink sink;
    private final IpPayload sctp = new IpPayload();
    private boolean sctpFound;

    /**
     * Decodes {@code frame} into {@code out}.
     *
     * @return true when the frame holds a TCP segment (whatever its ports); {@code out} is then filled, its
     *     payload pointing into the frame's buffer. False for anything else; {@code out} is then unspecified.
     */
    public boolean decode(CaptureFrame frame, TcpSegment out, DiagnosticSink sink) {
        this.sctpFound = false;
        this.frame = frame;
        this.d = frame.data();
        this.cap = Math.max(0, Math.min(frame.capturedLength(), d.length));
        this.sink = sink;
        try {
            return linkLayer(out);
        } finally {
            this.frame = null;
            this.d = null;
            this.sink = null;
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

    private boolean linkLayer(TcpSegment out) {
        switch (frame.linkType()) {
            case LINKTYPE_ETHERNET -> {
                if (cap < 14) {
                    return tooShort("Ethernet header", 14, cap);
                }
                return etherType(be16(d, 12), 14, out);
            }
            case LINKTYPE_LINUX_SLL -> {
                if (cap < 16) {
                    return tooShort("Linux cooked (SLL) header", 16, cap);
                }
                return etherType(be16(d, 14), 16, out);
            }
            case LINKTYPE_LINUX_SLL2 -> {
                if (cap < 20) {
                    return tooShort("Linux cooked v2 (SLL2) header", 20, cap);
                }
                return etherType(be16(d, 0), 20, out);
            }
            case LINKTYPE_RAW -> {
                if (cap < 1) {
                    return tooShort("raw IP header", 1, cap);
                }
                int version = (d[0] & 0xFF) >>> 4;
                if (version == 4) {
                    return ipv4(0, out);
                }
                if (version == 6) {
                    return ipv6(0, out);
                }
                return error("net.ip_version", "raw IP packet has IP version " + version + ", neither 4 nor 6");
            }
            case LINKTYPE_IPV4 -> {
                return ipv4(0, out);
            }
            case LINKTYPE_IPV6 -> {
                return ipv6(0, out);
            }
            case LINKTYPE_NULL, LINKTYPE_LOOP -> {
                if (cap < 4) {
                    return tooShort("loopback header", 4, cap);
                }
                int family = be32(d, 0);
                // NULL holds the family in the capturing host's byte order, which the file does not tell.
                if (frame.linkType() == LINKTYPE_NULL && (family & 0xFFFF0000) != 0) {
                    family = Integer.reverseBytes(family);
                }
                return switch (family) {
                    case 2 -> ipv4(4, out);
                    case 10, 24, 28, 30 -> ipv6(4, out);
                    default -> false;
                };
            }
            default -> {
                reportLinkType();
                return false;
            }
        }
    }

    private boolean etherType(int type, int p, TcpSegment out) {
        while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD) {
            if (p + 4 > cap) {
                return tooShort("VLAN tag", p + 4, cap);
            }
            type = be16(d, p + 2);
            p += 4;
        }
        if (type == ETHERTYPE_IPV4) {
            return ipv4(p, out);
        }
        if (type == ETHERTYPE_IPV6) {
            return ipv6(p, out);
        }
        return false;
    }

    private boolean ipv4(int p, TcpSegment out) {
        int present = cap - p;
        if (present < 20) {
            return tooShort("IPv4 header", p + 20, cap);
        }
        int version = (d[p] & 0xFF) >>> 4;
        if (version != 4) {
            return error("net.ip_version", "IPv4 packet has IP version " + version);
        }
        int protocol = d[p + 9] & 0xFF;
        if (protocol != PROTO_TCP && protocol != PROTO_SCTP) {
            return false;
        }
        int headerLength = (d[p] & 0x0F) * 4;
        if (headerLength < 20) {
            return error("net.ip_header_length", "IPv4 header length " + headerLength + " < 20");
        }
        int totalLength = be16(d, p + 2);
        if (totalLength < headerLength) {
            return error("net.ip_total_length",
                    "IPv4 total length " + totalLength + " < header length " + headerLength);
        }
        if (totalLength > present && !checkCutLength("IPv4 total length", totalLength, p)) {
            return false;
        }
        int fragment = be16(d, p + 6);
        if ((fragment & 0x3FFF) != 0) {
            sink.report(frame.number(), Severity.NOTE, "net.ip_fragment",
                    "IPv4 fragment (id " + be16(d, p + 4) + ", offset " + (fragment & 0x1FFF) * 8
                            + ((fragment & 0x2000) != 0 ? ", more fragments" : ", last fragment")
                            + ") not reassembled");
            return false;
        }
        if (headerLength > present) {
            return tooShort("IPv4 header with options", p + headerLength, cap);
        }
        if (protocol == PROTO_SCTP) {
            return sctp(ipv4Address(be32(d, p + 12)), ipv4Address(be32(d, p + 16)), p + headerLength, p + totalLength);
        }
        out.source = ipv4Address(be32(d, p + 12));
        out.destination = ipv4Address(be32(d, p + 16));
        return tcp(p + headerLength, p + totalLength, out);
    }

    private boolean ipv6(int p, TcpSegment out) {
        int present = cap - p;
        if (present < 40) {
            return tooShort("IPv6 header", p + 40, cap);
        }
        int version = (d[p] & 0xFF) >>> 4;
        if (version != 6) {
            return error("net.ip_version", "IPv6 packet has IP version " + version);
        }
        int next = d[p + 6] & 0xFF;
        if (next != PROTO_TCP && next != PROTO_SCTP && !isExtensionHeader(next)) {
            return false;
        }
        int payloadLength = be16(d, p + 4);
        int end = p + 40 + payloadLength;
        if (40 + payloadLength > present
                && !checkCutLength("IPv6 payload length", payloadLength, p + 40)) {
            return false;
        }
        int q = p + 40;
        while (next != PROTO_TCP && next != PROTO_SCTP) {
            int headerLength;
            int after;
            switch (next) {
                case IPV6_HOP_BY_HOP, IPV6_ROUTING, IPV6_DEST_OPTS, IPV6_MOBILITY, IPV6_HIP, IPV6_SHIM6, IPV6_AUTH -> {
                    if (!reach(next, q, 2, end)) {
                        return false;
                    }
                    after = d[q] & 0xFF;
                    int units = d[q + 1] & 0xFF;
                    headerLength = next == IPV6_AUTH ? (units + 2) * 4 : (units + 1) * 8;
                }
                case IPV6_FRAGMENT -> {
                    if (!reach(next, q, 8, end)) {
                        return false;
                    }
                    after = d[q] & 0xFF;
                    int field = be16(d, q + 2);
                    if ((field & 0xFFF9) != 0) {
                        if (after != PROTO_TCP && after != PROTO_SCTP && !isExtensionHeader(after)) {
                            return false;
                        }
                        sink.report(frame.number(), Severity.NOTE, "net.ip_fragment",
                                "IPv6 fragment (id " + Integer.toUnsignedString(be32(d, q + 4)) + ", offset "
                                        + (field & 0xFFF8)
                                        + ((field & 1) != 0 ? ", more fragments" : ", last fragment")
                                        + ") not reassembled");
                        return false;
                    }
                    headerLength = 8;
                }
                default -> {
                    // IPV6_NO_NEXT, UDP, ICMPv6, ESP (encrypted: nothing to read) ...
                    return false;
                }
            }
            if (q + headerLength > end) {
                return error("net.ip_ext_header", "IPv6 extension header " + next + " of " + headerLength
                        + " bytes runs past the payload length " + payloadLength);
            }
            q += headerLength;
            next = after;
        }
        if (next == PROTO_SCTP) {
            return sctp(IpAddress.ipv6(d, p + 8), IpAddress.ipv6(d, p + 24), q, end);
        }
        out.source = IpAddress.ipv6(d, p + 8);
        out.destination = IpAddress.ipv6(d, p + 24);
        return tcp(q, end, out);
    }

    /** Keeps the SCTP packet at [start, end) for {@link #sctp()}; false: it is not a TCP segment. */
    private boolean sctp(IpAddress source, IpAddress destination, int start, int end) {
        sctp.source = source;
        sctp.destination = destination;
        sctp.protocol = PROTO_SCTP;
        sctp.data = d;
        sctp.offset = Math.min(start, cap);
        sctp.length = Math.max(0, Math.min(end, cap) - start);
        sctp.missing = Math.max(0, end - start - sctp.length);
        sctpFound = true;
        return false;
    }

    private boolean tcp(int t, int end, TcpSegment out) {
        int segmentLength = end - t;
        if (segmentLength < TCP_MIN_HEADER) {
            return error("net.tcp_header_length",
                    "TCP segment of " + segmentLength + " bytes is shorter than a TCP header (20 bytes)");
        }
        if (t + TCP_MIN_HEADER > cap) {
            return tooShort("TCP header", t + TCP_MIN_HEADER, cap);
        }
        int headerLength = ((d[t + 12] & 0xFF) >>> 4) * 4;
        if (headerLength < TCP_MIN_HEADER) {
            return error("net.tcp_header_length", "TCP header length " + headerLength + " < 20");
        }
        if (headerLength > segmentLength) {
            return error("net.tcp_header_length", "TCP header length " + headerLength + " exceeds the "
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

    /**
     * The address, reusing the instance made for it recently: a capture holds few addresses, and two
     * allocations per frame were a measurable part of reading one.
     */
    private IpAddress ipv4Address(int address) {
        int slot = (address ^ (address >>> 16)) & (V4_CACHE - 1);
        IpAddress a = v4Cache[slot];
        if (a == null || a.low() != (address & 0xFFFFFFFFL)) {
            a = IpAddress.ipv4(address);
            v4Cache[slot] = a;
        }
        return a;
    }

    private static boolean isExtensionHeader(int next) {
        return switch (next) {
            case IPV6_HOP_BY_HOP, IPV6_ROUTING, IPV6_FRAGMENT, IPV6_AUTH, IPV6_DEST_OPTS, IPV6_MOBILITY, IPV6_HIP,
                 IPV6_SHIM6 -> true;
            default -> false;
        };
    }

    private void reportLinkType() {
        int linkType = frame.linkType();
        for (int i = 0; i < reportedCount; i++) {
            if (reportedLinkTypes[i] == linkType) {
                return;
            }
        }
        if (reportedCount == reportedLinkTypes.length) {
            reportedLinkTypes = java.util.Arrays.copyOf(reportedLinkTypes, reportedCount * 2);
        }
        reportedLinkTypes[reportedCount++] = linkType;
        sink.report(frame.number(), Severity.WARN, "net.linktype", "link type " + linkType
                + " is not decoded; frames of this link type are skipped (reported once)");
    }

    /** The frame ends before a header does: a snaplen cut (note) or a frame too short (error). */
    private boolean tooShort(String header, int needed, int present) {
        if (frame.originalLength() > cap) {
            sink.report(frame.number(), Severity.NOTE, "net.snaplen", "frame cut by the snaplen before the end of its "
                    + header + ": " + present + " of " + needed + " bytes captured");
        } else {
            sink.report(frame.number(), Severity.ERROR, "net.truncated", "frame too short for its " + header + ": "
                    + present + " of " + needed + " bytes present");
        }
        return false;
    }

    private boolean error(String code, String message) {
        sink.report(frame.number(), Severity.ERROR, code, message);
        return false;
    }

    /**
     * An IP length claims more bytes than were captured from {@code start}: fine when the snaplen cut the
     * frame and the claim fits the frame's length on the wire, a lie otherwise. (The message is built only
     * for a lie: snaplen-cut frames take this path for every packet.)
     */
    private boolean checkCutLength(String field, int claimed, int start) {
        if (frame.originalLength() <= cap) {
            return error("net.ip_total_length", field + " " + claimed + " exceeds the " + (cap - start)
                    + " bytes present");
        }
        long onWire = (long) frame.originalLength() - start;
        if (claimed > onWire) {
            return error("net.ip_total_length", field + " " + claimed + " exceeds the " + onWire
                    + " bytes the frame had on the wire");
        }
        return true;
    }

    /** Bytes [q, q + n) of an IPv6 extension header must lie inside the IP payload and the capture. */
    private boolean reach(int header, int q, int n, int end) {
        if (q + n > end) {
            return error("net.ip_ext_header", "IPv6 extension header " + header
                    + " runs past the end of the payload length");
        }
        if (q + n > cap) {
            return tooShort("IPv6 extension header " + header, q + n, cap);
        }
        return true;
    }

    private static int be16(byte[] d, int off) {
        return ((d[off] & 0xFF) << 8) | (d[off + 1] & 0xFF);
    }

    private static int be32(byte[] d, int off) {
        return ((d[off] & 0xFF) << 24) | ((d[off + 1] & 0xFF) << 16) | ((d[off + 2] & 0xFF) << 8) | (d[off + 3] & 0xFF);
    }
}
