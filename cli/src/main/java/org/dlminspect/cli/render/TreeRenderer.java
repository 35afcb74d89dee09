package org.dlminspect.cli.render;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.dlminspect.Severity;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.dlm.DlmCommand;
import org.dlminspect.dlm.DlmText;
import org.dlminspect.dlm.FieldVisitor;
import org.dlminspect.net.Endpoint;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.SctpInfo;
import org.dlminspect.schema.AsciiText;
import org.dlminspect.schema.Display;
import org.dlminspect.schema.FieldDef;

/**
 * The {@code -V} view: every field of every message as an indented tree, each line starting
 * with the field's byte offset and size within the DLM message.
 */
public final class TreeRenderer implements MessageRenderer {
    private static final byte[] TO_NODE = ") \u2192 ".getBytes(StandardCharsets.UTF_8);

    private final Writer out;
    private final Ansi ansi;
    private final TextLine line = new TextLine();
    private final StringBuilder scratch = new StringBuilder(64);
    /** The time and the Info text of the message's header lines, as bytes (copied into the line in one go). */
    private final AsciiText time = new AsciiText(32);
    private final AsciiText info = new AsciiText(128);
    private final Visitor visitor = new Visitor();
    private final TreeFieldText fieldText = new TreeFieldText();
    /** "address:port" per endpoint as UTF-8, made once per connection end rather than per message. */
    private final java.util.IdentityHashMap<Endpoint, byte[]> endpointText = new java.util.IdentityHashMap<>();

    public TreeRenderer(Writer out, Ansi ansi) {
        this.out = out;
        this.ansi = ansi;
    }

    @Override
    public void render(DissectedMessage m, MessageContext ctx) throws IOException {
        TextLine sb = line;
        sb.clear();
        if (ansi.enabled()) {
            sb.append(ansi.bold("Frame " + FrameRef.text(m.frame())));
        } else if (FrameRef.named()) {
            sb.appendAscii("Frame ").append(FrameRef.text(m.frame()));
        } else {
            sb.appendAscii("Frame ").append(m.frame());
        }
        // The constant pieces as ASCII copies, the endpoints encoded once: no character loop per piece.
        sb.appendAscii(": ").append(ctx.appendTime(time.clear(), m));
        if (ctx.timeFormat().isSeconds()) sb.appendAscii(" s");
        sb.appendAscii(m.sctp() == null ? ", stream " : ", SCTP association ").append(m.direction().stream()).appendAscii(", ");
        endpoint(sb, m.direction().source()).appendAscii(" (node ").append(m.header().nodeid()).appendUtf8(TO_NODE);
        long dst = ctx.nodes().nodeOf(m.direction().destination().address());
        endpoint(sb, m.direction().destination()).appendAscii(" (node ");
        if (dst >= 0) {
            sb.append(dst);
        } else {
            sb.append('?');
        }
        sb.appendAscii("), ").append(m.length()).appendAscii(" bytes");
        if (m.firstFrame() != m.frame()) {
            sb.appendAscii(", reassembled from frames ").frameRef(m.firstFrame()).append('-').append(FrameRef.number(m.frame()));
        }
        sb.appendAscii(", stream offset ").append(m.streamOffset()).append('\n');
        received(sb, m, ctx);
        SctpInfo sctp = m.sctp();
        if (sctp != null) {
            // The SCTP layer: which DATA chunk(s) carried the user message holding this DLM message.
            sb.append("  Stream Control Transmission Protocol: association ").append(sctp.association())
                    .append(", TSN ").append(sctp.firstTsn());
            if (sctp.lastTsn() != sctp.firstTsn()) sb.append('-').append(sctp.lastTsn()).append(" (fragmented)");
            sb.append(", stream ").append(sctp.streamId());
            if (sctp.interleaved()) {
                sb.append(", I-DATA MID ").append(sctp.mid()).append('\n');
            } else {
                sb.append(", SSN ").append(sctp.ssn()).append('\n');
            }
        }
        sb.appendAscii("  Distributed Lock Manager ").appendAscii(DlmCommand.nameOf(m.header().cmd())).appendAscii(": ")
                .append(m.pdu().appendInfo(info.clear()));
        if (m.pdu().truncated()) {
            sb.appendAscii(" [truncated: ").append(m.length()).appendAscii(" of ").append(m.header().length())
                    .appendAscii(" bytes captured]");
        }
        sb.append('\n');
        visitor.depth = 2;
        m.pdu().accept(visitor);
        lockLink(sb, ctx.lockLink());
        sb.append('\n');
        sb.writeTo(out);
    }

    private TextLine endpoint(TextLine sb, Endpoint e) {
        byte[] text = endpointText.get(e);
        if (text == null) {
            if (endpointText.size() >= 4096) endpointText.clear();
            text = e.toString().getBytes(StandardCharsets.UTF_8);
            endpointText.put(e, text);
        }
        return sb.appendUtf8(text);
    }

    /** Per-node captures: the receiver's sighting (frame.received_*), on the reference clock. */
    private static void received(TextLine sb, DissectedMessage m, MessageContext ctx) {
        long[] seen = ctx.sightings() == null ? null : ctx.sightings().get(m.frame());
        if (seen == null) return;
        sb.append("  [Received in frame ").append(FrameRef.text(seen[0])).append(" at ")
                .append(UTC_DATE.format(seen[1], seen[1], seen[1])).append(" UTC, one-way delay ")
                .append(SECONDS.format(seen[1] - m.epochNanos(), 0, 0)).append(" s]\n");
    }

    private static final org.dlminspect.schema.TimeFormat UTC_DATE = org.dlminspect.schema.TimeFormat.parse("ud.9");
    private static final org.dlminspect.schema.TimeFormat SECONDS = org.dlminspect.schema.TimeFormat.parse("r.9");

    /** Wireshark's request/response lines: [Response in frame: N], [Request in frame: N], [Time since request]. */
    private void lockLink(TextLine sb, org.dlminspect.locks.LockLink link) {
        if (link == null) return;
        if (link.responseFrame() > 0) sb.appendAscii("  [Response in frame: ").frameRef(link.responseFrame()).appendAscii("]\n");
        if (link.requestFrame() > 0) {
            sb.appendAscii("GRANT".equals(link.exchange()) ? "  [Granted request in frame: " : "  [Request in frame: ")
                    .frameRef(link.requestFrame()).appendAscii("]\n");
        }
        if (link.timeNanos() >= 0) {
            sb.appendAscii("  [Time since request: ").seconds(link.timeNanos()).appendAscii(" s]\n");
        }
        // the resource is escaped (ASCII), as the packet list writes it
        if (link.resource() != null) sb.appendAscii("  [Resource: \"").appendAscii(link.resource()).appendAscii("\"]\n");
    }

    private final class Visitor implements FieldVisitor {
        private int depth;

        /** The line's start: {@code [offset+size] } (dim on a terminal) and the indentation. */
        private void prefix(int offset, int size) {
            if (ansi.enabled()) {
                line.append(ansi.dim(offsetText(offset, size))).spaces(2 * depth);
            } else {
                fieldText.prefix(line, offset, size, depth);
            }
        }

        @Override
        public void number(FieldDef field, String label, int offset, long value) {
            prefix(offset, field.width());
            fieldText.number(line, field, label, value);
            line.append('\n');
        }

        @Override
        public void bytes(FieldDef field, String label, int offset, int size, byte[] data, int from) {
            prefix(offset, size);
            TextLine sb = line;
            sb.appendUtf8(fieldText.fieldLabel(field, label));
            if (field.display() == Display.NAME) {
                scratch.setLength(0);
                sb.append('"').append(DlmText.appendName(scratch, data, from, size)).append('"');
            } else if (size == 0) {
                sb.append("(empty)");
            } else {
                sb.hexBytes(data, from, size);
            }
            sb.append('\n');
        }

        @Override
        public void beginGroup(String key, String label, int offset, int size) {
            prefix(offset, size);
            line.appendUtf8(fieldText.groupLabel(label)).append('\n');
            depth++;
        }

        @Override
        public void endGroup() {
            depth--;
        }

        @Override
        public void beginList(String key, String label, int offset, int size) {
            beginGroup(key, label, offset, size);
        }

        @Override
        public void endList() {
            depth--;
        }

        @Override
        public void error(int offset, String message) {
            prefix(offset, 0);
            line.append(ansi.severity(Severity.ERROR, "[Malformed: " + message + "]")).append('\n');
        }
    }

    static String offsetText(int offset, int size) {
        StringBuilder s = new StringBuilder(14);
        s.append('[');
        Text.padLeft(s, Integer.toString(offset), 4).append('+');
        Text.padRight(s, Integer.toString(size), 4).append("] ");
        return s.toString();
    }
}
