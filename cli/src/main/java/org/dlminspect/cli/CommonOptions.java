package org.dlminspect.cli;

import org.dlminspect.Severity;
import org.dlminspect.cli.render.DiagnosticPrinter;
import picocli.CommandLine.Option;

/** Options every command has: colour, diagnostics, debugging. */
public final class CommonOptions {
    @Option(names = "--color", paramLabel = "WHEN", description = "Colour output: ${COMPLETION-CANDIDATES} (default: auto = only on a terminal; NO_COLOR always wins).")
    Terminal.ColorMode color = Terminal.ColorMode.AUTO;

    @Option(names = "--all-diagnostics", description = "Print every input problem instead of the first 10 of each kind.")
    boolean allDiagnostics;

    @Option(names = "--debug", description = "Show a stack trace on internal errors.")
    boolean debug;

    DiagnosticPrinter diagnosticPrinter() {
        return new DiagnosticPrinter(System.err, allDiagnostics ? -1 : 10, Severity.NOTE);
    }
}
