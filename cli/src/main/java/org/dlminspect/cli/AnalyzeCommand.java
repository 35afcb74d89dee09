package org.dlminspect.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.Callable;
import org.dlminspect.Severity;
import org.dlminspect.analysis.AnalyzerOptions;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.cli.render.Ansi;
import org.dlminspect.cli.render.MessageFilter;
import org.dlminspect.cli.render.JsonOutput;
import org.dlminspect.cli.render.PerNodeJson;
import org.dlminspect.cli.render.DiagnosticPrinter;
import org.dlminspect.pernode.PerNodeInput;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.pipeline.Pipeline;
import org.dlminspect.pipeline.PipelineBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dlm-inspect analyze}: replays the midcomms state machine and reports what went wrong. */
@Command(name = "analyze", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"Replay the midcomms reliability layer (DLM 3.2) per node pair: which messages were lost, "
                + "retransmitted, duplicated or never acknowledged, between which nodes, and when.",
                "Prints a per-node-pair table, the findings in time order and a one-line verdict."})
public final class AnalyzeCommand implements Callable<Integer> {
    @Mixin
    InputOptions input = new InputOptions();

    @Mixin
    CommonOptions common = new CommonOptions();

    @Mixin
    FilterOptions filters = new FilterOptions();

    @Option(names = "-t", paramLabel = "FORMAT",
            description = "Time format of the findings: a, ad, adoy, d, dd, e, r (default), u, ud, udoy; .N sets the decimals (e.g. ud.3).")
    String time;

    @Mixin
    TimeOrderOptionsMixin order = new TimeOrderOptionsMixin();

    @Mixin
    AnalyzeReportOptions report = new AnalyzeReportOptions();

    @Mixin
    MemoryOptions memory = new MemoryOptions();

    @Option(names = "--json", description = "Newline-delimited JSON: one object per finding, then one summary object (schema in the README).")
    boolean json;

    @Option(names = "--fail-on", paramLabel = "LEVEL",
            description = "Exit with status 1 when a finding at or above LEVEL exists: ${COMPLETION-CANDIDATES}.")
    Severity failOn;

    @Mixin
    HtmlReportOptions html = new HtmlReportOptions();

    /** Set by {@code report}: the HTML report is the output, stdout gets the verdict line at most. */
    boolean verdictOnly;

    @Override
    public Integer call() throws IOException {
        org.dlminspect.memory.MemoryBudget budget = memory.budget();
        Writer out = Output.stdout();
        Ansi ansi = new Ansi(!json && Terminal.useColor(common.color));
        DiagnosticPrinter diagnostics = common.diagnosticPrinter();
        MessageFilter filter = filters.toFilter();
        org.dlminspect.schema.TimeFormat times = timeFormat();
        AnalysisSession analysis = new AnalysisSession(AnalyzerOptions.defaults(), budget, html.findingHook(budget));
        long[] firstFrameNanos = {Long.MIN_VALUE};
        FirstFrameClock clock = new FirstFrameClock();
        DissectionListener firstTime = new DissectionListener() {
            @Override
            public void onFrame(CaptureFrame frame) {
                if (firstFrameNanos[0] == Long.MIN_VALUE) firstFrameNanos[0] = frame.epochNanos();
            }
        };
        // The analyzer alone on the second thread: diagnostics are still printed from this one, in order.
        PipelineBuilder builder = PipelineBuilder.analysis(input.dissectorOptions(), budget, order.options(),
                        diagnostics::report, Threads.secondThread())
                .inline(firstTime)
                .inline(clock);
        if (filter.readsFindings()) {
            // A filter naming a finding field selects the findings reported; any other, the messages analysed.
            analysis.showOnly(f -> filter.matches(f, clock.firstEpochNanos(f.epochNanos())));
            builder.listener(html.around(analysis.analyzer()));
        } else {
            builder.displayFilter(filters.predicate(clock)).filtered(html.around(analysis.analyzer()));
        }
        InputOptions.OpenCapture capture = null;
        try {
            try (Pipeline pipeline = builder.build()) {
                capture = input.open(diagnostics::report, true, budget);
                // Per-node captures: -Y may select on the receivers' sightings (frame.received_*).
                if (capture.perNode() != null) filters.sightings(capture.perNode().matcher().sightings());
                try {
                    pipeline.run(capture.reader());
                } finally {
                    capture.progress().done();
                }
                analysis.addCaptureFindings(Coverage.findings(pipeline.coverage(), Math.max(0, firstFrameNanos[0])));
            }
            PerNodeInput perNode = capture.perNode();
            if (perNode != null) analysis.addCaptureFindings(perNode.findings());
            // Closed only after the report: the report names frames by file, and the names are this capture's.
            if (!json && !verdictOnly && perNode != null) perNode.writeReport(out);
            if (verdictOnly) {
                html.write(analysis, input.sources());
                if (!"-".equals(html.path)) out.append(analysis.verdict().text()).append('\n');
            } else if (json) {
                JsonGenerator g = JsonOutput.create(out);
                analysis.writeJson(g, true);
                if (perNode != null) PerNodeJson.write(g, perNode.names(), perNode.captures(), perNode.matcher());
                g.flush();
            } else {
                analysis.writeReport(out, ansi, firstFrameNanos[0] == Long.MIN_VALUE ? 0 : firstFrameNanos[0],
                        times, report.allFindings);
            }
            if (!verdictOnly) html.write(analysis, input.sources());
            out.flush();
        } finally {
            if (capture != null) capture.close();
        }
        diagnostics.summarize();
        return analysis.exitStatus(failOn);
    }

    private org.dlminspect.schema.TimeFormat timeFormat() {
        if (time == null) return org.dlminspect.schema.TimeFormat.DEFAULT;
        try {
            return org.dlminspect.schema.TimeFormat.parse(time);
        } catch (IllegalArgumentException e) {
            throw new UsageError("-t: " + e.getMessage());
        }
    }
}
