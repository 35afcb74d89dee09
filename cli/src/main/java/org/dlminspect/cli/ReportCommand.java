package org.dlminspect.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import org.dlminspect.Severity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dlm-inspect report}: the analysis of {@code analyze}, drawn as one self-contained HTML file
 * (timelines, sequence progress, ladders, findings). Runs exactly {@code analyze --html}, without the text report.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a visual report of a capture: one self-contained HTML file (no network access when "
                + "opened) with the overview, per-pair timelines with the episodes as bands, sequence progress, ACK "
                + "latency, message ladders around each finding, every finding with the frames to give read -Y, and "
                + "the lock views of locks (response-time histograms, slowest requests, contended resources, "
                + "requests waiting at the end, recovery phases).",
                "Same analysis as analyze and locks; prints only the verdict line."})
public final class ReportCommand implements Callable<Integer> {
    @Mixin
    InputOptions input;

    @Mixin
    CommonOptions common;

    @Mixin
    FilterOptions filters;

    @Mixin
    MemoryOptions memory;

    @Mixin
    LockAnalysisOptions locks;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "The HTML file to write (- for standard output).")
    String output;

    @Option(names = "--fail-on", paramLabel = "LEVEL",
            description = "Exit with status 1 when a finding at or above LEVEL exists: ${COMPLETION-CANDIDATES}.")
    Severity failOn;

    @Override
    public Integer call() throws IOException {
        AnalyzeCommand analyze = new AnalyzeCommand();
        analyze.input = input;
        analyze.common = common;
        analyze.filters = filters;
        analyze.memory = memory;
        analyze.failOn = failOn;
        analyze.html = new HtmlReportOptions();
        analyze.html.path = output;
        try {
            analyze.html.lockOptions = locks.toOptions();
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        analyze.verdictOnly = true;
        return analyze.call();
    }
}
