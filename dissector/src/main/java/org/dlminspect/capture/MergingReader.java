package org.dlminspect.capture;

import java.io.IOException;
import java.util.List;
import org.dlminspect.Diagnostic;
import org.dlminspect.DiagnosticSink;

/**
 * Several captures read as one, merged by timestamp as {@code mergecap} merges them: each step returns the
 * earliest of the files' next frames (on a tie the later file on the command line, as mergecap's {@code <=}
 * comparison of the heads does), so a file that is itself out of time
 * order is passed on in its own order, as mergecap does. Streams: one frame per file is held.
 *
 * <p>Each frame's number becomes a {@link FrameRef} naming its file. A per-file clock correction (nanoseconds
 * added to that file's timestamps) lets per-node captures be merged on one time line once their clock
 * offsets are known; it is zero for a plain merge.
 */
public final class MergingReader implements CaptureReader {
    private final List<CaptureReader> readers;
    private final CaptureFrame[] heads;
    private final boolean[] live;
    private final long[] correctionNanos;

    /** @param readers the inputs, in command-line order (the order of {@link FrameRef#file}) */
    public MergingReader(List<CaptureReader> readers) {
        if (readers.isEmpty() || readers.size() > FrameRef.MAX_FILES) {
            throw new IllegalArgumentException("between 1 and " + FrameRef.MAX_FILES + " inputs: " + readers.size());
        }
        this.readers = List.copyOf(readers);
        this.heads = new CaptureFrame[readers.size()];
        this.live = new boolean[readers.size()];
        this.correctionNanos = new long[readers.size()];
    }

    /** Adds {@code nanos} to every timestamp of file {@code file} from now on (its clock correction). */
    public void correct(int file, long nanos) {
        correctionNanos[file] = nanos;
    }

    @Override
    public boolean next(CaptureFrame frame) throws IOException {
        int best = -1;
        for (int i = 0; i < heads.length; i++) {
            if (heads[i] == null) {
                heads[i] = new CaptureFrame();
                live[i] = readers.get(i).next(heads[i]);
            }
            if (live[i] && (best < 0 || time(i) <= time(best))) best = i;
        }
        if (best < 0) return false;
        CaptureFrame h = heads[best];
        int n = h.capturedLength();
        System.arraycopy(h.data(), 0, frame.ensureCapacity(n), 0, n);
        frame.set(FrameRef.of(best, h.number()), time(best), h.linkType(), h.interfaceId(), n, h.originalLength());
        live[best] = readers.get(best).next(h);
        return true;
    }

    private long time(int file) {
        return heads[file].epochNanos() + correctionNanos[file];
    }

    /** A sink for file {@code file}'s reader: its frame numbers become that file's references. */
    public static DiagnosticSink sinkFor(int file, DiagnosticSink sink) {
        return d -> sink.report(d.frame() > 0 ? new Diagnostic(FrameRef.of(file, d.frame()), d.severity(), d.code(), d.message()) : d);
    }

    @Override
    public String format() {
        return "merged " + readers.size() + " files";
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (CaptureReader r : readers) {
            try {
                r.close();
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }
}
