package org.dlminspect.cli;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dlm-inspect fields}: every field a display filter or {@code -e} can name, like {@code tshark -G fields}. */
@Command(name = "fields", mixinStandardHelpOptions = true,
        description = {"List every field that -Y and -e can name: name, type, display, protocol versions, tshark name and description, "
                + "tab-separated (like tshark -G fields).",
                "Flag words have one boolean field per bit (dlm.msg.exflags.valblk); value names (GRANT, EX, -EAGAIN) work in filters."})
public final class FieldsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PREFIX", arity = "0..1", description = "Only fields whose name starts with this (e.g. dlm.msg).")
    String prefix;

    @Option(names = "--values", description = "Also list the value names of enum and flag fields (one indented line each).")
    boolean values;

    @Override
    public Integer call() throws IOException {
        Writer out = Output.stdout();
        int n = 0;
        for (FieldDef f : FieldRegistry.get().all()) {
            if (prefix != null && !f.name().startsWith(prefix)) continue;
            n++;
            StringBuilder sb = new StringBuilder(128);
            sb.append(f.name()).append('\t').append(f.type().description()).append('\t')
                    .append(f.display().name().toLowerCase(java.util.Locale.ROOT)).append('\t')
                    .append(f.versions().isEmpty() ? "-" : f.versions()).append('\t')
                    .append(f.tsharkName() != null ? f.tsharkName() : "-").append('\t')
                    .append(f.description()).append('\n');
            if (values && f.names() != null && f.parent() == null) {
                for (Map.Entry<String, Long> e : f.names().entries().entrySet()) {
                    sb.append("    ").append(e.getKey()).append(" = ")
                            .append(f.names().bits() ? "0x" + Long.toHexString(e.getValue()) : Long.toString(e.getValue())).append('\n');
                }
            }
            out.write(sb.toString());
        }
        out.flush();
        if (n == 0) {
            throw new UsageError("no field starts with '" + prefix + "'");
        }
        return Main.EXIT_OK;
    }
}
