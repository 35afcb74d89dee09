package org.dlminspect.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** read's tshark-like output options: -c, -q, -P, -x, -l, -z. */
public final class ReadOutputOptions {
    @Option(names = {"-c", "--count"}, paramLabel = "N", converter = Numbers.PositiveLong.class,
            description = "Stop after N messages that pass the filters (tshark counts packets; a frame can hold several messages).")
    long count;

    @Option(names = {"-q", "--quiet"}, description = "Do not print the messages (with -z: only the statistics).")
    boolean quiet;

    @Option(names = {"-P", "--print"}, description = "Print the messages also while writing them with -w (as tshark -P).")
    boolean print;

    @Option(names = {"-x", "--hex"}, description = "After each message, its bytes in hex and ASCII (non-printable bytes as dots).")
    boolean hex;

    @Option(names = {"-l", "--line-buffered"},
            description = "Flush the output after every message (for a pipe that is read as it comes, e.g. | grep); on by itself when reading standard input to a terminal.")
    boolean lineBuffered;

    @Option(names = {"-z", "--statistics"}, paramLabel = "STAT",
            description = "Print a statistic after the input: conv,dlm | dlm,types | io,stat,INTERVAL[,FILTER]... | expert (repeatable; -z help lists them).")
    List<String> statistics = new ArrayList<>();
}
