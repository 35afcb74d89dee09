package org.dlminspect.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.capture.LinkType;
import org.dlminspect.testkit.Captures;
import org.dlminspect.testkit.Captures.DiagnosticList;
import org.junit.jupiter.api.Test;

class FrameBuilderTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] NODE1_MAC = HEX.parseHex("fefd0a630001");
    private static final byte[] NODE2_MAC = HEX.parseHex("fefd0a630002");

    /** Frames 1 and 4 of normal.pcap, built again field by field, must come out byte for byte (checksums too). */
    @Test
    void rebuildsRealFramesByteForByte() throws IOException {
        byte[][] real = new byte[5][];
        try (CaptureReader r = CaptureFiles.open(Captures.SHARED.resolve("normal.pcap"), new DiagnosticList())) {
            CaptureFrame f = new CaptureFrame();
            for (int i = 1; i <= 4 && r.next(f); i++) {
                real[i] = Arrays.copyOf(f.data(), f.capturedLength());
            }
        }
        byte[] syn = FrameBuilder.tcp("10.99.0.2", 48933, "10.99.0.1", 21064)
                .macs(NODE2_MAC, NODE1_MAC).ipv4Id(0xabff)
                .seq(1076153073L).ack(0).flags(TcpSegment.SYN).window(64240)
                .tcpOptions(HEX.parseHex("020405b40402080a18be16380000000001030305"))
                .build();
        assertEquals(HEX.formatHex(real[1]), HEX.formatHex(syn));

        byte[] payload = Arrays.copyOfRange(real[4], 66, real[4].length);
        byte[] data = FrameBuilder.tcp("10.99.0.2", 48933, "10.99.0.1", 21064)
                .macs(NODE2_MAC, NODE1_MAC).ipv4Id(0xac01)
                .seq(1076153074L).ack(1673218667L).flags(TcpSegment.PSH | TcpSegment.ACK).window(2008)
                .tcpOptions(HEX.parseHex("0101080a18be163823b3acad")).payload(payload)
                .build();
        assertEquals(HEX.formatHex(real[4]), HEX.formatHex(data));
    }

    @Test
    void ipv4HeaderFields() {
        byte[] f = FrameBuilder.tcp("192.0.2.1", 1, "192.0.2.2", 2).link(LinkType.RAW)
                .ipv4Options(new byte[] {1, 1, 1, 0}).payload(new byte[5]).build();
        assertEquals(24 + 20 + 5, f.length);
        assertEquals(0x46, f[0] & 0xFF, "version 4, IHL 6");
        assertEquals(49, ((f[2] & 0xFF) << 8) | (f[3] & 0xFF), "total length");
        assertEquals(0x40, f[6] & 0xFF, "DF");
        assertEquals(64, f[8] & 0xFF, "TTL");
        assertEquals(6, f[9] & 0xFF, "TCP");
        assertEquals(0, onesComplementSum(f, 0, 24, 0) ^ 0xFFFF, "header checksum");
        assertEquals(0, tcpChecksumResidue(f, 24, false));

        byte[] frag = FrameBuilder.tcp("192.0.2.1", 1, "192.0.2.2", 2).link(LinkType.RAW).ipv4Fragment(1480, true).build();
        assertEquals("20b9", HEX.formatHex(frag, 6, 8), "MF set, DF clear, offset 185 units");
    }

    @Test
    void ipv6WithExtensionHeadersHasAChainAndACorrectChecksum() {
        byte[] f = FrameBuilder.tcp("2001:db8::1", 40000, "2001:db8::2", 21064).link(LinkType.IPV6)
                .ipv6Extension(0, new byte[6])
                .ipv6Extension(43, new byte[14])
                .ipv6Extension(51, new byte[10])
                .ipv6Fragment(0, false, 0x12345678)
                .payload(new byte[] {1, 2, 3, 4, 5, 6, 7})
                .seq(0xFFFFFFFFL).build();
        int chain = 8 + 16 + 12 + 8;
        assertEquals(40 + chain + 20 + 7, f.length);
        assertEquals(0x60, f[0] & 0xFF);
        assertEquals(chain + 27, ((f[4] & 0xFF) << 8) | (f[5] & 0xFF), "payload length");
        assertEquals(0, f[6], "first: hop-by-hop");
        assertEquals(43, f[40], "hop-by-hop -> routing");
        assertEquals(0, f[41], "hop-by-hop length in 8-byte units minus 1");
        assertEquals(51, f[48], "routing -> AH");
        assertEquals(1, f[49]);
        assertEquals(44, f[64], "AH -> fragment");
        assertEquals(1, f[65], "AH length in 4-byte units minus 2");
        assertEquals(6, f[76], "fragment -> TCP");
        assertEquals("12345678", HEX.formatHex(f, 80, 84));
        assertEquals(0, tcpChecksumResidue(f, 40 + chain, true));
    }

    @Test
    void linkLayers() {
        FrameBuilder b = FrameBuilder.tcp("10.0.0.1", 1, "10.0.0.2", 2).macs(NODE1_MAC, NODE2_MAC);
        assertEquals("fefd0a630002" + "fefd0a630001" + "81000005" + "88a80fff" + "0800",
                HEX.formatHex(b.vlan(0x8100, 5).vlan(0x88a8, 0xfff).build(), 0, 22));
        assertEquals(LinkType.ETHERNET, b.linkType());
        assertEquals("0000" + "0001" + "0006" + "fefd0a630001" + "0000" + "0800",
                HEX.formatHex(b.link(LinkType.LINUX_SLL).build(), 0, 16));
        assertEquals("0800" + "0000" + "00000001" + "0001" + "00" + "06" + "fefd0a630001" + "0000",
                HEX.formatHex(b.link(LinkType.LINUX_SLL2).build(), 0, 20));
        assertEquals("02000000", HEX.formatHex(b.link(LinkType.NULL).build(), 0, 4));
        assertEquals("00000002", HEX.formatHex(b.link(LinkType.NULL).nullByteOrder(ByteOrder.BIG_ENDIAN).build(), 0, 4));
        assertEquals("00000002", HEX.formatHex(b.link(LinkType.LOOP).build(), 0, 4));
        assertEquals("0000001e", HEX.formatHex(b.link(LinkType.LOOP).loopbackFamily(30).build(), 0, 4));
        assertEquals(0x45, b.link(LinkType.IPV4).build()[0]);
        assertEquals(40, b.link(LinkType.RAW).build().length);
        byte[] v6 = FrameBuilder.tcp("::1", 1, "::2", 2).link(LinkType.NULL).build();
        assertEquals("18000000", HEX.formatHex(v6, 0, 4));
        byte[] sll6 = FrameBuilder.tcp("::1", 1, "::2", 2).link(LinkType.LINUX_SLL).build();
        assertEquals("86dd", HEX.formatHex(sll6, 14, 16));
    }

    @Test
    void padsShortFrames() {
        byte[] f = FrameBuilder.tcp("10.0.0.1", 1, "10.0.0.2", 2).padTo(60).build();
        assertEquals(60, f.length);
        assertEquals(40, ((f[16] & 0xFF) << 8) | (f[17] & 0xFF), "IP total length excludes the padding");
        assertEquals(80, FrameBuilder.tcp("10.0.0.1", 1, "10.0.0.2", 2).payload(new byte[26]).padTo(60).build().length);
    }

    @Test
    void rejectsMalformedRequests() {
        assertThrows(IllegalArgumentException.class, () -> FrameBuilder.tcp("10.0.0.1", 1, "::1", 2));
        FrameBuilder b = FrameBuilder.tcp("10.0.0.1", 1, "10.0.0.2", 2);
        assertThrows(IllegalArgumentException.class, () -> b.ipv4Options(new byte[3]));
        assertThrows(IllegalArgumentException.class, () -> b.tcpOptions(new byte[44]));
        assertThrows(IllegalArgumentException.class, () -> b.ipv6Extension(60, new byte[5]));
        assertThrows(IllegalArgumentException.class, () -> b.ipv6Extension(51, new byte[2]));
    }

    /** 0 when the TCP checksum at {@code t} is right (computed here independently of the builder). */
    static int tcpChecksumResidue(byte[] f, int t, boolean v6) {
        int length = f.length - t;
        long sum;
        if (v6) {
            sum = onesComplementSum(f, 8, 40, 0) + length + 6;
        } else {
            int ihl = (f[0] & 0x0F) * 4;
            sum = onesComplementSum(f, 12, 20, 0) + length + 6;
            length = (((f[2] & 0xFF) << 8) | (f[3] & 0xFF)) - ihl;
            sum = onesComplementSum(f, 12, 20, 0) + length + 6;
        }
        return onesComplementSum(f, t, t + length, sum) ^ 0xFFFF;
    }

    static int onesComplementSum(byte[] b, int from, int to, long start) {
        long sum = start;
        for (int i = from; i < to; i += 2) {
            int hi = b[i] & 0xFF;
            int lo = i + 1 < to ? b[i + 1] & 0xFF : 0;
            sum += (hi << 8) | lo;
        }
        while (sum > 0xFFFF) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) sum;
    }
}
