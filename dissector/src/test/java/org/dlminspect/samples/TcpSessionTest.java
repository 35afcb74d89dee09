package org.dlminspect.samples;

import static org.dlminspect.testkit.TcpSession.Side.CLIENT;
import static org.dlminspect.testkit.TcpSession.Side.SERVER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.LinkType;
import org.dlminspect.net.PacketDecoder;
import org.dlminspect.net.TcpSegment;
import org.dlminspect.testkit.Captures;
import org.dlminspect.testkit.Dissection;
import org.dlminspect.testkit.DlmBytes;
import org.dlminspect.testkit.StoredGzip;
import org.dlminspect.testkit.TcpSession;
import org.dlminspect.testkit.TcpSession.Connection;
import org.dlminspect.testkit.TcpSession.Interface;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The test kit that builds the samples: sequence numbers, segmentation, knobs, timestamps and output formats. */
class TcpSessionTest {

    /** The TCP fields of one built frame, decoded by the pipeline's PacketDecoder. */
    record Seg(String src, String dst, long seq, long ack, int flags, int tcpHeaderLength, byte[] payload, int caplen,
               int wireLength, long nanos) { }

    static List<Seg> decode(TcpSession s) {
        List<Seg> out = new ArrayList<>();
        PacketDecoder decoder = new PacketDecoder();
        TcpSegment t = new TcpSegment();
        for (Captures.Frame f : s.frames()) {
            CaptureFrame cf = Captures.frame(LinkType.ETHERNET.wireValue(), f.data(), f.originalLength(), out.size() + 1);
            assertTrue(decoder.decode(cf, t, d -> { throw new AssertionError(d.toString()); }));
            int tcpStart = 14 + 20;
            int headerLength = ((f.data()[tcpStart + 12] & 0xFF) >>> 4) * 4;
            out.add(new Seg(t.sourceEndpoint().toString(), t.destinationEndpoint().toString(), t.sequence, t.acknowledgement,
                    t.flags, headerLength, Arrays.copyOfRange(t.payload, t.payloadOffset, t.payloadOffset + t.payloadLength),
                    f.data().length, f.originalLength(), f.epochNanos()));
        }
        return out;
    }

    @Test
    void handshakeHasSynSynAckAckWithMssOptions() {
        TcpSession s = new TcpSession().mss(1448);
        Connection c = s.connection("10.0.0.1", 40001, "10.0.0.2", 21064).isn(1000, 5000).handshake();
        List<Seg> segs = decode(s);
        assertEquals(3, segs.size());
        Seg syn = segs.get(0);
        Seg synAck = segs.get(1);
        Seg ack = segs.get(2);
        assertEquals(List.of("10.0.0.1:40001", "10.0.0.2:21064"), List.of(syn.src(), syn.dst()));
        assertEquals(List.of("10.0.0.2:21064", "10.0.0.1:40001"), List.of(synAck.src(), synAck.dst()));
        assertEquals(List.of(TcpSegment.SYN, TcpSegment.SYN | TcpSegment.ACK, TcpSegment.ACK),
                List.of(syn.flags(), synAck.flags(), ack.flags()));
        assertEquals(List.of(1000L, 5000L, 1001L), List.of(syn.seq(), synAck.seq(), ack.seq()));
        assertEquals(List.of(1001L, 5001L), List.of(synAck.ack(), ack.ack()));
        assertEquals(List.of(24, 24, 20), List.of(syn.tcpHeaderLength(), synAck.tcpHeaderLength(), ack.tcpHeaderLength()));
        byte[] frame = s.frames().get(0).data();
        assertEquals("02 04 05 a8", SyntheticSamplesTest.hex(frame, 54, 4), "MSS option 1448");
        assertEquals(0, c.next(CLIENT));
        assertThrows(IllegalStateException.class, () -> c.isn(1, 2));
    }

    @Test
    void dataIsSplitAtTheMssAndSequenceAndAckNumbersAdvance() {
        TcpSession s = new TcpSession().mss(1000);
        Connection c = s.connection("10.0.0.1", 40001, "10.0.0.2", 21064).isn(1000, 5000).handshake();
        byte[] data = new byte[2500];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        c.send(CLIENT, Arrays.copyOf(data, 1200), Arrays.copyOfRange(data, 1200, 2500));
        c.send(SERVER, new byte[] {1, 2, 3});
        c.ack(CLIENT);
        c.ackUpTo(SERVER, 1000);
        List<Seg> segs = decode(s).subList(3, 8);
        assertEquals(List.of(1001L, 2001L, 3001L), segs.subList(0, 3).stream().map(Seg::seq).toList());
        assertEquals(List.of(1000, 1000, 500), segs.subList(0, 3).stream().map(g -> g.payload().length).toList());
        assertEquals(List.of(TcpSegment.ACK, TcpSegment.ACK, TcpSegment.ACK | TcpSegment.PSH),
                segs.subList(0, 3).stream().map(Seg::flags).toList());
        assertTrue(segs.subList(0, 3).stream().allMatch(g -> g.ack() == 5001L));
        byte[] joined = DlmBytes.concat(segs.get(0).payload(), segs.get(1).payload(), segs.get(2).payload());
        assertArrayEquals(data, joined);
        Seg reply = segs.get(3);
        assertEquals(List.of(5001L, 3501L), List.of(reply.seq(), reply.ack()));
        Seg pureAck = segs.get(4);
        assertEquals(List.of(3501L, 5004L, (long) TcpSegment.ACK, 0L),
                List.of(pureAck.seq(), pureAck.ack(), (long) pureAck.flags(), (long) pureAck.payload().length));
        assertEquals(2500, c.next(CLIENT));
        assertEquals(3, c.next(SERVER));
        assertEquals(List.of(5004L, 2001L), List.of(decode(s).get(8).seq(), decode(s).get(8).ack()), "ackUpTo");
    }

    @Test
    void segmentsFinRstAndSegmentAt() {
        TcpSession s = new TcpSession();
        Connection c = s.connection("10.0.0.1", 40001, "10.0.0.2", 21064).isn(100, 900).handshake();
        c.segments(CLIENT, new byte[10], new byte[3]);
        c.segmentAt(CLIENT, 5, new byte[] {9, 9});
        c.fin(CLIENT);
        c.send(SERVER, new byte[4]);
        c.rst(SERVER);
        List<Seg> segs = decode(s).subList(3, 9);
        assertEquals(List.of(101L, 111L, 106L, 114L), segs.subList(0, 4).stream().map(Seg::seq).toList());
        assertEquals(List.of(10, 3, 2), segs.subList(0, 3).stream().map(g -> g.payload().length).toList());
        assertEquals(TcpSegment.FIN | TcpSegment.ACK, segs.get(3).flags());
        assertEquals(14, c.next(CLIENT), "the FIN uses one sequence number");
        assertEquals(List.of(901L, 115L), List.of(segs.get(4).seq(), segs.get(4).ack()), "the FIN is acknowledged");
        assertEquals(List.of(905L, (long) (TcpSegment.RST | TcpSegment.ACK)), List.of(segs.get(5).seq(), (long) segs.get(5).flags()));
    }

    @Test
    void knobsRearrangeTheCaptureAndTimesFollowTheCaptureOrder() {
        TcpSession s = new TcpSession().start(1_000_000_000L).step(10).mss(4);
        Connection c = s.connection("10.0.0.1", 40001, "10.0.0.2", 21064).isn(0, 0);
        c.send(CLIENT, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}); // packets 0..3
        s.swap(0, 1);            // 1 0 2 3
        s.move(3, 0);            // 3 1 0 2
        s.duplicate(1);          // 3 1 1 0 2
        s.retransmit(0);         // 3 1 1 0 2 3
        s.drop(4);               // 3 1 1 0 3
        s.cut(0, 56);
        s.pause(1000);
        c.ack(SERVER);
        assertEquals(6, s.size());
        List<Seg> segs = decode(s);
        assertEquals(List.of(13L, 5L, 5L, 1L, 13L), segs.subList(0, 5).stream().map(Seg::seq).toList());
        assertEquals(List.of(56, 58), List.of(segs.get(0).caplen(), segs.get(0).wireLength()));
        assertEquals(List.of(58, 58), List.of(segs.get(4).caplen(), segs.get(4).wireLength()), "the retransmitted copy was made before the cut");
        assertEquals(2, segs.get(0).payload().length, "two of the four payload bytes captured");
        assertEquals(List.of(1_000_000_000L, 1_000_000_010L, 1_000_000_020L, 1_000_000_030L, 1_000_000_040L, 1_000_001_050L),
                segs.stream().map(Seg::nanos).toList());
        assertArrayEquals(new byte[] {4, 5, 6, 7}, s.payload(1));
    }

    @Test
    void sequenceNumbersWrapAndTheStreamStillReassembles() throws IOException {
        TcpSession s = new TcpSession().mss(50);
        Connection c = s.connection("10.0.0.1", 40001, "10.0.0.2", 21064).isn(0xFFFFFFC0L, 0xFFFFFFFFL).handshake();
        byte[] request = SyntheticSamples.wrap(1, 0, SyntheticSamples.msg(1, SyntheticSamples.request(1, "wrap-res")));
        c.send(CLIENT, request, DlmBytes.ack(1, 0));
        c.send(SERVER, DlmBytes.ack(2, 1));
        List<Seg> segs = decode(s);
        assertEquals(0L, segs.get(1).seq() + 1 & 0xFFFFFFFFL, "the server's first data byte is at sequence 0");
        assertEquals(List.of(0xFFFFFFC1L, 0xFFFFFFF3L, 0x25L), segs.subList(3, 6).stream().map(Seg::seq).toList());
        Dissection d = Dissection.of(s.pcap());
        assertEquals(List.of("6 s0 n1 OPTS#0 MSG REQUEST", "6 s0 n1 ACK 0", "7 s0 n2 ACK 1"), SyntheticSamplesTest.summaries(d));
        assertArrayEquals(request, d.messages().get(0).bytes());
        SyntheticSamplesTest.assertNoProblems(d);
    }

    @Test
    void outputFormatsCheckLinkTypes() throws IOException {
        TcpSession s = new TcpSession();
        s.connection("10.0.0.1", 40001, "10.0.0.2", 21064).handshake();
        s.link(LinkType.RAW).connection("fd00::1", 40002, "fd00::2", 21064).onInterface(1).handshake();
        IllegalStateException mixed = assertThrows(IllegalStateException.class, s::pcap);
        assertTrue(mixed.getMessage().contains("write pcapng"), mixed.getMessage());
        assertThrows(IllegalStateException.class, () -> s.pcapng(ByteOrder.LITTLE_ENDIAN, Interface.of(LinkType.ETHERNET, 6)));
        assertThrows(IllegalStateException.class, () -> s.pcapng(ByteOrder.LITTLE_ENDIAN,
                Interface.of(LinkType.ETHERNET, 6), Interface.of(LinkType.LINUX_SLL, 6)));
        byte[] ng = s.pcapng(ByteOrder.BIG_ENDIAN, new Interface(LinkType.ETHERNET, 40, 6), Interface.of(LinkType.RAW, 9));
        List<Captures.ReadFrame> frames = Captures.readAll(ng, d -> { });
        assertEquals(List.of(0, 0, 0, 1, 1, 1), frames.stream().map(Captures.ReadFrame::interfaceId).toList());
        assertEquals(List.of(40, 58), List.of(frames.get(0).capturedLength(), frames.get(0).originalLength()), "interface snaplen");
        assertEquals(0x60, frames.get(3).data()[0] & 0xF0);
        assertEquals(TcpSession.DEFAULT_START + 3 * TcpSession.DEFAULT_STEP, frames.get(3).epochNanos());
    }

    @ParameterizedTest
    @CsvSource({"6, 1700000000123456", "9, 1700000000123456789", "0x86, 108800000007", "0x94, 1782579200129453",
                "12, 1700000000123456789000"})
    void ticksAreInTheInterfaceUnits(String tsresol, String ticks) {
        int r = Integer.decode(tsresol);
        if (r == 12) {
            assertThrows(ArithmeticException.class, () -> TcpSession.ticks(1_700_000_000_123_456_789L, r), "overflows 64 bits");
            return;
        }
        assertEquals(Long.parseLong(ticks), TcpSession.ticks(1_700_000_000_123_456_789L, r));
    }

    @Test
    void storedGzipIsReadBackWholeAcrossMembersAndBlocks() throws IOException {
        byte[] data = new byte[150_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        for (int parts : new int[] {1, 2, 3}) {
            byte[] gz = StoredGzip.members(data, parts);
            assertArrayEquals(data, new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes(), parts + " members");
            int blocks = 0;
            for (int i = 0; i < parts; i++) {
                int len = (int) ((long) data.length * (i + 1) / parts) - (int) ((long) data.length * i / parts);
                blocks += (len + 65534) / 65535;
            }
            assertEquals(data.length + parts * 18 + blocks * 5, gz.length);
        }
        assertArrayEquals(new byte[0], new GZIPInputStream(new ByteArrayInputStream(StoredGzip.members(new byte[0], 1)))
                .readAllBytes());
    }
}
