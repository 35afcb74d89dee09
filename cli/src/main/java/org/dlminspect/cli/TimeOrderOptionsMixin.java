package org.dlminspect.cli;

import org.dlminspect.pipeline.TimeOrderOptions;
import picocli.CommandLine.Option;

/** How far {@code analyze} may look ahead to analyse a capture in timestamp order (pipeline/TimeOrder). */
public final class TimeOrderOptionsMixin {
    /** {@code live}'s default window: what it holds back is shown that much later (see {@link #live()}). */
    static final double LIVE_WINDOW_SECONDS = 1.0;

    @Option(names = "--order-window", paramLabel = "SECONDS",
            description = "Analyse frames in timestamp order, sorting within this many seconds (default: ${DEFAULT-VALUE}; 0 keeps the order of the file or of arrival).")
    double windowSeconds = TimeOrderOptions.DEFAULTS.windowNanos() / 1e9;

    @Option(names = "--order-memory", paramLabel = "MIB",
            description = "At most this many MiB of frames held for sorting (default: ${DEFAULT-VALUE}).")
    long memoryMiB = TimeOrderOptions.DEFAULTS.maxHeldBytes() >> 20;

    /**
     * For {@code live --analyze}: a shorter window. On a live capture frames are held until the window has passed
     * (by later frames or by the wall clock), so the window is how late messages and findings appear; what a
     * live capture reorders (the two directions on {@code -i any} or a bridge, interfaces of {@code any}) is
     * microseconds to milliseconds apart, not the file batches of dumpcap the 5 s of {@code analyze} are for.
     */
    static TimeOrderOptionsMixin live() {
        TimeOrderOptionsMixin m = new TimeOrderOptionsMixin();
        m.windowSeconds = LIVE_WINDOW_SECONDS;
        return m;
    }

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
