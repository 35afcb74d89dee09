package org.dlminspect.testkit;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.dlminspect.Diagnostic;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.Severity;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.capture.LinkType;
import org.dlminspect.capture.PcapWriter;

/** Builds small captures in memory and reads them back, for tests. */
public final class Captures {
    /** Directory of the real captures shared by the project. */
    public static final Path SHARED = Path.of("/work/shared/captures");
    /** 2023-11-14T22:13:20Z: timestamps of {@link #pcap(LinkType, byte[]...)} start here, 1 ms apart. */
    public static final long BASE_NANOS = 1_700_000_000_000_000_000L;

    private Captures() { }

    /** A frame to write: capture time, the captured bytes and the frame's length on the wire. */
    public record Frame(long epochNanos, byte[] data, int originalLength) {
        public static Frame of(long epochNanos, byte[] data) {
            return new Frame(epochNanos, data, data.length);
        }
    }

    /** A frame as read back, copied out of the reader's reused {@link CaptureFrame}. */
    public record ReadFrame(long number, long epochNanos, int linkType, int interfaceId, int capturedLength,
                            int originalLength, byte[] data) { }

    /** A little-endian microsecond pcap of {@code frames}, 1 ms apart from {@link #BASE_NANOS}, snaplen 262144. */
    public static byte[] pcap(LinkType linkType, byte[]... frames) {
        List<Frame> list = new ArrayList<>();
        for (int i = 0; i < frames.length; i++) {
            list.add(Frame.of(BASE_NANOS + i * 1_000_000L, frames[i]));
        }
        return pcap(linkType.wireValue(), 262144, PcapWriter.Precision.MICROSECONDS, ByteOrder.LITTLE_ENDIAN, list);
    }

    public static byte[] pcap(int linkType, int snaplen, PcapWriter.Precision precision, ByteOrder order,
                              List<Frame> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(out, linkType, snaplen, precision, order)) {
            for (Frame f : frames) {
                w.write(f.epochNanos(), f.data(), 0, f.data().length, f.originalLength());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * An input that serves the first {@code served} bytes of {@code data}, then fails as a machine's disk does
     * (an IOException "Input/output error"), not as a cut file (EOF).
     */
    public static java.io.InputStream failingAfter(byte[] data, int served) {
        return new java.io.InputStream() {
            private int done;

            @Override
            public int read() throws IOException {
                throw new IOException("Input/output error");
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                if (done >= served) throw new IOException("Input/output error");
                int n = Math.min(len, served - done);
                System.arraycopy(data, done, buf, off, n);
                done += n;
                return n;
            }
        };
    }

    public static CaptureReader open(byte[] capture, String name, DiagnosticSink sink) throws IOException {
        return CaptureFiles.open(new ByteArrayInputStream(capture), name, sink);
    }

    /** Reads every frame of an in-memory capture named "test.pcap". */
    public static List<ReadFrame> readAll(byte[] capture, DiagnosticSink sink) throws IOException {
        try (CaptureReader r = open(capture, "test.pcap", sink)) {
            return readAll(r);
        }
    }

    public static List<ReadFrame> readAll(CaptureReader reader) throws IOException {
        List<ReadFrame> frames = new ArrayList<>();
        CaptureFrame f = new CaptureFrame();
        while (reader.next(f)) {
            byte[] copy = new byte[f.capturedLength()];
            System.arraycopy(f.data(), 0, copy, 0, copy.length);
            frames.add(new ReadFrame(f.number(), f.epochNanos(), f.linkType(), f.interfaceId(), f.capturedLength(),
                    f.originalLength(), copy));
        }
        return frames;
    }

    /** A CaptureFrame holding {@code data}, as a reader would fill it (frame number 1, whole frame captured). */
    public static CaptureFrame frame(LinkType linkType, byte[] data) {
        return frame(linkType.wireValue(), data, data.length, 1);
    }

    /** A CaptureFrame holding {@code data} of a frame that was {@code originalLength} bytes on the wire. */
    public static CaptureFrame frame(int linkType, byte[] data, int originalLength, long number) {
        CaptureFrame f = new CaptureFrame();
        System.arraycopy(data, 0, f.ensureCapacity(data.length), 0, data.length);
        f.set(number, BASE_NANOS, linkType, 0, data.length, originalLength);
        return f;
    }

    /** Collects diagnostics in arrival order. */
    public static final class DiagnosticList implements DiagnosticSink {
        private final List<Diagnostic> all = new ArrayList<>();

        @Override
        public void report(Diagnostic diagnostic) {
            all.add(diagnostic);
        }

        public List<Diagnostic> all() {
            return all;
        }

        public boolean isEmpty() {
            return all.isEmpty();
        }

        /** The only diagnostic; fails when there is not exactly one. */
        public Diagnostic single() {
            if (all.size() != 1) {
                throw new AssertionError("expected exactly one diagnostic, got " + all);
            }
            return all.get(0);
        }

        public List<Diagnostic> withCode(String code) {
            return all.stream().filter(d -> d.code().equals(code)).toList();
        }

        public long count(Severity severity) {
            return all.stream().filter(d -> d.severity() == severity).count();
        }
    }
}
