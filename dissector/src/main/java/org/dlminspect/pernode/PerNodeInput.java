package org.dlminspect.pernode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.analysis.Finding;
import org.dlminspect.analysis.FindingCode;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.capture.MergingReader;
import org.dlminspect.memory.Account;
import org.dlminspect.pipeline.DissectorOptions;

/**
 * Several captures of one cluster taken on different nodes: the survey pass ({@link CaptureSurvey}), then
 * the matching pass ({@link PerNodeMatcher}) as the reader the pipeline reads. Captures that share nothing
 * with the others are left out with a finding, never merged into the rest.
 */
public final class PerNodeInput {
    /** Opens input {@code index} again (each pass reads the files from their start). */
    public interface Opener {
        CaptureReader open(int index, DiagnosticSink sink) throws IOException;
    }

    private final List<String> names;
    private final Captures captures;
    private final PerNodeMatcher matcher;
    private final List<Finding> findings;

    private PerNodeInput(List<String> names, Captures captures, PerNodeMatcher matcher, List<Finding> findings) {
        this.names = names;
        this.captures = captures;
        this.matcher = matcher;
        this.findings = findings;
    }

    /**
     * The survey over all inputs; null when they do not look like per-node captures and {@code forced} is
     * false (the caller merges them plainly then).
     */
    public static PerNodeInput open(List<String> sources, List<String> names, Settings o, DissectorOptions options,
                                    Opener opener, DiagnosticSink sink, boolean forced) throws IOException {
        int reference = o.reference();
        Account account = o.account();
        Captures captures;
        try (CaptureReader all = merged(sources.size(), opener, DiagnosticSink.IGNORE, null)) {
            captures = new CaptureSurvey(sources.size(), options, o.maxClockOffsetNanos(), account).run(all, reference);
        }
        if (!captures.perNode() && !forced) return null;
        List<Finding> findings = new ArrayList<>();
        for (Captures.File f : captures.files()) {
            if (!f.matched()) {
                findings.add(finding(FindingCode.CAPTURE_UNMATCHED, names.get(f.index()) + " (" + sources.get(f.index())
                        + ") shares no TCP segment or SCTP packet with the other captures: another cluster, another time or another place;"
                        + " left out of the analysis (analyze it alone)", f.startNanos()));
            } else if (!f.aligned()) {
                findings.add(finding(FindingCode.CAPTURE_UNALIGNED, names.get(f.index()) + " shares no traffic in both directions"
                        + " with the reference's group of captures: its clock is not aligned (times as recorded)", f.startNanos()));
            }
        }
        for (Captures.Pair p : captures.pairs()) {
            if (!p.aligned()) {
                findings.add(finding(FindingCode.CAPTURE_UNALIGNED, names.get(p.a()) + " and " + names.get(p.b())
                        + " share segments in one direction only: their clocks cannot be compared directly", 0));
            }
        }
        MergingReader corrected = merged(sources.size(), opener, sink, captures);
        PerNodeMatcher matcher = new PerNodeMatcher(corrected, captures, options, o.matchWindowNanos(), o.matchWindowBytes(),
                account, findings::add);
        return new PerNodeInput(names, captures, matcher, findings);
    }

    /** The inputs merged; with {@code captures}, on the reference's clock and without the captures left out. */
    private static MergingReader merged(int n, Opener opener, DiagnosticSink sink, Captures captures) throws IOException {
        List<CaptureReader> readers = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                if (captures != null && !captures.files().get(i).matched()) {
                    readers.add(EMPTY);
                    continue;
                }
                readers.add(opener.open(i, MergingReader.sinkFor(i, sink)));
            }
        } catch (IOException | RuntimeException e) {
            for (CaptureReader r : readers) r.close();
            throw e;
        }
        MergingReader m = new MergingReader(readers);
        if (captures != null) {
            for (Captures.File f : captures.files()) m.correct(f.index(), -f.offsetNanos());
        }
        return m;
    }

    private static final CaptureReader EMPTY = new CaptureReader() {
        @Override
        public boolean next(CaptureFrame frame) {
            return false;
        }

        @Override
        public String format() {
            return "left out";
        }

        @Override
        public void close() { }
    };

    private static Finding finding(FindingCode code, String text, long nanos) {
        return new Finding(code, code.defaultSeverity(), -1, -1, null, null, 0, nanos, List.of(), List.of(), -1, text);
    }

    /**
     * How the two passes run.
     *
     * @param reference          index of the capture whose clock the others are aligned to
     * @param maxClockOffsetNanos the largest clock difference looked for between two captures
     * @param matchWindowNanos   how long a segment waits for its copy
     * @param matchWindowBytes   most frame bytes the matching window holds
     * @param account            where the survey's and the matcher's state is charged
     */
    public record Settings(int reference, long maxClockOffsetNanos, long matchWindowNanos, long matchWindowBytes, Account account) { }

    public CaptureReader reader() {
        return matcher;
    }

    public Captures captures() {
        return captures;
    }

    public PerNodeMatcher matcher() {
        return matcher;
    }

    /** Findings of the matching (losses, captures left out); complete once the reader has reached its end. */
    public List<Finding> findings() {
        return findings;
    }

    public List<String> names() {
        return names;
    }

    public void writeReport(Appendable out) throws IOException {
        PerNodeReport.write(out, names, captures, matcher);
    }
}
