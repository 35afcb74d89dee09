package org.dlminspect.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dlminspect.Diagnostic;
import org.dlminspect.Severity;
import org.dlminspect.testkit.Captures;
import org.dlminspect.testkit.Captures.DiagnosticList;
import org.dlminspect.testkit.Captures.Frame;
import org.dlminspect.testkit.Captures.ReadFrame;
import org.dlminspect.testkit.PcapngBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Format detection, byte orders, timestamp units, gzip, and inputs that are not captures. */
class CaptureFilesTest {
    private static final long T = 1_700_000_000_123_456_789L;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "MICROSECONDS, LITTLE_ENDIAN, pcap,    d4 c3 b2 a1, 1700000000123456000",
        "MICROSECONDS, BIG_ENDIAN,    pcap,    a1 b2 c3 d4, 1700000000123456000",
        "NANOSECONDS,  LITTLE_ENDIAN, pcap-ns, 4d 3c b2 a1, 1700000000123456789",
        "NANOSECONDS,  BIG_ENDIAN,    pcap-ns, a1 b2 3c 4d, 1700000000123456789",
    })
    void readsEveryPcapMagicAndByteOrder(PcapWriter.Precision precision, String order, String format,
                                         String magic, long expectedNanos) throws IOException {
        ByteOrder byteOrder = order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] a = bytes(60, 1);
        byte[] b = bytes(1514, 2);
        byte[] capture = Captures.pcap(LinkType.LINUX_SLL.wireValue(), 65535, precision, byteOrder,
                List.of(Frame.of(T, a), new Frame(T + 1_000_000_001L, b, 1600)));
        assertEquals(magic, Bytes.hex(capture, 0, 4));

        DiagnosticList sink = new DiagnosticList();
        try (CaptureReader r = Captures.open(capture, "x.pcap", sink)) {
            assertEquals(format, r.format());
            assertEquals(65535, ((PcapReader) r).snaplen());
            List<ReadFrame> frames = Captures.readAll(r);
            assertEquals(2, frames.size());
            ReadFrame f1 = frames.get(0);
            assertEquals(1, f1.number());
            assertEquals(expectedNanos, f1.epochNanos());
            assertEquals(113, f1.linkType());
            assertEquals(0, f1.interfaceId());
            assertEquals(60, f1.originalLength());
            assertArrayEquals(a, f1.data());
            ReadFrame f2 = frames.get(1);
            assertEquals(2, f2.number());
            assertEquals(expectedNanos + 1_000_000_001L - (precision == PcapWriter.Precision.MICROSECONDS ? 1 : 0),
                    f2.epochNanos());
            assertEquals(1514, f2.capturedLength());
            assertEquals(1600, f2.originalLength());
            assertArrayEquals(b, f2.data());
        }
        assertTrue(sink.isEmpty(), sink.all()::toString);
    }

    @Test
    void readsAHandMadeBigEndianNanosecondPcap() throws IOException {
        // Written field by field here, so the reader is not only checked against our own writer.
        ByteBuffer b = ByteBuffer.allocate(24 + 16 + 4).order(ByteOrder.BIG_ENDIAN);
        b.putInt(0xA1B23C4D).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(4096).putInt(228);
        b.putInt(0xFFFFFFF0).putInt(999_999_999).putInt(4).putInt(40);
        b.put(new byte[] {0x45, 0, 0, 40});
        DiagnosticList sink = new DiagnosticList();
        List<ReadFrame> frames = Captures.readAll(b.array(), sink);
        assertEquals(1, frames.size());
        // Seconds are unsigned: 0xFFFFFFF0 is in 2106, not before 1970.
        assertEquals(4294967280L * 1_000_000_000L + 999_999_999L, frames.get(0).epochNanos());
        assertEquals(228, frames.get(0).linkType());
        assertEquals(4, frames.get(0).capturedLength());
        assertEquals(40, frames.get(0).originalLength());
        assertTrue(sink.isEmpty());
    }

    @Test
    void linkTypeIgnoresTheFcsBitsOfTheHeaderField() throws IOException {
        byte[] capture = Captures.pcap(LinkType.ETHERNET, bytes(60, 0));
        ByteBuffer.wrap(capture).order(ByteOrder.LITTLE_ENDIAN).putInt(20, 0x14000000 | 1);
        assertEquals(1, Captures.readAll(capture, new DiagnosticList()).get(0).linkType());
    }

    @ParameterizedTest
    @CsvSource({"LITTLE_ENDIAN", "BIG_ENDIAN"})
    void detectsPcapngInEitherByteOrder(String order) throws IOException {
        ByteOrder byteOrder = order.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] data = bytes(74, 3);
        byte[] capture = new PcapngBuilder(byteOrder).interfaceBlock(1, 0)
                .enhancedPacket(0, 1_700_000_000_123_456L, data, 74).toByteArray();
        try (CaptureReader r = Captures.open(capture, "x.pcapng", new DiagnosticList())) {
            assertEquals("pcapng", r.format());
            List<ReadFrame> frames = Captures.readAll(r);
            assertEquals(1, frames.size());
            assertEquals(1_700_000_000_123_456_000L, frames.get(0).epochNanos());
            assertArrayEquals(data, frames.get(0).data());
        }
    }

    @Test
    void readsGzipCompressedPcapAndPcapng() throws IOException {
        byte[] pcap = Captures.pcap(LinkType.ETHERNET, bytes(60, 1), bytes(70, 2), bytes(80, 3));
        try (CaptureReader r = Captures.open(Captures.gzip(pcap), "x.pcap.gz", new DiagnosticList())) {
            assertEquals("pcap+gzip", r.format());
            List<ReadFrame> frames = Captures.readAll(r);
            assertEquals(3, frames.size());
            assertArrayEquals(bytes(80, 3), frames.get(2).data());
        }
        byte[] pcapng = new PcapngBuilder(ByteOrder.BIG_ENDIAN).interfaceBlock(1, 0)
                .enhancedPacket(0, 5, bytes(64, 9), 64).toByteArray();
        try (CaptureReader r = Captures.open(Captures.gzip(pcapng), "x.pcapng.gz", new DiagnosticList())) {
            assertEquals("pcapng+gzip", r.format());
            assertEquals(1, Captures.readAll(r).size());
        }
    }

    @Test
    void readsMultiMemberGzip() throws IOException {
        byte[] pcap = Captures.pcap(LinkType.ETHERNET, bytes(60, 1), bytes(70, 2), bytes(80, 3));
        int cut = 24 + 16 + 60 + 5;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Captures.gzip(Arrays.copyOfRange(pcap, 0, cut)));
        out.writeBytes(Captures.gzip(Arrays.copyOfRange(pcap, cut, pcap.length)));
        DiagnosticList sink = new DiagnosticList();
        List<ReadFrame> frames = Captures.readAll(out.toByteArray(), sink);
        assertEquals(3, frames.size());
        assertArrayEquals(bytes(70, 2), frames.get(1).data());
        assertTrue(sink.isEmpty());
    }

    @Test
    void aGzipStreamCutShortIsAWarningAfterTheFramesItHolds() throws IOException {
        List<byte[]> list = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            list.add(bytes(100 + i, i));
        }
        byte[] gz = Captures.gzip(Captures.pcap(LinkType.ETHERNET, list.toArray(new byte[0][])));
        byte[] cut = Arrays.copyOf(gz, gz.length / 2);
        DiagnosticList sink = new DiagnosticList();
        List<ReadFrame> frames = Captures.readAll(cut, sink);
        assertTrue(frames.size() > 10 && frames.size() < 200, "frames " + frames.size());
        for (ReadFrame f : frames) {
            assertArrayEquals(bytes(100 + (int) f.number() - 1, (int) f.number() - 1), f.data());
        }
        List<Diagnostic> gzip = sink.withCode("capture.gzip");
        assertEquals(1, gzip.size(), sink.all()::toString);
        assertEquals(Severity.WARN, gzip.get(0).severity());
        assertEquals("test.pcap: compressed input ends early (Unexpected end of ZLIB input stream); read up to frame "
                + frames.size(), gzip.get(0).message());
    }

    @Test
    void corruptGzipDataIsAnErrorAndEndsTheReading() throws IOException {
        List<byte[]> list = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            list.add(bytes(100 + i, i));
        }
        byte[] gz = Captures.gzip(Captures.pcap(LinkType.ETHERNET, list.toArray(new byte[0][])));
        // Damage the trailer's CRC-32: every byte decompresses, then the check fails.
        gz[gz.length - 8] ^= 0x55;
        DiagnosticList sink = new DiagnosticList();
        List<ReadFrame> frames = Captures.readAll(gz, sink);
        assertEquals(200, frames.size());
        Diagnostic d = sink.single();
        assertEquals("capture.gzip", d.code());
        assertEquals(Severity.ERROR, d.severity());
        assertEquals("test.pcap: compressed input is corrupt (Corrupt GZIP trailer); read up to frame 200", d.message());
    }

    @Test
    void aCorruptGzipHeaderIsNotACapture() {
        byte[] junk = {0x1f, (byte) 0x8b, 0x01, 0x02, 0x03};
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> Captures.open(junk, "x.gz", new DiagnosticList()));
        assertEquals("x.gz: gzip-compressed, but its gzip header is corrupt", e.getMessage());
    }

    @Test
    void corruptCompressedDataBeforeAnyByteIsNotACapture() {
        byte[] junk = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> Captures.open(junk, "x.gz", new DiagnosticList()));
        assertEquals("x.gz: gzip-compressed, but its compressed data is corrupt (invalid block type)", e.getMessage());
    }

    @Test
    void textIsNotACapture() {
        byte[] text = "Hello, this is a note\n".getBytes(StandardCharsets.US_ASCII);
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> Captures.open(text, "notes.txt", new DiagnosticList()));
        assertEquals("notes.txt: not a pcap or pcapng capture (starts with 48 65 6c 6c)", e.getMessage());
    }

    @Test
    void gzippedTextIsNotACaptureEither() {
        byte[] gz = Captures.gzip("Hello".getBytes(StandardCharsets.US_ASCII));
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> Captures.open(gz, "notes.gz", new DiagnosticList()));
        assertEquals("notes.gz: not a pcap or pcapng capture (starts with 48 65 6c 6c after gzip decompression)",
                e.getMessage());
    }

    @Test
    void aTwoByteInputIsNotACapture() {
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> Captures.open(new byte[] {(byte) 0xd4, (byte) 0xc3}, "short", new DiagnosticList()));
        assertEquals("short: not a pcap or pcapng capture (starts with d4 c3)", e.getMessage());
    }

    @Test
    void anEmptyInputIsNotACapture() {
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> Captures.open(new byte[0], "-", new DiagnosticList()));
        assertEquals("-: empty input, not a pcap or pcapng capture", e.getMessage());
    }

    @Test
    void aTruncatedPcapFileHeaderIsNotACapture() {
        byte[] capture = Arrays.copyOf(Captures.pcap(LinkType.ETHERNET), 10);
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> Captures.open(capture, "cut.pcap", new DiagnosticList()));
        assertEquals("cut.pcap: truncated pcap file header: 10 of 24 bytes", e.getMessage());
    }

    @Test
    void aPcapWithOnlyItsFileHeaderHasNoFrames() throws IOException {
        DiagnosticList sink = new DiagnosticList();
        assertEquals(0, Captures.readAll(Captures.pcap(LinkType.ETHERNET), sink).size());
        assertTrue(sink.isEmpty());
    }

    @Test
    void aTruncatedPcapngSectionHeaderIsNotACapture() {
        byte[] capture = Arrays.copyOf(new PcapngBuilder(ByteOrder.LITTLE_ENDIAN).toByteArray(), 20);
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> Captures.open(capture, "cut.pcapng", new DiagnosticList()));
        assertEquals("cut.pcapng: truncated pcapng section header: 20 of 28 bytes", e.getMessage());
        byte[] shorter = Arrays.copyOf(capture, 9);
        e = assertThrows(CaptureFormatException.class, () -> Captures.open(shorter, "cut.pcapng", new DiagnosticList()));
        assertEquals("cut.pcapng: truncated pcapng section header: 9 of 28 bytes", e.getMessage());
    }

    @Test
    void aPcapngSectionHeaderWithABadByteOrderMagicIsNotACapture() {
        byte[] capture = new PcapngBuilder(ByteOrder.LITTLE_ENDIAN).toByteArray();
        capture[8] = 0x11;
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> Captures.open(capture, "bad.pcapng", new DiagnosticList()));
        assertEquals("bad.pcapng: starts like pcapng, but its byte-order magic is 11 3c 2b 1a instead of 1a 2b 3c 4d",
                e.getMessage());
    }

    @Test
    void anUnsupportedPcapngVersionIsNotACapture() {
        byte[] capture = new PcapngBuilder(ByteOrder.LITTLE_ENDIAN).toByteArray();
        capture[12] = 2;
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> Captures.open(capture, "v2.pcapng", new DiagnosticList()));
        assertEquals("v2.pcapng: pcapng version 2.0 is not supported (only 1.x)", e.getMessage());
    }

    @Test
    void opensFilesByPathAndNamesThemInMessages(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a.pcap");
        Files.write(file, Captures.pcap(LinkType.ETHERNET, bytes(60, 1)));
        try (CaptureReader r = CaptureFiles.open(file, new DiagnosticList())) {
            assertEquals(1, Captures.readAll(r).size());
        }
        Path gz = dir.resolve("a.pcap.gz");
        Files.write(gz, Captures.gzip(Files.readAllBytes(file)));
        try (CaptureReader r = CaptureFiles.open(gz, new DiagnosticList())) {
            assertEquals("pcap+gzip", r.format());
            assertEquals(1, Captures.readAll(r).size());
        }
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "Hello");
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> CaptureFiles.open(text, new DiagnosticList()));
        assertEquals(text + ": not a pcap or pcapng capture (starts with 48 65 6c 6c)", e.getMessage());
        assertThrows(NoSuchFileException.class, () -> CaptureFiles.open(dir.resolve("missing.pcap"), new DiagnosticList()));
    }

    @Test
    void closingTheReaderClosesTheStream() throws IOException {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(Captures.pcap(LinkType.ETHERNET, bytes(60, 1))) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        CaptureReader r = CaptureFiles.open(in, "stdin", new DiagnosticList());
        r.close();
        assertTrue(closed[0]);
    }

    @Test
    void streamsFramesLargerThanTheBufferAndManyAcrossBufferBoundaries() throws IOException {
        List<byte[]> list = new ArrayList<>();
        list.add(bytes(700_000, 7));
        for (int i = 0; i < 5000; i++) {
            list.add(bytes(1 + (i * 37) % 2000, i));
        }
        list.add(bytes(300_000, 8));
        byte[] capture = Captures.pcap(1, 1 << 20, PcapWriter.Precision.NANOSECONDS, ByteOrder.LITTLE_ENDIAN,
                list.stream().map(d -> Frame.of(T, d)).toList());
        // A stream that hands out few bytes per read, as a pipe does.
        InputStream trickle = new ByteArrayInputStream(capture) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + (pos % 5000)));
            }
        };
        DiagnosticList sink = new DiagnosticList();
        try (CaptureReader r = CaptureFiles.open(trickle, "pipe", sink)) {
            List<ReadFrame> frames = Captures.readAll(r);
            assertEquals(list.size(), frames.size());
            for (int i = 0; i < list.size(); i++) {
                assertArrayEquals(list.get(i), frames.get(i).data(), "frame " + (i + 1));
                assertEquals(i + 1, frames.get(i).number());
            }
        }
        assertTrue(sink.isEmpty(), sink.all()::toString);
    }

    @Test
    void readingAllocatesNothingPerFrame() throws IOException {
        List<Frame> list = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            list.add(Frame.of(T + i, bytes(60 + i % 100, i)));
        }
        byte[] pcap = Captures.pcap(1, 65535, PcapWriter.Precision.NANOSECONDS, ByteOrder.BIG_ENDIAN, list);
        PcapngBuilder ng = new PcapngBuilder(ByteOrder.LITTLE_ENDIAN).interfaceBlock(1, 0, PcapngBuilder.Option.tsresol(9));
        for (Frame f : list) {
            ng.enhancedPacket(0, f.epochNanos(), f.data(), f.originalLength());
        }
        for (byte[] capture : List.of(pcap, ng.toByteArray())) {
            CaptureFrame frame = new CaptureFrame();
            long allocated;
            long count = 0;
            try (CaptureReader r = Captures.open(capture, "x", new DiagnosticList())) {
                long before = AllocationProbe.currentThreadAllocatedBytes();
                while (r.next(frame)) {
                    count++;
                }
                allocated = AllocationProbe.currentThreadAllocatedBytes() - before;
            }
            assertEquals(100_000, count);
            assertTrue(allocated < 100_000, "allocated " + allocated + " bytes reading 100000 frames");
        }
    }

    static byte[] bytes(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i * 7);
        }
        return b;
    }
}
