package org.dlminspect.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.Callable;
import org.dlminspect.cli.render.Ansi;
import org.dlminspect.cli.render.DiagnosticPrinter;
import org.dlminspect.cli.render.JsonOutput;
import org.dlminspect.cli.render.LockReportText;
import org.dlminspect.cli.render.RecordJson;
import org.dlminspect.locks.LockReport;
import org.dlminspect.locks.LockTracker;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.pipeline.Pipeline;
import org.dlminspect.pipeline.PipelineBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dlm-inspect locks}: which lock requests were slow, stuck or contended, and whether recovery ran. */
@Command(name = "locks", mixinStandardHelpOptions = true,
        description = {"Pair every DLM lock request with its reply and follow each lock's life: service times per "
                + "exchange and node pair, the slowest requests, the most contended resources, requests still "
                + "waiting at the end, recovery episodes, and lock-level findings."})
public final class LocksCommand implements Callable<Integer> {
    @Mixin
    InputOptions input = new InputOptions();

    @Mixin
    CommonOptions common = new CommonOptions();

    @Mixin
    LockAnalysisOptions locks = new LockAnalysisOptions();

    @Mixin
    MemoryOptions memory = new MemoryOptions();

    @Mixin
    TimeOrderOptionsMixin order = new TimeOrderOptionsMixin();

    @Option(names = "--json", description = "One JSON object with every section (schema in the README).")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Writer out = Output.stdout();
        Ansi ansi = new Ansi(!json && Terminal.useColor(common.color));
        DiagnosticPrinter diagnostics = common.diagnosticPrinter();
        LockTracker tracker;
        MemoryBudget budget;
        try {
            budget = memory.budget();
            tracker = new LockTracker(locks.toOptions(), budget.account("locks"), null);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        // As analyze: in timestamp order (latencies of a file out of order would be negative), the lock
        // analysis on the second thread, the diagnostics printed from this one, in order.
        PipelineBuilder builder = PipelineBuilder.analysis(input.dissectorOptions(), budget, order.options(),
                        diagnostics::report, Threads.secondThread())
                .listener(tracker);
        try (Pipeline pipeline = builder.build()) {
            InputOptions.OpenCapture capture = input.open(diagnostics::report, true, budget);
            try (capture) {
                pipeline.run(capture.reader());
            } finally {
                capture.progress().done();
            }
        }
        LockReport report = tracker.report();
        if (json) {
            JsonGenerator g = JsonOutput.create(out);
            RecordJson.write(g, report);
            g.writeRaw('\n');
            g.flush();
        } else {
            new LockReportText(out, ansi, locks.top).write(report);
        }
        out.flush();
        diagnostics.summarize();
        return Main.EXIT_OK;
    }
}
