package org.dlminspect.cli;

import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dlm-inspect}: dissector and midcomms analyzer for Linux DLM captures. */
@Command(name = "dlm-inspect",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Dissect and analyze Linux kernel Distributed Lock Manager (DLM) traffic (TCP port 21064).")
public final class Main implements Runnable {
    /** The commands, in the order the usage lists them ({@link #command} makes each). */
    static final List<String> COMMANDS = List.of("read", "analyze", "locks", "report", "live", "interfaces", "fields",
            "completion", "help");
    /**
     * Commands that run without the model of the others (help, completion and the man page list them all): for
     * these, only the command named is built. picocli's model of every command and option is most of the
     * start-up (reflection, annotation proxies, running interpreted), and a run needs one command.
     */
    private static final Set<String> ALONE = Set.of("read", "analyze", "locks", "report", "live", "interfaces", "fields");

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
        Output.useProcessStdout();
        System.exit(execute(args));
    }

    /** Runs the program and returns its exit status (tests call this). */
    public static int execute(String... args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // What picocli prints for it, without first building the model of every command and option (about
            // three quarters of the CPU time of a --version run, mostly in reflection running interpreted).
            return printVersion();
        }
        java.util.concurrent.Callable<Integer> quick = QuickStart.parse(args);
        if (quick != null) {
            // A plain read/analyze/locks of capture files: without picocli's model (a third of a short run).
            startRun();
            return QuickStart.run(quick, args);
        }
        CommandLine cl = commandLine(args);
        return cl.execute(args);
    }

    /** A new instance of the command named (one of {@link #COMMANDS}). */
    static Object command(String name) {
        return switch (name) {
            case "read" -> new ReadCommand();
            case "analyze" -> new AnalyzeCommand();
            case "locks" -> new LocksCommand();
            case "report" -> new ReportCommand();
            case "live" -> new LiveCommand();
            case "interfaces" -> new InterfacesCommand();
            case "fields" -> new FieldsCommand();
            case "completion" -> new CompletionCommand();
            case "help" -> new HelpCommand();
            default -> throw new IllegalArgumentException("no command " + name);
        };
    }

    /** The command line for these arguments: only the command they name when it runs alone, else every command. */
    static CommandLine commandLine(String... args) {
        startRun();
        return model(args);
    }

    /** As {@link #commandLine(String...)}, within a run (for its error): the run's frame names stay. */
    static CommandLine model(String... args) {
        return commandLine(args.length > 0 && ALONE.contains(args[0]) ? List.of(args[0]) : COMMANDS);
    }

    /**
     * A run starts with plain frame numbers; opening several inputs names them, and the names then last until the
     * run's reports are printed (they are not reset when the capture closes).
     */
    private static void startRun() {
        org.dlminspect.capture.FrameRef.useNames(null);
    }

    /** The version lines on standard output; a write error is one line on stderr and status 2, as for any output. */
    private static int printVersion() {
        try (java.io.Writer out = Output.stdout()) {
            for (String line : new Version().getVersion()) out.write(line + System.lineSeparator());
        } catch (java.io.IOException e) {
            Output.OutputError error = Output.OutputError.of(e);
            if (error.brokenPipe) return EXIT_OK;
            System.err.println("dlm-inspect: " + error.getMessage());
            return EXIT_UNUSABLE;
        }
        return EXIT_OK;
    }

    /** The command line with every command (for the man page, completion, help). */
    static CommandLine commandLine() {
        startRun();
        return commandLine(COMMANDS);
    }

    private static CommandLine commandLine(List<String> commands) {
        CommandLine cl = new CommandLine(new Main());
        for (String name : commands) cl.addSubcommand(name, command(name));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        Numbers.register(cl);
        cl.setExecutionExceptionHandler(new ErrorHandlers.Execution());
        cl.setParameterExceptionHandler(new ErrorHandlers.Parameters());
        return cl;
    }

    /**
     * The command-line error in the user's terms: "--node: not a node id: 'abc'" rather than picocli's
     * "Invalid value for option '--node': ...", and "unknown command 'raed'; did you mean 'read'?".
     */
    static String usageMessage(CommandLine.ParameterException ex) {
        CommandLine cmd = ex.getCommandLine();
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !cmd.getSubcommands().isEmpty()
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            return Suggestions.unknownCommand(u.getUnmatched().get(0), cmd.getSubcommands().keySet());
        }
        String m = ex.getMessage() == null ? "" : ex.getMessage();
        java.util.regex.Matcher invalid = java.util.regex.Pattern
                .compile("^Invalid value for (?:option|positional parameter at index \\S+) \\(?'?([^':]+)'?\\)?: (.*)$", java.util.regex.Pattern.DOTALL)
                .matcher(m);
        if (invalid.matches()) {
            String detail = invalid.group(2);
            // picocli's own wording for an enum: "expected one of [A, B] (case-insensitive) but was 'x'".
            return invalid.group(1) + ": " + detail.replace(" (case-insensitive)", "");
        }
        return m;
    }

    /** {@code text} with its control characters escaped (a backslash already there stays one). */
    static String controlsEscaped(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length());
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || Character.getType(c) == Character.FORMAT) {
                sb.append(text, from, i).append(org.dlminspect.dlm.DlmText.escapeText(String.valueOf(c)));
                from = i + 1;
            }
        }
        return sb.append(text, from, text.length()).toString();
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
