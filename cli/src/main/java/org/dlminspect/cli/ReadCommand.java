package org.dlminspect.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureWriter;
import org.dlminspect.cli.stats.Statistic;
import org.dlminspect.cli.stats.Statistics;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.FrameSelection;
import org.dlminspect.analysis.AnalyzerOptions;
import org.dlminspect.cli.render.Ansi;
import org.dlminspect.cli.render.MessageFilter;
import java.util.Map;
import org.dlminspect.locks.LockAnnotator;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
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
    InputOptions input = new InputOptions();

    @Mixin
    CommonOptions common = new CommonOptions();

    @ArgGroup(exclusive = true)
    Format format = new Format();

    static final class Format {
        @Option(names = "-V", description = "Show the full tree of every field, with byte offsets.")
        boolean tree;

        @Option(names = "--json", description = "Newline-delimited JSON, one object per message (schema in the README).")
        boolean json;
    }

    @Mixin
    FilterOptions filters = new FilterOptions();

    @Option(names = {"-2", "--two-pass"}, description = "Read the file twice, as tshark -2: the first pass pairs every lock request with its reply, so that requests show [Response in frame N] (dlm.lock.response_in). Not for standard input.")
    boolean twoPass;

    @Mixin
    OutputOptions fieldsOutput = new OutputOptions();

    @Mixin
    MemoryOptions memory = new MemoryOptions();

    @Option(names = "--analyze", description = "Run the midcomms analysis too and show its findings beside the messages they concern (JSON: as {\"finding\": ...} objects); the frames are then read in timestamp order, as analyze reads them (--order-window).")
    boolean analyze;

    /** With the analysis (--analyze, -z expert): frames in timestamp order, as analyze reads them. */
    @Mixin
    TimeOrderOptionsMixin order = new TimeOrderOptionsMixin();

    @Mixin
    ReadOutputOptions output = new ReadOutputOptions();

    @Mixin
    MessageDumpOptions dump = new MessageDumpOptions();

    @Mixin
    CaptureWriteOptions write = new CaptureWriteOptions();

    @Override
    public Integer call() throws IOException {
        if (dump.statisticsHelp()) {
            System.out.println(Statistics.HELP);
            return Main.EXIT_OK;
        }
        fieldsOutput.validate();
        checkOptions();
        boolean print = !output.quiet && !write.toStdout() && (!write.writing() || output.print);
        // Reading a pipe to a terminal: each message as soon as its packet arrives, as with -l.
        boolean lineBuffered = dump.lineBuffered || (input.fromStdin() && Terminal.stdoutIsTerminal());
        MemoryBudget budget = memory.budget();
        boolean plain = format.json || fieldsOutput.kind() != OutputOptions.Kind.TEXT;
        Ansi ansi = new Ansi(!plain && Terminal.useColor(common.color));
        RenderSession session = new RenderSession(Output.stdout(), format.tree, format.json, ansi,
                common.diagnosticPrinter(), print, fieldsOutput).hexDump(dump.hex).lineBuffered(lineBuffered);
        FirstFrameClock clock = new FirstFrameClock();
        MessageFilter findingFilter = filters.toFilter();
        PipelineBuilder builder = new PipelineBuilder(input.dissectorOptions())
                // One thread with -l: the second thread hands messages over in batches, not as they come.
                // One thread with -c: the reading thread would run on past the limit until the other thread
                // reached it, and the diagnostics of those extra frames would vary from run to run.
                .secondThread(!lineBuffered && output.count == 0 && Threads.secondThread())
                // Every printed message is decoded: the reading thread takes that decode while the other is behind.
                .decodeBeforeHandOver(print)
                .memory(budget)
                .inline(clock);
        // Lock links ([request in frame N], time since request, resource): in one pass a reply names its request;
        // a request names its reply only with -2 (as tshark's "response in").
        // The lock analysis costs a third of the rendering thread's time: skipped when no output or filter shows it.
        java.util.function.Supplier<org.dlminspect.locks.LockLink> locks = twoPass || session.showsLockLinks() || filters.readsLocks()
                ? LockLinkStage.attach(builder, session, budget, twoPass ? firstPass(budget) : null) : null;
        builder.displayFilter(filters.predicate(clock, locks))
                .limit(output.count)
                .listener(session.learner())
                .filtered(session);
        AnalysisSession analysis = null;
        if (analyze || dump.statisticsNeedAnalysis()) {
            analysis = new AnalysisSession(AnalyzerOptions.defaults(), budget,
                    analyze ? AnalysisSession.inline(session, ansi, clock) : null)
                    .showOnly(f -> findingFilter.matches(f, clock.firstEpochNanos(f.epochNanos())))
                    .stageOf(builder, order.options());
        }
        AnalysisSession findings = analysis;
        List<Statistic> statistics = dump.statistics(budget, findings == null ? List::of : findings::findings);
        statistics.forEach(builder::listener);
        DiagnosticSink[] ordered = {session.diagnostics()::report};
        CaptureWriter writer = write.writing() ? write.open(false, -1) : null;
        if (writer != null) {
            if (filters.any()) {
                FrameSelection selection = new FrameSelection(writer, input.dissectorOptions(), budget.account("write"),
                        d -> ordered[0].report(d));
                builder.inlineFiltered(selection.marker()).inline(selection.decider());
            } else {
                builder.inline(everyFrame(writer));
            }
        }
        try (Pipeline pipeline = builder.build()) {
            ordered[0] = pipeline.diagnostics(session.diagnostics()::report);
            InputOptions.OpenCapture capture = input.open(ordered[0], true, budget);
            if (capture.perNode() != null) {
                session.context().sightings(capture.perNode().matcher().sightings());
                filters.sightings(capture.perNode().matcher().sightings());
            }
            try (capture) {
                pipeline.run(capture.reader());
            } catch (FrameSelection.WriteFailure e) {
                throw new InputError("cannot write " + write.name() + ": " + e.getCause().getMessage());
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } finally {
                capture.progress().done();
                closeWriter(writer);
                for (Statistic s : statistics) s.write(session.out());
                session.finish();
            }
        }
        return Main.EXIT_OK;
    }

    /** The first pass of -2: each request's reply frame. Diagnostics are left to the second pass. */
    private Map<Long, Long> firstPass(MemoryBudget budget) throws IOException {
        if (input.sources().contains("-")) throw new UsageError("-2 reads the capture twice: give a file, not standard input");
        Map<Long, Long> responses = LockAnnotator.responses();
        LockAnnotator pass = new LockAnnotator(budget.account("locks-first-pass"), null);
        PipelineBuilder builder = new PipelineBuilder(input.dissectorOptions()).listener(new DissectionListener() {
            @Override
            public void onMessage(DissectedMessage m) {
                pass.recordResponse(m, responses);
            }
        });
        try (Pipeline pipeline = builder.build()) {
            try (InputOptions.OpenCapture capture = input.open(d -> { }, false, budget)) {
                pipeline.run(capture.reader());
            }
        }
        if (pass.full()) {
            System.err.println("dlm-inspect: note: -2: memory budget reached in the first pass; later requests show no response frame");
        }
        return responses;
    }

    private void checkOptions() {
        dump.check(format.json, fieldsOutput.kind());
        if (write.toStdout() && (output.print || dump.hex || !dump.statistics.isEmpty() || format.tree || format.json
                || fieldsOutput.kind() != OutputOptions.Kind.TEXT)) {
            throw new UsageError("-w - writes the capture to standard output: nothing else can be printed there");
        }
    }

    /** Without a filter, -w copies every frame read (tshark -r in -w out). */
    private static DissectionListener everyFrame(CaptureWriter writer) {
        return new DissectionListener() {
            @Override
            public void onFrame(CaptureFrame frame) {
                try {
                    writer.write(frame);
                } catch (IOException e) {
                    throw new FrameSelection.WriteFailure(e);
                }
            }
        };
    }

    private void closeWriter(CaptureWriter writer) {
        if (writer == null) return;
        try {
            writer.close();
        } catch (IOException e) {
            throw new InputError("cannot write " + write.name() + ": " + e.getMessage());
        }
    }
}
