package org.dlminspect.net;

import java.util.Arrays;
import org.dlminspect.capture.CaptureFrame;

/**
 * Finds the IP packet in a frame by its link type: Ethernet with any stack of 802.1Q/802.1ad tags, Linux cooked
 * v1 (SLL) and v2 (SLL2), raw IP, bare IPv4/IPv6 and BSD loopback. Frames of other EtherTypes or families are not
 * ours and pass silently; a link type it does not decode is reported once ({@code net.linktype}).
 *
 * <p>One per {@link PacketDecoder}: {@link #find} leaves where the IP header is in {@link #ipOffset} and the IP
 * version the link layer announces in {@link #ipVersion}, so nothing is allocated per frame.
 */
final class LinkLayer {
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

    /** Offset of the IP header found by the last {@link #find}. */
    int ipOffset;
    /** 4 or 6: the IP version the link layer says follows. */
    int ipVersion;

    private int[] reportedLinkTypes = new int[4];
    private int reportedCount;

    /** Whether {@code d[0, cap)} of {@code frame} holds an IP packet; then {@link #ipOffset} and {@link #ipVersion} say where and which. */
    boolean find(CaptureFrame frame, byte[] d, int cap, FrameDiagnostics diag) {
        switch (frame.linkType()) {
            case LINKTYPE_ETHERNET -> {
                if (cap < 14) {
                    return diag.tooShort("Ethernet header", 14, cap);
                }
                return etherType(d, cap, PacketBytes.be16(d, 12), 14, diag);
            }
            case LINKTYPE_LINUX_SLL -> {
                if (cap < 16) {
                    return diag.tooShort("Linux cooked (SLL) header", 16, cap);
                }
                return etherType(d, cap, PacketBytes.be16(d, 14), 16, diag);
            }
            case LINKTYPE_LINUX_SLL2 -> {
                if (cap < 20) {
                    return diag.tooShort("Linux cooked v2 (SLL2) header", 20, cap);
                }
                return etherType(d, cap, PacketBytes.be16(d, 0), 20, diag);
            }
            case LINKTYPE_RAW -> {
                if (cap < 1) {
                    return diag.tooShort("raw IP header", 1, cap);
                }
                int version = (d[0] & 0xFF) >>> 4;
                if (version == 4 || version == 6) {
                    return ip(version, 0);
                }
                return diag.error("net.ip_version", "raw IP packet has IP version " + version + ", neither 4 nor 6");
            }
            case LINKTYPE_IPV4 -> {
                return ip(4, 0);
            }
            case LINKTYPE_IPV6 -> {
                return ip(6, 0);
            }
            case LINKTYPE_NULL, LINKTYPE_LOOP -> {
                if (cap < 4) {
                    return diag.tooShort("loopback header", 4, cap);
                }
                int family = PacketBytes.be32(d, 0);
                // NULL holds the family in the capturing host's byte order, which the file does not tell.
                if (frame.linkType() == LINKTYPE_NULL && (family & 0xFFFF0000) != 0) {
                    family = Integer.reverseBytes(family);
                }
                return switch (family) {
                    case 2 -> ip(4, 4);
                    case 10, 24, 28, 30 -> ip(6, 4);
                    default -> false;
                };
            }
            default -> {
                reportLinkType(frame.linkType(), diag);
                return false;
            }
        }
    }

    private boolean ip(int version, int offset) {
        ipVersion = version;
        ipOffset = offset;
        return true;
    }

    private boolean etherType(byte[] d, int cap, int type, int p, FrameDiagnostics diag) {
        while (type == ETHERTYPE_VLAN || type == ETHERTYPE_QINQ || type == ETHERTYPE_QINQ_OLD) {
            if (p + 4 > cap) {
                return diag.tooShort("VLAN tag", p + 4, cap);
            }
            type = PacketBytes.be16(d, p + 2);
            p += 4;
        }
        if (type == ETHERTYPE_IPV4) {
            return ip(4, p);
        }
        if (type == ETHERTYPE_IPV6) {
            return ip(6, p);
        }
        return false;
    }

    private void reportLinkType(int linkType, FrameDiagnostics diag) {
        for (int i = 0; i < reportedCount; i++) {
            if (reportedLinkTypes[i] == linkType) {
                return;
            }
        }
        if (reportedCount == reportedLinkTypes.length) {
            reportedLinkTypes = Arrays.copyOf(reportedLinkTypes, reportedCount * 2);
        }
        reportedLinkTypes[reportedCount++] = linkType;
        diag.warn("net.linktype", "link type " + linkType
                + " is not decoded; frames of this link type are skipped (reported once)");
    }
}
