package org.dlminspect.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.dlminspect.Severity;
import org.dlminspect.analysis.AnalyzerOptions;
import org.dlminspect.capture.CaptureWriter;
import org.dlminspect.cli.live.CaptureFilter;
import org.dlminspect.cli.live.CaptureUnavailable;
import org.dlminspect.cli.live.CaptureSettings;
import org.dlminspect.cli.live.DurationConverter;
import org.dlminspect.cli.live.FrameFeeder;
import org.dlminspect.cli.live.IdleWake;
import org.dlminspect.cli.live.Libpcap;
import org.dlminspect.cli.live.LiveCapture;
import org.dlminspect.cli.live.StopTriggers;
import org.dlminspect.cli.render.Ansi;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.pipeline.Pipeline;
import org.dlminspect.pipeline.PipelineBuilder;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dlm-inspect live}: captures on an interface through libpcap and shows DLM traffic as it
 * happens, with the same pipeline and output as {@code read}.
 */
@Command(name = "live",
        description = {
            "Capture DLM traffic on a network interface (libpcap) and dissect it as it happens: the same output as 'read'.",
            "Stops after -c packets, after --duration, or on Ctrl-C/SIGINT/SIGTERM (also when started in the background by a script); then flushes the output, closes the -w file and prints the end-of-capture summary.",
            "Needs root, or the capabilities CAP_NET_RAW and CAP_NET_ADMIN, and libpcap (Debian package libpcap0.8)."})
public final class LiveCommand implements Callable<Integer> {
    // Not mixinStandardHelpOptions: its -V (version) would clash with -V (tree), as in 'read'.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-i", "--interface"}, paramLabel = "IFACE",
            description = "Interface to capture on (list them with 'dlm-inspect interfaces'); 'any' captures on all.")
    String device;

    @Option(names = {"-f", "--capture-filter"}, paramLabel = "BPF",
            description = "Extra libpcap capture filter, ANDed with the DLM port filter (tcp port 21064, following --port), e.g. \"host 10.0.0.2\".")
    String userFilter;

    @Mixin
    CaptureWriteOptions write;

    @Option(names = {"-c", "--count"}, paramLabel = "COUNT", description = "Stop after COUNT packets.")
    Long count;

    @Option(names = {"-a", "--duration"}, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long: seconds, or with a unit (500ms, 30s, 10m, 1h).")
    Duration duration;

    @Option(names = {"-s", "--snaplen"}, paramLabel = "BYTES",
            description = "Bytes kept per packet (default: ${DEFAULT-VALUE}, never cuts a DLM message).")
    int snaplen = CaptureSettings.DEFAULT_SNAPLEN;

    @Option(names = {"-B", "--buffer-size"}, paramLabel = "MiB",
            description = "Kernel capture buffer in MiB (default: ${DEFAULT-VALUE}); packets are dropped when it overflows.")
    int bufferMiB = CaptureSettings.DEFAULT_BUFFER_MIB;

    @Option(names = "--promiscuous", description = "Put the interface in promiscuous mode (to see traffic between other hosts on a mirrored port or hub).")
    boolean promiscuous;

    @Option(names = {"-q", "--quiet"}, description = "Do not print the messages (with -w: only record; with -z: only the statistics; diagnostics and the summary are still printed).")
    boolean quiet;

    @Mixin
    DlmTrafficOptions traffic;

    @Mixin
    CommonOptions common;

    @ArgGroup(exclusive = true)
    ReadCommand.Format format = new ReadCommand.Format();

    @Mixin
    FilterOptions filters;

    @Mixin
    OutputOptions output;

    @Mixin
    MemoryOptions memory;

    @Mixin
    MessageDumpOptions dump;

    @Option(names = "--analyze", description = "Run the midcomms analysis too: its findings beside the messages they concern as they are detected, "
            + "and the analysis report when the capture ends (JSON: {\"finding\": ...} objects, then one summary object).")
    boolean analyze;

    @Option(names = "--fail-on", paramLabel = "LEVEL",
            description = "With --analyze: exit with status 1 when a finding at or above LEVEL was found: ${COMPLETION-CANDIDATES}.")
    Severity failOn;

    /**
     * With the analysis (--analyze, -z expert): frames in timestamp order, as analyze reads them, released once the
     * window has passed by a later frame or by the wall clock (the traffic may stop for good).
     */
    @Mixin
    TimeOrderOptionsMixin order = TimeOrderOptionsMixin.live();

    @Override
    public Integer call() throws IOException {
        if (dump.statisticsHelp()) {
            System.out.println(org.dlminspect.cli.stats.Statistics.HELP);
            return Main.EXIT_OK;
        }
        filters.toFilter(); // usage errors before opening the interface
        order.options();
        output.validate();
        dump.check(format.json, output.kind());
        CaptureSettings settings = settings();
        String bpf = CaptureFilter.expression(traffic.portSet(), userFilter);
        DissectorOptions dissectorOptions = traffic.dissectorOptions();
        Libpcap.require();
        try (LiveCapture capture = LiveCapture.open(settings)) {
            capture.setFilter(bpf, userFilter != null ? userFilter : bpf);
            CaptureWriter writer = write.writing() ? write.open(capture.nanosecondTimestamps(), capture.linkType()) : null;
            try {
                return captureUntilStopped(capture, bpf, writer, dissectorOptions);
            } finally {
                closeQuietly(writer);
            }
        }
    }

    /**
     * Runs the capture until something stops it, then winds up whatever the reason: the TCP streams
     * are finished, the output flushed, the file closed and the summary printed, so that what was
     * captured is never lost. Failures while capturing are reported after that.
     */
    private int captureUntilStopped(LiveCapture capture, String bpf, CaptureWriter writer,
            DissectorOptions dissectorOptions) throws IOException {
        PrintStream err = System.err;
        org.dlminspect.memory.MemoryBudget budget = memory.budget();
        Ansi ansi = new Ansi(!format.json && output.kind() == OutputOptions.Kind.TEXT && Terminal.useColor(common.color));
        RenderSession session = new RenderSession(Output.stdout(), format.tree, format.json, ansi,
                common.diagnosticPrinter(), !quiet, output).hexDump(dump.hex).lineBuffered(dump.lineBuffered);
        FirstFrameClock clock = new FirstFrameClock();
        // -z expert runs the analysis without showing its findings inline (as read does).
        AnalysisSession analysis = !analyze && !dump.statisticsNeedAnalysis() ? null : new AnalysisSession(AnalyzerOptions.defaults(),
                budget, analyze ? AnalysisSession.inline(session, ansi, clock) : null);
        AnalysisSession findings = analysis;
        java.util.List<org.dlminspect.cli.stats.Statistic> statistics =
                dump.statistics(budget, findings == null ? java.util.List::of : findings::findings);
        // One thread: each batch of packets is on screen as soon as libpcap delivers it.
        PipelineBuilder builder = new PipelineBuilder(dissectorOptions)
                .memory(budget)
                .inline(clock);
        java.util.function.Supplier<org.dlminspect.locks.LockLink> locks = LockLinkStage.attach(builder, session, budget, null);
        builder.displayFilter(filters.predicate(clock, locks))
                .listener(session.learner())
                .filtered(session);
        org.dlminspect.pipeline.TimeOrderOptions ordering = null;
        if (analysis != null) {
            ordering = order.options();
            analysis.stageOf(builder, ordering);
        }
        statistics.forEach(builder::listener);
        Pipeline dissector = builder.build();
        FrameFeeder feeder = new FrameFeeder(dissector, capture.linkType(), writer, count == null ? 0 : count, () -> {
            try {
                session.flush();
            } catch (IOException e) {
                // Unchecked, to tell a closed stdout apart from a failing -w file (IOException).
                throw new UncheckedIOException(e);
            }
        });
        int status = Main.EXIT_UNUSABLE;
        StopTriggers triggers = StopTriggers.arm(capture, duration);
        // the held frames are released by the wall clock on the capture thread, which an idle interface never wakes
        IdleWake wake = ordering == null || ordering.windowNanos() == 0 ? null
                : IdleWake.start(capture, IdleWake.periodFor(ordering.windowNanos()));
        try {
            err.println("dlm-inspect: capturing on '" + device + "' (" + bpf + ")"
                    + (write.writing() ? ", writing " + write.name() + " (" + write.format.name().toLowerCase(java.util.Locale.ROOT) + ")" : ""));
            err.flush();
            boolean outputClosed = false;
            String failure = null;
            RuntimeException internal = null;
            try {
                capture.run(feeder);
            } catch (UncheckedIOException e) {
                // Standard output went away: quietly for a closed pipe ("| head"), else an error (full disk).
                outputClosed = true;
                if (!Output.isBrokenPipe(e)) {
                    failure = e.getCause().getMessage();
                }
            } catch (IOException e) {
                failure = "cannot write " + write.name() + ": " + e.getMessage();
            } catch (InputError | CaptureUnavailable e) {
                failure = e.getMessage();
            } catch (RuntimeException e) {
                internal = e;
            } catch (Exception e) {
                internal = new IllegalStateException(e);
            }
            if (!outputClosed && internal == null) {
                try {
                    dissector.finish();
                    if (analyze) {
                        // the first frame in time order (as analyze's origin), which with --analyze may precede the first to arrive
                        writeReport(session, analysis, ansi, clock.firstEpochNanos(feeder.firstEpochNanos()));
                    }
                    writeStatistics(session, statistics);
                    session.finish();
                } catch (UncheckedIOException e) {
                    outputClosed = true;
                    if (!Output.isBrokenPipe(e) && failure == null) {
                        failure = e.getCause().getMessage();
                    }
                }
            }
            if (writer != null) {
                try {
                    writer.close();
                } catch (IOException e) {
                    if (failure == null) {
                        failure = "cannot write " + write.name() + ": " + e.getMessage();
                    }
                }
            }
            summarize(err, capture, feeder, triggers, outputClosed);
            if (internal != null) {
                throw internal;
            }
            if (failure != null) {
                err.println("dlm-inspect: " + failure);
                err.flush();
                return status;
            }
            status = !analyze || outputClosed ? Main.EXIT_OK : analysis.exitStatus(failOn);
            return status;
        } finally {
            if (wake != null) wake.close();
            triggers.finish(status);
        }
    }

    /** The end-of-capture analysis report, after the messages: the text report, or the JSON summary object. */
    private void writeReport(RenderSession session, AnalysisSession analysis, Ansi ansi, long firstEpochNanos) {
        try {
            if (format.json) {
                analysis.writeJson(session.json(), false);
            } else {
                if (!quiet) {
                    session.out().write('\n');
                }
                analysis.writeReport(session.out(), ansi, firstEpochNanos, output.timeFormat(), false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The -z tables when the capture has stopped, after the messages and the analysis report. */
    private static void writeStatistics(RenderSession session, java.util.List<org.dlminspect.cli.stats.Statistic> statistics) {
        try {
            for (org.dlminspect.cli.stats.Statistic s : statistics) {
                s.write(session.out());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CaptureSettings settings() {
        if (failOn != null && !analyze) {
            throw new UsageError("--fail-on needs --analyze");
        }
        if (device == null || device.isBlank()) {
            throw new UsageError("no interface given: use -i IFACE (list them with 'dlm-inspect interfaces')");
        }
        if (count != null && count <= 0) {
            throw new UsageError("-c needs a positive packet count");
        }
        if (snaplen < 64 || snaplen > CaptureSettings.DEFAULT_SNAPLEN) {
            throw new UsageError("--snaplen must be between 64 and " + CaptureSettings.DEFAULT_SNAPLEN);
        }
        if (bufferMiB <= 0 || bufferMiB > 2047) {
            throw new UsageError("--buffer-size must be between 1 and 2047 MiB");
        }
        if (write.toStdout() && !quiet) {
            throw new UsageError("-w - writes the capture to standard output: add -q, so that nothing else is printed there");
        }
        if (write.toStdout() && !dump.statistics.isEmpty()) {
            throw new UsageError("-w - writes the capture to standard output: -z cannot print there too");
        }
        return new CaptureSettings(device, snaplen, promiscuous, bufferMiB << 20, CaptureSettings.DEFAULT_TIMEOUT_MILLIS);
    }

    private static void closeQuietly(CaptureWriter writer) {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException ignored) {
                // Already failing: the first error is the one reported.
            }
        }
    }

    /** tshark-like end-of-capture line on stderr: packets captured, losses the kernel counted, and why it stopped. */
    private static void summarize(PrintStream err, LiveCapture capture, FrameFeeder feeder, StopTriggers triggers,
            boolean outputClosed) {
        StringBuilder sb = new StringBuilder("dlm-inspect: ");
        sb.append(feeder.frames()).append(feeder.frames() == 1 ? " packet" : " packets").append(" captured");
        LiveCapture.Stats stats = capture.stats();
        if (stats != null && stats.dropped() > 0) {
            sb.append(", ").append(stats.dropped()).append(" dropped by the kernel (capture buffer full: raise --buffer-size)");
        }
        if (stats != null && stats.droppedByInterface() > 0) {
            sb.append(", ").append(stats.droppedByInterface()).append(" dropped by the interface");
        }
        String why;
        if (outputClosed) {
            why = "standard output closed";
        } else if (feeder.countReached()) {
            why = "count reached";
        } else {
            why = switch (triggers.reason()) {
                case SIGNAL -> "interrupted";
                case DURATION -> "duration reached";
                case NONE -> null;
            };
        }
        if (why != null) {
            sb.append(" (").append(why).append(')');
        }
        err.println(sb);
        err.flush();
    }
}
