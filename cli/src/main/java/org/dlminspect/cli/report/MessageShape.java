package org.dlminspect.cli.report;

import java.nio.ByteBuffer;
import org.dlminspect.dlm.DlmHeader;

/**
 * What the report needs of one DLM message, read from a few bytes without the full decode (the
 * collector sees every message of a long capture): the command, for OPTS the wrapped command, the
 * DLM_MSG or RCOM type and the lockspace. Offsets per reference §2.2 (header), §2.9 (OPTS: 24 bytes
 * + o_optlen, then the inner header), §2.3/§2.7 (m_type / rc_type right after a header).
 *
 * @param cmd       outer h_cmd
 * @param innerCmd  for OPTS the wrapped h_cmd, else -1 (also -1 when not captured)
 * @param type      m_type or rc_type of the MSG or RCOM (outer or wrapped), -1 when none or not captured
 * @param lockspace h_lockspace of the MSG or RCOM, -1 when none
 * @param seq       h_seq of an OPTS or ACK, -1 otherwise
 * @param length    outer h_length
 */
record MessageShape(int cmd, int innerCmd, long type, long lockspace, long seq, int length) {
    static final int CMD_MSG = 1;
    static final int CMD_RCOM = 2;
    static final int CMD_OPTS = 3;
    static final int CMD_ACK = 4;

    static MessageShape of(DlmHeader h, ByteBuffer b) {
        int cmd = h.cmd();
        long seq = h.unionIsSeq() ? h.seq() : -1;
        int at = 0;
        int innerCmd = -1;
        int unwrapped = cmd;
        if (cmd == CMD_OPTS) {
            if (b.limit() < 20) return new MessageShape(cmd, -1, -1, -1, seq, h.length());
            at = 24 + (b.getShort(18) & 0xFFFF);
            if (b.limit() < at + DlmHeader.SIZE) return new MessageShape(cmd, -1, -1, -1, seq, h.length());
            innerCmd = b.get(at + 14) & 0xFF;
            unwrapped = innerCmd;
        }
        if (unwrapped != CMD_MSG && unwrapped != CMD_RCOM) return new MessageShape(cmd, innerCmd, -1, -1, seq, h.length());
        long lockspace = b.getInt(at + 4) & 0xFFFFFFFFL;
        long type = b.limit() >= at + 20 ? b.getInt(at + 16) & 0xFFFFFFFFL : -1;
        return new MessageShape(cmd, innerCmd, type, lockspace, seq, h.length());
    }
}
