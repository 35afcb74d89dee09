package org.dlminspect.cli.render;

import java.io.IOException;
import java.io.Writer;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.dlm.DlmCommand;
import org.dlminspect.dlm.DlmHeader;
import org.dlminspect.dlm.DlmMessage;
import org.dlminspect.dlm.DlmOpts;
import org.dlminspect.dlm.DlmPdu;
import org.dlminspect.locks.LockLink;
import org.dlminspect.net.Endpoint;
import org.dlminspect.pipeline.DissectedMessage;

/**
 * One line per DLM message, like tshark's packet list: frame, relative time, TCP stream,
 * source and destination (address:port and node id), command, seq or lockspace, then Info and, for lock
 * messages, the request/response link of the lock analysis.
 */
public final class PacketListRenderer implements MessageRenderer {
    private final Writer out;
    private final Ansi ansi;
    private final TextLine line = new TextLine();
    private final StringBuilder scratch = new StringBuilder(64);
    private final java.util.IdentityHashMap<Endpoint, String> endpointText = new java.util.IdentityHashMap<>();

    public PacketListRenderer(Writer out, Ansi ansi) {
        this.out = out;
        this.ansi = ansi;
    }

    @Override
    public void render(DissectedMessage m, MessageContext ctx) throws IOException {
        TextLine sb = line;
        sb.clear();
        if (FrameRef.named()) {
            sb.padLeft(FrameRef.text(m.frame()), FrameRef.width());
        } else {
            sb.padLeft(m.frame(), FrameRef.width());
        }
        sb.append(' ');
        scratch.setLength(0);
        ctx.appendTime(scratch, m);
        sb.spaces(11 - scratch.length()).append(scratch).append(' ');
        sb.padLeft(m.direction().stream(), 3).append(' ');
        endpoint(sb, m.direction().source(), m.header().nodeid());
        sb.append(" \u2192 ");
        endpoint(sb, m.direction().destination(), ctx.nodes().nodeOf(m.direction().destination().address()));
        sb.append(' ');
        DlmHeader h = m.header();
        sb.padRight(DlmCommand.nameOf(h.cmd()), 4).append(' ');
        int start = sb.length();
        if (h.unionIsSeq()) {
            sb.append("seq=").append(h.seq());
        } else {
            sb.append("ls=").hex32(h.lockspace());
        }
        sb.spaces(14 - (sb.length() - start));
        sb.append(' ');
        DlmPdu pdu = m.pdu();
        if (pdu instanceof DlmOpts opts && opts.inner() != null) {
            int innerCmd = opts.inner().header().cmd();
            if (innerCmd == DlmCommand.MSG.wireValue() || innerCmd == DlmCommand.RCOM.wireValue()) {
                // MSG and RCOM share type names (LOOKUP): say which one travelled inside the OPTS.
                sb.append(DlmCommand.nameOf(innerCmd)).append(' ');
            }
        }
        scratch.setLength(0);
        sb.append(pdu.appendInfo(scratch));
        if (pdu.truncated()) {
            sb.append(" [truncated: ").append(m.bytes().limit()).append(" of ").append(h.length()).append(" bytes captured]");
        }
        if (!pdu.errors().isEmpty()) {
            sb.append(' ').append(ansi.severity(org.dlminspect.Severity.ERROR, "[Malformed: " + String.join("; ", pdu.errors()) + "]"));
        }
        LockLink link = ctx.lockLink();
        if (link != null) lockLink(sb, link, carriesName(m));
        sb.append('\n');
        sb.writeTo(out);
    }

    /**
     * The lock analysis's link, as tshark's request/response protocols show it: {@code [request in frame N, time
     * since request S s, resource "R"]} on a reply or GRANT, {@code [response in frame N]} on a request (read -2),
     * the resource on messages that do not carry its name.
     */
    private void lockLink(TextLine sb, LockLink link, boolean named) {
        scratch.setLength(0);
        if (link.responseFrame() > 0) scratch.append("response in frame ").append(FrameRef.text(link.responseFrame()));
        if (link.requestFrame() > 0) {
            if (!scratch.isEmpty()) scratch.append(", ");
            scratch.append("GRANT".equals(link.exchange()) ? "granted request in frame " : "request in frame ")
                    .append(FrameRef.text(link.requestFrame()));
        }
        if (link.timeNanos() >= 0) {
            if (!scratch.isEmpty()) scratch.append(", ");
            Text.seconds(scratch.append("time since request "), link.timeNanos()).append(" s");
        }
        if (link.resource() != null && !named) {
            if (!scratch.isEmpty()) scratch.append(", ");
            scratch.append("resource \"").append(link.resource()).append('"');
        }
        if (scratch.isEmpty()) return;
        sb.append(' ');
        if (ansi.enabled()) {
            sb.append(ansi.dim("[" + scratch + "]"));
        } else {
            sb.append('[').append(scratch).append(']');
        }
    }

    /** REQUEST, LOOKUP and REMOVE carry the resource name (Info shows it already). */
    private static boolean carriesName(DissectedMessage m) {
        DlmPdu pdu = m.pdu() instanceof DlmOpts o ? o.inner() : m.pdu();
        if (!(pdu instanceof DlmMessage msg)) return false;
        int t = msg.type();
        return t == 1 || t == 11 || t == 12;
    }

    private void endpoint(TextLine sb, Endpoint e, long node) {
        // "address:port" is the same for every message of a connection: made once per endpoint.
        String text = endpointText.get(e);
        if (text == null) {
            if (endpointText.size() >= 4096) endpointText.clear();
            text = e.address() + ":" + e.port();
            endpointText.put(e, text);
        }
        sb.append(text);
        if (node >= 0) {
            sb.append(" (").append(node).append(')');
        } else {
            sb.append(" (?)");
        }
    }
}
