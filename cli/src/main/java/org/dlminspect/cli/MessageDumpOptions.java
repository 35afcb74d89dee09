package org.dlminspect.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.dlminspect.analysis.Finding;
import org.dlminspect.cli.stats.Statistic;
import org.dlminspect.cli.stats.Statistics;
import org.dlminspect.memory.MemoryBudget;
import picocli.CommandLine.Option;

/** tshark's -x, -l and -z, the same on {@code read} and {@code live}: what is printed beside (or instead of) the messages. */
public final class MessageDumpOptions {
    @Option(names = {"-x", "--hex"}, description = "After each message, its bytes in hex and ASCII (non-printable bytes as dots).")
    boolean hex;

    @Option(names = {"-l", "--line-buffered"},
            description = "Flush the output after every message (for a pipe that is read as it comes, e.g. | grep); on by itself when reading standard input to a terminal.")
    boolean lineBuffered;

    @Option(names = {"-z", "--statistics"}, paramLabel = "STAT",
            description = "Print a statistic after the input (live: when the capture stops): conv,dlm | dlm,types | io,stat,INTERVAL[,FILTER]... | expert (repeatable; -z help lists them).")
    List<String> statistics = new ArrayList<>();

    /** {@code -z help}: the caller prints {@link Statistics#HELP} and stops. */
    boolean statisticsHelp() {
        return statistics.contains("help");
    }

    /** True when a {@code -z} statistic needs the midcomms analysis (expert). */
    boolean statisticsNeedAnalysis() {
        return statistics.stream().anyMatch(Statistics::needsAnalysis);
    }

    /** -x writes text: refused with the JSON and fields formats. */
    void check(boolean json, OutputOptions.Kind kind) {
        if (hex && json) {
            throw new UsageError("-x prints the bytes as text: not with --json");
        }
        if (hex && kind != OutputOptions.Kind.TEXT) {
            throw new UsageError("-x prints the bytes as text: not with -T json or -T fields");
        }
    }

    /** The {@code -z} statistics, each charging the budget's "statistics" account; a bad one is a usage error. */
    List<Statistic> statistics(MemoryBudget budget, Supplier<List<Finding>> findings) {
        List<Statistic> list = new ArrayList<>();
        for (String spec : statistics) {
            try {
                list.add(Statistics.parse(spec, DisplayFilters::compile, findings, budget.account("statistics")));
            } catch (IllegalArgumentException e) {
                throw new UsageError("-z " + e.getMessage());
            }
        }
        return list;
    }
}
