package org.dlminspect.cli.render;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dlminspect.Diagnostic;
import org.dlminspect.Severity;

/**
 * Prints input problems to stderr, at most {@code perCode} of each code (a 96-byte-snaplen
 * capture would otherwise print one line per frame), then a count of what was held back.
 */
public final class DiagnosticPrinter {
    private final PrintStream err;
    private final int perCode;
    private final Severity minimum;
    private final Map<String, long[]> counts = new LinkedHashMap<>();

    public DiagnosticPrinter(PrintStream err, int perCode, Severity minimum) {
        this.err = err;
        this.perCode = perCode;
        this.minimum = minimum;
    }

    public void report(Diagnostic d) {
        long[] c = counts.computeIfAbsent(d.code(), k -> new long[1]);
        c[0]++;
        if (d.severity().atLeast(minimum) && (perCode < 0 || c[0] <= perCode)) {
            err.println("dlm-inspect: " + d.severity().label() + ": " + d);
        }
    }

    public void summarize() {
        if (perCode < 0) return;
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            long more = e.getValue()[0] - perCode;
            if (more > 0) {
                err.println("dlm-inspect: ... and " + more + " more " + e.getKey() + " (use --all-diagnostics to see every one)");
            }
        }
    }

    public Map<String, long[]> counts() {
        return counts;
    }
}
