package org.dlminspect.cli.render;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.dlm.DlmCommand;
import org.dlminspect.dlm.DlmHeader;
import org.dlminspect.dlm.DlmMessage;
import org.dlminspect.dlm.DlmOpts;
import org.dlminspect.dlm.DlmPdu;
import org.dlminspect.locks.LockLink;
import org.dlminspect.net.Endpoint;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.schema.AsciiText;

/**
 * One line per DLM message, like tshark's packet list: frame, relative time, TCP stream,
 * source and destination (address:port and node id), command, seq or lockspace, then Info and, for lock
 * messages, the request/response link of the lock analysis.
 */
public final class PacketListRenderer implements MessageRenderer {
    private static final byte[] ARROW = " \u2192 ".getBytes(StandardCharsets.UTF_8);
    /** The command column (padded to 4, and the space after it) of h_cmd 1..5, made once. */
    private static final byte[][] COMMANDS = new byte[6][];
    static {
        for (int cmd = 1; cmd < COMMANDS.length; cmd++) {
            COMMANDS[cmd] = Text.padRight(new StringBuilder(), DlmCommand.nameOf(cmd), 4).append(' ')
                    .toString().getBytes(StandardCharsets.US_ASCII);
        }
    }

    private final Writer out;
    private final Ansi ansi;
    private final TextLine line = new TextLine();
    /** The time and the Info text of the line being made, as bytes (copied into the line in one go). */
    private final AsciiText time = new AsciiText(32);
    private final AsciiText info = new AsciiText(128);
    private final java.util.IdentityHashMap<Endpoint, byte[]> endpointText = new java.util.IdentityHashMap<>();

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
        ctx.appendTime(time.clear(), m);
        sb.spaces(11 - time.length()).append(time).append(' ');
        sb.padLeft(m.direction().stream(), 3).append(' ');
        endpoint(sb, m.direction().source(), m.header().nodeid());
        sb.appendUtf8(ARROW, 0, ARROW.length);
        endpoint(sb, m.direction().destination(), ctx.nodes().nodeOf(m.direction().destination().address()));
        sb.append(' ');
        DlmHeader h = m.header();
        int cmd = h.cmd();
        if (cmd > 0 && cmd < COMMANDS.length) {
            sb.appendUtf8(COMMANDS[cmd], 0, COMMANDS[cmd].length);
        } else {
            sb.padRight(DlmCommand.nameOf(cmd), 4).append(' ');
        }
        int start = sb.length();
        if (h.unionIsSeq()) {
            sb.appendAscii("seq=").append(h.seq());
        } else {
            sb.appendAscii("ls=").hex32(h.lockspace());
        }
        sb.spaces(14 - (sb.length() - start));
        sb.append(' ');
        DlmPdu pdu = m.pdu();
        if (pdu instanceof DlmOpts opts && opts.inner() != null) {
            int innerCmd = opts.inner().header().cmd();
            if (innerCmd == DlmCommand.MSG.wireValue() || innerCmd == DlmCommand.RCOM.wireValue()) {
                // MSG and RCOM share type names (LOOKUP): say which one travelled inside the OPTS.
                sb.appendAscii(DlmCommand.nameOf(innerCmd)).append(' ');
            }
        }
        sb.append(pdu.appendInfo(info.clear()));
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
     * the resource on messages that do not carry its name. Dim on a terminal.
     */
    private void lockLink(TextLine sb, LockLink link, boolean named) {
        boolean response = link.responseFrame() > 0;
        boolean request = link.requestFrame() > 0;
        boolean time = link.timeNanos() >= 0;
        boolean resource = link.resource() != null && !named;
        if (!response && !request && !time && !resource) return;
        sb.append(' ');
        if (ansi.enabled()) sb.appendAscii(Ansi.DIM); // what dim("[...]") writes
        sb.append('[');
        if (response) sb.appendAscii("response in frame ").frameRef(link.responseFrame());
        if (request) {
            if (response) sb.appendAscii(", ");
            sb.appendAscii("GRANT".equals(link.exchange()) ? "granted request in frame " : "request in frame ").frameRef(link.requestFrame());
        }
        if (time) {
            if (response || request) sb.appendAscii(", ");
            sb.appendAscii("time since request ").seconds(link.timeNanos()).appendAscii(" s");
        }
        if (resource) {
            if (response || request || time) sb.appendAscii(", ");
            sb.appendAscii("resource \"").appendAscii(link.resource()).append('"');
        }
        sb.append(']');
        if (ansi.enabled()) sb.appendAscii(Ansi.RESET);
    }

    /** REQUEST, LOOKUP and REMOVE carry the resource name (Info shows it already). */
    private static boolean carriesName(DissectedMessage m) {
        DlmPdu pdu = m.pdu() instanceof DlmOpts o ? o.inner() : m.pdu();
        if (!(pdu instanceof DlmMessage msg)) return false;
        int t = msg.type();
        return t == 1 || t == 11 || t == 12;
    }

    private void endpoint(TextLine sb, Endpoint e, long node) {
        // "address:port" is the same for every message of a connection: encoded once per endpoint.
        byte[] text = endpointText.get(e);
        if (text == null) {
            if (endpointText.size() >= 4096) endpointText.clear();
            text = (e.address() + ":" + e.port()).getBytes(StandardCharsets.UTF_8);
            endpointText.put(e, text);
        }
        sb.appendUtf8(text, 0, text.length);
        if (node >= 0) {
            sb.appendAscii(" (").append(node).append(')');
        } else {
            sb.appendAscii(" (?)");
        }
    }
}
