package org.dlminspect.cli.render;

import java.nio.ByteBuffer;
import org.dlminspect.dlm.DlmHeader;
import org.dlminspect.pipeline.DissectedMessage;

/**
 * The simple display filters of {@code read}: node, command, message type, lockspace, stream.
 * Fields of an OPTS-wrapped message match the inner message too, so {@code --cmd MSG} shows
 * MSGs whether or not they travelled inside OPTS. A null/negative criterion matches everything.
 *
 * @param node      h_nodeid of the sender or node id of the receiver (-1: any)
 * @param cmd       h_cmd (outer or inner; -1: any)
 * @param msgType   m_type of a DLM_MSG (-1: any)
 * @param rcomType  rc_type of a DLM_RCOM (-1: any)
 * @param lockspace h_lockspace of a MSG/RCOM (outer or inner; -1: any)
 * @param stream    TCP stream index (-1: any)
 */
public record MessageFilter(long node, int cmd, int msgType, int rcomType, long lockspace, int stream) {

    public boolean matches(DissectedMessage m, NodeMap nodes) {
        if (stream >= 0 && m.direction().stream() != stream) return false;
        DlmHeader outer = m.header();
        if (node >= 0 && outer.nodeid() != node && nodes.nodeOf(m.direction().destination().address()) != node) return false;
        ByteBuffer b = m.bytes();
        DlmHeader inner = innerHeader(outer, b);
        if (cmd >= 0 && outer.cmd() != cmd && (inner == null || inner.cmd() != cmd)) return false;
        DlmHeader app = inner != null ? inner : outer;
        int appOffset = inner != null ? 24 + (b.getShort(18) & 0xFFFF) : 0;
        if (lockspace >= 0 && !((app.cmd() == 1 || app.cmd() == 2) && app.lockspace() == lockspace)) return false;
        if (msgType >= 0 || rcomType >= 0) {
            // A name such as LOOKUP is both a DLM_MSG and a DLM_RCOM type: either may match.
            long type = typeAt(b, appOffset);
            return (app.cmd() == 1 && msgType >= 0 && type == msgType) || (app.cmd() == 2 && rcomType >= 0 && type == rcomType);
        }
        return true;
    }

    private static long typeAt(ByteBuffer b, int appOffset) {
        return appOffset + 20 <= b.limit() ? b.getInt(appOffset + 16) & 0xFFFFFFFFL : -1;
    }

    /** The inner header of an OPTS, when its bytes are present. */
    static DlmHeader innerHeader(DlmHeader outer, ByteBuffer b) {
        if (outer.cmd() != 3 || b.limit() < 24) return null;
        int at = 24 + (b.getShort(18) & 0xFFFF);
        return at + 16 <= b.limit() ? DlmHeader.read(b, at) : null;
    }
}
