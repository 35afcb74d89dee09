package org.dlminspect.cli;

import java.util.List;
import org.dlminspect.memory.Account;
import org.dlminspect.pernode.PerNodeInput;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** How several captures are combined: per-node matching (detected or forced) or a plain time merge. */
public final class NodeCaptureOptions {
    @ArgGroup(exclusive = true)
    Mode mode = new Mode();

    static final class Mode {
        @Option(names = "--merge", description = "Several captures: merge them by time only (as mergecap), even when they were taken on different nodes of one cluster.")
        boolean merge;

        @Option(names = "--per-node", description = "Several captures: treat them as taken on different nodes of one cluster (default: detected from the TCP segments they share).")
        boolean perNode;
    }

    @Option(names = "--reference", paramLabel = "FILE", description = "Per-node captures: the capture whose clock the others are aligned to (default: the first).")
    String reference;

    // The initial values are the defaultValue ones: a command line parsed without picocli (QuickStart) has them too.
    @Option(names = "--max-clock-offset", paramLabel = "SECONDS", defaultValue = "2",
            description = "Per-node captures: the largest clock difference looked for between two captures (default: ${DEFAULT-VALUE} s).")
    double maxClockOffsetSeconds = 2;

    @Option(names = "--match-window", paramLabel = "SECONDS", defaultValue = "1",
            description = "Per-node captures: how long a segment waits for its copy in the receiver's capture before it counts as lost (default: ${DEFAULT-VALUE} s).")
    double matchWindowSeconds = 1;

    @Option(names = "--match-window-bytes", paramLabel = "BYTES", defaultValue = "67108864",
            description = "Per-node captures: most frame bytes the matching window holds (default: 64 MiB).")
    long matchWindowBytes = 67108864;

    /** The settings of the two passes; {@code --reference} may name a capture by its path or its short name. */
    PerNodeInput.Settings settings(List<String> sources, List<String> names, Account account) {
        int reference = 0;
        if (this.reference != null) {
            reference = sources.indexOf(this.reference);
            if (reference < 0) reference = names.indexOf(this.reference);
            if (reference < 0) throw new UsageError("--reference " + this.reference + ": not one of the captures given");
        }
        if (matchWindowBytes < 1 << 20) throw new UsageError("--match-window-bytes: at least 1 MiB: " + matchWindowBytes);
        return new PerNodeInput.Settings(reference, maxClockOffsetNanos(), matchWindowNanos(), matchWindowBytes, account);
    }

    long maxClockOffsetNanos() {
        if (!(maxClockOffsetSeconds > 0) || maxClockOffsetSeconds > 3600) throw new UsageError("--max-clock-offset: not a number of seconds between 0 and 3600: " + maxClockOffsetSeconds);
        return (long) (maxClockOffsetSeconds * 1e9);
    }

    long matchWindowNanos() {
        if (!(matchWindowSeconds > 0) || matchWindowSeconds > 600) throw new UsageError("--match-window: not a number of seconds between 0 and 600: " + matchWindowSeconds);
        return (long) (matchWindowSeconds * 1e9);
    }
}
