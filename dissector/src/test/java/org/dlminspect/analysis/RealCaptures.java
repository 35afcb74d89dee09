package org.dlminspect.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.pipeline.StageEvent;
import org.dlminspect.tcp.TcpEvent;

/** Runs the real pipeline and the analyzer over one of the shared real captures in {@code samples/}. */
final class RealCaptures {
    private RealCaptures() { }

    /** One OPTS as the pipeline delivered it: outer h_nodeid, seq, the frame that completed it, its stream. */
    record Opts(long node, long seq, long frame, int stream) { }

    record Result(List<Finding> findings, List<PairSummary> pairs, Verdict verdict, List<Opts> opts, String report) {
        List<Finding> of(String code) {
            return findings.stream().filter(f -> f.code().equals(code)).toList();
        }

        DirectionSummary from(long node) {
            PairSummary p = pairs.get(0);
            return p.aToB().fromNode() == node ? p.aToB() : p.bToA();
        }
    }

    static Path samples() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("samples"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("samples/ not found above " + Path.of("").toAbsolutePath());
        return p.resolve("samples");
    }

    static Result analyze(String name) throws IOException {
        return analyze(name, AnalyzerOptions.defaults(), Set.of());
    }

    /** Analyzes capture {@code name}, leaving out the frames in {@code dropFrames} as if the capture had lost them. */
    static Result analyze(String name, AnalyzerOptions options, Set<Long> dropFrames) throws IOException {
        List<Finding> findings = new ArrayList<>();
        List<Opts> opts = new ArrayList<>();
        MidcommsAnalyzer analyzer = new MidcommsAnalyzer(findings::add, options);
        long[] first = {0};
        DissectionListener listener = new DissectionListener() {
            @Override
            public void onFrame(CaptureFrame frame) {
                if (first[0] == 0) first[0] = frame.epochNanos();
            }

            @Override
            public void onMessage(DissectedMessage m) {
                if (m.header().cmd() == 3) {
                    opts.add(new Opts(m.header().nodeid(), m.header().seq(), m.frame(), m.direction().stream()));
                }
                analyzer.onMessage(m);
            }

            @Override
            public void onTcpEvent(TcpEvent event) {
                analyzer.onTcpEvent(event);
            }

            @Override
            public void onStageEvent(StageEvent event) {
                analyzer.onStageEvent(event);
            }

            @Override
            public void onEnd() {
                analyzer.onEnd();
            }
        };
        try (CaptureReader reader = CaptureFiles.open(samples().resolve(name + ".pcap.gz"), DiagnosticSink.IGNORE)) {
            CaptureReader source = dropFrames.isEmpty() ? reader : new CaptureReader() {
                @Override
                public boolean next(CaptureFrame frame) throws IOException {
                    while (reader.next(frame)) {
                        if (!dropFrames.contains(frame.number())) return true;
                    }
                    return false;
                }

                @Override
                public String format() {
                    return reader.format();
                }

                @Override
                public void close() throws IOException {
                    reader.close();
                }
            };
            new Dissector(DissectorOptions.defaults(), listener).run(source);
        }
        String report = new ReportFormatter(ReportFormatter.Style.PLAIN, first[0])
                .format(analyzer.pairSummaries(), findings, analyzer.verdict());
        return new Result(List.copyOf(findings), analyzer.pairSummaries(), analyzer.verdict(), List.copyOf(opts), report);
    }
}
