package org.dlminspect.capture;

import static org.dlminspect.capture.CaptureFilesTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dlminspect.testkit.Captures;
import org.dlminspect.testkit.Captures.DiagnosticList;
import org.dlminspect.testkit.Captures.ReadFrame;
import org.junit.jupiter.api.Test;

class PcapWriterTest {
    private static final long T = 1_700_000_000_123_456_789L;

    @Test
    void writesTheClassicFileHeader() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PcapWriter(out, 113, 65535).close();
        assertEquals("d4 c3 b2 a1 02 00 04 00 00 00 00 00 00 00 00 00 ff ff 00 00 71 00 00 00",
                Bytes.hex(out.toByteArray(), 0, 24));
        out.reset();
        new PcapWriter(out, 1, 96, PcapWriter.Precision.NANOSECONDS, ByteOrder.BIG_ENDIAN).close();
        assertEquals("a1 b2 3c 4d 00 02 00 04 00 00 00 00 00 00 00 00 00 00 00 60 00 00 00 01",
                Bytes.hex(out.toByteArray(), 0, 24));
    }

    @Test
    void writesRecordsWithTheirTimesAndLengths() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(out, 1, 65535)) {
            byte[] data = bytes(70, 1);
            w.write(T, data, 5, 60, 1514);
        }
        byte[] file = out.toByteArray();
        assertEquals(24 + 16 + 60, file.length);
        // 1700000000 s = 0x6553f100; 123456 µs = 0x0001e240; 60; 1514 = 0x05ea.
        assertEquals("00 f1 53 65 40 e2 01 00 3c 00 00 00 ea 05 00 00", Bytes.hex(file, 24, 16));
        assertArrayEquals(java.util.Arrays.copyOfRange(bytes(70, 1), 5, 65), java.util.Arrays.copyOfRange(file, 40, 100));
    }

    @Test
    void cutsFramesToTheSnaplenAndKeepsTheOriginalLength() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(out, 1, 96, PcapWriter.Precision.NANOSECONDS)) {
            w.write(T, bytes(150, 1), 0, 150, 150);
            w.write(T + 1, bytes(60, 2), 0, 60, 60);
        }
        DiagnosticList sink = new DiagnosticList();
        List<ReadFrame> frames = Captures.readAll(out.toByteArray(), sink);
        assertEquals(2, frames.size());
        assertEquals(96, frames.get(0).capturedLength());
        assertEquals(150, frames.get(0).originalLength());
        assertArrayEquals(java.util.Arrays.copyOf(bytes(150, 1), 96), frames.get(0).data());
        assertEquals(T, frames.get(0).epochNanos());
        assertEquals(T + 1, frames.get(1).epochNanos());
        assertTrue(sink.isEmpty());
    }

    @Test
    void aFlushedFileIsAlwaysComplete() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PcapWriter w = new PcapWriter(out, 1, 262144);
        assertEquals(0, out.size(), "buffered until flushed");
        w.write(T, bytes(60, 1), 0, 60, 60);
        w.write(T, bytes(100_000, 2), 0, 100_000, 100_000);
        w.flush();
        assertEquals(2, Captures.readAll(out.toByteArray(), new DiagnosticList()).size());
        w.write(T, bytes(60, 3), 0, 60, 60);
        DiagnosticList sink = new DiagnosticList();
        assertEquals(2, Captures.readAll(out.toByteArray(), sink).size());
        assertTrue(sink.isEmpty(), "no half record is ever written out");
        w.close();
        List<ReadFrame> frames = Captures.readAll(out.toByteArray(), new DiagnosticList());
        assertEquals(3, frames.size());
        assertArrayEquals(bytes(100_000, 2), frames.get(1).data());
        assertThrows(IOException.class, () -> w.write(T, bytes(60, 3), 0, 60, 60));
    }

    @Test
    void rejectsImpossibleArguments() {
        PcapWriter w = new PcapWriter(new ByteArrayOutputStream(), 1, 65535);
        assertThrows(IllegalArgumentException.class, () -> w.write(T, bytes(60, 1), 0, 60, 59));
        assertThrows(IndexOutOfBoundsException.class, () -> w.write(T, bytes(60, 1), 10, 60, 60));
        assertThrows(IllegalArgumentException.class, () -> new PcapWriter(new ByteArrayOutputStream(), 1, 0));
    }

    @Test
    void timesBeforeTheEpochKeepAPositiveFraction() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(out, 1, 65535, PcapWriter.Precision.NANOSECONDS)) {
            w.write(-1, bytes(10, 1), 0, 10, 10);
        }
        assertEquals("ff ff ff ff ff c9 9a 3b", Bytes.hex(out.toByteArray(), 24, 8));
    }

    @Test
    void rewritingARealCaptureFrameByFrameGivesTheSameBytes() throws IOException {
        Path normal = Captures.SHARED.resolve("normal.pcap");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureReader r = CaptureFiles.open(normal, new DiagnosticList());
             PcapWriter w = new PcapWriter(out, 1, 262144)) {
            CaptureFrame f = new CaptureFrame();
            while (r.next(f)) {
                w.write(f);
            }
        }
        assertArrayEquals(Files.readAllBytes(normal), out.toByteArray());
    }
}
