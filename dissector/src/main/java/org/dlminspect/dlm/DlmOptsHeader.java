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
        if (!b.hasArray()) {
            byte[] copy = new byte[b.limit()];
            b.get(0, copy);
            return read(copy, 0, copy.length, header);
        }
        return read(b.array(), b.arrayOffset(), b.limit(), header);
    }

    /**
     * As {@link #read(ByteBuffer, DlmHeader)}, from the {@code limit} captured bytes of the message at {@code off}
     * in {@code a} (the message's array: ByteBuffer's checked reads cost several times more under C1).
     */
    public static DlmOptsHeader read(byte[] a, int off, int limit, DlmHeader header) {
        if (limit < FIXED) return null;
        int nextcmd = a[off + NEXTCMD_AT] & 0xFF;
        int optlen = (a[off + OPTLEN_AT] & 0xFF) | (a[off + OPTLEN_AT + 1] & 0xFF) << 8;
        int innerAt = DlmOpts.SIZE + optlen;
        DlmHeader inner = null;
        long innerType = -1;
        if (header.length() - DlmOpts.SIZE >= optlen && limit >= innerAt + DlmHeader.SIZE) {
            inner = DlmHeader.read(a, off + innerAt);
            innerType = typeAt(a, off, limit, innerAt, inner.cmd());
        }
        return new DlmOptsHeader(header, nextcmd, optlen, inner, innerType);
    }

    public int innerRoom() {
        return header.length() - DlmOpts.SIZE - optlen;
    }

    /**
     * {@code m_type} of the DLM_MSG or {@code rc_type} of the DLM_RCOM whose header starts at {@code at} in
     * {@code b}; -1 for other commands or when those 4 bytes are not captured.
     */
    public static long typeAt(ByteBuffer b, int at, int cmd) {
        if (!b.hasArray()) {
            byte[] copy = new byte[b.limit()];
            b.get(0, copy);
            return typeAt(copy, 0, copy.length, at, cmd);
        }
        return typeAt(b.array(), b.arrayOffset(), b.limit(), at, cmd);
    }

    /** As {@link #typeAt(ByteBuffer, int, int)}, in the {@code limit} bytes of a message at {@code off} in {@code a}. */
    public static long typeAt(byte[] a, int off, int limit, int at, int cmd) {
        int o;
        if (cmd == DlmCommand.MSG.wireValue()) {
            o = at + MSG_TYPE_AT;
        } else if (cmd == DlmCommand.RCOM.wireValue()) {
            o = at + RCOM_TYPE_AT;
        } else {
            return -1;
        }
        if (o < 0 || limit < o + 4) return -1;
        int p = off + o;
        return (a[p] & 0xFF) | (a[p + 1] & 0xFF) << 8 | (a[p + 2] & 0xFF) << 16 | (long) (a[p + 3] & 0xFF) << 24;
    }
}
