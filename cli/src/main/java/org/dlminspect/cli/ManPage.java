package org.dlminspect.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The manual page dlm-inspect(1) in troff (man(7) macros), made from the picocli model: every command, option
 * and parameter with its description, so it cannot drift from {@code --help}. {@code dlm-inspect help man}
 * prints it; the build writes it to {@code cli/target/dlm-inspect.1} ({@link #main}, run by Maven's package
 * phase) for {@code man -l} and for installing under {@code man1/}.
 */
public final class ManPage {
    private ManPage() { }

    /**
     * Writes the manual page to the file {@code args[0]} (its directory is made if missing). Run by the build, in
     * Maven's own JVM: it never calls {@code System.exit}, and a write error fails the build.
     */
    public static void main(String[] args) throws java.io.IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ManPage FILE");
        }
        java.nio.file.Path file = java.nio.file.Path.of(args[0]);
        if (file.toAbsolutePath().getParent() != null) {
            java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
        }
        java.nio.file.Files.writeString(file, of(Main.commandLine()), java.nio.charset.StandardCharsets.UTF_8);
    }

    static String of(CommandLine root) {
        CommandSpec spec = root.getCommandSpec();
        String version = spec.version().length > 0 ? spec.version()[0] : "dlm-inspect";
        StringBuilder sb = new StringBuilder();
        sb.append(".TH DLM-INSPECT 1 \"\" \"").append(escape(version)).append("\" \"User Commands\"\n");
        sb.append(".SH NAME\ndlm-inspect \\- ").append(escape(String.join(" ", spec.usageMessage().description()))).append('\n');
        sb.append(".SH SYNOPSIS\n.B dlm-inspect\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIFILE\\fR]\n");
        sb.append(".SH DESCRIPTION\n").append(escape(
                "dlm-inspect reads captures of the Linux kernel's Distributed Lock Manager traffic (pcap or pcapng, "
                        + "optionally compressed with gzip, zstd, xz, lz4 or bzip2), or captures it live, and shows each DLM "
                        + "message the way tshark shows packets; 'analyze' replays the midcomms reliability layer and reports "
                        + "what went wrong between which nodes.")).append('\n');
        sb.append(".SH COMMANDS\n");
        for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
            CommandSpec sub = e.getValue().getCommandSpec();
            if (sub.usageMessage().hidden() || !e.getKey().equals(sub.name())) continue;
            command(sb, sub);
        }
        sb.append(".SH EXIT STATUS\n.TP\n.B 0\nSuccess.\n.TP\n.B 1\nA finding at or above the level of \\fB\\-\\-fail\\-on\\fR.\n")
                .append(".TP\n.B 2\nA wrong command line, an unusable input, or an output that cannot be written.\n");
        sb.append(".SH ENVIRONMENT\n.TP\n.B NO_COLOR\nNever colour the output.\n")
                .append(".TP\n.B DLM_INSPECT_THREADS\n1 or 2: the threads read and analyze use (default: 2 on an idle machine with two cores).\n")
                .append(".TP\n.B DLM_INSPECT_JAVA_OPTS\nExtra options for the Java virtual machine (the launcher).\n");
        sb.append(".SH SEE ALSO\n.BR tshark (1),\n.BR tcpdump (8),\n.BR dlm_controld (8)\n");
        return sb.toString();
    }

    private static void command(StringBuilder sb, CommandSpec sub) {
        sb.append(".SS ").append(escape("dlm-inspect " + sub.name())).append('\n');
        sb.append(".nf\n").append(escape(synopsis(sub))).append("\n.fi\n");
        for (String line : sub.usageMessage().description()) {
            sb.append(escape(sub.interpolateVariables() ? interpolate(sub, line) : line)).append("\n.br\n");
        }
        for (PositionalParamSpec p : sub.positionalParameters()) {
            if (p.hidden()) continue;
            sb.append(".TP\n\\fI").append(escape(p.paramLabel())).append("\\fR\n").append(escape(String.join(" ", p.description()))).append('\n');
        }
        List<OptionSpec> options = sub.options();
        for (OptionSpec o : options) {
            if (o.hidden()) continue;
            sb.append(".TP\n");
            String[] names = o.names();
            for (int i = 0; i < names.length; i++) {
                if (i > 0) sb.append(", ");
                sb.append("\\fB").append(escape(names[i])).append("\\fR");
            }
            if (o.arity().max() > 0) sb.append(" \\fI").append(escape(o.paramLabel())).append("\\fR");
            sb.append('\n').append(escape(String.join(" ", o.description()))).append('\n');
        }
    }

    /** picocli's usage line of the command ("dlm-inspect read [-2hlPqx] ..."), without its "Usage: " and colour. */
    private static String synopsis(CommandSpec sub) {
        CommandLine.Help help = new CommandLine.Help(sub, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        String text = help.synopsis(0).stripTrailing();
        return text.startsWith("Usage: ") ? text.substring("Usage: ".length()) : text;
    }

    private static String interpolate(CommandSpec spec, String line) {
        return line;
    }

    /** Troff-safe text: backslashes, hyphens, and a leading dot or quote that would read as a request. */
    static String escape(String text) {
        String t = text.replace("\\", "\\e").replace("-", "\\-");
        StringBuilder sb = new StringBuilder();
        for (String line : t.split("\n", -1)) {
            if (sb.length() > 0) sb.append('\n');
            if (line.startsWith(".") || line.startsWith("'")) sb.append("\\&");
            sb.append(line);
        }
        return sb.toString();
    }
}
