package org.dlminspect.capture;

import java.io.EOFException;
import java.io.IOException;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.Severity;

/** What the pcap and pcapng readers share: the byte source, frame numbering and the end of reading. */
abstract class AbstractCaptureReader implements CaptureReader {
    /** Diagnostic code of an impossible timestamp (fraction out of range, overflow, before 1970). */
    public static final String CODE_TIMESTAMP = "capture.timestamp";

    /** A record or packet block claiming more captured bytes than this is corrupt, not a packet. */
    static final int MAX_CAPTURED_LENGTH = 16 * 1024 * 1024;

    final ByteSource src;
    final DiagnosticSink sink;
    final String name;
    private final String format;
    /** Number of the last frame read or skipped. */
    long frames;
    /** Number of the last frame returned by {@link #next}. */
    private long delivered;
    private boolean done;

    AbstractCaptureReader(ByteSource src, DiagnosticSink sink, String name, String format) {
        this.src = src;
        this.sink = sink;
        this.name = name;
        this.format = src.compressed() ? format + "+" + src.compression() : format;
    }

    @Override
    public final boolean next(CaptureFrame frame) throws IOException {
        if (done) {
            return false;
        }
        if (readNext(frame)) {
            delivered = frame.number();
            return true;
        }
        done = true;
        reportStreamProblem();
        return false;
    }

    /** Reads one frame; false at the end (or after reporting why reading stops). */
    abstract boolean readNext(CaptureFrame frame) throws IOException;

    @Override
    public String format() {
        return format;
    }

    @Override
    public void close() throws IOException {
        src.close();
    }

    /** "; read up to frame 41" for a message about a frame that could not be read. */
    final String readUpTo(long frame) {
        return frame > 1 ? "; read up to frame " + (frame - 1) : "; no frame read before it";
    }

    final void warnCaplen(long frame, long captured, long snaplen, long original) {
        boolean overSnaplen = snaplen > 0 && captured > snaplen;
        boolean overOriginal = captured > original;
        if (!overSnaplen && !overOriginal) {
            return;
        }
        String what = overSnaplen && overOriginal
                ? "the snaplen " + snaplen + " and the original length " + original
                : overSnaplen ? "the snaplen " + snaplen : "the original length " + original;
        sink.report(frame, Severity.WARN, "capture.caplen",
                "captured length " + captured + " exceeds " + what + "; frame read anyway");
    }

    private void reportStreamProblem() {
        IOException problem = src.streamProblem();
        if (problem == null) {
            return;
        }
        String detail = problem.getMessage() == null ? problem.getClass().getSimpleName() : problem.getMessage();
        if (problem instanceof GzipMembers.TrailingBytesException) {
            sink.report(0, Severity.WARN, "capture.gzip", name + ": " + detail + "; read up to frame " + delivered);
        } else if (problem instanceof EOFException) {
            sink.report(0, Severity.WARN, "capture.gzip",
                    name + ": compressed input ends early (" + detail + "); read up to frame " + delivered);
        } else {
            sink.report(0, Severity.ERROR, "capture.gzip",
                    name + ": compressed input is corrupt (" + detail + "); read up to frame " + delivered);
        }
    }
}
