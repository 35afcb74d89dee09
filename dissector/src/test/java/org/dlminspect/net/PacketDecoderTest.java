package org.dlminspect.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.dlminspect.Diagnostic;
import org.dlminspect.Severity;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.LinkType;
import org.dlminspect.testkit.Captures;
import org.dlminspect.testkit.Captures.DiagnosticList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Link layers, IP versions, and every length the decoder must not believe. */
class PacketDecoderTest {
    private static final byte[] PAYLOAD = "DLM payload bytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final PacketDecoder decoder = new PacketDecoder();
    private final DiagnosticList sink = new DiagnosticList();
    private final TcpSegment seg = new TcpSegment();

    private static FrameBuilder v4() {
        return FrameBuilder.tcp("10.99.0.2", 48933, "10.99.0.1", 21064)
                .seq(0xFFFFFFF0L).ack(0x80000001L).flags(TcpSegment.PSH | TcpSegment.ACK).window(2008).payload(PAYLOAD);
    }

    private static FrameBuilder v6() {
        return FrameBuilder.tcp("2001:db8::2", 48933, "2001:db8::1", 21064)
                .seq(12345).ack(67890).flags(TcpSegment.SYN | TcpSegment.ACK).window(65535).payload(PAYLOAD);
    }

    private boolean decode(LinkType link, byte[] frame) {
        return decoder.decode(Captures.frame(link, frame), seg, sink);
    }

    private boolean decode(int linkType, byte[] captured, int originalLength) {
        return decoder.decode(Captures.frame(linkType, captured, originalLength, 7), seg, sink);
    }

    private void assertV4Segment() {
        assertEquals(IpAddress.parse("10.99.0.2"), seg.source);
        assertEquals(IpAddress.parse("10.99.0.1"), seg.destination);
        assertEquals(48933, seg.sourcePort);
        assertEquals(21064, seg.destinationPort);
        assertEquals(4294967280L, seg.sequence);
        assertEquals(2147483649L, seg.acknowledgement);
        assertEquals(TcpSegment.PSH | TcpSegment.ACK, seg.flags);
        assertEquals(2008, seg.window);
        assertPayload(PAYLOAD);
    }

    private void assertPayload(byte[] expected) {
        assertEquals(expected.length, seg.payloadLength);
        assertEquals(0, seg.missingPayloadLength);
        assertArrayEquals(expected, Arrays.copyOfRange(seg.payload(), seg.payloadOffset, seg.payloadOffset + seg.payloadLength));
    }

    private void assertV6Segment() {
        assertEquals(IpAddress.parse("2001:db8::2"), seg.source);
        assertEquals(IpAddress.parse("2001:db8::1"), seg.destination);
        assertTrue(seg.source.v6());
        assertEquals(48933, seg.sourcePort);
        assertEquals(21064, seg.destinationPort);
        assertEquals(12345, seg.sequence);
        assertEquals(67890, seg.acknowledgement);
        assertEquals(TcpSegment.SYN | TcpSegment.ACK, seg.flags);
        assertEquals(65535, seg.window);
        assertPayload(PAYLOAD);
    }

    @ParameterizedTest
    @EnumSource(value = LinkType.class, mode = EnumSource.Mode.EXCLUDE, names = "IPV6")
    void decodesIpv4OnEveryLinkType(LinkType link) {
        assertTrue(decode(link, v4().link(link).build()), sink.all()::toString);
        assertV4Segment();
        assertTrue(sink.isEmpty());
    }

    @ParameterizedTest
    @EnumSource(value = LinkType.class, names = {"ETHERNET", "LINUX_SLL", "LINUX_SLL2", "RAW", "IPV6", "NULL", "LOOP"})
    void decodesIpv6OnEveryLinkType(LinkType link) {
        assertTrue(decode(link, v6().link(link).build()), sink.all()::toString);
        assertV6Segment();
        assertTrue(sink.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 24, 28, 30})
    void loopbackHeadersNameIpv6WithAnyBsdOrLinuxFamilyInEitherByteOrder(int family) {
        assertTrue(decode(LinkType.NULL, v6().link(LinkType.NULL).loopbackFamily(family).build()));
        assertV6Segment();
        assertTrue(decode(LinkType.NULL, v6().link(LinkType.NULL).loopbackFamily(family)
                .nullByteOrder(ByteOrder.BIG_ENDIAN).build()));
        assertV6Segment();
        assertTrue(decode(LinkType.LOOP, v6().link(LinkType.LOOP).loopbackFamily(family).build()));
        assertV6Segment();
        assertTrue(sink.isEmpty());
    }

    @Test
    void nullHeadersInBigEndianAndOtherFamilies() {
        assertTrue(decode(LinkType.NULL, v4().link(LinkType.NULL).nullByteOrder(ByteOrder.BIG_ENDIAN).build()));
        assertV4Segment();
        assertFalse(decode(LinkType.NULL, v4().link(LinkType.NULL).loopbackFamily(7).build()));
        // LOOP is always network order: a little-endian family is some other family there.
        byte[] le = v4().link(LinkType.NULL).build();
        assertFalse(decode(LinkType.LOOP, le));
        assertTrue(sink.isEmpty());
    }

    @Test
    void rawIpWithAnotherVersionIsAnError() {
        byte[] f = v4().link(LinkType.RAW).build();
        f[0] = 0x55;
        assertFalse(decode(LinkType.RAW, f));
        assertEquals(new Diagnostic(1, Severity.ERROR, "net.ip_version", "raw IP packet has IP version 5, neither 4 nor 6"),
                sink.single());
    }

    @Test
    void anEtherTypeThatDisagreesWithTheIpVersionIsAnError() {
        byte[] f = v4().build();
        f[14] = 0x65;
        assertFalse(decode(LinkType.ETHERNET, f));
        assertEquals(new Diagnostic(1, Severity.ERROR, "net.ip_version", "IPv4 packet has IP version 6"), sink.single());
    }

    @Test
    void vlanTagsOfEveryKindAndDepth() {
        assertTrue(decode(LinkType.ETHERNET, v4().vlan(0x8100, 100).build()));
        assertV4Segment();
        assertTrue(decode(LinkType.ETHERNET, v4().vlan(0x88a8, 10).vlan(0x8100, 20).build()));
        assertV4Segment();
        assertTrue(decode(LinkType.ETHERNET, v6().vlan(0x9100, 1).vlan(0x88a8, 2).vlan(0x8100, 3).vlan(0x8100, 4).build()));
        assertV6Segment();
        assertTrue(sink.isEmpty());
    }

    @Test
    void framesThatAreNotTcpOverIpPassSilently() {
        byte[] arp = v4().build();
        arp[12] = 0x08;
        arp[13] = 0x06;
        assertFalse(decode(LinkType.ETHERNET, arp));
        byte[] llc = v4().build();
        llc[12] = 0x00;
        llc[13] = 0x40;
        assertFalse(decode(LinkType.ETHERNET, llc));
        byte[] udp = v4().build();
        udp[14 + 9] = 17;
        assertFalse(decode(LinkType.ETHERNET, udp));
        byte[] icmp6 = v6().build();
        icmp6[14 + 6] = 58;
        assertFalse(decode(LinkType.ETHERNET, icmp6));
        byte[] vlanArp = v4().vlan(0x8100, 5).build();
        vlanArp[16] = 0x08;
        vlanArp[17] = 0x06;
        assertFalse(decode(LinkType.ETHERNET, vlanArp));
        byte[] sllOther = v4().link(LinkType.LINUX_SLL).build();
        sllOther[15] = 0x04;
        assertFalse(decode(LinkType.LINUX_SLL, sllOther));
        assertTrue(sink.isEmpty(), sink.all()::toString);
    }

    @Test
    void anUnknownLinkTypeIsReportedOncePerValue() {
        byte[] f = v4().build();
        assertFalse(decode(147, f, f.length));
        assertFalse(decode(147, f, f.length));
        assertFalse(decode(12, f, f.length));
        assertFalse(decode(147, f, f.length));
        assertEquals(List.of(
                new Diagnostic(7, Severity.WARN, "net.linktype",
                        "link type 147 is not decoded; frames of this link type are skipped (reported once)"),
                new Diagnostic(7, Severity.WARN, "net.linktype",
                        "link type 12 is not decoded; frames of this link type are skipped (reported once)")),
                sink.all());
        for (int lt = 300; lt < 310; lt++) {
            decode(lt, f, f.length);
        }
        assertEquals(12, sink.all().size());
        assertFalse(decode(305, f, f.length));
        assertEquals(12, sink.all().size());
    }

    @Test
    void ipv4OptionsMoveTheTcpHeader() {
        byte[] options = {(byte) 0x94, 0x04, 0, 0, 1, 1, 1, 0}; // router alert, NOPs, end
        assertTrue(decode(LinkType.ETHERNET, v4().ipv4Options(options).build()));
        assertV4Segment();
        assertEquals(14 + 28 + 20, seg.payloadOffset);
    }

    @Test
    void tcpOptionsMoveThePayload() {
        assertTrue(decode(LinkType.ETHERNET, v4().tcpOptions(new byte[] {1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2}).build()));
        assertV4Segment();
        assertEquals(14 + 20 + 32, seg.payloadOffset);
    }

    @Test
    void ethernetPaddingIsNotPayload() {
        byte[] f = FrameBuilder.tcp("10.99.0.2", 48933, "10.99.0.1", 21064).padTo(60).build();
        Arrays.fill(f, 54, 60, (byte) 0xEE);
        assertTrue(decode(LinkType.ETHERNET, f));
        assertEquals(0, seg.payloadLength);
        assertEquals(0, seg.missingPayloadLength);
        byte[] small = FrameBuilder.tcp("10.99.0.2", 48933, "10.99.0.1", 21064).payload(new byte[] {9, 9}).padTo(60).build();
        assertTrue(decode(LinkType.ETHERNET, small));
        assertPayload(new byte[] {9, 9});
        assertTrue(sink.isEmpty());
    }

    @Test
    void ipv6ExtensionHeaderChain() {
        byte[] f = v6().ipv6Extension(0, new byte[6]).ipv6Extension(43, new byte[22]).ipv6Extension(60, new byte[14])
                .ipv6Extension(51, new byte[18]).ipv6Fragment(0, false, 77).ipv6Extension(135, new byte[6]).build();
        assertTrue(decode(LinkType.ETHERNET, f), sink.all()::toString);
        assertV6Segment();
        assertEquals(14 + 40 + 8 + 24 + 16 + 20 + 8 + 8 + 20, seg.payloadOffset);
        assertTrue(sink.isEmpty());
    }

    @Test
    void ipv6NoNextHeaderAndUnknownHeadersAreNotOurs() {
        byte[] f = v6().ipv6Extension(60, new byte[6]).build();
        f[14 + 40] = 59;
        assertFalse(decode(LinkType.ETHERNET, f));
        f[14 + 40] = 17;
        assertFalse(decode(LinkType.ETHERNET, f));
        f[14 + 40] = 50; // ESP: the rest is encrypted
        assertFalse(decode(LinkType.ETHERNET, f));
        assertTrue(sink.isEmpty());
    }

    @Test
    void ipv6FragmentsAreNotReassembled() {
        assertFalse(decode(LinkType.ETHERNET, v6().ipv6Fragment(0, true, 0x1234).build()));
        assertFalse(decode(LinkType.ETHERNET, v6().ipv6Fragment(1448, false, 0x1234).build()));
        assertEquals(List.of(
                new Diagnostic(1, Severity.NOTE, "net.ip_fragment",
                        "IPv6 fragment (id 4660, offset 0, more fragments) not reassembled"),
                new Diagnostic(1, Severity.NOTE, "net.ip_fragment",
                        "IPv6 fragment (id 4660, offset 1448, last fragment) not reassembled")), sink.all());
        byte[] udpFragment = v6().ipv6Fragment(8, true, 1).build();
        udpFragment[14 + 40] = 17;
        assertFalse(decode(LinkType.ETHERNET, udpFragment));
        assertEquals(2, sink.all().size(), "a fragment of UDP is not ours");
    }

    @Test
    void ipv4FragmentsAreNotReassembled() {
        assertFalse(decode(LinkType.ETHERNET, v4().ipv4Id(99).ipv4Fragment(0, true).build()));
        assertFalse(decode(LinkType.ETHERNET, v4().ipv4Id(99).ipv4Fragment(1480, false).build()));
        assertEquals(List.of(
                new Diagnostic(1, Severity.NOTE, "net.ip_fragment",
                        "IPv4 fragment (id 99, offset 0, more fragments) not reassembled"),
                new Diagnostic(1, Severity.NOTE, "net.ip_fragment",
                        "IPv4 fragment (id 99, offset 1480, last fragment) not reassembled")), sink.all());
        byte[] df = v4().build();
        assertEquals(0x40, df[20] & 0xFF);
        assertTrue(decode(LinkType.ETHERNET, df), "DF alone is no fragment");
    }

    // ---- lengths that lie ----

    @Test
    void ipv4HeaderLengthBelowTwenty() {
        byte[] f = v4().build();
        f[14] = 0x43;
        assertFalse(decode(LinkType.ETHERNET, f));
        assertEquals(new Diagnostic(1, Severity.ERROR, "net.ip_header_length", "IPv4 header length 12 < 20"), sink.single());
    }

    @Test
    void ipv4TotalLengthBelowTheHeaderLength() {
        byte[] f = v4().build();
        f[16] = 0;
        f[17] = 16;
        assertFalse(decode(LinkType.ETHERNET, f));
        assertEquals(new Diagnostic(1, Severity.ERROR, "net.ip_total_length", "IPv4 total length 16 < header length 20"),
                sink.single());
    }

    @Test
    void ipv4TotalLengthBeyondTheFrame() {
        byte[] f = FrameBuilder.tcp("10.0.0.1", 1, "10.0.0.2", 2).padTo(60).build();
        f[16] = 0x05;
        f[17] = (byte) 0xDC;
        assertFalse(decode(LinkType.ETHERNET, f));
        assertEquals(new Diagnostic(1, Severity.ERROR, "net.ip_total_length", "IPv4 total length 1500 exceeds the 46 bytes present"),
                sink.single());
    }

    @Test
    void ipv4TotalLengthBeyondTheFrameOnTheWireEvenWhenCut() {
        byte[] f = v4().build();
        f[16] = 0x05;
        f[17] = (byte) 0xDC;
        assertFalse(decode(1, Arrays.copyOf(f, 60), 100));
        assertEquals(new Diagnostic(7, Severity.ERROR, "net.ip_total_length",
                "IPv4 total length 1500 exceeds the 86 bytes the frame had on the wire"), sink.single());
    }

    @Test
    void tcpSegmentShorterThanATcpHeader() {
        byte[] f = v4().build();
        f[16] = 0;
        f[17] = 30;
        assertFalse(decode(LinkType.ETHERNET, f));
        assertEquals(new Diagnostic(1, Severity.ERROR, "net.tcp_header_length",
                "TCP segment of 10 bytes is shorter than a TCP header (20 bytes)"), sink.single());
    }

    @Test
    void tcpDataOffsetBelowFive() {
        byte[] f = v4().build();
        f[14 + 20 + 12] = 0x40;
        assertFalse(decode(LinkType.ETHERNET, f));
        assertEquals(new Diagnostic(1, Severity.ERROR, "net.tcp_header_length", "TCP header length 16 < 20"), sink.single());
    }

    @Test
    void tcpDataOffsetBeyondTheSegment() {
        byte[] f = FrameBuilder.tcp("10.0.0.1", 1, "10.0.0.2", 2).payload(new byte[8]).build();
        f[14 + 20 + 12] = (byte) 0xF0;
        assertFalse(decode(LinkType.ETHERNET, f));
        assertEquals(new Diagnostic(1, Severity.ERROR, "net.tcp_header_length",
                "TCP header length 60 exceeds the 28-byte segment"), sink.single());
    }

    @Test
    void ipv6PayloadLengthBeyondTheFrame() {
        byte[] f = v6().build();
        f[14 + 4] = 0x10;
        f[14 + 5] = 0;
        assertFalse(decode(LinkType.ETHERNET, f));
        assertEquals(new Diagnostic(1, Severity.ERROR, "net.ip_total_length",
                "IPv6 payload length 4096 exceeds the 37 bytes present"), sink.single());
    }

    @Test
    void ipv6ExtensionHeaderBeyondThePayloadLength() {
        byte[] f = v6().ipv6Extension(60, new byte[6]).build();
        f[14 + 41] = 10; // 88 bytes of destination options in a 45-byte payload
        assertFalse(decode(LinkType.ETHERNET, f));
        assertEquals(new Diagnostic(1, Severity.ERROR, "net.ip_ext_header",
                "IPv6 extension header 60 of 88 bytes runs past the payload length 45"), sink.single());
    }

    @Test
    void framesTooShortForTheirHeaders() {
        byte[] f = v4().build();
        assertFalse(decode(LinkType.ETHERNET, Arrays.copyOf(f, 10)));
        assertFalse(decode(LinkType.ETHERNET, Arrays.copyOf(f, 30)));
        assertFalse(decode(LinkType.LINUX_SLL, Arrays.copyOf(f, 15)));
        assertFalse(decode(LinkType.LINUX_SLL2, Arrays.copyOf(f, 19)));
        assertFalse(decode(LinkType.NULL, Arrays.copyOf(f, 3)));
        assertFalse(decode(LinkType.RAW, new byte[0]));
        assertFalse(decode(LinkType.ETHERNET, Arrays.copyOf(v6().build(), 50)));
        assertFalse(decode(LinkType.ETHERNET, Arrays.copyOf(v4().vlan(0x8100, 1).build(), 16)));
        assertEquals(List.of(
                "frame too short for its Ethernet header: 10 of 14 bytes present",
                "frame too short for its IPv4 header: 30 of 34 bytes present",
                "frame too short for its Linux cooked (SLL) header: 15 of 16 bytes present",
                "frame too short for its Linux cooked v2 (SLL2) header: 19 of 20 bytes present",
                "frame too short for its loopback header: 3 of 4 bytes present",
                "frame too short for its raw IP header: 0 of 1 bytes present",
                "frame too short for its IPv6 header: 50 of 54 bytes present",
                "frame too short for its VLAN tag: 16 of 18 bytes present"),
                sink.all().stream().map(Diagnostic::message).toList());
        assertTrue(sink.all().stream().allMatch(d -> d.code().equals("net.truncated") && d.severity() == Severity.ERROR));
    }

    // ---- snaplen ----

    @Test
    void aSnaplenCutInsideThePayloadCountsTheMissingBytes() {
        byte[] f = v4().build();
        assertTrue(decode(1, Arrays.copyOf(f, 60), f.length));
        assertEquals(6, seg.payloadLength);
        assertEquals(PAYLOAD.length - 6, seg.missingPayloadLength);
        assertEquals(4294967280L + PAYLOAD.length - (1L << 32), seg.endSequence());
        assertTrue(sink.isEmpty());
    }

    @Test
    void aSnaplenCutInsideTcpOptionsStillDecodesTheFixedHeader() {
        byte[] f = v4().tcpOptions(new byte[12]).build();
        assertTrue(decode(1, Arrays.copyOf(f, 60), f.length));
        assertEquals(48933, seg.sourcePort);
        assertEquals(4294967280L, seg.sequence);
        assertEquals(0, seg.payloadLength);
        assertEquals(PAYLOAD.length, seg.missingPayloadLength);
        assertEquals(60, seg.payloadOffset, "no further than the captured bytes");
        assertTrue(sink.isEmpty());
    }

    @Test
    void aSnaplenCutBeforeTheTcpHeaderIsANote() {
        byte[] f = v4().build();
        assertFalse(decode(1, Arrays.copyOf(f, 40), f.length));
        assertFalse(decode(1, Arrays.copyOf(f, 20), f.length));
        assertFalse(decode(1, Arrays.copyOf(v4().ipv4Options(new byte[8]).build(), 38), f.length + 8));
        assertFalse(decode(1, Arrays.copyOf(v6().ipv6Extension(0, new byte[14]).build(), 55), 200));
        // The extension header's own bytes are not needed, only its next-header and length.
        assertFalse(decode(1, Arrays.copyOf(v6().ipv6Extension(0, new byte[14]).build(), 60), 200));
        assertEquals(List.of(
                new Diagnostic(7, Severity.NOTE, "net.snaplen",
                        "frame cut by the snaplen before the end of its TCP header: 40 of 54 bytes captured"),
                new Diagnostic(7, Severity.NOTE, "net.snaplen",
                        "frame cut by the snaplen before the end of its IPv4 header: 20 of 34 bytes captured"),
                new Diagnostic(7, Severity.NOTE, "net.snaplen",
                        "frame cut by the snaplen before the end of its IPv4 header with options: 38 of 42 bytes captured"),
                new Diagnostic(7, Severity.NOTE, "net.snaplen",
                        "frame cut by the snaplen before the end of its IPv6 extension header 0: 55 of 56 bytes captured"),
                new Diagnostic(7, Severity.NOTE, "net.snaplen",
                        "frame cut by the snaplen before the end of its TCP header: 60 of 90 bytes captured")),
                sink.all());
    }

    @Test
    void aCaptureFrameWhoseLengthExceedsItsArrayIsBoundedByTheArray() {
        CaptureFrame f = new CaptureFrame();
        byte[] data = v4().build();
        f.setData(Arrays.copyOf(data, 40));
        f.set(1, 0, 1, 0, data.length, data.length);
        assertFalse(decoder.decode(f, seg, sink));
        assertEquals("frame cut by the snaplen before the end of its TCP header: 40 of 54 bytes captured",
                sink.single().message());
    }

    @Test
    void decodingAllocatesNoMoreThanTheTwoAddresses() {
        CaptureFrame frame = Captures.frame(LinkType.ETHERNET, v4().vlan(0x8100, 3).build());
        byte[] whole = v6().build();
        CaptureFrame cut = Captures.frame(1, Arrays.copyOf(whole, 80), whole.length, 1);
        int n = 200_000;
        long twoAddresses = Long.MAX_VALUE;
        long decoding = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long before = org.dlminspect.capture.AllocationProbe.currentThreadAllocatedBytes();
            for (int i = 0; i < n; i++) {
                seg.source = IpAddress.ipv4(i);
                seg.destination = IpAddress.ipv4(i + 1);
            }
            long middle = org.dlminspect.capture.AllocationProbe.currentThreadAllocatedBytes();
            for (int i = 0; i < n; i++) {
                decoder.decode((i & 1) == 0 ? frame : cut, seg, sink);
            }
            long after = org.dlminspect.capture.AllocationProbe.currentThreadAllocatedBytes();
            twoAddresses = Math.min(twoAddresses, (middle - before) / n);
            decoding = Math.min(decoding, (after - middle) / n);
        }
        assertTrue(decoding <= twoAddresses, "bytes allocated per frame: " + decoding + ", two IpAddress records: "
                + twoAddresses);
        assertTrue(sink.isEmpty());
    }
}
