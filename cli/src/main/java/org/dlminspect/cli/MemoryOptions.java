package org.dlminspect.cli;

import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.memory.MemorySize;
import picocli.CommandLine.Option;

/** {@code --memory-budget}: the one budget for all state a run keeps (read, analyze, live). */
public final class MemoryOptions {
    @Option(names = "--memory-budget", paramLabel = "SIZE",
            description = "Memory for the state the run keeps (TCP reassembly, DLM framing, analysis), in bytes or with "
                    + "K, M, G (default: 256M, at least 1M). When it is reached the least useful state is dropped with "
                    + "a warning that says what, and the run goes on. The launcher sizes the Java heap to match.")
    String size;

    /** A fresh budget of the size asked for (every stage of one run shares it). */
    MemoryBudget budget() {
        if (size == null) {
            return MemoryBudget.defaults();
        }
        long bytes;
        try {
            bytes = MemorySize.parse(size);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--memory-budget: " + e.getMessage());
        }
        if (bytes < 1L << 20) {
            throw new UsageError("--memory-budget must be at least 1M, not " + size);
        }
        return new MemoryBudget(bytes);
    }
}
