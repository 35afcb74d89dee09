package org.dlminspect.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dlm-inspect help [COMMAND|man]}: a command's help, or the whole manual page. */
@Command(name = "help", helpCommand = true,
        description = {"Show the help of a command, or with 'man' the manual page (troff: dlm-inspect help man | man -l -)."})
final class HelpCommand implements Runnable {
    @Parameters(index = "0", arity = "0..1", paramLabel = "COMMAND", description = "A command, or 'man' for the manual page.")
    String topic;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        CommandLine root = spec.parent().commandLine();
        PrintWriter out = new PrintWriter(System.out, true, java.nio.charset.StandardCharsets.UTF_8);
        if (topic == null) {
            root.usage(out);
        } else if (topic.equals("man")) {
            out.print(ManPage.of(root));
        } else {
            Map<String, CommandLine> subs = root.getSubcommands();
            CommandLine sub = subs.get(topic);
            if (sub == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), Suggestions.unknownCommand(topic, subs.keySet()));
            }
            sub.usage(out);
        }
        out.flush();
    }
}
