package org.dlminspect.cli.render;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.dlminspect.analysis.Finding;
import org.dlminspect.analysis.FindingFields;
import org.dlminspect.dlm.DlmFields;
import org.dlminspect.dlm.DlmText;
import org.dlminspect.net.IpAddress;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.MessageFields;
import org.dlminspect.schema.Display;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldFormat;
import org.dlminspect.schema.FieldType;
import org.dlminspect.locks.LockFields;
import org.dlminspect.schema.AsciiText;
import org.dlminspect.schema.FieldValues;
import org.dlminspect.schema.TimeFormat;

/**
 * {@code -T fields -e FIELD ...}: one line per DLM message (and per finding with {@code --analyze}), the chosen
 * fields' values separated as {@code -E} says, as tshark. A value is written as JSON writes it (an enum's name,
 * unsigned decimal, bytes as hex, a name as escaped text), so {@code -T fields} and {@code --json} agree.
 */
public final class FieldsRenderer implements MessageRenderer {
    private static final TimeFormat UTC_DATE = TimeFormat.parse("ud.9");
    private static final TimeFormat SECONDS = TimeFormat.parse("r.9");
    private final Writer out;
    private final List<FieldDef> fields;
    private final FieldsLayout layout;
    private final FieldValues values;
    private final boolean decode;
    /** Whether a dlm.lock.* field is asked for (the lock analysis's link of the message). */
    private final boolean locks;
    private final StringBuilder line = new StringBuilder(256);
    /** One field's values, and the time of the message (reused: no builder per field or message). */
    private final StringBuilder value = new StringBuilder(64);
    private final AsciiText time = new AsciiText(32);
    private boolean headerDone;

    public FieldsRenderer(Writer out, List<FieldDef> fields, FieldsLayout layout) {
        this.out = out;
        this.fields = List.copyOf(fields);
        this.layout = layout;
        this.values = new FieldValues(fields);
        List<FieldDef> dlm = DlmFields.all();
        this.decode = fields.stream().anyMatch(f -> dlm.contains(f.parent() != null ? f.parent() : f));
        this.locks = LockFields.any(fields);
    }

    /** Whether a {@code dlm.lock.*} field is asked for (then the lock analysis must run). */
    public boolean readsLocks() {
        return locks;
    }

    @Override
    public void render(DissectedMessage m, MessageContext ctx) throws IOException {
        values.clear();
        MessageFields.collect(m, ctx.firstEpochNanos(m.epochNanos()),
                ctx.nodes().nodeOf(m.direction().destination().address()), values, decode);
        if (locks) LockFields.collect(ctx.lockLink(), values);
        org.dlminspect.pernode.SightingFields.collect(ctx.sightings(), m, values); // per-node: frame.received_*
        ctx.appendTime(time.clear(), m); // keeps -t dd's "previous displayed" in step
        write(ctx);
    }

    /** A finding as one line of the same fields (those it has). */
    public void render(Finding f, long firstEpochNanos, MessageContext ctx) throws IOException {
        values.clear();
        FindingFields.collect(f, firstEpochNanos, values);
        write(ctx);
    }

    private void write(MessageContext ctx) throws IOException {
        StringBuilder sb = line;
        sb.setLength(0);
        if (!headerDone) {
            headerDone = true;
            if (layout.header()) {
                for (int i = 0; i < fields.size(); i++) {
                    if (i > 0) sb.append(layout.separator());
                    quoted(sb, fields.get(i).name());
                }
                sb.append('\n');
            }
        }
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) sb.append(layout.separator());
            FieldDef f = fields.get(i);
            int first = values.next(f, 0);
            if (first < 0) continue;
            StringBuilder v = value;
            v.setLength(0);
            switch (layout.occurrence()) {
                case 'f' -> value(v, f, first, ctx);
                case 'l' -> {
                    int last = first;
                    for (int j = values.next(f, first + 1); j >= 0; j = values.next(f, j + 1)) last = j;
                    value(v, f, last, ctx);
                }
                default -> {
                    for (int j = first; j >= 0; j = values.next(f, j + 1)) {
                        if (j != first) v.append(layout.aggregator());
                        value(v, f, j, ctx);
                    }
                }
            }
            quoted(sb, v);
        }
        sb.append('\n');
        out.append(sb);
    }

    private void quoted(StringBuilder sb, CharSequence s) {
        if (layout.quote() == 0) {
            sb.append(s);
        } else {
            sb.append(layout.quote()).append(s).append(layout.quote());
        }
    }

    private void value(StringBuilder sb, FieldDef f, int i, MessageContext ctx) {
        switch (f.type()) {
            case TIME -> {
                long t = values.number(f, i);
                // frame.time as a UTC date (nanoseconds); frame.time_epoch as JSON's "time".
                sb.append(f.display() == Display.TIME ? UTC_DATE.format(t, t, t) : Text.epochSeconds(t));
            }
            case DURATION -> sb.append(SECONDS.format(values.number(f, i), 0, 0));
            case ADDRESS -> sb.append(values.object(i) instanceof IpAddress a ? a.toString() : "");
            case STRING -> {
                Object o = values.object(i);
                sb.append(DlmText.escapeName(o instanceof byte[] b ? b : o.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
            }
            case BYTES -> {
                byte[] b = (byte[]) values.object(i);
                sb.append(FieldFormat.hexBytes(b, 0, b.length));
            }
            default -> sb.append(f.type() == FieldType.BOOLEAN ? Long.toString(values.number(f, i))
                    : FieldFormat.plain(f, values.number(f, i)));
        }
    }

    @Override
    public void finish() throws IOException {
        out.flush();
    }
}
