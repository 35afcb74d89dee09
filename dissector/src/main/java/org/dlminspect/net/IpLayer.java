package org.dlminspect.net;

import static org.dlminspect.net.PacketBytes.be16;
import static org.dlminspect.net.PacketBytes.be32;

/**
 * Finds the TCP or SCTP packet inside an IP packet: IPv4 with options, or IPv6 with its extension header chain.
 * Every length is checked against the bytes present (and, when the snaplen cut the frame, against its length on
 * the wire) before it is used. Other protocols are not ours and pass silently; fragments are not reassembled
 * ({@code net.ip_fragment}, a note).
 *
 * <p>One per {@link PacketDecoder}: a successful {@link #ipv4} or {@link #ipv6} leaves the addresses, the
 * protocol and where the transport header starts and the IP payload ends in its fields.
 */
final class IpLayer {
    static final int PROTO_TCP = 6;
    static final int PROTO_SCTP = 132;
    private static final int IPV6_HOP_BY_HOP = 0;
    private static final int IPV6_ROUTING = 43;
    private static final int IPV6_FRAGMENT = 44;
    private static final int IPV6_AUTH = 51;
    private static final int IPV6_DEST_OPTS = 60;
    private static final int IPV6_MOBILITY = 135;
    private static final int IPV6_HIP = 139;
    private static final int IPV6_SHIM6 = 140;

    private static final int V4_CACHE = 64;
    private final IpAddress[] v4Cache = new IpAddress[V4_CACHE];

    IpAddress source;
    IpAddress destination;
    /** {@link #PROTO_TCP} or {@link #PROTO_SCTP}. */
    int protocol;
    /** Offset of the transport header. */
    int transportStart;
    /** Offset just after the IP payload as its length field says (may lie beyond the captured bytes). */
    int payloadEnd;

    /** The IPv4 packet at {@code p} of {@code d[0, cap)}: true when it carries an unfragmented TCP or SCTP packet. */
    boolean ipv4(byte[] d, int cap, int p, FrameDiagnostics diag) {
        int present = cap - p;
        if (present < 20) {
            return diag.tooShort("IPv4 header", p + 20, cap);
        }
        int version = (d[p] & 0xFF) >>> 4;
        if (version != 4) {
            return diag.error("net.ip_version", "IPv4 packet has IP version " + version);
        }
        int proto = d[p + 9] & 0xFF;
        if (proto != PROTO_TCP && proto != PROTO_SCTP) {
            return false;
        }
        int headerLength = (d[p] & 0x0F) * 4;
        if (headerLength < 20) {
            return diag.error("net.ip_header_length", "IPv4 header length " + headerLength + " < 20");
        }
        int totalLength = be16(d, p + 2);
        if (totalLength < headerLength) {
            return diag.error("net.ip_total_length",
                    "IPv4 total length " + totalLength + " < header length " + headerLength);
        }
        if (totalLength > present && !diag.checkCutLength("IPv4 total length", totalLength, p)) {
            return false;
        }
        int fragment = be16(d, p + 6);
        if ((fragment & 0x3FFF) != 0) {
            return diag.note("net.ip_fragment",
                    "IPv4 fragment (id " + be16(d, p + 4) + ", offset " + (fragment & 0x1FFF) * 8
                            + ((fragment & 0x2000) != 0 ? ", more fragments" : ", last fragment")
                            + ") not reassembled");
        }
        if (headerLength > present) {
            return diag.tooShort("IPv4 header with options", p + headerLength, cap);
        }
        return found(proto, ipv4Address(be32(d, p + 12)), ipv4Address(be32(d, p + 16)), p + headerLength, p + totalLength);
    }

    /** The IPv6 packet at {@code p} of {@code d[0, cap)}: true when its header chain leads to unfragmented TCP or SCTP. */
    boolean ipv6(byte[] d, int cap, int p, FrameDiagnostics diag) {
        int present = cap - p;
        if (present < 40) {
            return diag.tooShort("IPv6 header", p + 40, cap);
        }
        int version = (d[p] & 0xFF) >>> 4;
        if (version != 6) {
            return diag.error("net.ip_version", "IPv6 packet has IP version " + version);
        }
        int next = d[p + 6] & 0xFF;
        if (next != PROTO_TCP && next != PROTO_SCTP && !isExtensionHeader(next)) {
            return false;
        }
        int payloadLength = be16(d, p + 4);
        int end = p + 40 + payloadLength;
        if (40 + payloadLength > present
                && !diag.checkCutLength("IPv6 payload length", payloadLength, p + 40)) {
            return false;
        }
        int q = p + 40;
        while (next != PROTO_TCP && next != PROTO_SCTP) {
            int headerLength;
            int after;
            switch (next) {
                case IPV6_HOP_BY_HOP, IPV6_ROUTING, IPV6_DEST_OPTS, IPV6_MOBILITY, IPV6_HIP, IPV6_SHIM6, IPV6_AUTH -> {
                    if (!reach(next, q, 2, end, cap, diag)) {
                        return false;
                    }
                    after = d[q] & 0xFF;
                    int units = d[q + 1] & 0xFF;
                    headerLength = next == IPV6_AUTH ? (units + 2) * 4 : (units + 1) * 8;
                }
                case IPV6_FRAGMENT -> {
                    if (!reach(next, q, 8, end, cap, diag)) {
                        return false;
                    }
                    after = d[q] & 0xFF;
                    int field = be16(d, q + 2);
                    if ((field & 0xFFF9) != 0) {
                        if (after != PROTO_TCP && after != PROTO_SCTP && !isExtensionHeader(after)) {
                            return false;
                        }
                        return diag.note("net.ip_fragment",
                                "IPv6 fragment (id " + Integer.toUnsignedString(be32(d, q + 4)) + ", offset "
                                        + (field & 0xFFF8)
                                        + ((field & 1) != 0 ? ", more fragments" : ", last fragment")
                                        + ") not reassembled");
                    }
                    headerLength = 8;
                }
                default -> {
                    // IPV6_NO_NEXT, UDP, ICMPv6, ESP (encrypted: nothing to read) ...
                    return false;
                }
            }
            if (q + headerLength > end) {
                return diag.error("net.ip_ext_header", "IPv6 extension header " + next + " of " + headerLength
                        + " bytes runs past the payload length " + payloadLength);
            }
            q += headerLength;
            next = after;
        }
        return found(next, IpAddress.ipv6(d, p + 8), IpAddress.ipv6(d, p + 24), q, end);
    }

    private boolean found(int proto, IpAddress src, IpAddress dst, int start, int end) {
        protocol = proto;
        source = src;
        destination = dst;
        transportStart = start;
        payloadEnd = end;
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

    /** Bytes [q, q + n) of an IPv6 extension header must lie inside the IP payload and the capture. */
    private static boolean reach(int header, int q, int n, int end, int cap, FrameDiagnostics diag) {
        if (q + n > end) {
            return diag.error("net.ip_ext_header", "IPv6 extension header " + header
                    + " runs past the end of the payload length");
        }
        if (q + n > cap) {
            return diag.tooShort("IPv6 extension header " + header, q + n, cap);
        }
        return true;
    }
}
