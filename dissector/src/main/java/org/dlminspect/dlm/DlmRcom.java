package org.dlminspect.dlm;

import java.util.List;

/**
 * {@code struct dlm_rcom}: a DLM_RCOM (h_cmd 2), 48 bytes + {@code rc_buf} (reference §2.7).
 *
 * @param type     {@code rc_type} ({@link RcomType})
 * @param result   {@code rc_result}: STATUS_REPLY: {@link RecoveryStatus} bits or -ESRCH; LOOKUP_REPLY: master
 *                 nodeid or -errno; otherwise 0 or -errno
 * @param id       {@code rc_id}
 * @param seq      {@code rc_seq}
 * @param seqReply {@code rc_seq_reply}
 * @param payload  {@code rc_buf} decoded by {@code rc_type}
 * @param extra    bytes after the payload that its type does not explain (empty normally)
 */
public record DlmRcom(
        DlmHeader header, int offset, int captured, boolean truncated,
        int type, int result, long id, long seq, long seqReply,
        RcomPayload payload, byte[] extra, List<DlmIssue> issues) implements DlmPdu {

    /** {@code sizeof(struct dlm_rcom)} without {@code rc_buf}. */
    public static final int SIZE = 48;

    public RcomType rcomType() {
        return RcomType.fromWire(type);
    }

    @Override
    public String info() {
        StringBuilder sb = new StringBuilder(64);
        String typeName = RcomType.nameOf(type);
        if (typeName == null) {
            sb.append("RCOM type=").append(type);
            return sb.toString();
        }
        sb.append(typeName);
        if (captured < SIZE) {
            return sb.toString();
        }
        switch (type) {
            case 1 -> {
                sb.append(" id=").append(Long.toUnsignedString(id));
                if (payload instanceof RcomStatus s && s.flags() != 0) {
                    sb.append(" flags=").append(FlagTable.of(RcomStatusFlag.class).describe(Integer.toUnsignedLong(s.flags())));
                }
            }
            case 5 -> {
                sb.append(" result=");
                if (result < 0) {
                    errno(sb, result);
                } else if (result == 0) {
                    sb.append('0');
                } else {
                    sb.append(FlagTable.of(RecoveryStatus.class).describe(Integer.toUnsignedLong(result)));
                }
                sb.append(" id=").append(Long.toUnsignedString(id));
                if (payload instanceof RcomConfig c && captured >= SIZE + 20) {
                    if (c.notReady()) {
                        sb.append(" not_ready");
                    } else {
                        sb.append(" gen=").append(Integer.toUnsignedLong(c.generation()));
                    }
                    if (!c.slots().isEmpty()) {
                        sb.append(" slots=").append(c.slots().size());
                    }
                }
            }
            case 2 -> {
                sb.append(" id=").append(Long.toUnsignedString(id));
                if (payload instanceof RcomNames n && n.lastName().length > 0) {
                    sb.append(" last=");
                    quoted(sb, n.lastName());
                }
            }
            case 6 -> {
                if (payload instanceof RcomNamesReply r) {
                    int n = r.names().size();
                    sb.append(' ').append(n).append(n == 1 ? " name" : " names");
                    if (r.end() != null) {
                        sb.append(' ').append(r.end().label());
                    }
                }
            }
            case 3 -> {
                if (payload instanceof RcomLookup l) {
                    sb.append(" name=");
                    quoted(sb, l.name());
                }
            }
            case 7 -> {
                if (result >= 0) {
                    sb.append(" master=").append(result);
                } else {
                    sb.append(" result=");
                    errno(sb, result);
                }
            }
            case 4, 8 -> {
                if (payload instanceof RcomLock l && captured >= SIZE + 12) {
                    sb.append(" lkid=").append(DlmText.hex(Integer.toUnsignedLong(l.lkid())));
                    sb.append(" remid=").append(l.remid() == 0 ? "0" : DlmText.hex(Integer.toUnsignedLong(l.remid())));
                    if (type == 8) {
                        if (captured >= SIZE + 36) {
                            sb.append(" result=");
                            errno(sb, l.result());
                        }
                    } else if (captured >= SIZE + 39) {
                        sb.append(" gr=").append(mode(l.grmode())).append(" rq=").append(mode(l.rqmode()));
                        String st = LockStatus.nameOf(l.status());
                        sb.append(" status=").append(st != null ? st : Integer.toString(l.status()));
                        if (l.name().length > 0) {
                            sb.append(" name=");
                            quoted(sb, l.name());
                        }
                    }
                }
            }
            default -> { }
        }
        return sb.toString();
    }

    private static String mode(int m) {
        String n = LockMode.nameOf(m);
        return n != null ? n : Integer.toString(m);
    }

    private static void errno(StringBuilder sb, int value) {
        String n = DlmErrno.nameOf(value);
        sb.append(n != null ? n : Integer.toString(value));
    }

    private static void quoted(StringBuilder sb, byte[] name) {
        sb.append('"');
        DlmText.appendEscaped(sb, name, 0, name.length);
        sb.append('"');
    }
}
