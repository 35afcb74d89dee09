package org.dlminspect.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dlm-inspect}: dissector and midcomms analyzer for Linux DLM captures. */
@Command(name = "dlm-inspect",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Dissect and analyze Linux kernel Distributed Lock Manager (DLM) traffic (TCP port 21064).",
        subcommands = {ReadCommand.class, AnalyzeCommand.class, ReportCommand.class, LiveCommand.class, InterfacesCommand.class, FieldsCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FINDINGS = 1;
    public static final int EXIT_UNUSABLE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (read, analyze, ...)");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the program and returns its exit status (tests call this). */
    public static int execute(String... args) {
        CommandLine cl = commandLine();
        return cl.execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            PrintWriter err = cmd.getErr();
            if (Output.isBrokenPipe(ex)) {
                // Like tshark | head: the reader has what it wanted.
                return EXIT_OK;
            }
            boolean debug = parseResult.originalArgs().contains("--debug");
            if (ex instanceof UsageError) {
                err.println("dlm-inspect: " + ex.getMessage());
                err.println("Try 'dlm-inspect " + cmd.getCommandName() + " --help'.");
                return EXIT_UNUSABLE;
            }
            if (ex instanceof InputError || ex instanceof java.io.IOException) {
                err.println("dlm-inspect: " + ex.getMessage());
            } else {
                err.println("dlm-inspect: internal error: " + ex + (debug ? "" : " (run with --debug for details)"));
            }
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return EXIT_UNUSABLE;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("dlm-inspect: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return EXIT_UNUSABLE;
        });
        return cl;
    }

    /** Version from the jar manifest (set by Maven), falling back to the build's pom version. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"dlm-inspect " + (v != null ? v : "0.1.0"),
                    "Linux DLM protocol 3.1 and 3.2 (midcomms); Java " + System.getProperty("java.version")};
        }
    }
}
