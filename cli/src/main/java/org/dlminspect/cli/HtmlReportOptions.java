package org.dlminspect.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.dlminspect.analysis.Finding;
import org.dlminspect.cli.report.HtmlReport;
import org.dlminspect.cli.report.ReportAdapter;
import org.dlminspect.cli.report.ReportModel;
import org.dlminspect.cli.report.TrafficCollector;
import org.dlminspect.locks.LockOptions;
import org.dlminspect.locks.LockTracker;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.FanOut;
import picocli.CommandLine.Option;

/**
 * {@code analyze --html FILE}: the visual report written beside the usual output. Collects the report's time
 * series next to the analyzer (before it, so a finding sees its message recorded) and writes the page at the end.
 */
public final class HtmlReportOptions {
    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write the visual report, one self-contained HTML file, to FILE (- for standard output).")
    String path;

    /** Lock analysis settings ({@code report} takes them from its options; {@code analyze --html} uses the defaults). */
    LockOptions lockOptions = LockOptions.defaults();

    private TrafficCollector collector;
    private LockTracker locks;

    boolean enabled() {
        return path != null;
    }

    /** The finding hook for the analysis session, null without a report; the collector charges {@code budget}. */
    Consumer<Finding> findingHook(MemoryBudget budget) {
        if (!enabled()) return null;
        collector = new TrafficCollector(budget);
        try {
            locks = new LockTracker(lockOptions, budget.account("locks"), null);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage()); // a bad --lockspace-name NAME=ID
        }
        return collector::onFinding;
    }

    /** The listener to run: the collector, the lock analysis and the analyzer, or the analyzer alone. */
    DissectionListener around(DissectionListener analyzer) {
        return collector == null ? analyzer : FanOut.of(collector, locks, analyzer);
    }

    void write(AnalysisSession analysis, List<String> sources) throws IOException {
        if (collector == null) return;
        ReportModel model = ReportAdapter.build(sources, new ReportAdapter.Analysis(analysis.analyzer().pairSummaries(),
                analysis.verdict(), analysis.analyzer().messages(), analysis.sortedFindings(), analysis.episodes(),
                analysis::episodeOf), collector, locks, lockOptions.top());
        String title = "dlm-inspect report: " + String.join(", ", sources);
        if (path.equals("-")) {
            Writer out = Output.stdout();
            HtmlReport.write(out, model, title);
            out.flush();
            return;
        }
        try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(Path.of(path)), StandardCharsets.UTF_8))) {
            HtmlReport.write(out, model, title);
        } catch (IOException e) {
            throw new IOException(path + ": cannot write the report (" + reason(e) + ")", e);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such directory";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
