package org.dlminspect.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;

/**
 * The common command lines, parsed without picocli: {@code read}, {@code analyze} or {@code locks}, capture files
 * and a few plain options ({@link #read}, {@link #analyze}, {@link #locks} list them). picocli's model of a command
 * is built by reflection over its annotations at every start, run interpreted: about 80 ms of CPU, a third of a
 * run on a small capture. Such a line gets the command object that picocli would have made (QuickStartTest
 * compares every field for every option taken here); any other line (help, a mistake, any other option or form:
 * {@code --opt=value}, clustered flags, {@code @file}, {@code -} for standard input) is left to picocli, and so
 * are the errors of a run (the same handlers, on a command line built then).
 */
final class QuickStart {
    private QuickStart() { }

    /** The command these arguments ask for, ready to run; null when picocli must parse them. */
    static Callable<Integer> parse(String... args) {
        if (args.length < 2) return null;
        Line line = new Line(args);
        Callable<Integer> command = switch (args[0]) {
            case "read" -> read(line);
            case "analyze" -> analyze(line);
            case "locks" -> locks(line);
            default -> null;
        };
        return command != null && line.files > 0 ? command : null;
    }

    /** Runs {@code command} (from {@link #parse}) as picocli's {@code execute} would: its status, or its error's. */
    static int run(Callable<Integer> command, String... args) {
        try {
            return command.call();
        } catch (CommandLine.ParameterException e) {
            return new ErrorHandlers.Parameters().handleParseException(e, args);
        } catch (Exception e) {
            // picocli passes the handler the command's own command line and the parse result of the whole line.
            CommandLine root = Main.model(args);
            CommandLine.ParseResult parsed = root.parseArgs(args);
            return new ErrorHandlers.Execution().handleExecutionException(e, root.getSubcommands().get(args[0]), parsed);
        }
    }

    /** {@code read FILE... [-V | --json] [-Y EXPR] [-T FORMAT] [-e FIELD]...}. */
    private static ReadCommand read(Line line) {
        ReadCommand c = new ReadCommand();
        for (String a = line.next(); a != null; a = line.next()) {
            switch (a) {
                case "-V" -> c.format.tree = line.flag(c.format.tree || c.format.json);
                case "--json" -> c.format.json = line.flag(c.format.json || c.format.tree);
                case "-Y" -> c.filters.displayFilter = line.value(c.filters.displayFilter);
                case "-T" -> c.fieldsOutput.format = line.value(c.fieldsOutput.format);
                case "-e" -> c.fieldsOutput.fields.add(line.value(null));
                default -> line.file(a, c.input);
            }
        }
        return line.ok ? c : null;
    }

    /** {@code analyze FILE... [--json] [-Y EXPR]}. */
    private static AnalyzeCommand analyze(Line line) {
        AnalyzeCommand c = new AnalyzeCommand();
        for (String a = line.next(); a != null; a = line.next()) {
            switch (a) {
                case "--json" -> c.json = line.flag(c.json);
                case "-Y" -> c.filters.displayFilter = line.value(c.filters.displayFilter);
                default -> line.file(a, c.input);
            }
        }
        return line.ok ? c : null;
    }

    /** {@code locks FILE... [--json]}. */
    private static LocksCommand locks(Line line) {
        LocksCommand c = new LocksCommand();
        for (String a = line.next(); a != null; a = line.next()) {
            if (a.equals("--json")) {
                c.json = line.flag(c.json);
            } else {
                line.file(a, c.input);
            }
        }
        return line.ok ? c : null;
    }

    /** The arguments after the command name; {@link #ok} turns false at the first one left to picocli. */
    private static final class Line {
        private final String[] args;
        private int at = 1;
        boolean ok = true;
        int files;

        Line(String[] args) {
            this.args = args;
        }

        String next() {
            return ok && at < args.length ? args[at++] : null;
        }

        /** A flag given once (twice, or with one it excludes, is picocli's error to word). */
        boolean flag(boolean alreadySet) {
            if (alreadySet) ok = false;
            return true;
        }

        /** An option's value, the next argument: one that could be an option itself is left to picocli. */
        String value(String previous) {
            if (previous != null || at >= args.length || !plain(args[at])) {
                ok = false;
                return previous;
            }
            return args[at++];
        }

        /** A capture file (picocli's positional parameter). */
        void file(String a, InputOptions input) {
            if (plain(a)) {
                input.readPositional.add(a);
                files++;
            } else {
                ok = false;
            }
        }

        /** Neither an option, standard input, nor an argument file ({@code @file}) to picocli. */
        private static boolean plain(String a) {
            return !a.isEmpty() && a.charAt(0) != '-' && a.charAt(0) != '@';
        }
    }
}
