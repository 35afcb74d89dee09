package org.dlminspect.cli.render;

import java.io.IOException;
import java.io.Writer;
import org.dlminspect.dlm.DlmCommand;
import org.dlminspect.dlm.DlmHeader;
import org.dlminspect.dlm.DlmOpts;
import org.dlminspect.net.Endpoint;
import org.dlminspect.pipeline.DissectedMessage;

/**
 * One line per DLM message, like tshark's packet list: frame, relative time, TCP stream,
 * source and destination (address:port and node id), command, seq or lockspace, then Info.
 */
public final class PacketListRenderer implements MessageRenderer {
    private final Writer out;
    private final Ansi ansi;
    private final StringBuilder line = new StringBuilder(256);

    public PacketListRenderer(Writer out, Ansi ansi) {
        this.out = out;
        this.ansi = ansi;
    }

    @Override
    public void render(DissectedMessage m, MessageContext ctx) throws IOException {
        StringBuilder sb = line;
        sb.setLength(0);
        Text.padLeft(sb, Long.toString(m.frame()), 7).append(' ');
        Text.padLeft(sb, Text.seconds(new StringBuilder(16), ctx.relative(m.epochNanos())).toString(), 11).append(' ');
        Text.padLeft(sb, Integer.toString(m.direction().stream()), 3).append(' ');
        endpoint(sb, m.direction().source(), m.header().nodeid());
        sb.append(" → ");
        endpoint(sb, m.direction().destination(), ctx.nodes().nodeOf(m.direction().destination().address()));
        sb.append(' ');
        DlmHeader h = m.header();
        Text.padRight(sb, DlmCommand.nameOf(h.cmd()), 4).append(' ');
        if (h.unionIsSeq()) {
            Text.padRight(sb, "seq=" + h.seq(), 14);
        } else {
            Text.padRight(sb, Text.hex32(new StringBuilder("ls="), h.lockspace()).toString(), 14);
        }
        sb.append(' ');
        if (m.pdu() instanceof DlmOpts opts && opts.inner() != null) {
            int innerCmd = opts.inner().header().cmd();
            if (innerCmd == DlmCommand.MSG.wireValue() || innerCmd == DlmCommand.RCOM.wireValue()) {
                // MSG and RCOM share type names (LOOKUP): say which one travelled inside the OPTS.
                sb.append(DlmCommand.nameOf(innerCmd)).append(' ');
            }
        }
        sb.append(m.pdu().info());
        if (m.pdu().truncated()) {
            sb.append(" [truncated: ").append(m.bytes().limit()).append(" of ").append(h.length()).append(" bytes captured]");
        }
        if (!m.pdu().errors().isEmpty()) {
            sb.append(' ').append(ansi.severity(org.dlminspect.Severity.ERROR, "[Malformed: " + String.join("; ", m.pdu().errors()) + "]"));
        }
        sb.append('\n');
        out.append(sb);
    }

    private static void endpoint(StringBuilder sb, Endpoint e, long node) {
        sb.append(e.address());
        sb.append(':').append(e.port());
        sb.append(node >= 0 ? " (" + node + ")" : " (?)");
    }
}
