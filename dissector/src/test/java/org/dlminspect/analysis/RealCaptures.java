package org.dlminspect.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;

/** Runs the real pipeline and the analyzer over one of the shared real captures in {@code samples/}. */
final class RealCaptures {
    private RealCaptures() { }

    record Result(List<Finding> findings, List<PairSummary> pairs, Verdict verdict, long firstNanos, String report) {
        List<Finding> of(String code) {
            return findings.stream().filter(f -> f.code().equals(code)).toList();
        }
    }

    static Path samples() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("samples"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("samples/ not found above " + Path.of("").toAbsolutePath());
        return p.resolve("samples");
    }

    static Result analyze(String name) throws IOException {
        return analyze(name, AnalyzerOptions.defaults());
    }

    static Result analyze(String name, AnalyzerOptions options) throws IOException {
        List<Finding> findings = new ArrayList<>();
        MidcommsAnalyzer analyzer = new MidcommsAnalyzer(findings::add, options);
        long[] first = {0};
        DissectionListener listener = new DissectionListener() {
            @Override
            public void onFrame(org.dlminspect.capture.CaptureFrame frame) {
                if (first[0] == 0) first[0] = frame.epochNanos();
            }

            @Override
            public void onMessage(org.dlminspect.pipeline.DissectedMessage message) {
                analyzer.onMessage(message);
            }

            @Override
            public void onTcpEvent(org.dlminspect.tcp.TcpEvent event) {
                analyzer.onTcpEvent(event);
            }

            @Override
            public void onDiagnostic(org.dlminspect.Diagnostic diagnostic) {
                analyzer.onDiagnostic(diagnostic);
            }

            @Override
            public void onEnd() {
                analyzer.onEnd();
            }
        };
        try (CaptureReader reader = CaptureFiles.open(samples().resolve(name + ".pcap.gz"), DiagnosticSink.IGNORE)) {
            new Dissector(DissectorOptions.defaults(), listener).run(reader);
        }
        String report = new ReportFormatter(ReportFormatter.Style.PLAIN, first[0])
                .format(analyzer.pairSummaries(), findings, analyzer.verdict());
        return new Result(List.copyOf(findings), analyzer.pairSummaries(), analyzer.verdict(), first[0], report);
    }
}
