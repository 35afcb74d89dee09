package org.dlminspect.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorOutputStream;
import org.dlminspect.Diagnostic;
import org.dlminspect.Severity;
import org.dlminspect.testkit.Captures;
import org.dlminspect.testkit.Captures.DiagnosticList;
import org.dlminspect.testkit.Captures.ReadFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Every compression, told apart by its magic, several members/streams/frames, and a gzip on a slow pipe. */
class CompressionTest {
    interface Compressor {
        OutputStream wrap(OutputStream out) throws IOException;
    }

    enum Kind {
        GZIP("gzip", java.util.zip.GZIPOutputStream::new),
        ZSTD("zstd", io.airlift.compress.zstd.ZstdOutputStream::new),
        XZ("xz", out -> new XZOutputStream(out, new LZMA2Options())),
        LZ4("lz4", FramedLZ4CompressorOutputStream::new),
        BZIP2("bzip2", BZip2CompressorOutputStream::new);

        final String label;
        final Compressor compressor;

        Kind(String label, Compressor compressor) {
            this.label = label;
            this.compressor = compressor;
        }

        byte[] compress(byte[] data) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (OutputStream out = compressor.wrap(bytes)) {
                out.write(data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }

    private static byte[] frameBytes(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) b[i] = (byte) (seed * 31 + i * 7);
        return b;
    }

    /** 300 distinct frames: enough to span several of the decoders' blocks and our reads. */
    private static byte[] pcap() {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 300; i++) frames.add(frameBytes(60 + i % 200, i));
        return Captures.pcap(LinkType.ETHERNET, frames.toArray(new byte[0][]));
    }

    private static void assertAllFrames(List<ReadFrame> frames) {
        assertEquals(300, frames.size());
        for (ReadFrame f : frames) {
            int i = (int) f.number() - 1;
            assertArrayEquals(frameBytes(60 + i % 200, i), f.data(), "frame " + f.number());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void eachCompressionIsDetectedByItsMagicAndReadWhole(Kind kind) throws IOException {
        DiagnosticList sink = new DiagnosticList();
        try (CaptureReader r = Captures.open(kind.compress(pcap()), "x", sink)) {
            assertEquals("pcap+" + kind.label, r.format());
            assertAllFrames(Captures.readAll(r));
        }
        assertTrue(sink.isEmpty(), sink.all()::toString);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void concatenatedMembersStreamsOrFramesAreOneCapture(Kind kind) throws IOException {
        byte[] pcap = pcap();
        int cut = 24 + 16 + 60 + 5; // inside the second record
        byte[] joined = concat(kind.compress(Arrays.copyOfRange(pcap, 0, cut)),
                kind.compress(Arrays.copyOfRange(pcap, cut, pcap.length)));
        DiagnosticList sink = new DiagnosticList();
        assertAllFrames(Captures.readAll(joined, sink));
        assertTrue(sink.isEmpty(), sink.all()::toString);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aCompressedCaptureCutShortIsAWarningAfterTheFramesItHolds(Kind kind) throws IOException {
        byte[] z = kind.compress(pcap());
        DiagnosticList sink = new DiagnosticList();
        List<ReadFrame> frames;
        try {
            frames = Captures.readAll(Arrays.copyOf(z, z.length * 2 / 3), sink);
        } catch (CaptureFormatException e) {
            // Block formats (zstd, xz, bzip2) decode nothing of a block until it is whole: this one is all one block.
            assertTrue(e.getMessage().equals("test.pcap: " + kind.label + "-compressed, but it ends before anything could be decompressed")
                    || e.getMessage().startsWith("test.pcap: " + kind.label + "-compressed, but its compressed data is corrupt"),
                    e.getMessage());
            assertTrue(kind == Kind.ZSTD || kind == Kind.XZ || kind == Kind.BZIP2, kind + " should have streamed");
            return;
        }
        assertTrue(frames.size() < 300, "frames " + frames.size());
        List<Diagnostic> d = sink.withCode("capture.gzip");
        assertEquals(1, d.size(), sink.all()::toString);
        assertEquals(Severity.WARN, d.get(0).severity(), d.get(0)::message);
        assertTrue(d.get(0).message().startsWith("test.pcap: compressed input ends early ("), d.get(0).message());
        assertTrue(d.get(0).message().endsWith("; read up to frame " + frames.size()), d.get(0).message());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void damagedCompressedDataIsAnError(Kind kind) throws IOException {
        byte[] z = kind.compress(pcap());
        // Past the stream's header: its middle, where the decoder must notice.
        for (int i = z.length / 2; i < z.length / 2 + 16; i++) z[i] ^= 0x5A;
        DiagnosticList sink = new DiagnosticList();
        List<ReadFrame> frames;
        try {
            frames = Captures.readAll(z, sink);
        } catch (CaptureFormatException e) {
            return; // also fine: nothing readable came out
        }
        assertTrue(frames.size() < 300 || !sink.isEmpty(), "the damage went unnoticed");
        Diagnostic d = sink.withCode("capture.gzip").get(0);
        assertTrue(d.message().startsWith("test.pcap: compressed input is corrupt ("), d.message());
    }

    @Test
    void gzipMembersArrivingLaterOnAPipeAreAllRead() throws IOException {
        byte[] pcap = pcap();
        int cut = pcap.length / 2;
        byte[] a = Captures.gzip(Arrays.copyOfRange(pcap, 0, cut));
        byte[] b = Captures.gzip(Arrays.copyOfRange(pcap, cut, pcap.length));
        // A pipe where b has not arrived when a ends: nothing "available", b only on a later read.
        DiagnosticList sink = new DiagnosticList();
        try (CaptureReader r = CaptureFiles.open(new SlowPipe(a, b), "standard input", sink)) {
            assertAllFrames(Captures.readAll(r));
        }
        assertTrue(sink.isEmpty(), sink.all()::toString);
    }

    @Test
    void theJdkGzipStreamLosesTheLaterMemberOnThatPipe() throws IOException {
        // Why GzipMembers exists: the same input through java.util.zip stops after the first member.
        byte[] a = Captures.gzip(new byte[] {1, 2, 3});
        byte[] b = Captures.gzip(new byte[] {4, 5});
        try (InputStream in = new GZIPInputStream(new SlowPipe(a, b))) {
            assertArrayEquals(new byte[] {1, 2, 3}, in.readAllBytes());
        }
        try (InputStream in = Compression.GZIP.open(new SlowPipe(a, b))) {
            assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, in.readAllBytes());
        }
    }

    @Test
    void bytesAfterTheLastGzipMemberAreReported() throws IOException {
        byte[] gz = concat(Captures.gzip(pcap()), "trailing junk\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        DiagnosticList sink = new DiagnosticList();
        assertAllFrames(Captures.readAll(gz, sink));
        Diagnostic d = sink.single();
        assertEquals("capture.gzip", d.code());
        assertEquals(Severity.WARN, d.severity());
        assertEquals("test.pcap: 14 bytes after gzip member 1 are not gzip (starting 74 72); ignored; read up to frame 300",
                d.message());
    }

    @Test
    void aZstdHeaderThatIsNotOneIsNotACapture() {
        byte[] junk = {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD, (byte) 0xFF, (byte) 0xFF, 0, 0, 0};
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> Captures.readAll(junk, new DiagnosticList()));
        assertTrue(e.getMessage().startsWith("test.pcap: zstd-compressed, but its "), e.getMessage());
    }

    @Test
    void anInputErrorOfTheMachineIsNotTakenForCorruptData() {
        byte[] gz = Captures.gzip(pcap());
        InputStream failing = Captures.failingAfter(gz, 100);
        IOException e = assertThrows(IOException.class, () -> {
            try (CaptureReader r = CaptureFiles.open(failing, "x", new DiagnosticList())) {
                Captures.readAll(r);
            }
        });
        assertEquals("Input/output error", e.getMessage());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** Serves {@code first} in small reads, then {@code second} in later reads; never says bytes are available. */
    static final class SlowPipe extends InputStream {
        private final byte[][] parts;
        private int part;
        private int at;

        SlowPipe(byte[]... parts) {
            this.parts = parts;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (part == parts.length) return -1;
            int n = Math.min(Math.min(len, 1000), parts[part].length - at);
            System.arraycopy(parts[part], at, b, off, n);
            at += n;
            if (at == parts[part].length) {
                part++;
                at = 0;
            }
            return n;
        }

        @Override
        public int available() {
            return 0;
        }
    }
}
