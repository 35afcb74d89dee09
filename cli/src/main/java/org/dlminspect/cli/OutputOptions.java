package org.dlminspect.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dlminspect.cli.render.FieldsLayout;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldRegistry;
import org.dlminspect.schema.TimeFormat;
import picocli.CommandLine.Option;

/** tshark's output options: {@code -T fields|json|text}, {@code -e FIELD}, {@code -E OPTION}, {@code -t FORMAT}. */
public final class OutputOptions {
    @Option(names = "-T", paramLabel = "FORMAT",
            description = "Output format: text (the packet list, or the tree with -V; default), json (as --json) or fields (the -e fields, one line per message).")
    String format;

    @Option(names = "-e", paramLabel = "FIELD",
            description = "With -T fields: a field to print (repeatable, in order), e.g. -e frame.number -e dlm.msg.type. 'dlm-inspect fields' lists them.")
    List<String> fields = new ArrayList<>();

    @Option(names = "-E", paramLabel = "OPTION",
            description = "With -T fields: header=y|n, separator=/t|/s|C, quote=d|s|n, occurrence=f|l|a, aggregator=,|/s|C (repeatable).")
    List<String> layout = new ArrayList<>();

    @Option(names = "-t", paramLabel = "FORMAT",
            description = "Time format of the packet list, tree and findings: a, ad, adoy, d, dd, e, r (default), u, ud, udoy; .N sets the decimals (e.g. ud.3).")
    String time;

    /** Checks every option now (before a capture starts). */
    void validate() {
        if (kind() == Kind.FIELDS) fieldDefs();
        fieldsLayout();
        timeFormat();
    }

    /** The kind of output -T chose (TEXT when not given). */
    enum Kind { TEXT, JSON, FIELDS }

    Kind kind() {
        if (format == null) {
            if (!fields.isEmpty()) throw new UsageError("-e needs -T fields");
            return Kind.TEXT;
        }
        Kind k = switch (format.toLowerCase(Locale.ROOT)) {
            case "text" -> Kind.TEXT;
            case "json" -> Kind.JSON;
            case "fields" -> Kind.FIELDS;
            default -> throw new UsageError("unknown -T " + format + " (use text, json or fields)");
        };
        if (k == Kind.FIELDS && fields.isEmpty()) throw new UsageError("-T fields needs at least one -e FIELD");
        if (k != Kind.FIELDS && !fields.isEmpty()) throw new UsageError("-e needs -T fields");
        return k;
    }

    /** The -e fields, each known (an unknown one is a usage error with the closest name). */
    List<FieldDef> fieldDefs() {
        FieldRegistry r = FieldRegistry.get();
        List<FieldDef> out = new ArrayList<>();
        for (String name : fields) {
            FieldDef f = r.field(name.trim());
            if (f == null) {
                String near = r.closest(name.trim());
                throw new UsageError("unknown field '" + name + "' in -e" + (near != null ? "; did you mean " + near + "?" : ""));
            }
            out.add(f);
        }
        return out;
    }

    FieldsLayout fieldsLayout() {
        try {
            return FieldsLayout.parse(layout);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
    }

    TimeFormat timeFormat() {
        if (time == null) return TimeFormat.DEFAULT;
        try {
            return TimeFormat.parse(time);
        } catch (IllegalArgumentException e) {
            throw new UsageError("-t: " + e.getMessage());
        }
    }
}
