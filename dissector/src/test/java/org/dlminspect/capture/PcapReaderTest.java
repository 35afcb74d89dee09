package org.dlminspect.capture;

import static org.dlminspect.capture.CaptureFilesTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.dlminspect.Diagnostic;
import org.dlminspect.Severity;
import org.dlminspect.testkit.Captures;
import org.dlminspect.testkit.Captures.DiagnosticList;
import org.dlminspect.testkit.Captures.ReadFrame;
import org.junit.jupiter.api.Test;

/** Classic pcap records: lengths that disagree, zero-length records, captures cut inside a record. */
class PcapReaderTest {

    /** A little-endian µs pcap written field by field, so that records can lie. */
    private static final class RawPcap {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        RawPcap(int snaplen) {
            out.writeBytes(le(24).putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                    .putInt(snaplen).putInt(1).array());
        }

        RawPcap record(int seconds, int micros, int captured, int original, byte[] data) {
            out.writeBytes(le(16).putInt(seconds).putInt(micros).putInt(captured).putInt(original).array());
            out.writeBytes(data);
            return this;
        }

        RawPcap record(byte[] data) {
            return record(1_700_000_000, 0, data.length, data.length, data);
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        static ByteBuffer le(int n) {
            return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    @Test
    void aRecordLongerThanTheSnaplenIsAWarningAndStillRead() throws IOException {
        byte[] capture = new RawPcap(96).record(bytes(60, 1))
                .record(1_700_000_000, 5, 100, 100, bytes(100, 2)).record(bytes(60, 3)).bytes();
        DiagnosticList sink = new DiagnosticList();
        List<ReadFrame> frames = Captures.readAll(capture, sink);
        assertEquals(3, frames.size());
        assertArrayEquals(bytes(100, 2), frames.get(1).data());
        assertArrayEquals(bytes(60, 3), frames.get(2).data());
        Diagnostic d = sink.single();
        assertEquals(new Diagnostic(2, Severity.WARN, "capture.caplen",
                "captured length 100 exceeds the snaplen 96; frame read anyway"), d);
    }

    @Test
    void aRecordLongerThanItsOriginalLengthIsAWarningAndStillRead() throws IOException {
        byte[] capture = new RawPcap(65535).record(1_700_000_000, 0, 60, 50, bytes(60, 1)).bytes();
        DiagnosticList sink = new DiagnosticList();
        List<ReadFrame> frames = Captures.readAll(capture, sink);
        assertEquals(1, frames.size());
        assertEquals(60, frames.get(0).capturedLength());
        assertEquals(50, frames.get(0).originalLength());
        assertEquals(new Diagnostic(1, Severity.WARN, "capture.caplen",
                "captured length 60 exceeds the original length 50; frame read anyway"), sink.single());
    }

    @Test
    void aRecordLongerThanBothIsOneWarning() throws IOException {
        byte[] capture = new RawPcap(40).record(1_700_000_000, 0, 60, 50, bytes(60, 1)).bytes();
        DiagnosticList sink = new DiagnosticList();
        assertEquals(1, Captures.readAll(capture, sink).size());
        assertEquals("captured length 60 exceeds the snaplen 40 and the original length 50; frame read anyway",
                sink.single().message());
    }

    @Test
    void aSnaplenOfZeroMeansNoLimit() throws IOException {
        byte[] capture = new RawPcap(0).record(bytes(1514, 1)).bytes();
        DiagnosticList sink = new DiagnosticList();
        assertEquals(1, Captures.readAll(capture, sink).size());
        assertTrue(sink.isEmpty());
    }

    @Test
    void anAbsurdCapturedLengthMeansACorruptFileAndStopsTheReading() throws IOException {
        byte[] capture = new RawPcap(65535).record(bytes(60, 1))
                .record(1_700_000_000, 0, 0x7FFFFFFF, 60, bytes(60, 2)).record(bytes(60, 3)).bytes();
        DiagnosticList sink = new DiagnosticList();
        try (CaptureReader r = Captures.open(capture, "x", sink)) {
            CaptureFrame f = new CaptureFrame();
            assertTrue(r.next(f));
            assertFalse(r.next(f));
            assertFalse(r.next(f), "stays at the end");
        }
        assertEquals(new Diagnostic(2, Severity.ERROR, "capture.corrupt_record",
                "record header claims 2147483647 captured bytes (more than 16 MiB): the file is corrupt;"
                        + " read up to frame 1"), sink.single());
    }

    @Test
    void sixteenMebibytesIsStillAFrame() throws IOException {
        int size = 16 * 1024 * 1024;
        byte[] capture = new RawPcap(0).record(1_700_000_000, 0, size, size, new byte[size]).bytes();
        DiagnosticList sink = new DiagnosticList();
        List<ReadFrame> frames = Captures.readAll(capture, sink);
        assertEquals(1, frames.size());
        assertEquals(size, frames.get(0).capturedLength());
        assertTrue(sink.isEmpty());

        byte[] over = new RawPcap(0).record(1_700_000_000, 0, size + 1, size + 1, new byte[size + 1]).bytes();
        assertEquals(0, Captures.readAll(over, sink).size());
        assertEquals("capture.corrupt_record", sink.single().code());
    }

    @Test
    void zeroLengthRecordsAreFrames() throws IOException {
        byte[] capture = new RawPcap(65535).record(bytes(60, 1)).record(1_700_000_001, 7, 0, 0, new byte[0])
                .record(bytes(61, 3)).bytes();
        DiagnosticList sink = new DiagnosticList();
        List<ReadFrame> frames = Captures.readAll(capture, sink);
        assertEquals(3, frames.size());
        assertEquals(0, frames.get(1).capturedLength());
        assertEquals(0, frames.get(1).originalLength());
        assertEquals(1_700_000_001_000_007_000L, frames.get(1).epochNanos());
        assertEquals(3, frames.get(2).number());
        assertArrayEquals(bytes(61, 3), frames.get(2).data());
        assertTrue(sink.isEmpty());
    }

    @Test
    void aCaptureEndingInsideARecordsDataIsAWarning() throws IOException {
        byte[] whole = new RawPcap(65535).record(bytes(60, 1)).record(bytes(70, 2)).record(bytes(98, 3)).bytes();
        byte[] capture = Arrays.copyOf(whole, whole.length - 58);
        DiagnosticList sink = new DiagnosticList();
        List<ReadFrame> frames = Captures.readAll(capture, sink);
        assertEquals(2, frames.size());
        assertEquals(new Diagnostic(3, Severity.WARN, "capture.truncated_record",
                "capture ends inside this record: 40 of 98 bytes present; read up to frame 2"), sink.single());
        assertEquals("frame 3: capture ends inside this record: 40 of 98 bytes present; read up to frame 2"
                + " [capture.truncated_record]", sink.single().toString());
    }

    @Test
    void aCaptureEndingInsideARecordHeaderIsAWarning() throws IOException {
        byte[] whole = new RawPcap(65535).record(bytes(60, 1)).record(bytes(70, 2)).record(bytes(98, 3)).bytes();
        byte[] capture = Arrays.copyOf(whole, 24 + 76 + 86 + 10);
        DiagnosticList sink = new DiagnosticList();
        assertEquals(2, Captures.readAll(capture, sink).size());
        assertEquals(new Diagnostic(3, Severity.WARN, "capture.truncated_record",
                "capture ends inside this record's header: 10 of 16 bytes present; read up to frame 2"), sink.single());
    }

    @Test
    void aCaptureEndingInsideItsFirstRecordHasNoFrame() throws IOException {
        byte[] whole = new RawPcap(65535).record(bytes(60, 1)).bytes();
        DiagnosticList sink = new DiagnosticList();
        assertEquals(0, Captures.readAll(Arrays.copyOf(whole, 24 + 16 + 59), sink).size());
        assertEquals(new Diagnostic(1, Severity.WARN, "capture.truncated_record",
                "capture ends inside this record: 59 of 60 bytes present; no frame read before it"), sink.single());
    }

    @Test
    void aCaptureEndingAtARecordBoundaryEndsCleanly() throws IOException {
        byte[] capture = new RawPcap(65535).record(bytes(60, 1)).record(bytes(70, 2)).bytes();
        DiagnosticList sink = new DiagnosticList();
        assertEquals(2, Captures.readAll(capture, sink).size());
        assertTrue(sink.isEmpty());
    }

    @Test
    void framesGrowTheCallersBufferOnlyWhenNeeded() throws IOException {
        byte[] capture = new RawPcap(0).record(bytes(100_000, 1)).record(bytes(60, 2)).bytes();
        try (CaptureReader r = Captures.open(capture, "x", new DiagnosticList())) {
            CaptureFrame f = new CaptureFrame();
            assertTrue(r.next(f));
            byte[] grown = f.data();
            assertTrue(grown.length >= 100_000);
            assertTrue(r.next(f));
            assertEquals(grown, f.data(), "the same array is reused");
            assertEquals(60, f.capturedLength());
        }
    }
}
