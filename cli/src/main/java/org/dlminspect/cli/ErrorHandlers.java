package org.dlminspect.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * What a failed run prints: one line naming the problem, status 2, no stack trace (unless {@code --debug}).
 *
 * <p>Named classes, not lambdas, as every implementation of a picocli interface here (see {@link Numbers}): picocli's
 * class files are of version 49, which the AppCDS archive can keep only if nothing links them while the archive is
 * made, and making the archive links the interface of every lambda it pre-generates. One lambda excluded the
 * interface and every class implementing it (the 31 built-in converters) from the archive.
 */
final class ErrorHandlers {
    private ErrorHandlers() { }

    /** An exception thrown by a command. */
    static final class Execution implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception thrown, CommandLine cmd, CommandLine.ParseResult parseResult) {
            PrintWriter err = cmd.getErr();
            Exception ex = thrown instanceof java.io.UncheckedIOException u ? u.getCause() : thrown;
            if (Output.isBrokenPipe(ex)) {
                // Like tshark | head: the reader has what it wanted.
                return Main.EXIT_OK;
            }
            boolean debug = parseResult.originalArgs().contains("--debug");
            if (ex instanceof UsageError) {
                err.println("dlm-inspect: " + Main.controlsEscaped(ex.getMessage()));
                err.println("Try 'dlm-inspect " + cmd.getCommandName() + " --help'.");
                return Main.EXIT_UNUSABLE;
            }
            Output.OutputError output = Output.outputError(ex);
            if (output != null) {
                // A full disk, an I/O error, a closed stdout: one line, status 2.
                err.println("dlm-inspect: " + output.getMessage());
            } else if (ex instanceof InputError || ex instanceof org.dlminspect.cli.live.CaptureUnavailable
                    || ex instanceof java.io.IOException) {
                // Messages of the JDK's I/O errors may quote a path as given: never a control to the terminal.
                err.println("dlm-inspect: " + Main.controlsEscaped(ex.getMessage()));
            } else {
                err.println("dlm-inspect: internal error: " + ex + (debug ? "" : " (run with --debug for details)"));
            }
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return Main.EXIT_UNUSABLE;
        }
    }

    /** A command line that does not parse. */
    static final class Parameters implements CommandLine.IParameterExceptionHandler {
        @Override
        public int handleParseException(CommandLine.ParameterException ex, String[] args) {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("dlm-inspect: " + Main.controlsEscaped(Main.usageMessage(ex)));
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return Main.EXIT_UNUSABLE;
        }
    }
}
