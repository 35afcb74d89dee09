package org.dlminspect.cli;

import org.dlminspect.pipeline.TimeOrderOptions;
import picocli.CommandLine.Option;

/** How far {@code analyze} may look ahead to analyse a capture in timestamp order (pipeline/TimeOrder). */
public final class TimeOrderOptionsMixin {
    @Option(names = "--order-window", paramLabel = "SECONDS",
            description = "Analyse frames in timestamp order, sorting within this many seconds (default: 5; 0 keeps the file's order).")
    double windowSeconds = TimeOrderOptions.DEFAULTS.windowNanos() / 1e9;

    @Option(names = "--order-memory", paramLabel = "MIB",
            description = "At most this many MiB of frames held for sorting (default: 64).")
    long memoryMiB = TimeOrderOptions.DEFAULTS.maxHeldBytes() >> 20;

    TimeOrderOptions options() {
        if (!(windowSeconds >= 0) || windowSeconds > 3600) {
            throw new UsageError("--order-window must be between 0 and 3600 seconds, not " + windowSeconds);
        }
        if (memoryMiB < 0 || memoryMiB > (1L << 20)) {
            throw new UsageError("--order-memory must be between 0 and 1048576 MiB, not " + memoryMiB);
        }
        return new TimeOrderOptions(Math.round(windowSeconds * 1e9), memoryMiB << 20);
    }
}
