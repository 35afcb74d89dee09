package org.dlminspect.dlm;

import java.util.List;
import org.dlminspect.schema.AsciiText;

/**
 * {@code struct dlm_message}: a DLM_MSG (h_cmd 1), 88 bytes + {@code m_extra} (reference §2.5).
 * 32-bit unsigned fields are carried as their bit pattern in an {@code int}
 * ({@link Integer#toUnsignedLong} for the value).
 *
 * @param extra the {@code m_extra} bytes present; what they are depends on {@code type} ({@link #extraContent()})
 */
public record DlmMessage(
        DlmHeader header, int offset, int captured, boolean truncated,
        int type, int nodeid, int pid, int lkid, int remid, int parentLkid, int parentRemid,
        int exflags, int sbflags, int flags, int lvbseq, int hash, int status,
        int grmode, int rqmode, int bastmode, int asts, int result,
        byte[] extra, List<DlmIssue> issues) implements DlmPdu {

    /** {@code sizeof(struct dlm_message)} without {@code m_extra}. */
    public static final int SIZE = 88;
    /** DLM_RESNAME_MAXLEN. */
    public static final int MAX_NAME = 64;

    /** What {@code m_extra} holds, by {@code m_type} (reference §2.5 table). */
    public enum Extra {
        /** REQUEST, LOOKUP, REMOVE: the resource name. */
        NAME,
        /** CONVERT, UNLOCK, REQUEST_REPLY, CONVERT_REPLY, GRANT: the LVB, or nothing. */
        LVB,
        /** Every other known type: nothing (bytes there are unexpected). */
        NONE,
        /** Unknown {@code m_type}. */
        UNKNOWN
    }

    public static Extra extraContentOf(int type) {
        return switch (type) {
            case 1, 11, 12 -> Extra.NAME;
            case 2, 3, 5, 6, 9 -> Extra.LVB;
            case 4, 7, 8, 10, 13, 14 -> Extra.NONE;
            default -> Extra.UNKNOWN;
        };
    }

    public Extra extraContent() {
        return extraContentOf(type);
    }

    public DlmMessageType messageType() {
        return DlmMessageType.fromWire(type);
    }

    /** {@code h_length - 88}: the size of {@code m_extra} on the wire (may exceed {@code extra().length} when truncated). */
    public int extraLength() {
        return Math.max(0, header.length() - SIZE);
    }

    /** The resource name (REQUEST, LOOKUP, REMOVE), else null. */
    public byte[] name() {
        return extraContent() == Extra.NAME ? extra : null;
    }

    /** The LVB (CONVERT, UNLOCK, REQUEST_REPLY, CONVERT_REPLY, GRANT; may be empty), else null. */
    public byte[] lvb() {
        return extraContent() == Extra.LVB ? extra : null;
    }

    public LockMode grantedMode() {
        return LockMode.fromWire(grmode);
    }

    public LockMode requestedMode() {
        return LockMode.fromWire(rqmode);
    }

    @Override
    public String info() {
        return appendInfo(new AsciiText(64)).toString();
    }

    @Override
    public AsciiText appendInfo(AsciiText sb) {
        String typeName = DlmMessageType.nameOf(type);
        if (typeName == null) {
            sb.append("MSG type=").append(type);
        } else {
            sb.append(typeName);
        }
        if (captured < 36) {
            return sb;
        }
        switch (type) {
            case 10 -> { // BAST
                lockIds(sb);
                mode(sb.append(" mode="), bastmode);
            }
            case 12 -> { // REMOVE
                nameInfo(sb);
            }
            case 13 -> { // LOOKUP_REPLY
                sb.append(" lkid=").appendHex(Integer.toUnsignedLong(lkid));
                sb.append(" master=").append(nodeid);
                resultInfo(sb);
            }
            case 14 -> { // PURGE
                sb.append(" nodeid=").append(nodeid).append(" pid=").append(Integer.toUnsignedLong(pid));
            }
            case 5, 6, 7, 8 -> {
                lockIds(sb);
                resultInfo(sb);
            }
            case 1, 2 -> {
                lockIds(sb);
                mode(sb.append(" rq="), rqmode);
                mode(sb.append(" gr="), grmode);
                if (type == 1) {
                    nameInfo(sb);
                }
            }
            case 9 -> {
                lockIds(sb);
                mode(sb.append(" gr="), grmode);
            }
            case 11 -> {
                sb.append(" lkid=").appendHex(Integer.toUnsignedLong(lkid));
                nameInfo(sb);
            }
            default -> lockIds(sb);
        }
        return sb;
    }

    private void lockIds(AsciiText sb) {
        sb.append(" lkid=").appendHex(Integer.toUnsignedLong(lkid));
        if (remid == 0) {
            sb.append(" remid=0");
        } else {
            sb.append(" remid=").appendHex(Integer.toUnsignedLong(remid));
        }
    }

    private void resultInfo(AsciiText sb) {
        if (captured >= 88) {
            String n = DlmErrno.nameOf(result);
            sb.append(" result=");
            if (n != null) {
                sb.append(n);
            } else {
                sb.append(result);
            }
        }
    }

    private void nameInfo(AsciiText sb) {
        if (extra.length > 0 || captured >= SIZE) {
            sb.append(" name=\"");
            DlmText.appendEscaped(sb, extra, 0, extra.length);
            sb.append('"');
        }
    }

    /** A lock mode's name, its number when it has none, {@code ?} when the mode bytes were not captured. */
    private void mode(AsciiText sb, int m) {
        if (captured < 80) {
            sb.append('?');
            return;
        }
        String n = LockMode.nameOf(m);
        if (n != null) {
            sb.append(n);
        } else {
            sb.append(m);
        }
    }
}
