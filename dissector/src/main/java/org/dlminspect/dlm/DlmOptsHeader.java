package org.dlminspect.dlm;

import java.nio.ByteBuffer;

/**
 * The fixed part of a DLM_OPTS (reference §2.9) and the head of the message it wraps, read from the message's
 * bytes without decoding the rest: what the midcomms analysis judges for every OPTS ({@link DlmDecoder#decode}
 * makes the full {@link DlmOpts}, four times the work). Fields are read at the offsets {@link DlmFields}
 * registers for them; nothing beyond the captured bytes is read.
 *
 * @param header    the outer header ({@code h_cmd} 3)
 * @param nextcmd   {@code o_nextcmd}
 * @param optlen    {@code o_optlen}
 * @param inner     the inner message's header, null when its 16 bytes are not all captured or would lie beyond
 *                  {@code h_length}
 * @param innerType the inner DLM_MSG's {@code m_type} or DLM_RCOM's {@code rc_type}, -1 when not captured or
 *                  the inner message is neither
 */
public record DlmOptsHeader(DlmHeader header, int nextcmd, int optlen, DlmHeader inner, long innerType) {

    /** Captured bytes needed for {@code o_nextcmd} and {@code o_optlen}. */
    public static final int FIXED = 20;

    private static final int NEXTCMD_AT = DlmFields.OPTS_NEXTCMD.offset();
    private static final int OPTLEN_AT = DlmFields.OPTS_OPTLEN.offset();
    private static final int MSG_TYPE_AT = DlmFields.MSG_TYPE.offset();
    private static final int RCOM_TYPE_AT = DlmFields.RCOM_TYPE.offset();

    /**
     * Reads {@code b} (one message at position 0, limit = bytes captured, little-endian); null when fewer than
     * {@link #FIXED} bytes are captured.
     */
    public static DlmOptsHeader read(ByteBuffer b, DlmHeader header) {
        int limit = b.limit();
        if (limit < FIXED) return null;
        int nextcmd = b.get(NEXTCMD_AT) & 0xFF;
        int optlen = b.getShort(OPTLEN_AT) & 0xFFFF;
        int innerAt = DlmOpts.SIZE + optlen;
        DlmHeader inner = null;
        long innerType = -1;
        if (header.length() - DlmOpts.SIZE >= optlen && limit >= innerAt + DlmHeader.SIZE) {
            inner = DlmHeader.read(b, innerAt);
            innerType = typeAt(b, innerAt, inner.cmd());
        }
        return new DlmOptsHeader(header, nextcmd, optlen, inner, innerType);
    }

    /** Bytes of the wrapped message: {@code h_length - 24 - o_optlen} (negative when the lengths disagree). */
    public int innerRoom() {
        return header.length() - DlmOpts.SIZE - optlen;
    }

    /**
     * {@code m_type} of the DLM_MSG or {@code rc_type} of the DLM_RCOM whose header starts at {@code at} in
     * {@code b}; -1 for other commands or when those 4 bytes are not captured.
     */
    public static long typeAt(ByteBuffer b, int at, int cmd) {
        int off;
        if (cmd == DlmCommand.MSG.wireValue()) {
            off = at + MSG_TYPE_AT;
        } else if (cmd == DlmCommand.RCOM.wireValue()) {
            off = at + RCOM_TYPE_AT;
        } else {
            return -1;
        }
        return b.limit() >= off + 4 ? b.getInt(off) & 0xFFFFFFFFL : -1;
    }
}
