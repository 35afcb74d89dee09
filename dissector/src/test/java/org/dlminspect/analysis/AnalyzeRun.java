package org.dlminspect.analysis;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.Severity;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.pipeline.FanOut;
import org.dlminspect.pipeline.TimeOrder;
import org.dlminspect.pipeline.TimeOrderOptions;

/** Runs a capture through the whole analyze pipeline (TimeOrder, Dissector, MidcommsAnalyzer), as the CLI does. */
final class AnalyzeRun {
    /** What the run produced; {@code report} is the text report with every finding listed. */
    record Run(List<Finding> findings, MidcommsAnalyzer analyzer, List<DissectedMessage> opts, long firstNanos,
               String report) {
        List<Finding> of(String code) {
            return findings.stream().filter(f -> f.code().equals(code)).toList();
        }

        List<Finding> atLeast(Severity s) {
            return findings.stream().filter(f -> f.severity().atLeast(s)).toList();
        }

        String dump() {
            StringBuilder b = new StringBuilder();
            for (Finding f : findings) b.append(f).append('\n');
            return b.toString();
        }
    }

    private AnalyzeRun() { }

    static Run run(byte[] capture) throws IOException {
        return run(new ByteArrayInputStream(capture), "test capture", AnalyzerOptions.defaults(), TimeOrderOptions.DEFAULTS);
    }

    static Run run(byte[] capture, TimeOrderOptions order) throws IOException {
        return run(new ByteArrayInputStream(capture), "test capture", AnalyzerOptions.defaults(), order);
    }

    static Run run(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return run(in, file.toString(), AnalyzerOptions.defaults(), TimeOrderOptions.DEFAULTS);
        }
    }

    static Run run(InputStream in, String name, AnalyzerOptions options, TimeOrderOptions order) throws IOException {
        List<Finding> findings = new ArrayList<>();
        MidcommsAnalyzer analyzer = new MidcommsAnalyzer(findings::add, options);
        long[] first = {0};
        DissectionListener firstTime = new DissectionListener() {
            @Override
            public void onFrame(CaptureFrame frame) {
                if (first[0] == 0) first[0] = frame.epochNanos();
            }
        };
        try (CaptureReader reader = new TimeOrder(CaptureFiles.open(in, name, DiagnosticSink.IGNORE), order,
                MemoryBudget.unlimited().account("time-order"), analyzer::onStageEvent)) {
            new Dissector(DissectorOptions.defaults(), FanOut.of(firstTime, analyzer)).run(reader);
        }
        StringBuilder report = new StringBuilder();
        new ReportFormatter(ReportFormatter.Style.PLAIN, first[0]).write(report, analyzer.pairSummaries(), findings,
                analyzer.episodes(), analyzer.verdict(), true);
        return new Run(List.copyOf(findings), analyzer, List.of(), first[0], report.toString());
    }
}
