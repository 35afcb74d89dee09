package org.dlminspect.cli;

import picocli.CommandLine.Option;

/** read's tshark-like output options: -c, -q, -P (-x, -l and -z are {@link MessageDumpOptions}, shared with live). */
public final class ReadOutputOptions {
    @Option(names = {"-c", "--count"}, paramLabel = "N", converter = Numbers.PositiveLong.class,
            description = "Stop after N messages that pass the filters (tshark counts packets; a frame can hold several messages).")
    long count;

    @Option(names = {"-q", "--quiet"}, description = "Do not print the messages (with -z: only the statistics).")
    boolean quiet;

    @Option(names = {"-P", "--print"}, description = "Print the messages also while writing them with -w (as tshark -P).")
    boolean print;
}
