package org.dlminspect.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipException;
import org.dlminspect.testkit.Captures;
import org.dlminspect.testkit.Captures.DiagnosticList;
import org.dlminspect.testkit.Captures.ReadFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Decompressing on a thread of its own gives the reader the same frames, diagnostics and failures. */
class ReadAheadTest {
    private static byte[] pcap(int count) {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] b = new byte[60 + i % 1400];
            for (int j = 0; j < b.length; j++) b[j] = (byte) (i * 31 + j * 7 + (j * j >> 5));
            frames.add(b);
        }
        return Captures.pcap(LinkType.ETHERNET, frames.toArray(new byte[0][]));
    }

    /** Frames, diagnostics and the failure of reading {@code input}, as text to compare. */
    private static String outcome(byte[] input, boolean ahead) {
        DiagnosticList sink = new DiagnosticList();
        StringBuilder text = new StringBuilder();
        try (CaptureReader r = CaptureFiles.open(new ByteArrayInputStream(input), "x.pcap.gz", sink, ahead)) {
            text.append(r.format()).append('\n');
            for (ReadFrame f : Captures.readAll(r)) {
                text.append(f.number()).append(' ').append(f.epochNanos()).append(' ').append(f.capturedLength())
                        .append(' ').append(Arrays.hashCode(f.data())).append('\n');
            }
        } catch (IOException e) {
            text.append("failed: ").append(e.getClass().getName()).append(": ").append(e.getMessage()).append('\n');
        }
        text.append(sink.all());
        return text.toString();
    }

    private static void assertSameOutcome(byte[] input) {
        String inline = outcome(input, false);
        assertEquals(inline, outcome(input, true));
    }

    @ParameterizedTest
    @EnumSource(CompressionTest.Kind.class)
    void wholeCutShortOrDamagedTheReaderSeesTheSame(CompressionTest.Kind kind) {
        // gzip and zstd: 3 MB of frames, more than all the chunks at once, so the thread waits for the reader (commons'
        // LZ4 compressor takes minutes over that; the others are slow too).
        int frames = kind == CompressionTest.Kind.GZIP || kind == CompressionTest.Kind.ZSTD ? 4000 : 300;
        byte[] z = kind.compress(pcap(frames));
        assertTrue(outcome(z, true).contains("\n" + frames + " "), "all frames read");
        assertSameOutcome(z);
        assertSameOutcome(Arrays.copyOf(z, z.length * 2 / 3));
        assertSameOutcome(Arrays.copyOf(z, 40));
        byte[] damaged = z.clone();
        for (int i = z.length / 2; i < z.length / 2 + 16; i++) damaged[i] ^= 0x5A;
        assertSameOutcome(damaged);
    }

    @Test
    void trailingBytesAndNotACaptureAreReportedTheSame() {
        byte[] gz = Captures.gzip(pcap(300));
        byte[] junk = Arrays.copyOf(gz, gz.length + 5);
        String outcome = outcome(junk, true);
        assertTrue(outcome.contains("5 bytes after gzip member 1 are not gzip"), outcome);
        assertSameOutcome(junk);
        String text = outcome(Captures.gzip("not a capture at all".getBytes()), true);
        assertTrue(text.startsWith("failed: org.dlminspect.capture.CaptureFormatException: x.pcap.gz: not a pcap"), text);
        assertSameOutcome(Captures.gzip("not a capture at all".getBytes()));
        assertSameOutcome(Captures.gzip(new byte[0]));
    }

    @Test
    void aCaptureThatFailsToOpenLeavesNoThread() throws InterruptedException {
        assertThrows(CaptureFormatException.class, () -> CaptureFiles.open(
                new ByteArrayInputStream(Captures.gzip(new byte[1 << 20])), "zeros.gz", new DiagnosticList(), true));
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            assertFalse(t.getName().equals("dlm-inspect decompress zeros.gz"), "thread still there");
        }
    }

    @Test
    void bytesThenTheDecodersOwnFailureAtTheSamePlace() throws IOException {
        byte[] data = new byte[1000];
        for (int i = 0; i < data.length; i++) data[i] = (byte) i;
        ZipException failure = new ZipException("invalid block type");
        InputStream decoder = new InputStream() {
            int served;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (served == data.length) throw failure;
                int n = Math.min(Math.min(len, 33), data.length - served);
                System.arraycopy(data, served, b, off, n);
                served += n;
                return n;
            }
        };
        try (ReadAhead in = new ReadAhead(decoder, "t", 50)) {
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[17];
            ZipException thrown = assertThrows(ZipException.class, () -> {
                while (true) {
                    int n = in.read(buf, 0, buf.length);
                    if (n < 0) break;
                    got.write(buf, 0, n);
                }
            });
            assertSame(failure, thrown);
            assertArrayEquals(data, got.toByteArray());
            assertSame(failure, assertThrows(ZipException.class, () -> in.read(buf, 0, 1)), "and again");
        }
    }

    @Test
    void theEndIsTheEndOnEveryRead() throws IOException {
        try (ReadAhead in = new ReadAhead(new ByteArrayInputStream(new byte[] {5, 6, 7}), "t", 2)) {
            assertEquals(5, in.read());
            assertArrayEquals(new byte[] {6, 7}, in.readNBytes(5));
            assertEquals(-1, in.read(new byte[4], 0, 4));
            assertEquals(-1, in.read());
        }
    }

    @Test
    void anUncheckedFailureOfTheDecoderIsThrownToTheReader() throws IOException {
        InputStream decoder = new InputStream() {
            @Override
            public int read() {
                throw new IllegalStateException("broken");
            }
        };
        try (ReadAhead in = new ReadAhead(decoder, "t", 8)) {
            assertEquals("broken", assertThrows(IllegalStateException.class, () -> in.read(new byte[8], 0, 8)).getMessage());
        }
    }

    @Test
    void closingEarlyStopsTheThreadThenClosesTheDecoder() throws IOException {
        // An endless stream: the thread fills every chunk and waits for the reader, which stops after a few bytes.
        int[] reads = {0};
        boolean[] closedWhileReading = {false};
        boolean[] closed = {false};
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (closed[0]) closedWhileReading[0] = true;
                reads[0]++;
                Arrays.fill(b, off, off + len, (byte) 1);
                return len;
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        };
        ReadAhead in = new ReadAhead(endless, "t", 64);
        assertEquals(1, in.read());
        in.close();
        assertTrue(in.threadEnded(), "the thread ended with close");
        assertTrue(closed[0], "the decoder closed");
        assertFalse(closedWhileReading[0], "no read after its close");
        assertTrue(reads[0] <= ReadAhead.CHUNKS + 1, "bounded: " + reads[0] + " reads");
        assertThrows(IOException.class, () -> in.read(new byte[1], 0, 1));
        in.close(); // twice is fine
    }

    @Test
    void aMachineFailureKeepsItsMessage() {
        byte[] gz = Captures.gzip(pcap(300));
        InputStream failing = Captures.failingAfter(gz, 100);
        IOException e = assertThrows(IOException.class, () -> {
            try (CaptureReader r = CaptureFiles.open(failing, "x", new DiagnosticList(), true)) {
                Captures.readAll(r);
            }
        });
        assertEquals("Input/output error", e.getMessage());
        assertFalse(e instanceof EOFException);
    }
}
