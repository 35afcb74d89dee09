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
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.FanOut;
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
    InputOptions input;

    @Mixin
    CommonOptions common;

    @Mixin
    LockAnalysisOptions locks;

    @Mixin
    MemoryOptions memory;

    @Option(names = "--json", description = "One JSON object with every section (schema in the README).")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Writer out = Output.stdout();
        Ansi ansi = new Ansi(!json && Terminal.useColor(common.color));
        DiagnosticPrinter diagnostics = common.diagnosticPrinter();
        LockTracker tracker;
        org.dlminspect.memory.MemoryBudget budget;
        try {
            budget = memory.budget();
            tracker = new LockTracker(locks.toOptions(), budget.account("locks"), null);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        DissectionListener diag = new DissectionListener() {
            @Override
            public void onDiagnostic(org.dlminspect.Diagnostic d) {
                diagnostics.report(d);
            }
        };
        InputOptions.OpenCapture capture = input.open(diagnostics::report, true, budget);
        // The report is written before the capture is closed: closing forgets the input files' names, and with
        // several inputs every frame of the report is named by its file (node2:1234).
        try (capture) {
            try {
                new Dissector(input.dissectorOptions(), FanOut.of(diag, tracker)).run(capture.reader());
            } finally {
                capture.progress().done();
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
        }
        return Main.EXIT_OK;
    }
}
