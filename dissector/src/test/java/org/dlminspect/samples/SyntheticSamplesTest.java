package org.dlminspect.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.dlminspect.Diagnostic;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.dlm.DlmAck;
import org.dlminspect.dlm.DlmCommand;
import org.dlminspect.dlm.DlmFin;
import org.dlminspect.dlm.DlmHeader;
import org.dlminspect.dlm.DlmMessage;
import org.dlminspect.dlm.DlmMessageType;
import org.dlminspect.dlm.DlmOpts;
import org.dlminspect.dlm.DlmPdu;
import org.dlminspect.dlm.DlmRcom;
import org.dlminspect.dlm.DlmUnknown;
import org.dlminspect.dlm.NamesEnd;
import org.dlminspect.dlm.OptTlv;
import org.dlminspect.dlm.RcomConfig;
import org.dlminspect.dlm.RcomLock;
import org.dlminspect.dlm.RcomLookup;
import org.dlminspect.dlm.RcomNames;
import org.dlminspect.dlm.RcomNamesReply;
import org.dlminspect.dlm.RcomSlot;
import org.dlminspect.dlm.RcomStatus;
import org.dlminspect.dlm.RcomType;
import org.dlminspect.net.PacketDecoder;
import org.dlminspect.net.TcpSegment;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.tcp.TcpConnection;
import org.dlminspect.tcp.TcpEvent;
import org.dlminspect.testkit.Captures;
import org.dlminspect.testkit.Dissection;
import org.dlminspect.testkit.Dissection.Message;
import org.dlminspect.testkit.DlmBytes;
import org.dlminspect.testkit.TcpSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of {@code samples/synthetic/}: rebuilt in memory it must equal the committed file byte for byte, and
 * dlm-inspect must decode from it exactly what it was built to show.
 */
class SyntheticSamplesTest {
    private static final Map<String, SyntheticSamples.Sample> SAMPLES = SyntheticSamples.all().stream()
            .collect(Collectors.toMap(SyntheticSamples.Sample::file, Function.identity()));
    private static final String N1 = SyntheticSamples.N1;
    private static final String N2 = SyntheticSamples.N2;
    private static final long START = TcpSession.DEFAULT_START;
    private static final long STEP = TcpSession.DEFAULT_STEP;

    // ------------------------------------------------------------------ the files cannot drift

    static Stream<String> sampleFiles() {
        return SyntheticSamples.all().stream().map(SyntheticSamples.Sample::file);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sampleFiles")
    void committedFileIsWhatTheGeneratorBuilds(String file) throws IOException {
        Path committed = SyntheticSamples.folder().resolve(file);
        assertTrue(Files.exists(committed), committed + " is missing: run SyntheticSamples.main");
        byte[] built = SAMPLES.get(file).build().get();
        assertArrayEquals(built, Files.readAllBytes(committed),
                file + " differs from what SyntheticSamples builds: run SyntheticSamples.main and commit");
        assertArrayEquals(built, SAMPLES.get(file).build().get(), file + " is not deterministic");
        assertTrue(built.length < 16 * 1024, file + " should stay small: " + built.length + " bytes");
    }

    @Test
    void folderHoldsExactlyTheSamplesAndTheirReadme() throws IOException {
        Set<String> expected = new TreeSet<>(SAMPLES.keySet());
        expected.add("README.md");
        try (Stream<Path> files = Files.list(SyntheticSamples.folder())) {
            assertEquals(expected, files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)));
        }
        assertEquals(SyntheticSamples.readme(), Files.readString(SyntheticSamples.folder().resolve("README.md")),
                "README.md differs from SyntheticSamples.readme(): run SyntheticSamples.main");
        for (SyntheticSamples.Sample s : SyntheticSamples.all()) {
            assertTrue(s.command().endsWith("samples/synthetic/" + s.file()), s.command());
        }
    }

    // ------------------------------------------------------------------ the basic conversation, on every format and link

    private static final List<String> BASIC = List.of(
            "4 s0 n1 RCOM STATUS",
            "5 s0 n2 RCOM STATUS_REPLY",
            "6 s0 n1 OPTS#0 MSG REQUEST",
            "7 s0 n2 ACK 1",
            "7 s0 n2 OPTS#0 MSG REQUEST_REPLY",
            "8 s0 n1 ACK 1");

    static Stream<Arguments> basicConversations() {
        long micros = START / 1000 * 1000;
        return Stream.of(
            Arguments.of("pcap-microseconds-le.pcap", "pcap", 1, false, micros),
            Arguments.of("pcap-microseconds-be.pcap", "pcap", 1, false, micros),
            Arguments.of("pcap-nanoseconds-le.pcap", "pcap-ns", 1, false, START),
            Arguments.of("pcap-nanoseconds-be.pcap", "pcap-ns", 1, false, START),
            Arguments.of("pcapng-big-endian.pcapng", "pcapng", 1, false, START),
            Arguments.of("gzip-two-members.pcap.gz", "pcap+gzip", 1, false, micros),
            Arguments.of("vlan-8021q.pcap", "pcap", 1, false, micros),
            Arguments.of("linux-sll.pcap", "pcap", 113, false, micros),
            Arguments.of("linux-sll2.pcap", "pcap", 276, false, micros),
            Arguments.of("raw-ipv4.pcap", "pcap", 101, false, micros),
            Arguments.of("raw-ipv6.pcap", "pcap", 101, true, micros),
            Arguments.of("bsd-null-ipv4.pcap", "pcap", 0, false, micros),
            Arguments.of("bsd-loop-ipv6.pcap", "pcap", 108, true, micros),
            Arguments.of("ipv4-options.pcap", "pcap", 1, false, micros),
            Arguments.of("ipv6-extension-headers.pcap", "pcap", 1, true, micros));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("basicConversations")
    void basicConversationDecodesTheSameOnEveryFormatAndLink(String file, String format, int linkType, boolean v6,
                                                             long firstNanos) throws IOException {
        Dissection d = dissect(file);
        assertEquals(format, d.format());
        assertEquals(9, d.frames().size());
        assertTrue(d.frames().stream().allMatch(f -> f.linkType() == linkType), d.frames()::toString);
        assertEquals(firstNanos, d.frames().get(0).epochNanos());
        long second = START + STEP;
        assertEquals(firstNanos == START ? second : second / 1000 * 1000, d.frames().get(1).epochNanos());
        assertEquals(BASIC, summaries(d));
        assertNoProblems(d);
        TcpConnection c = d.messages().get(0).direction().connection();
        assertEquals((v6 ? "[fd99::1]" : N1) + ":40001", c.client().toString());
        assertEquals((v6 ? "[fd99::2]" : N2) + ":21064", c.server().toString());
        assertTrue(c.sawSyn());
        DlmMessage request = (DlmMessage) d.messages().get(2).app();
        assertEquals("basic-res", text(request.name()));
        assertEquals(1, request.lkid());
        RcomConfig config = (RcomConfig) ((DlmRcom) d.messages().get(1).pdu()).payload();
        assertEquals(32, config.lvblen());
        assertEquals(List.of(TcpEvent.Kind.OPEN, TcpEvent.Kind.SYN, TcpEvent.Kind.SYN, TcpEvent.Kind.CLOSE, TcpEvent.Kind.CLOSE),
                d.events().stream().map(TcpEvent::kind).toList());
    }

    @Test
    void pcapMagicsAndByteOrdersAreTheOnesNamed() throws IOException {
        assertEquals("d4 c3 b2 a1", hex(bytes("pcap-microseconds-le.pcap"), 0, 4));
        assertEquals("a1 b2 c3 d4", hex(bytes("pcap-microseconds-be.pcap"), 0, 4));
        assertEquals("4d 3c b2 a1", hex(bytes("pcap-nanoseconds-le.pcap"), 0, 4));
        assertEquals("a1 b2 3c 4d", hex(bytes("pcap-nanoseconds-be.pcap"), 0, 4));
        byte[] ng = bytes("pcapng-big-endian.pcapng");
        assertEquals("0a 0d 0d 0a", hex(ng, 0, 4));
        assertEquals("1a 2b 3c 4d", hex(ng, 8, 4));
    }

    @Test
    void gzipSampleIsTwoMembersOfTheMicrosecondPcap() throws IOException {
        byte[] gz = bytes("gzip-two-members.pcap.gz");
        byte[] pcap = bytes("pcap-microseconds-le.pcap");
        assertArrayEquals(pcap, new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes());
        int half = pcap.length / 2;
        // First member: 10-byte header, one stored block (5-byte block header + data), 8-byte trailer.
        int second = 10 + 5 + half + 8;
        assertEquals("1f 8b 08", hex(gz, 0, 3));
        assertEquals("1f 8b 08", hex(gz, second, 3));
        assertEquals(second + 10 + 5 + (pcap.length - half) + 8, gz.length);
    }

    @Test
    void linkLayerSamplesCarryTheirHeaders() throws IOException {
        byte[] vlan = firstFrame("vlan-8021q.pcap");
        assertEquals("81 00 00 0a 08 00", hex(vlan, 12, 6));
        byte[] sll = firstFrame("linux-sll.pcap");
        assertEquals("00 00 00 01 00 06", hex(sll, 0, 6));
        assertEquals("08 00 45", hex(sll, 14, 3));
        byte[] sll2 = firstFrame("linux-sll2.pcap");
        assertEquals("08 00", hex(sll2, 0, 2));
        assertEquals("45", hex(sll2, 20, 1));
        assertEquals("45", hex(firstFrame("raw-ipv4.pcap"), 0, 1));
        assertEquals("60", hex(firstFrame("raw-ipv6.pcap"), 0, 1));
        assertEquals("02 00 00 00 45", hex(firstFrame("bsd-null-ipv4.pcap"), 0, 5));
        assertEquals("00 00 00 18 60", hex(firstFrame("bsd-loop-ipv6.pcap"), 0, 5));
        byte[] options = firstFrame("ipv4-options.pcap");
        assertEquals("47", hex(options, 14, 1));
        assertEquals("94 04 00 00 01 01 01 00", hex(options, 34, 8));
    }

    @Test
    void qinqSampleStacksTwoTagsOnEachConnection() throws IOException {
        List<Captures.ReadFrame> frames = Captures.readAll(bytes("vlan-qinq.pcap"), d -> { });
        assertEquals("88 a8 00 64 81 00 00 0a 08 00", hex(frames.get(0).data(), 12, 10));
        assertEquals("91 00 00 c8 81 00 00 14 08 00", hex(frames.get(3).data(), 12, 10));
        Dissection d = dissect("vlan-qinq.pcap");
        assertEquals(List.of(
                "7 s0 n1 OPTS#0 MSG REQUEST",
                "8 s1 n1 OPTS#1 MSG REQUEST",
                "9 s0 n2 ACK 2",
                "9 s0 n2 OPTS#0 MSG REQUEST_REPLY",
                "10 s1 n2 OPTS#1 MSG REQUEST_REPLY"), summaries(d));
        assertEquals("qinq-9100-res", text(((DlmMessage) d.messages().get(1).app()).name()));
        assertNoProblems(d);
    }

    @Test
    void ipv6SampleHasTheExtensionHeaderChain() throws IOException {
        for (Captures.ReadFrame f : Captures.readAll(bytes("ipv6-extension-headers.pcap"), d -> { })) {
            byte[] b = f.data();
            int p = 14;
            List<Integer> chain = new ArrayList<>();
            int next = b[p + 6] & 0xFF;
            int q = p + 40;
            while (next != 6) {
                chain.add(next);
                int after = b[q] & 0xFF;
                q += next == 44 ? 8 : ((b[q + 1] & 0xFF) + 1) * 8;
                next = after;
            }
            assertEquals(List.of(0, 43, 44, 60), chain);
            assertEquals("00 00", hex(b, 54 + 2 * 8 + 2, 2), "the fragment header is atomic: offset 0, M clear");
        }
    }

    @Test
    void pcapngWithThreeInterfacesKeepsEachOnesLinkTypeAndResolution() throws IOException {
        Dissection d = dissect("pcapng-multi-interface.pcapng");
        assertEquals("pcapng", d.format());
        List<Dissection.Frame> frames = d.frames();
        assertEquals(List.of(0, 0, 0, 1, 1, 1, 2, 2, 2, 0, 1, 2, 2, 0, 1),
                frames.stream().map(Dissection.Frame::interfaceId).toList());
        int[] linkOf = {1, 276, 229};
        for (Dissection.Frame f : frames) {
            assertEquals(linkOf[f.interfaceId()], f.linkType(), f::toString);
            long written = START + (f.number() - 1) * STEP;
            long read = f.epochNanos();
            switch (f.interfaceId()) {
                case 0 -> assertEquals(written / 1000 * 1000, read, "µs interface");
                case 1 -> assertEquals(written, read, "ns interface");
                default -> assertTrue(read <= written && written - read < 954, "2^-20 s interface: " + written + " read as " + read);
            }
        }
        // 1700000000129458211 ns is 1782580051974094 ticks of 2^-20 s, which is 1700000000129457473 ns.
        assertEquals(1_700_000_000_129_457_473L, frames.get(6).epochNanos());
        assertEquals(List.of(
                "10 s0 n1 OPTS#0 MSG REQUEST",
                "11 s1 n1 OPTS#1 MSG REQUEST",
                "12 s2 n1 OPTS#2 MSG REQUEST",
                "13 s2 n2 ACK 3",
                "14 s0 n2 OPTS#0 MSG REQUEST_REPLY",
                "15 s1 n2 OPTS#1 MSG REQUEST_REPLY"), summaries(d));
        assertEquals(List.of("eth-res", "sll2-res", "ipv6-res"), d.messages().subList(0, 3).stream()
                .map(m -> text(((DlmMessage) m.app()).name())).toList());
        assertEquals("[fd99::1]:40003", d.messages().get(2).direction().source().toString());
        assertNoProblems(d);
    }

    // ------------------------------------------------------------------ TCP reassembly

    @Test
    void outOfOrderSegmentsAreReassembledInStreamOrder() throws IOException {
        List<Seg> segs = segments("tcp-out-of-order.pcap");
        // Frames 4, 5, 6 carry stream bytes [0,100), [200,242), [100,200).
        assertEquals(List.of(0L, 200L, 100L), List.of(segs.get(3).offset(), segs.get(4).offset(), segs.get(5).offset()));
        Dissection d = dissect("tcp-out-of-order.pcap");
        // B starts in frame 6 and ends in frame 5's held bytes: complete at frame 6, where tshark shows both.
        assertEquals(List.of("6 s0 n1 OPTS#0 MSG REQUEST", "6 s0 n1 OPTS#1 MSG REQUEST", "7 s0 n2 ACK 2"), summaries(d));
        Message a = d.messages().get(0);
        Message b = d.messages().get(1);
        assertEquals(4, a.firstFrame());
        assertEquals(6, b.firstFrame());
        assertEquals(List.of(0L, 121L), List.of(a.streamOffset(), b.streamOffset()));
        assertEquals("ooo-res-A", text(((DlmMessage) a.app()).name()));
        assertEquals("ooo-res-B", text(((DlmMessage) b.app()).name()));
        assertNoProblems(d);
        assertTrue(d.events(TcpEvent.Kind.GAP).isEmpty());
    }

    @Test
    void retransmittedSegmentsDeliverEachMessageOnce() throws IOException {
        List<Seg> segs = segments("tcp-retransmission.pcap");
        assertEquals(segs.get(4).withFrame(6), segs.get(5), "frame 6 repeats frame 5");
        assertEquals(segs.get(3).withFrame(8), segs.get(7), "frame 8 repeats frame 4 after the ACK");
        assertEquals(185L, segs.get(8).offset());
        assertEquals(121L, segs.get(9).offset(), "frame 10 is the retransmission of the segment the capture missed");
        Dissection d = dissect("tcp-retransmission.pcap");
        // Completed by frame 10's retransmission (tshark: segments 10, 9; reassembled in 10).
        assertEquals(List.of("5 s0 n1 OPTS#0 MSG REQUEST", "7 s0 n2 ACK 1", "10 s0 n1 OPTS#1 MSG REQUEST",
                "11 s0 n2 ACK 2"), summaries(d));
        assertEquals("retrans-B", text(((DlmMessage) d.messages().get(2).app()).name()));
        assertEquals(10, d.messages().get(2).firstFrame());
        assertNoProblems(d);
        assertTrue(d.events(TcpEvent.Kind.GAP).isEmpty());
        assertTrue(d.events(TcpEvent.Kind.OVERLAP_MISMATCH).isEmpty());
    }

    @Test
    void overlapWithOtherBytesIsReportedAndTheFirstCopyIsDecoded() throws IOException {
        Dissection d = dissect("tcp-overlap-different-bytes.pcap");
        List<TcpEvent> overlaps = d.events(TcpEvent.Kind.OVERLAP_MISMATCH);
        assertEquals(2, overlaps.size());
        assertEquals(List.of(7L, 40L), List.of(overlaps.get(0).frame(), overlaps.get(0).bytes()));
        assertEquals(List.of(10L, 20L), List.of(overlaps.get(1).frame(), overlaps.get(1).bytes()));
        assertTrue(overlaps.stream().allMatch(e -> e.direction().fromClient()));
        // Completed by frame 11 (tshark: segments 11, 8, 9; reassembled in 11).
        assertEquals(List.of("6 s0 n1 OPTS#0 MSG REQUEST", "11 s0 n1 OPTS#1 MSG REQUEST", "12 s0 n2 ACK 2"), summaries(d));
        assertArrayEquals(SyntheticSamples.wrap(1, 0, SyntheticSamples.msg(1, SyntheticSamples.request(1, "overlap-A"))),
                d.messages().get(0).bytes());
        assertArrayEquals(SyntheticSamples.wrap(1, 1, SyntheticSamples.msg(1, SyntheticSamples.request(2, "overlap-B"))),
                d.messages().get(1).bytes());
        assertEquals(11, d.messages().get(1).firstFrame());
        assertEquals(List.of("frame 7: retransmitted bytes differ from the first copy (40 bytes differ); the first copy was "
                        + "kept (stream 0, 10.99.0.1:40001 → 10.99.0.2:21064) [tcp.overlap_mismatch]",
                "frame 10: retransmitted bytes differ from the first copy (20 bytes differ); the first copy was kept "
                        + "(stream 0, 10.99.0.1:40001 → 10.99.0.2:21064) [tcp.overlap_mismatch]"), strings(d.diagnostics()));
        assertEquals(List.of(), d.messageErrors());
    }

    @Test
    void aGapTruncatesOneMessageSkipsTheNextAndResynchronises() throws IOException {
        Dissection d = dissect("tcp-gap-resync.pcap");
        List<TcpEvent> gaps = d.events(TcpEvent.Kind.GAP);
        assertEquals(1, gaps.size());
        TcpEvent gap = gaps.get(0);
        assertEquals(List.of(5L, 100L, 4L), List.of(gap.frame(), gap.bytes(), gap.otherFrame()));
        assertTrue(gap.direction().fromClient());
        assertEquals(List.of("8 s0 n2 ACK 4", "4 s0 n1 OPTS#0 MSG REQUEST truncated", "6 s0 n1 OPTS#2 MSG REQUEST",
                "7 s0 n1 OPTS#3 MSG REQUEST"), summaries(d));
        Message a = d.messages().get(1);
        assertEquals(100, a.bytes().length);
        assertEquals(121, a.header().length());
        assertEquals(List.of(0L, 242L, 363L), d.messages().subList(1, 4).stream().map(Message::streamOffset).toList());
        assertEquals("gap-res-C", text(((DlmMessage) d.messages().get(2).app()).name()));
        assertEquals(List.of("frame 5: 100 bytes missing from the capture between frame 4 and frame 5 (previous segment not "
                + "captured) (stream 0, 10.99.0.1:40001 → 10.99.0.2:21064) [tcp.gap]",
                "frame 5: skipped 42 bytes to the next plausible DLM header (stream 0, 10.99.0.1:40001 → "
                + "10.99.0.2:21064) [stream.resync]"), strings(d.diagnostics()));
        assertEquals(List.of(), d.messageErrors());
    }

    @Test
    void captureStartedMidConnectionHuntsForTheFirstHeader() throws IOException {
        Dissection d = dissect("mid-connection.pcap");
        assertFalse(d.events().stream().anyMatch(e -> e.kind() == TcpEvent.Kind.SYN));
        assertEquals(List.of("5 s0 n1 OPTS#8 MSG REQUEST", "6 s0 n2 ACK 9", "8 s0 n2 OPTS#5 MSG REQUEST_REPLY"), summaries(d));
        Message y = d.messages().get(0);
        assertEquals(3, y.firstFrame());
        assertEquals(71, y.streamOffset());
        assertEquals("mid-res-Y", text(((DlmMessage) y.app()).name()));
        TcpConnection c = y.direction().connection();
        assertFalse(c.sawSyn());
        assertEquals(N1 + ":40001", c.client().toString());
        assertEquals(1, c.firstFrame());
        assertEquals(List.of("frame 3: skipped 71 bytes to the next plausible DLM header (stream 0, 10.99.0.1:40001 → "
                + "10.99.0.2:21064) [stream.resync]"), strings(d.diagnostics()));
        assertEquals(List.of(), d.messageErrors());
    }

    @Test
    void reconnectsMakeNewStreamsAndAReusedTupleClosesTheOldOne() throws IOException {
        Dissection d = dissect("reconnects.pcap");
        assertEquals(List.of(
                "4 s0 n1 OPTS#0 MSG REQUEST",
                "5 s0 n2 ACK 1",
                "5 s0 n2 OPTS#0 MSG REQUEST_REPLY",
                "6 s0 n1 ACK 1",
                "13 s1 n2 OPTS#1 MSG GRANT",
                "18 s2 n1 OPTS#1 MSG CONVERT",
                "22 s3 n2 OPTS#1 MSG GRANT",
                "22 s3 n2 OPTS#2 MSG BAST",
                "23 s3 n1 ACK 3",
                "24 s2 n2 ACK 2"), summaries(d));
        List<TcpConnection> streams = d.messages().stream().map(m -> m.direction().connection()).distinct().toList();
        assertEquals(List.of(N1 + ":40001", N2 + ":50001", N1 + ":40001", N2 + ":50002"),
                streams.stream().map(c -> c.client().toString()).toList());
        assertEquals(List.of(1L, 10L, 15L, 19L), streams.stream().map(TcpConnection::firstFrame).toList());
        assertTrue(streams.stream().allMatch(TcpConnection::sawSyn));
        List<Seg> segs = segments("reconnects.pcap");
        assertEquals(segs.get(0).tuple(), segs.get(14).tuple(), "stream 2 reuses stream 0's 4-tuple");
        assertNotEquals(segs.get(0).seq(), segs.get(14).seq(), "with a new initial sequence number");
        assertEquals(List.of("FIN s0 c 7", "FIN s0 s 8", "RST s1 s 14"), d.events().stream()
                .filter(e -> e.kind() == TcpEvent.Kind.FIN || e.kind() == TcpEvent.Kind.RST)
                .map(e -> e.kind() + " s" + e.direction().stream() + (e.direction().fromClient() ? " c " : " s ") + e.frame()).toList());
        List<TcpEvent> closes = d.events(TcpEvent.Kind.CLOSE);
        assertEquals(List.of("0@15:1", "0@15:1", "1@24:0", "1@24:0", "2@24:0", "2@24:0", "3@24:0", "3@24:0"),
                closes.stream().map(e -> e.direction().stream() + "@" + e.frame() + ":" + e.bytes()).toList());
        assertArrayEquals(d.messages().get(4).bytes(), d.messages().get(6).bytes(), "the retransmitted GRANT is byte-identical");
        long lastAck = START + 8 * STEP;
        assertEquals(micros(lastAck + STEP + 2_000_000_000L) - micros(lastAck),
                d.frames().get(9).epochNanos() - d.frames().get(8).epochNanos(), "stream 1 starts 2 s later");
        assertNoProblems(d);
    }

    @Test
    void snaplenCutFramesGiveTruncatedMessagesAndGaps() throws IOException {
        byte[] file = bytes("snaplen-96.pcap");
        assertEquals(96, ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(16), "the file header's snaplen");
        Dissection d = dissect("snaplen-96.pcap");
        assertTrue(d.frames().stream().allMatch(f -> f.capturedLength() <= 96));
        assertEquals(List.of(96, 96, 96, 70), d.frames().subList(3, 7).stream().map(Dissection.Frame::capturedLength).toList());
        assertEquals(List.of(177, 182, 310, 70), d.frames().subList(3, 7).stream().map(Dissection.Frame::originalLength).toList());
        assertEquals(List.of(
                "4 s0 n1 OPTS#0 MSG ? truncated",
                "5 s0 n2 ACK 1",
                "5 s0 n2 OPTS#0 ? truncated",
                "6 s0 n1 OPTS#1 MSG ? truncated",
                "7 s0 n1 ACK 1"), summaries(d));
        assertEquals(List.of(42, 16, 26, 42, 16), d.messages().stream().map(m -> m.bytes().length).toList());
        assertEquals(List.of(123, 16, 112, 144, 16), d.messages().stream().map(m -> m.header().length()).toList());
        DlmOpts first = (DlmOpts) d.messages().get(0).pdu();
        assertInstanceOf(DlmMessage.class, first.inner());
        assertEquals(18, first.inner().captured());
        assertEquals(List.of("GAP c 4 81", "GAP s 5 86", "GAP c 6 214"), d.events(TcpEvent.Kind.GAP).stream()
                .map(e -> "GAP " + (e.direction().fromClient() ? "c " : "s ") + e.frame() + " " + e.bytes()).toList());
        assertEquals(List.of("frame 4: 81 bytes of this frame's segment not captured (cut by the snaplen) (stream 0, "
                        + "10.99.0.1:40001 → 10.99.0.2:21064) [tcp.gap]",
                "frame 5: 86 bytes of this frame's segment not captured (cut by the snaplen) (stream 0, "
                        + "10.99.0.2:21064 → 10.99.0.1:40001) [tcp.gap]",
                "frame 6: 214 bytes of this frame's segment not captured (cut by the snaplen) (stream 0, "
                        + "10.99.0.1:40001 → 10.99.0.2:21064) [tcp.gap]"), strings(d.diagnostics()));
        assertEquals(List.of(), d.messageErrors());
    }

    // ------------------------------------------------------------------ the DLM protocol

    @Test
    void protocol31IsUnwrappedAndClean() throws IOException {
        Dissection d = dissect("protocol-3.1.pcap");
        assertEquals(List.of(
                "4 s0 n1 RCOM STATUS",
                "5 s0 n2 RCOM STATUS_REPLY",
                "6 s0 n1 RCOM LOOKUP",
                "7 s0 n2 RCOM LOOKUP_REPLY",
                "8 s0 n1 MSG REQUEST",
                "9 s0 n2 MSG REQUEST_REPLY",
                "10 s0 n1 MSG CONVERT",
                "11 s0 n1 MSG UNLOCK",
                "12 s0 n2 MSG UNLOCK_REPLY"), summaries(d));
        assertTrue(d.messages().stream().allMatch(m -> m.header().version() == DlmHeader.VERSION_3_1));
        assertInstanceOf(RcomStatus.class, ((DlmRcom) d.messages().get(0).pdu()).payload(), "3.1 is slots-aware (minor 1)");
        assertEquals("old-dir-res", text(((RcomLookup) ((DlmRcom) d.messages().get(2).pdu()).payload()).name()));
        assertEquals(2, ((DlmRcom) d.messages().get(3).pdu()).result());
        assertEquals(-65538, ((DlmMessage) d.messages().get(8).pdu()).result());
        assertNoProblems(d);
    }

    @Test
    void protocol32SessionStartsStatelessThenWraps() throws IOException {
        Dissection d = dissect("protocol-3.2.pcap");
        assertEquals(List.of(
                "4 s0 n1 RCOM STATUS",
                "5 s0 n2 OPTS#0 RCOM STATUS_REPLY",
                "6 s0 n1 ACK 1",
                "6 s0 n1 RCOM STATUS",
                "7 s0 n2 RCOM STATUS_REPLY",
                "8 s0 n1 OPTS#0 MSG REQUEST",
                "9 s0 n2 ACK 1",
                "9 s0 n2 OPTS#1 MSG REQUEST_REPLY",
                "10 s0 n1 OPTS#1 MSG UNLOCK",
                "11 s0 n2 ACK 2",
                "11 s0 n2 OPTS#2 MSG UNLOCK_REPLY",
                "12 s0 n1 ACK 3"), summaries(d));
        assertTrue(d.messages().stream().allMatch(m -> m.header().version() == DlmHeader.VERSION_3_2));
        DlmRcom notReady = (DlmRcom) d.messages().get(1).app();
        assertEquals(-3, notReady.result());
        assertTrue(((RcomConfig) notReady.payload()).notReady());
        assertEquals(List.of(1L, 2L), List.of(((DlmRcom) d.messages().get(0).pdu()).id(), ((DlmRcom) d.messages().get(3).pdu()).id()));
        long reply = START + 4 * STEP;
        assertEquals(micros(reply + STEP + 20_000_000L) - micros(reply), d.frames().get(5).epochNanos() - d.frames().get(4).epochNanos(),
                "the retry comes after the pause");
        assertNoProblems(d);
    }

    @Test
    void everyDlmMessageTypeWithItsFields() throws IOException {
        Dissection d = dissect("all-msg-types.pcap");
        List<DlmMessage> msgs = d.messages().stream().map(Message::app).filter(p -> p instanceof DlmMessage)
                .map(p -> (DlmMessage) p).toList();
        assertEquals(List.of(1, 5, 2, 6, 10, 3, 7, 1, 5, 9, 1, 5, 4, 8, 11, 13, 12, 14),
                msgs.stream().map(DlmMessage::type).toList());
        assertEquals(Arrays.stream(DlmMessageType.values()).map(DlmMessageType::wireValue).collect(Collectors.toSet()),
                msgs.stream().map(DlmMessage::type).collect(Collectors.toSet()));
        assertTrue(d.messages().stream().allMatch(m -> m.pdu() instanceof DlmOpts || m.pdu() instanceof DlmAck));
        Map<Integer, DlmMessage> byType = msgs.stream().collect(Collectors.toMap(DlmMessage::type, m -> m, (x, y) -> x));
        assertEquals("all-types-res", text(byType.get(1).name()));
        assertEquals("lvb-v1", text(byType.get(5).lvb()).trim());
        assertEquals("lvb-v2", text(byType.get(2).lvb()).trim());
        assertEquals(32, byType.get(2).lvb().length);
        assertEquals(0xc, byType.get(2).exflags());
        assertEquals(List.of(5, 3), List.of(byType.get(2).grmode(), byType.get(2).rqmode()));
        assertEquals(5, byType.get(10).bastmode());
        assertEquals(2, byType.get(10).asts());
        assertEquals(-65538, byType.get(7).result());
        assertEquals(-65537, byType.get(8).result());
        assertEquals(-115, msgs.get(8).result());
        assertEquals("lvb-v2", text(byType.get(9).lvb()).trim());
        assertEquals("dir-res", text(byType.get(11).name()));
        assertEquals(List.of(2, 4), List.of(byType.get(13).nodeid(), byType.get(13).lkid()));
        assertEquals("old-res", text(byType.get(12).name()));
        assertEquals(List.of(1, 4242), List.of(byType.get(14).nodeid(), byType.get(14).pid()));
        assertEquals(0, byType.get(4).extra().length);
        List<Long> seqFrom1 = d.messages().stream().filter(m -> m.header().nodeid() == 1 && m.pdu() instanceof DlmOpts)
                .map(m -> m.header().seq()).toList();
        List<Long> seqFrom2 = d.messages().stream().filter(m -> m.header().nodeid() == 2 && m.pdu() instanceof DlmOpts)
                .map(m -> m.header().seq()).toList();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L), seqFrom1);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), seqFrom2);
        assertNoProblems(d);
    }

    @Test
    void everyRcomTypeWithItsPayload() throws IOException {
        Dissection d = dissect("all-rcom-types.pcap");
        List<DlmRcom> rcoms = d.messages().stream().map(Message::app).filter(p -> p instanceof DlmRcom)
                .map(p -> (DlmRcom) p).toList();
        assertEquals(List.of(1, 5, 2, 6, 2, 6, 3, 7, 4, 8), rcoms.stream().map(DlmRcom::type).toList());
        assertEquals(Arrays.stream(RcomType.values()).map(RcomType::wireValue).collect(Collectors.toSet()),
                rcoms.stream().map(DlmRcom::type).collect(Collectors.toSet()));
        assertEquals(1, ((RcomStatus) rcoms.get(0).payload()).flags(), "DLM_RSF_NEED_SLOTS");
        DlmRcom statusReply = rcoms.get(1);
        assertEquals(3, statusReply.result(), "NODES|NODES_ALL");
        RcomConfig config = (RcomConfig) statusReply.payload();
        assertEquals(List.of(32, 1, 2, 2), List.of(config.lvblen(), config.ourSlot(), config.numSlots(), config.generation()));
        assertEquals(List.of(new RcomSlot(1, 1, 0, 0), new RcomSlot(2, 2, 0, 0)), config.slots());
        assertEquals(0, ((RcomNames) rcoms.get(2).payload()).lastName().length);
        assertEquals("res-b", text(((RcomNames) rcoms.get(4).payload()).lastName()));
        RcomNamesReply chunk = (RcomNamesReply) rcoms.get(3).payload();
        assertEquals(List.of("res-a", "res-b"), chunk.names().stream().map(SyntheticSamplesTest::text).toList());
        assertEquals(NamesEnd.END_OF_CHUNK, chunk.end());
        RcomNamesReply last = (RcomNamesReply) rcoms.get(5).payload();
        assertEquals(List.of("res-c"), last.names().stream().map(SyntheticSamplesTest::text).toList());
        assertEquals(NamesEnd.END_OF_LIST, last.end());
        List<Message> namesReplies = d.messages().stream()
                .filter(m -> m.app() instanceof DlmRcom r && r.type() == 6).toList();
        assertEquals(List.of(4096, 4096), namesReplies.stream().map(m -> m.header().length()).toList());
        assertEquals(List.of(4072, 4072), namesReplies.stream().map(m -> m.app().header().length()).toList());
        assertEquals(List.of(7L, 11L), namesReplies.stream().map(Message::firstFrame).toList(), "each spans three segments");
        assertEquals(List.of(9L, 13L), namesReplies.stream().map(Message::frame).toList());
        assertEquals("res-d", text(((RcomLookup) rcoms.get(6).payload()).name()));
        assertEquals(0x4d2, rcoms.get(6).id());
        assertEquals(List.of(2, 0x4d2L), List.of(rcoms.get(7).result(), rcoms.get(7).id()));
        DlmRcom lockMsg = rcoms.get(8);
        RcomLock lock = (RcomLock) lockMsg.payload();
        assertEquals(SyntheticSamples.RSB_POINTER, lockMsg.id());
        assertEquals(List.of(3, 5, 3, -1, 2, 7, 8), List.of(lock.lkid(), lock.namelen(), lock.grmode(), lock.rqmode(),
                lock.status(), lock.lvbseq(), lock.exflags()));
        assertEquals("res-a", text(lock.name()));
        assertEquals("rcom-lvb", text(lock.lvb()).trim());
        assertEquals(48 + 108 + 32, lockMsg.header().length());
        RcomLock reply = (RcomLock) rcoms.get(9).payload();
        assertEquals(0x20007, reply.remid());
        assertEquals(0, reply.lvb().length);
        assertEquals(SyntheticSamples.RSB_POINTER, rcoms.get(9).id());
        assertNoProblems(d);
    }

    @Test
    void tlvOptionsAreDecodedAndNoted() throws IOException {
        Dissection d = dissect("tlv-options.pcap");
        assertEquals(List.of("4 s0 n1 OPTS#0 MSG REQUEST", "5 s0 n2 ACK 1"), summaries(d));
        DlmOpts opts = (DlmOpts) d.messages().get(0).pdu();
        assertEquals(32, opts.optlen());
        List<OptTlv> tlvs = opts.options();
        assertEquals(2, tlvs.size());
        assertEquals(List.of(24, 1, 5, 0), List.of(tlvs.get(0).offset(), tlvs.get(0).type(), tlvs.get(0).length(), tlvs.get(0).pad()));
        assertEquals("hello", text(tlvs.get(0).value()));
        assertEquals(List.of(40, 2, 8), List.of(tlvs.get(1).offset(), tlvs.get(1).type(), tlvs.get(1).length()));
        assertEquals("01 02 03 04 05 06 07 08", hex(tlvs.get(1).value(), 0, 8));
        assertEquals(56, opts.inner().offset());
        assertEquals("tlv-res", text(((DlmMessage) opts.inner()).name()));
        assertEquals(List.of("o_optlen 32: options present; no kernel defines any, the receiver skips them unparsed"),
                opts.notes());
        assertEquals(List.of(), opts.errors());
        assertTrue(d.diagnostics().isEmpty());
    }

    @Test
    void finHandshakeAtDlmLevelThenTcp() throws IOException {
        Dissection d = dissect("fin-handshake.pcap");
        assertEquals(List.of(
                "4 s0 n1 OPTS#0 MSG REQUEST",
                "5 s0 n2 ACK 1",
                "5 s0 n2 OPTS#0 MSG REQUEST_REPLY",
                "6 s0 n1 ACK 1",
                "6 s0 n1 OPTS#1 MSG UNLOCK",
                "7 s0 n2 ACK 2",
                "7 s0 n2 OPTS#1 MSG UNLOCK_REPLY",
                "8 s0 n1 ACK 2",
                "8 s0 n1 OPTS#2 FIN",
                "9 s0 n2 ACK 3",
                "9 s0 n2 OPTS#2 FIN",
                "10 s0 n1 ACK 3"), summaries(d));
        for (Message m : List.of(d.messages().get(8), d.messages().get(10))) {
            DlmOpts o = (DlmOpts) m.pdu();
            assertEquals(40, o.header().length());
            assertEquals(5, o.nextcmd());
            DlmFin fin = (DlmFin) o.inner();
            assertEquals(List.of(16L, 0L, m.header().nodeid()), List.of((long) fin.header().length(), fin.header().union(),
                    fin.header().nodeid()));
        }
        assertEquals(List.of("FIN c 11", "FIN s 12"), d.events(TcpEvent.Kind.FIN).stream()
                .map(e -> "FIN " + (e.direction().fromClient() ? "c " : "s ") + e.frame()).toList());
        long unlockReply = START + 6 * STEP;
        assertEquals(micros(unlockReply + STEP + 100_000_000L) - micros(unlockReply),
                d.frames().get(7).epochNanos() - d.frames().get(6).epochNanos(), "the FIN comes after the pause");
        assertNoProblems(d);
    }

    @Test
    void nonDefaultPortNeedsThePortOption() throws IOException {
        byte[] capture = bytes("non-default-port.pcap");
        Dissection plain = Dissection.of(capture, "non-default-port.pcap", DissectorOptions.defaults());
        assertEquals(9, plain.frames().size());
        assertEquals(List.of(), plain.messages());
        assertEquals(List.of(), plain.events());
        Dissection withPort = Dissection.of(capture, "non-default-port.pcap", DissectorOptions.withPorts(List.of(21065)));
        assertEquals(BASIC, summaries(withPort));
        assertEquals(21065, withPort.messages().get(0).direction().destination().port());
        Dissection added = Dissection.of(capture, "non-default-port.pcap", DissectorOptions.withPorts(List.of(21064, 21065)));
        assertEquals(BASIC, summaries(added));
        assertNoProblems(withPort);
    }

    // ------------------------------------------------------------------ bugs found

    /**
     * A message whose last bytes were held out of order is reported with the frame of the held segment, which came
     * before the frame that completed it: {@code frame < firstFrame}. {@link org.dlminspect.pipeline.DissectedMessage}
     * promises "the frame that completed the message (as tshark reports it)": tshark lists it at frame 6.
     */
    @Test
    void messageCompletedByAHeldSegmentIsReportedAtTheFrameThatCompletedIt() throws IOException {
        Dissection d = dissect("tcp-out-of-order.pcap");
        Message b = d.messages().get(1);
        assertEquals(6, b.firstFrame());
        assertEquals(6, b.frame());
        for (String file : List.of("tcp-out-of-order.pcap", "tcp-retransmission.pcap", "tcp-overlap-different-bytes.pcap",
                "tcp-gap-resync.pcap", "mid-connection.pcap", "all-rcom-types.pcap")) {
            for (Message m : dissect(file).messages()) {
                assertTrue(m.firstFrame() <= m.frame(), file + ": message at offset " + m.streamOffset()
                        + " starts in frame " + m.firstFrame() + " but is reported at frame " + m.frame());
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    static Dissection dissect(String file) throws IOException {
        return Dissection.of(bytes(file), file, DissectorOptions.defaults());
    }

    /** A time as a microsecond pcap keeps it. */
    static long micros(long nanos) {
        return nanos / 1000 * 1000;
    }

    static byte[] bytes(String file) {
        return SAMPLES.get(file).build().get();
    }

    private static byte[] firstFrame(String file) throws IOException {
        return Captures.readAll(bytes(file), d -> { }).get(0).data();
    }

    /** "frame sStream nNode what" for each message, e.g. "7 s0 n2 OPTS#0 MSG REQUEST_REPLY". */
    static List<String> summaries(Dissection d) {
        return d.messages().stream().map(m -> m.frame() + " s" + m.stream() + " n" + m.header().nodeid() + " "
                + describe(m.pdu()) + (m.pdu().truncated() ? " truncated" : "")).toList();
    }

    static String describe(DlmPdu p) {
        if (p instanceof DlmOpts o) {
            return "OPTS#" + o.seq() + " " + (o.inner() == null || o.inner().captured() < 15 ? "?" : describe(o.inner()));
        }
        if (p instanceof DlmMessage m) {
            String type = DlmMessageType.nameOf(m.type());
            return "MSG " + (m.captured() < 20 ? "?" : type == null ? "type " + m.type() : type);
        }
        if (p instanceof DlmRcom r) {
            String type = RcomType.nameOf(r.type());
            return "RCOM " + (r.captured() < 20 ? "?" : type == null ? "type " + r.type() : type);
        }
        if (p instanceof DlmAck a) {
            return "ACK " + a.nextExpected();
        }
        if (p instanceof DlmFin) {
            return "FIN";
        }
        DlmUnknown u = (DlmUnknown) p;
        return "cmd " + DlmCommand.nameOf(u.header().cmd());
    }

    static void assertNoProblems(Dissection d) {
        assertEquals(List.of(), strings(d.diagnostics()), "diagnostics");
        assertEquals(List.of(), d.messageErrors(), "message errors");
        assertEquals(List.of(), d.messages().stream().flatMap(m -> m.pdu().notes().stream()).toList(), "message notes");
        assertTrue(d.ended());
    }

    static List<String> strings(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(Diagnostic::toString).toList();
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).replace("\0", " ");
    }

    static String hex(byte[] b, int off, int len) {
        StringBuilder sb = new StringBuilder();
        for (int i = off; i < off + len; i++) {
            if (i > off) {
                sb.append(' ');
            }
            sb.append(Character.forDigit((b[i] >> 4) & 0xF, 16)).append(Character.forDigit(b[i] & 0xF, 16));
        }
        return sb.toString();
    }

    /** One TCP segment of a capture: frame, 4-tuple, sequence number, offset from the connection's first data byte, payload. */
    record Seg(long frame, String tuple, long seq, long offset, int flags, String payload) {
        Seg withFrame(long f) {
            return new Seg(f, tuple, seq, offset, flags, payload);
        }
    }

    /** Every TCP segment of a sample, decoded with the pipeline's own PacketDecoder. */
    static List<Seg> segments(String file) throws IOException {
        List<Seg> out = new ArrayList<>();
        PacketDecoder decoder = new PacketDecoder();
        TcpSegment s = new TcpSegment();
        Map<String, Long> base = new java.util.HashMap<>();
        try (CaptureReader r = Captures.open(bytes(file), file, d -> { })) {
            CaptureFrame f = new CaptureFrame();
            while (r.next(f)) {
                assertTrue(decoder.decode(f, s, d -> { }), "frame " + f.number() + " of " + file + " holds a TCP segment");
                String tuple = s.sourceEndpoint() + ">" + s.destinationEndpoint();
                long dataStart = s.has(TcpSegment.SYN) ? (s.sequence + 1) & 0xFFFFFFFFL : s.sequence;
                if (s.has(TcpSegment.SYN)) {
                    base.put(tuple, dataStart);
                }
                long origin = base.getOrDefault(tuple, s.sequence);
                String payload = hex(s.payload, s.payloadOffset, s.payloadLength);
                out.add(new Seg(f.number(), tuple, s.sequence, (s.sequence - origin) & 0xFFFFFFFFL, s.flags, payload));
            }
        }
        return out;
    }
}
