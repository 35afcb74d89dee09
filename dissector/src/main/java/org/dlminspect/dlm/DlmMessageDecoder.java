package org.dlminspect.dlm;

import static org.dlminspect.dlm.DlmFields.*;

/**
 * {@code struct dlm_message} (h_cmd 1, reference §2.5): the 88-byte lock request/reply and its m_extra (a resource
 * name or an LVB, by m_type, §2.6), checked the way {@code receive_dlm_message} would check it.
 */
final class DlmMessageDecoder {
    private DlmMessageDecoder() { }

    /**
     * The DLM_MSG at {@code s} with header {@code h}, of which {@code c} bytes are captured; {@code inner} when it
     * is wrapped in an OPTS (the kernel's messages then say "inner").
     */
    static DlmMessage decode(DlmWireReader r, int s, DlmHeader h, int c, boolean truncated, boolean inner, DlmIssues is) {
        int hlen = h.length();
        if (hlen < DlmMessage.SIZE) {
            is.error(s + 12, (inner ? "inner msg too small: " : "msg too small: ") + hlen
                    + " (a DLM_MSG needs 88 bytes)");
        }
        int type = r.field(MSG_TYPE, s, c);
        int parentLkid = r.field(MSG_PARENT_LKID, s, c);
        int parentRemid = r.field(MSG_PARENT_REMID, s, c);
        byte[] extra = r.copy(s + DlmMessage.SIZE, c - DlmMessage.SIZE);
        if (c >= 20) {
            int extraLen = hlen - DlmMessage.SIZE;
            switch (DlmMessage.extraContentOf(type)) {
                case NAME -> {
                    if (extraLen > DlmMessage.MAX_NAME) {
                        is.error(s + DlmMessage.SIZE, "resource name length " + extraLen
                                + " exceeds 64 (DLM_RESNAME_MAXLEN)");
                    }
                }
                case NONE -> {
                    if (extraLen > 0) {
                        is.error(s + DlmMessage.SIZE, DlmMessageType.nameOf(type) + " carries no m_extra, but h_length leaves "
                                + extraLen + " bytes after the message");
                    }
                }
                case UNKNOWN -> is.error(s + 16, "unknown message type " + type);
                default -> { }
            }
        }
        if (parentLkid != 0) {
            is.note(s + 36, "m_parent_lkid is " + DlmText.hex(Integer.toUnsignedLong(parentLkid))
                    + " (never set by the kernel)");
        }
        if (parentRemid != 0) {
            is.note(s + 40, "m_parent_remid is " + DlmText.hex(Integer.toUnsignedLong(parentRemid))
                    + " (never set by the kernel)");
        }
        return new DlmMessage(h, s, c, truncated,
                type, r.field(MSG_NODEID, s, c), r.field(MSG_PID, s, c), r.field(MSG_LKID, s, c), r.field(MSG_REMID, s, c), parentLkid, parentRemid,
                r.field(MSG_EXFLAGS, s, c), r.field(MSG_SBFLAGS, s, c), r.field(MSG_FLAGS, s, c), r.field(MSG_LVBSEQ, s, c), r.field(MSG_HASH, s, c), r.field(MSG_STATUS, s, c),
                r.field(MSG_GRMODE, s, c), r.field(MSG_RQMODE, s, c), r.field(MSG_BASTMODE, s, c), r.field(MSG_ASTS, s, c), r.field(MSG_RESULT, s, c),
                extra, is.list());
    }
}
