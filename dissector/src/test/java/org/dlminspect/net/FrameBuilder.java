package org.dlminspect.net;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dlminspect.capture.LinkType;

/**
 * Builds whole TCP frames byte by byte, for tests, sample captures and benchmarks: a link layer (Ethernet
 * with optional VLAN tags, Linux cooked v1/v2, raw IP, BSD loopback), IPv4 (optional options; DF set, TTL 64,
 * correct header checksum) or IPv6 (optional extension headers), and TCP with a correct checksum over the
 * pseudo-header. Every length field is computed from what was added.
 *
 * <pre>{@code
 * byte[] frame = FrameBuilder.tcp("10.99.0.2", 48933, "10.99.0.1", 21064)
 *         .seq(1076153074).ack(1673218667).flags(TcpSegment.PSH | TcpSegment.ACK).payload(dlmMessage)
 *         .build();
 * }</pre>
 */
public final class FrameBuilder {
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86DD;

    private final IpAddress source;
    private final IpAddress destination;
    private final int sourcePort;
    private final int destinationPort;

    private LinkType link = LinkType.ETHERNET;
    private final List<int[]> vlanTags = new ArrayList<>();
    private byte[] sourceMac = {0x02, 0, 0, 0, 0, 0x01};
    private byte[] destinationMac = {0x02, 0, 0, 0, 0, 0x02};
    private int loopbackFamily = -1;
    private ByteOrder nullByteOrder = ByteOrder.LITTLE_ENDIAN;
    private int minimumLength;

    private byte[] ipv4Options = new byte[0];
    private int ipv4Id;
    private int ipv4FragmentField = 0x4000;
    private final ByteArrayOutputStream ipv6Extensions = new ByteArrayOutputStream();
    private int ipv6FirstExtension = -1;
    private int ipv6LastNextHeaderIndex = -1;

    private long sequence;
    private long acknowledgement;
    private int flags = TcpSegment.ACK;
    private int window = 65535;
    private byte[] tcpOptions = new byte[0];
    private byte[] payload = new byte[0];

    private FrameBuilder(IpAddress source, int sourcePort, IpAddress destination, int destinationPort) {
        if (source.v6() != destination.v6()) {
            throw new IllegalArgumentException("source and destination must both be IPv4 or both IPv6");
        }
        this.source = source;
        this.destination = destination;
        this.sourcePort = sourcePort;
        this.destinationPort = destinationPort;
    }

    /** A TCP segment between two addresses (IPv4 dotted or IPv6 text); an Ethernet frame unless told otherwise. */
    public static FrameBuilder tcp(String source, int sourcePort, String destination, int destinationPort) {
        return tcp(IpAddress.parse(source), sourcePort, IpAddress.parse(destination), destinationPort);
    }

    public static FrameBuilder tcp(IpAddress source, int sourcePort, IpAddress destination, int destinationPort) {
        return new FrameBuilder(source, sourcePort, destination, destinationPort);
    }

    /** The link layer to put in front; for {@link LinkType#IPV4}/{@link LinkType#IPV6}/RAW there is none. */
    public FrameBuilder link(LinkType type) {
        this.link = Objects.requireNonNull(type);
        return this;
    }

    public LinkType linkType() {
        return link;
    }

    /** Adds an Ethernet VLAN tag (outermost first): {@code tpid} 0x8100, 0x88a8 or 0x9100, and the 12-bit VLAN id. */
    public FrameBuilder vlan(int tpid, int vlanId) {
        vlanTags.add(new int[] {tpid, vlanId});
        return this;
    }

    public FrameBuilder macs(byte[] sourceMac, byte[] destinationMac) {
        if (sourceMac.length != 6 || destinationMac.length != 6) {
            throw new IllegalArgumentException("MAC addresses have 6 bytes");
        }
        this.sourceMac = sourceMac.clone();
        this.destinationMac = destinationMac.clone();
        return this;
    }

    /**
     * Address family in the NULL/LOOP header; defaults to 2 for IPv4 and 24 for IPv6 (the BSD value every
     * reader knows; Linux's 10, FreeBSD's 28 and macOS's 30 are also read by {@link PacketDecoder}).
     */
    public FrameBuilder loopbackFamily(int family) {
        this.loopbackFamily = family;
        return this;
    }

    /** Byte order of the NULL header's family (the capturing host's); little-endian by default. */
    public FrameBuilder nullByteOrder(ByteOrder order) {
        this.nullByteOrder = order;
        return this;
    }

    /** Pads the frame with zero bytes to at least this length, as Ethernet pads short frames to 60 bytes. */
    public FrameBuilder padTo(int length) {
        this.minimumLength = length;
        return this;
    }

    /** IPv4 options, a multiple of 4 bytes, at most 40. */
    public FrameBuilder ipv4Options(byte[] options) {
        if (options.length % 4 != 0 || options.length > 40) {
            throw new IllegalArgumentException("IPv4 options must be a multiple of 4 bytes, at most 40");
        }
        this.ipv4Options = options.clone();
        return this;
    }

    public FrameBuilder ipv4Id(int id) {
        this.ipv4Id = id;
        return this;
    }

    /** Makes the IPv4 packet a fragment (DF cleared): fragment offset in bytes (a multiple of 8) and MF. */
    public FrameBuilder ipv4Fragment(int offsetBytes, boolean moreFragments) {
        this.ipv4FragmentField = (offsetBytes / 8) | (moreFragments ? 0x2000 : 0);
        return this;
    }

    /**
     * Appends an IPv6 extension header of type {@code type} (0, 43, 60, 135 … in 8-byte units; 51 AH in
     * 4-byte units). {@code body} is everything after its next-header and length bytes; the length byte is
     * computed, so {@code 2 + body.length} must be a multiple of 8 (of 4 for AH).
     */
    public FrameBuilder ipv6Extension(int type, byte[] body) {
        int total = 2 + body.length;
        int length;
        if (type == 51) {
            if (total % 4 != 0 || total < 12) {
                throw new IllegalArgumentException("an AH header is a multiple of 4 bytes, at least 12");
            }
            length = total / 4 - 2;
        } else {
            if (total % 8 != 0) {
                throw new IllegalArgumentException("an IPv6 extension header is a multiple of 8 bytes");
            }
            length = total / 8 - 1;
        }
        byte[] header = new byte[total];
        header[1] = (byte) length;
        System.arraycopy(body, 0, header, 2, body.length);
        appendExtension(type, header);
        return this;
    }

    /** Appends an IPv6 fragment header: offset in bytes (a multiple of 8), M flag and identification. */
    public FrameBuilder ipv6Fragment(int offsetBytes, boolean moreFragments, int id) {
        byte[] header = ByteBuffer.allocate(8).put((byte) 0).put((byte) 0)
                .putShort((short) ((offsetBytes & 0xFFF8) | (moreFragments ? 1 : 0))).putInt(id).array();
        appendExtension(44, header);
        return this;
    }

    public FrameBuilder seq(long sequence) {
        this.sequence = sequence;
        return this;
    }

    public FrameBuilder ack(long acknowledgement) {
        this.acknowledgement = acknowledgement;
        return this;
    }

    /** TCP flags ({@link TcpSegment#SYN} …); ACK alone by default. */
    public FrameBuilder flags(int flags) {
        this.flags = flags;
        return this;
    }

    public FrameBuilder window(int window) {
        this.window = window;
        return this;
    }

    /** TCP options, a multiple of 4 bytes, at most 40. */
    public FrameBuilder tcpOptions(byte[] options) {
        if (options.length % 4 != 0 || options.length > 40) {
            throw new IllegalArgumentException("TCP options must be a multiple of 4 bytes, at most 40");
        }
        this.tcpOptions = options.clone();
        return this;
    }

    public FrameBuilder payload(byte[] payload) {
        this.payload = payload.clone();
        return this;
    }

    /** The whole frame, link layer first. */
    public byte[] build() {
        byte[] segment = tcpSegment();
        byte[] packet = source.v6() ? ipv6Packet(segment) : ipv4Packet(segment);
        byte[] linkHeader = linkHeader();
        byte[] frame = new byte[Math.max(linkHeader.length + packet.length, minimumLength)];
        System.arraycopy(linkHeader, 0, frame, 0, linkHeader.length);
        System.arraycopy(packet, 0, frame, linkHeader.length, packet.length);
        return frame;
    }

    private void appendExtension(int type, byte[] header) {
        byte[] chain = ipv6Extensions.toByteArray();
        if (ipv6FirstExtension < 0) {
            ipv6FirstExtension = type;
        } else {
            // The previous header's next-header byte names this one.
            chain[ipv6LastNextHeaderIndex] = (byte) type;
            ipv6Extensions.reset();
            ipv6Extensions.writeBytes(chain);
        }
        ipv6LastNextHeaderIndex = chain.length;
        ipv6Extensions.writeBytes(header);
    }

    private byte[] tcpSegment() {
        int headerLength = 20 + tcpOptions.length;
        ByteBuffer b = ByteBuffer.allocate(headerLength + payload.length);
        b.putShort((short) sourcePort).putShort((short) destinationPort)
                .putInt((int) sequence).putInt((int) acknowledgement)
                .put((byte) ((headerLength / 4) << 4)).put((byte) flags)
                .putShort((short) window).putShort((short) 0).putShort((short) 0)
                .put(tcpOptions).put(payload);
        byte[] segment = b.array();
        long sum = pseudoHeaderSum(segment.length);
        int checksum = checksum(segment, 0, segment.length, sum);
        segment[16] = (byte) (checksum >>> 8);
        segment[17] = (byte) checksum;
        return segment;
    }

    private long pseudoHeaderSum(int tcpLength) {
        long sum = 0;
        if (source.v6()) {
            sum += wordsSum(source.high()) + wordsSum(source.low());
            sum += wordsSum(destination.high()) + wordsSum(destination.low());
            sum += (tcpLength >>> 16) + (tcpLength & 0xFFFF);
        } else {
            sum += wordsSum(source.low()) + wordsSum(destination.low());
            sum += tcpLength;
        }
        return sum + 6;
    }

    private static long wordsSum(long v) {
        return ((v >>> 48) & 0xFFFF) + ((v >>> 32) & 0xFFFF) + ((v >>> 16) & 0xFFFF) + (v & 0xFFFF);
    }

    private byte[] ipv4Packet(byte[] segment) {
        int headerLength = 20 + ipv4Options.length;
        ByteBuffer b = ByteBuffer.allocate(headerLength + segment.length);
        b.put((byte) (0x40 | headerLength / 4)).put((byte) 0).putShort((short) (headerLength + segment.length))
                .putShort((short) ipv4Id).putShort((short) ipv4FragmentField)
                .put((byte) 64).put((byte) 6).putShort((short) 0)
                .putInt((int) source.low()).putInt((int) destination.low())
                .put(ipv4Options).put(segment);
        byte[] packet = b.array();
        int checksum = checksum(packet, 0, headerLength, 0);
        packet[10] = (byte) (checksum >>> 8);
        packet[11] = (byte) checksum;
        return packet;
    }

    private byte[] ipv6Packet(byte[] segment) {
        byte[] chain = ipv6Extensions.toByteArray();
        if (ipv6FirstExtension >= 0) {
            chain[ipv6LastNextHeaderIndex] = 6;
        }
        ByteBuffer b = ByteBuffer.allocate(40 + chain.length + segment.length);
        b.putInt(0x60000000).putShort((short) (chain.length + segment.length))
                .put((byte) (ipv6FirstExtension >= 0 ? ipv6FirstExtension : 6)).put((byte) 64)
                .putLong(source.high()).putLong(source.low())
                .putLong(destination.high()).putLong(destination.low())
                .put(chain).put(segment);
        return b.array();
    }

    private byte[] linkHeader() {
        int etherType = source.v6() ? ETHERTYPE_IPV6 : ETHERTYPE_IPV4;
        int family = loopbackFamily >= 0 ? loopbackFamily : source.v6() ? 24 : 2;
        return switch (link) {
            case ETHERNET -> {
                ByteBuffer b = ByteBuffer.allocate(14 + 4 * vlanTags.size());
                b.put(destinationMac).put(sourceMac);
                for (int[] tag : vlanTags) {
                    b.putShort((short) tag[0]).putShort((short) (tag[1] & 0x0FFF));
                }
                yield b.putShort((short) etherType).array();
            }
            case LINUX_SLL -> ByteBuffer.allocate(16)
                    .putShort((short) 0).putShort((short) 1).putShort((short) 6).put(sourceMac).putShort((short) 0)
                    .putShort((short) etherType).array();
            case LINUX_SLL2 -> ByteBuffer.allocate(20)
                    .putShort((short) etherType).putShort((short) 0).putInt(1).putShort((short) 1)
                    .put((byte) 0).put((byte) 6).put(sourceMac).putShort((short) 0).array();
            case RAW, IPV4, IPV6 -> new byte[0];
            case NULL -> ByteBuffer.allocate(4).order(nullByteOrder).putInt(family).array();
            case LOOP -> ByteBuffer.allocate(4).putInt(family).array();
        };
    }

    /** The Internet checksum (RFC 1071) of {@code len} bytes, starting from a partial sum. */
    static int checksum(byte[] b, int off, int len, long initial) {
        long sum = initial;
        int i = off;
        for (; i + 1 < off + len; i += 2) {
            sum += ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
        }
        if (i < off + len) {
            sum += (b[i] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }
}
