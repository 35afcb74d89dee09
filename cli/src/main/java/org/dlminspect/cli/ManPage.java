package org.dlminspect.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The manual page dlm-inspect(1) in troff (man(7) macros), made from the picocli model at run time: every
 * command, option and parameter with its description, so it cannot drift from {@code --help}.
 */
final class ManPage {
    private ManPage() { }

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
