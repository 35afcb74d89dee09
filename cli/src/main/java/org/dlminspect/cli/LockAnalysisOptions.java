package org.dlminspect.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.dlminspect.cli.live.DurationConverter;
import org.dlminspect.locks.LockOptions;
import picocli.CommandLine.Option;

/** Options of the lock analysis ({@code locks}). */
public final class LockAnalysisOptions {
    @Option(names = "--slow", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "A request waiting longer is a note (lock.slow); one still waiting at the end and older is a warning (lock.stuck). Default 1s.")
    Duration slow = Duration.ofSeconds(1);

    @Option(names = "--lockspace-name", paramLabel = "NAME[=ID]",
            description = "A candidate lockspace name, hashed as dlm_controld does (CRC-32 of \"dlm:ls:NAME\\0\"); NAME=ID names an id set by hand. Repeatable. Built in: clvmd, lvm_global, rgmanager.")
    List<String> lockspaceNames = new ArrayList<>();

    @Option(names = "--top", paramLabel = "N", description = "How many slowest requests and resources to list (default 20).")
    int top = 20;

    LockOptions toOptions() {
        if (top < 0) throw new UsageError("--top must not be negative");
        return new LockOptions(slow.toNanos(), top, lockspaceNames);
    }
}
