package org.dlminspect.cli.render;

import java.io.IOException;
import java.io.Writer;
import org.dlminspect.Severity;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.dlm.DlmCommand;
import org.dlminspect.dlm.DlmText;
import org.dlminspect.dlm.FieldVisitor;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.SctpInfo;
import org.dlminspect.schema.Display;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldFormat;

/**
 * The {@code -V} view: every field of every message as an indented tree, each line starting
 * with the field's byte offset and size within the DLM message.
 */
public final class TreeRenderer implements MessageRenderer {
    private final Writer out;
    private final Ansi ansi;

    public TreeRenderer(Writer out, Ansi ansi) {
        this.out = out;
        this.ansi = ansi;
    }

    @Override
    public void render(DissectedMessage m, MessageContext ctx) throws IOException {
        StringBuilder sb = new StringBuilder(2048);
        sb.append(ansi.bold("Frame " + FrameRef.text(m.frame()))).append(": ");
        ctx.appendTime(sb, m).append(ctx.timeFormat().isSeconds() ? " s" : "").append(", ")
                .append(m.sctp() == null ? "stream " : "SCTP association ").append(m.direction().stream()).append(", ");
        sb.append(m.direction().source()).append(" (node ").append(m.header().nodeid()).append(") → ");
        long dst = ctx.nodes().nodeOf(m.direction().destination().address());
        sb.append(m.direction().destination()).append(" (node ").append(dst >= 0 ? Long.toString(dst) : "?").append(")");
        sb.append(", ").append(m.bytes().limit()).append(" bytes");
        if (m.firstFrame() != m.frame()) {
            sb.append(", reassembled from frames ").append(FrameRef.text(m.firstFrame())).append('-').append(FrameRef.number(m.frame()));
        }
        sb.append(", stream offset ").append(m.streamOffset()).append('\n');
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
        sb.append("  Distributed Lock Manager ").append(DlmCommand.nameOf(m.header().cmd())).append(": ").append(m.pdu().info());
        if (m.pdu().truncated()) {
            sb.append(" [truncated: ").append(m.bytes().limit()).append(" of ").append(m.header().length()).append(" bytes captured]");
        }
        sb.append('\n');
        m.pdu().accept(new Visitor(sb, 2));
        lockLink(sb, ctx.lockLink());
        sb.append('\n');
        out.append(sb);
    }

    /** Per-node captures: the receiver's sighting (frame.received_*), on the reference clock. */
    private static void received(StringBuilder sb, DissectedMessage m, MessageContext ctx) {
        long[] seen = ctx.sightings() == null ? null : ctx.sightings().get(m.frame());
        if (seen == null) return;
        sb.append("  [Received in frame ").append(FrameRef.text(seen[0])).append(" at ")
                .append(UTC_DATE.format(seen[1], seen[1], seen[1])).append(" UTC, one-way delay ")
                .append(SECONDS.format(seen[1] - m.epochNanos(), 0, 0)).append(" s]\n");
    }

    private static final org.dlminspect.schema.TimeFormat UTC_DATE = org.dlminspect.schema.TimeFormat.parse("ud.9");
    private static final org.dlminspect.schema.TimeFormat SECONDS = org.dlminspect.schema.TimeFormat.parse("r.9");

    /** Wireshark's request/response lines: [Response in frame: N], [Request in frame: N], [Time since request]. */
    private void lockLink(StringBuilder sb, org.dlminspect.locks.LockLink link) {
        if (link == null) return;
        if (link.responseFrame() > 0) sb.append("  [Response in frame: ").append(FrameRef.text(link.responseFrame())).append("]\n");
        if (link.requestFrame() > 0) {
            sb.append("  [").append("GRANT".equals(link.exchange()) ? "Granted request" : "Request").append(" in frame: ")
                    .append(FrameRef.text(link.requestFrame())).append("]\n");
        }
        if (link.timeNanos() >= 0) {
            sb.append("  [Time since request: ");
            Text.seconds(sb, link.timeNanos()).append(" s]\n");
        }
        if (link.resource() != null) sb.append("  [Resource: \"").append(link.resource()).append("\"]\n");
    }

    private final class Visitor implements FieldVisitor {
        private final StringBuilder sb;
        private int depth;

        Visitor(StringBuilder sb, int depth) {
            this.sb = sb;
            this.depth = depth;
        }

        private void prefix(int offset, int size) {
            sb.append(ansi.dim(offsetText(offset, size)));
            for (int i = 0; i < depth; i++) sb.append("  ");
        }

        @Override
        public void number(FieldDef field, String label, int offset, long value) {
            prefix(offset, field.width());
            sb.append(label).append(": ").append(FieldFormat.tree(field, value)).append('\n');
        }

        @Override
        public void bytes(FieldDef field, String label, int offset, int size, byte[] data, int from) {
            prefix(offset, size);
            sb.append(label).append(": ");
            if (field.display() == Display.NAME) {
                sb.append('"').append(DlmText.escapeName(data, from, size)).append('"');
            } else if (size == 0) {
                sb.append("(empty)");
            } else {
                sb.append(FieldFormat.hexBytes(data, from, size));
            }
            sb.append('\n');
        }

        @Override
        public void beginGroup(String key, String label, int offset, int size) {
            prefix(offset, size);
            sb.append(label).append('\n');
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
            sb.append(ansi.severity(Severity.ERROR, "[Malformed: " + message + "]")).append('\n');
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
