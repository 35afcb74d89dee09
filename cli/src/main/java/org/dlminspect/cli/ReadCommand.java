package org.dlminspect.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import org.dlminspect.analysis.AnalyzerOptions;
import org.dlminspect.cli.render.Ansi;
import org.dlminspect.cli.render.MessageFilter;
import org.dlminspect.pipeline.Pipeline;
import org.dlminspect.pipeline.PipelineBuilder;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dlm-inspect read}: every DLM message of a capture, as a packet list, a tree or JSON. */
@Command(name = "read",
        description = "Dissect every DLM message of a capture: one line per message (default), the full field tree (-V) or newline-delimited JSON (--json).")
public final class ReadCommand implements Callable<Integer> {
    // -V means "tree" here, as in tshark, so the standard -V/--version mixin is not used.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Mixin
    InputOptions input;

    @Mixin
    CommonOptions common;

    @ArgGroup(exclusive = true)
    Format format = new Format();

    static final class Format {
        @Option(names = "-V", description = "Show the full tree of every field, with byte offsets.")
        boolean tree;

        @Option(names = "--json", description = "Newline-delimited JSON, one object per message (schema in the README).")
        boolean json;
    }

    @Mixin
    FilterOptions filters;

    @Mixin
    OutputOptions output;

    @Mixin
    MemoryOptions memory;

    @Option(names = "--analyze", description = "Run the midcomms analysis too and show its findings beside the messages they concern (JSON: as {\"finding\": ...} objects).")
    boolean analyze;

    @Override
    public Integer call() throws IOException {
        org.dlminspect.memory.MemoryBudget budget = memory.budget();
        boolean plain = format.json || output.kind() != OutputOptions.Kind.TEXT;
        Ansi ansi = new Ansi(!plain && Terminal.useColor(common.color));
        RenderSession session = new RenderSession(Output.stdout(), format.tree, format.json, ansi,
                common.diagnosticPrinter(), true, output);
        FirstFrameClock clock = new FirstFrameClock();
        MessageFilter findingFilter = filters.toFilter();
        PipelineBuilder builder = new PipelineBuilder(input.dissectorOptions())
                .secondThread(Threads.secondThread())
                .memory(budget)
                .inline(clock)
                .displayFilter(filters.predicate(clock))
                .listener(session.learner())
                .filtered(session);
        if (analyze) {
            AnalysisSession analysis = new AnalysisSession(AnalyzerOptions.defaults(),
                    session.json() != null ? AnalysisSession.inlineJson(session.json())
                            : session.fields() != null ? AnalysisSession.inlineFields(session.fields(), session.context(), clock::firstEpochNanos)
                            : AnalysisSession.inlineText(session.out(), ansi))
                    .showOnly(f -> findingFilter.matches(f, clock.firstEpochNanos(f.epochNanos())));
            builder.listener(analysis.analyzer());
        }
        try (Pipeline pipeline = builder.build()) {
            InputOptions.OpenCapture capture = input.open(pipeline.diagnostics(session.diagnostics()::report), true, budget);
            if (capture.perNode() != null) session.context().sightings(capture.perNode().matcher().sightings());
            try (capture) {
                pipeline.run(capture.reader());
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } finally {
                capture.progress().done();
                session.finish();
            }
        }
        return Main.EXIT_OK;
    }
}
