package org.dlminspect.cli.stats;

import java.nio.ByteBuffer;
import org.dlminspect.dlm.DlmCommand;
import org.dlminspect.dlm.DlmHeader;
import org.dlminspect.dlm.DlmMessageType;
import org.dlminspect.dlm.RcomType;
import org.dlminspect.pipeline.DissectedMessage;

/**
 * A message's command and type as statistics name it: "MSG GRANT", "RCOM STATUS", "ACK", and for an
 * OPTS the message it carries, "OPTS MSG GRANT" (reference §2.4: the inner header starts at 24 + o_optlen).
 */
final class MessageKind {
    private MessageKind() { }

    static String of(DissectedMessage m) {
        DlmHeader outer = m.header();
        ByteBuffer b = m.bytes();
        if (outer.cmd() == DlmCommand.OPTS.wireValue()) {
            int at = b.limit() >= 24 ? 24 + (b.getShort(18) & 0xFFFF) : -1;
            if (at < 0 || at + DlmHeader.SIZE > b.limit()) return "OPTS";
            DlmHeader inner = DlmHeader.read(b, at);
            return "OPTS " + app(inner.cmd(), b, at);
        }
        return app(outer.cmd(), b, 0);
    }

    private static String app(int cmd, ByteBuffer b, int at) {
        String name = DlmCommand.nameOf(cmd);
        if (cmd != DlmCommand.MSG.wireValue() && cmd != DlmCommand.RCOM.wireValue()) return name;
        if (at + 20 > b.limit()) return name;
        long type = b.getInt(at + 16) & 0xFFFFFFFFL;
        return name + " " + (cmd == DlmCommand.MSG.wireValue() ? DlmMessageType.nameOf(type) : RcomType.nameOf(type));
    }
}
