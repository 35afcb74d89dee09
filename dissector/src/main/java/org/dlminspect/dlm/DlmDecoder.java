package org.dlminspect.dlm;

import static org.dlminspect.dlm.DlmFields.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.dlminspect.Severity;
import org.dlminspect.schema.FieldDef;

/**
 * Decodes one DLM message (reference §2) and checks it the way the kernel would (reference §6).
 *
 * <p>Every read is an absolute get guarded by the bytes present and by {@code h_length}; no length field is
 * trusted. Decoding never throws: malformations become {@link DlmPdu#errors()}, oddities the kernel ignores
 * become {@link DlmPdu#notes()}, and a message cut short by the capture is decoded as far as its bytes go
 * ({@link DlmPdu#truncated()}).
 */
public final class DlmDecoder {
    private static final byte[] EMPTY = new byte[0];

    private DlmDecoder() { }

    /**
     * @param message the message, from its first header byte at {@code position()} to {@code limit()} = the bytes
     *                present (== h_length unless the capture cut it). Read as little-endian whatever its order;
     *                position, limit and order are left unchanged.
     */
    public static DlmPdu decode(ByteBuffer message) {
        if (message == null) {
            return new DlmUnknown(new DlmHeader(0, 0, 0, 0, 0, 0), 0, 0, true, EMPTY, List.of());
        }
        ByteBuffer b = message.order() == ByteOrder.LITTLE_ENDIAN
                ? message : message.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int base = message.position();
        int present = Math.max(0, message.limit() - base);
        try {
            return new Decoding(b, base).message(0, present, null);
        } catch (RuntimeException e) {
            // Only reachable through a decoder bug; the robustness tests look for this text.
            DlmHeader h = new DlmHeader(0, 0, 0, 0, 0, 0);
            return new DlmUnknown(h, 0, 0, present < 16, EMPTY,
                    List.of(new DlmIssue(0, Severity.ERROR, "decoder failure: " + e)));
        }
    }

    /** What an OPTS tells its inner message. */
    private record Outer(int expectedLength, long nodeid, boolean truncated) { }

    /** Collects issues; allocates only when there is one. */
    private static final class Issues {
        private ArrayList<DlmIssue> list;

        void error(int offset, String message) {
            add(new DlmIssue(offset, Severity.ERROR, message));
        }

        void note(int offset, String message) {
            add(new DlmIssue(offset, Severity.NOTE, message));
        }

        private void add(DlmIssue i) {
            if (list == null) {
                list = new ArrayList<>(4);
            }
            list.add(i);
        }

        List<DlmIssue> list() {
            return list == null ? List.of() : List.copyOf(list);
        }
    }

    private static final class Decoding {
        private final ByteBuffer buf;
        private final int base;

        Decoding(ByteBuffer buf, int base) {
            this.buf = buf;
            this.base = base;
        }

        private int u8(int off) {
            return buf.get(base + off) & 0xFF;
        }

        private int u16(int off) {
            return buf.getShort(base + off) & 0xFFFF;
        }

        private int be16(int off) {
            return (u8(off) << 8) | u8(off + 1);
        }

        private int s32(int off) {
            return buf.getInt(base + off);
        }

        private long s64(int off) {
            return buf.getLong(base + off);
        }

        private byte[] copy(int off, int len) {
            if (len <= 0) {
                return EMPTY;
            }
            byte[] out = new byte[len];
            buf.get(base + off, out, 0, len);
            return out;
        }

        /**
         * Decodes the message starting at {@code s}; bytes up to {@code availEnd} are present (for an inner message,
         * up to the end of the outer one). {@code outer} is null at top level.
         */
        DlmPdu message(int s, int availEnd, Outer outer) {
            int present = Math.max(0, availEnd - s);
            DlmHeader h = present >= DlmHeader.SIZE ? DlmHeader.read(buf, base + s) : partialHeader(s, present);
            int hlen = h.length();
            int span = Math.max(hlen, DlmHeader.SIZE);
            int captured = Math.min(present, span);
            boolean truncated = present < span && (outer == null || outer.truncated());
            Issues is = new Issues();

            if (captured >= 4) {
                if (outer == null) {
                    if (h.version() != DlmHeader.VERSION_3_1 && h.version() != DlmHeader.VERSION_3_2) {
                        is.error(s, "invalid version header " + DlmText.hex32(h.version())
                                + ": neither 3.1 nor 3.2, the kernel skips this message");
                    }
                } else if (h.version() != DlmHeader.VERSION_3_2) {
                    is.note(s, "inner h_version " + DlmText.hex32(h.version())
                            + " is not 0x00030002 (the kernel does not check it)");
                }
            }
            if (captured >= 12 && outer != null && h.nodeid() != outer.nodeid()) {
                is.note(s + 8, "inner h_nodeid " + h.nodeid() + " differs from the OPTS h_nodeid " + outer.nodeid()
                        + " (not checked by the kernel)");
            }
            if (captured >= 14) {
                if (outer == null && (hlen < DlmHeader.MIN_LENGTH || hlen > DlmHeader.MAX_LENGTH)) {
                    is.error(s + 12, "invalid length header: " + hlen
                            + " (must be 16..4096); the kernel aborts parsing of the stream");
                }
                if (outer != null && outer.expectedLength() >= 0 && hlen != outer.expectedLength()) {
                    is.error(s + 12, "inner h_length " + hlen + " differs from the outer h_length - 24 - o_optlen = "
                            + outer.expectedLength() + (hlen > outer.expectedLength()
                            ? "; the kernel would read past the message" : ""));
                }
            }
            if (captured >= 16 && h.pad() != 0) {
                is.note(s + 15, "h_pad is " + h.pad() + ", not 0");
            }
            if (captured < 15) {
                return new DlmUnknown(h, s, captured, truncated, EMPTY, is.list());
            }
            boolean v32 = h.version() == DlmHeader.VERSION_3_2;
            boolean v31 = h.version() == DlmHeader.VERSION_3_1;
            switch (h.cmd()) {
                case 1 -> {
                    if (outer == null && v32) {
                        is.error(s + 14, "unwrapped DLM_MSG with a 3.2 header: a 3.2 receiver drops it "
                                + "(\"unsupported h_cmd received: 1\"); only a 3.1 peer accepts it");
                    }
                    return dlmMessage(s, h, captured, truncated, outer != null, is);
                }
                case 2 -> {
                    return rcom(s, h, captured, truncated, outer, is);
                }
                case 3 -> {
                    if (outer != null) {
                        is.error(s + 14, "OPTS inside an OPTS: unsupported inner h_cmd received: 3 (not decoded further)");
                        return unknown(s, h, captured, truncated, is);
                    }
                    if (v31) {
                        is.error(s + 14, "unsupported h_cmd received: 3 (OPTS needs a 3.2 header)");
                    }
                    return opts(s, h, captured, truncated, is);
                }
                case 4 -> {
                    if (outer != null) {
                        is.error(s + 14, "ACK inside an OPTS: unsupported inner h_cmd received: 4");
                        return unknown(s, h, captured, truncated, is);
                    }
                    if (v31) {
                        is.error(s + 14, "unsupported h_cmd received: 4 (ACK needs a 3.2 header)");
                    }
                    if (hlen != DlmHeader.SIZE) {
                        is.error(s + 12, "ACK length " + hlen + " is not 16");
                    }
                    return new DlmAck(h, s, captured, truncated, copy(s + 16, captured - 16), is.list());
                }
                case 5 -> {
                    if (outer == null) {
                        is.error(s + 14, "bare FIN outside an OPTS: unsupported h_cmd received: 5");
                    }
                    if (outer != null && hlen < DlmHeader.SIZE) {
                        is.error(s + 12, "inner fin too small: " + hlen + " (a FIN needs 16 bytes)");
                    } else if (hlen != DlmHeader.SIZE) {
                        is.error(s + 12, "FIN length " + hlen + " is not 16");
                    }
                    if (captured >= 8 && h.union() != 0) {
                        is.note(s + 4, "FIN h_lockspace is " + DlmText.hex32(h.union()) + ", not 0");
                    }
                    return new DlmFin(h, s, captured, truncated, copy(s + 16, captured - 16), is.list());
                }
                default -> {
                    is.error(s + 14, (outer == null ? "unsupported h_cmd received: " : "unsupported inner h_cmd received: ")
                            + h.cmd());
                    return unknown(s, h, captured, truncated, is);
                }
            }
        }

        private DlmHeader partialHeader(int s, int present) {
            return new DlmHeader(
                    present >= 4 ? s32(s) & 0xFFFFFFFFL : 0,
                    present >= 8 ? s32(s + 4) & 0xFFFFFFFFL : 0,
                    present >= 12 ? s32(s + 8) & 0xFFFFFFFFL : 0,
                    present >= 14 ? u16(s + 12) : 0,
                    present >= 15 ? u8(s + 14) : 0,
                    0);
        }

        private DlmUnknown unknown(int s, DlmHeader h, int captured, boolean truncated, Issues is) {
            return new DlmUnknown(h, s, captured, truncated, copy(s + 16, captured - 16), is.list());
        }

        /**
         * A field of up to 32 bits at its registered offset within the structure at {@code s}, of which
         * {@code captured} bytes are present: normalised to its type (sign-extended when signed), 0 when not captured.
         */
        private int field(FieldDef f, int s, int captured) {
            int rel = f.offset();
            if (rel + f.width() > captured) {
                return 0;
            }
            long raw = switch (f.width()) {
                case 1 -> u8(s + rel);
                case 2 -> u16(s + rel);
                default -> s32(s + rel) & 0xFFFFFFFFL;
            };
            return (int) f.normalise(raw);
        }

        /** A 64-bit field at its registered offset (its bit pattern), 0 when not captured. */
        private long field64(FieldDef f, int s, int captured) {
            return f.offset() + 8 <= captured ? s64(s + f.offset()) : 0;
        }

        // ---------------------------------------------------------------- DLM_MSG

        private DlmMessage dlmMessage(int s, DlmHeader h, int c, boolean truncated, boolean inner, Issues is) {
            int hlen = h.length();
            if (hlen < DlmMessage.SIZE) {
                is.error(s + 12, (inner ? "inner msg too small: " : "msg too small: ") + hlen
                        + " (a DLM_MSG needs 88 bytes)");
            }
            int type = field(MSG_TYPE, s, c);
            int parentLkid = field(MSG_PARENT_LKID, s, c);
            int parentRemid = field(MSG_PARENT_REMID, s, c);
            byte[] extra = copy(s + DlmMessage.SIZE, c - DlmMessage.SIZE);
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
                    type, field(MSG_NODEID, s, c), field(MSG_PID, s, c), field(MSG_LKID, s, c), field(MSG_REMID, s, c), parentLkid, parentRemid,
                    field(MSG_EXFLAGS, s, c), field(MSG_SBFLAGS, s, c), field(MSG_FLAGS, s, c), field(MSG_LVBSEQ, s, c), field(MSG_HASH, s, c), field(MSG_STATUS, s, c),
                    field(MSG_GRMODE, s, c), field(MSG_RQMODE, s, c), field(MSG_BASTMODE, s, c), field(MSG_ASTS, s, c), field(MSG_RESULT, s, c),
                    extra, is.list());
        }

        // ---------------------------------------------------------------- DLM_RCOM

        private DlmRcom rcom(int s, DlmHeader h, int c, boolean truncated, Outer outer, Issues is) {
            int hlen = h.length();
            if (hlen < DlmRcom.SIZE) {
                is.error(s + 12, (outer != null ? "inner rcom msg too small: " : "rcom msg too small: ") + hlen
                        + " (a DLM_RCOM needs 48 bytes)");
            }
            int type = field(RCOM_TYPE, s, c);
            int result = field(RCOM_RESULT, s, c);
            long id = field64(RCOM_ID, s, c);
            long seq = field64(RCOM_SEQ, s, c);
            long seqReply = field64(RCOM_SEQ_REPLY, s, c);
            if (c < 20) {
                return new DlmRcom(h, s, c, truncated, type, result, id, seq, seqReply, RcomEmpty.INSTANCE, EMPTY, is.list());
            }
            if (outer == null && h.version() == DlmHeader.VERSION_3_2 && (type == 3 || type == 4 || type == 7 || type == 8)) {
                is.error(s + 16, "unwrapped RCOM " + RcomType.nameOf(type) + " with a 3.2 header: a 3.2 receiver drops it "
                        + "(\"unsupported rcom type received: " + type + "\"); only STATUS, NAMES and their replies travel unwrapped");
            }
            int declared = Math.max(0, hlen - DlmRcom.SIZE);
            int bufPresent = Math.max(0, c - DlmRcom.SIZE);
            int b = s + DlmRcom.SIZE;
            RcomPayload payload;
            byte[] extra = EMPTY;
            switch (type) {
                case 1 -> {
                    if (declared < RcomStatus.SIZE && h.minorVersion() >= 1) {
                        is.error(s + 12, "STATUS without a complete rcom_status: h_length " + hlen
                                + " (a slots-aware sender sends 64)");
                    }
                    if (declared == 0) {
                        payload = RcomEmpty.INSTANCE;
                    } else {
                        RcomStatus st = new RcomStatus(field(RS_FLAGS_WORD, b, bufPresent), field(RS_UNUSED1, b, bufPresent), field64(RS_UNUSED2, b, bufPresent));
                        noteNonZero(is, b + 4, st.unused1(), "rs_unused1");
                        noteNonZero(is, b + 8, st.unused2(), "rs_unused2");
                        payload = st;
                        extra = trailing(is, b, RcomStatus.SIZE, declared, bufPresent, "rcom_status");
                    }
                }
                case 5 -> {
                    if (declared < RcomConfig.SIZE) {
                        is.error(s + 12, "STATUS_REPLY shorter than rcom_config: h_length " + hlen + " (at least 80)");
                    }
                    if (declared == 0) {
                        payload = RcomEmpty.INSTANCE;
                    } else {
                        payload = config(b, declared, bufPresent, is);
                        int used = RcomConfig.SIZE + RcomSlot.SIZE * ((RcomConfig) payload).slots().size();
                        if (bufPresent >= 16 && ((RcomConfig) payload).slots().size() == ((RcomConfig) payload).numSlots()) {
                            extra = trailing(is, b, used, declared, bufPresent, "the slot table");
                        }
                    }
                }
                case 2 -> {
                    if (declared > RcomNamesReply.MAX_NAME) {
                        is.error(b, "NAMES last name length " + declared + " exceeds 64 (DLM_RESNAME_MAXLEN)");
                    }
                    payload = new RcomNames(copy(b, bufPresent));
                }
                case 3 -> {
                    if (declared > RcomNamesReply.MAX_NAME) {
                        is.error(b, "LOOKUP name length " + declared
                                + " exceeds 64 (DLM_RESNAME_MAXLEN); the directory node fails it with -EINVAL");
                    }
                    payload = new RcomLookup(copy(b, bufPresent));
                }
                case 4, 8 -> {
                    if (hlen < DlmRcom.SIZE + RcomLock.SIZE) {
                        is.error(s + 12, "recovery message " + type + " (" + RcomType.nameOf(type)
                                + ") is too short: h_length " + hlen + " < 156");
                    }
                    payload = lock(b, type, declared, bufPresent, is);
                }
                case 6 -> payload = namesReply(b, declared, bufPresent, is);
                case 7 -> {
                    payload = RcomEmpty.INSTANCE;
                    if (declared > 0) {
                        is.note(b, "LOOKUP_REPLY carries " + declared + " bytes of rc_buf (the kernel sends none)");
                        extra = copy(b, bufPresent);
                    }
                }
                default -> {
                    is.error(s + 16, "unknown rc_type " + type + " (\"receive_rcom bad type\")");
                    payload = new RcomRaw(copy(b, bufPresent));
                }
            }
            return new DlmRcom(h, s, c, truncated, type, result, id, seq, seqReply, payload, extra, is.list());
        }

        /** Bytes of rc_buf after {@code used}: noted, and returned to be shown. */
        private byte[] trailing(Issues is, int b, int used, int declared, int present, String after) {
            if (declared <= used) {
                return EMPTY;
            }
            is.note(b + used, (declared - used) + " unexpected bytes after " + after);
            return copy(b + used, present - used);
        }

        private void noteNonZero(Issues is, int offset, long value, String field) {
            if (value != 0) {
                is.note(offset, field + " is " + DlmText.hex(value) + ", not 0");
            }
        }

        private RcomConfig config(int b, int declared, int p, Issues is) {
            int numSlots = field(RF_NUM_SLOTS, b, p);
            int fit = Math.max(0, (declared - RcomConfig.SIZE) / RcomSlot.SIZE);
            if (declared >= RcomConfig.SIZE && numSlots > fit) {
                is.error(b + 14, "rf_num_slots " + numSlots + ", but the message holds only " + fit
                        + " rcom_slot entries (the receiver would read past it)");
            }
            int n = Math.min(numSlots, fit);
            int presentSlots = Math.max(0, (p - RcomConfig.SIZE + RcomSlot.SIZE - 1) / RcomSlot.SIZE);
            n = Math.min(n, presentSlots);
            List<RcomSlot> slots;
            if (n == 0) {
                slots = List.of();
            } else {
                RcomSlot[] arr = new RcomSlot[n];
                for (int i = 0; i < n; i++) {
                    int o = RcomConfig.SIZE + i * RcomSlot.SIZE;
                    RcomSlot slot = new RcomSlot(field(RO_NODEID, b + o, p - o), field(RO_SLOT, b + o, p - o), field(RO_UNUSED1, b + o, p - o), field64(RO_UNUSED2, b + o, p - o));
                    noteNonZero(is, b + o + 6, slot.unused1(), "ro_unused1");
                    noteNonZero(is, b + o + 8, slot.unused2(), "ro_unused2");
                    arr[i] = slot;
                }
                slots = List.of(arr);
            }
            RcomConfig cfg = new RcomConfig(field(RF_LVBLEN, b, p), field(RF_LSFLAGS, b, p), field(RF_FLAGS, b, p),
                    field(RF_OUR_SLOT, b, p), numSlots, field(RF_GENERATION, b, p), field(RF_UNUSED1, b, p),
                    field64(RF_UNUSED2, b, p), slots);
            noteNonZero(is, b + 8, Integer.toUnsignedLong(cfg.flags()), "rf_flags");
            noteNonZero(is, b + 20, Integer.toUnsignedLong(cfg.unused1()), "rf_unused1");
            noteNonZero(is, b + 24, cfg.unused2(), "rf_unused2");
            return cfg;
        }

        private RcomLock lock(int b, int type, int declared, int p, Issues is) {
            int namelen = field(RL_NAMELEN, b, p);
            if (42 + 2 <= p && namelen > RcomLock.NAME_FIELD) {
                is.error(b + 42, "rl_namelen " + namelen + " exceeds 64 (DLM_RESNAME_MAXLEN)");
            }
            int nameLen = Math.min(namelen, RcomLock.NAME_FIELD);
            byte[] name = copy(b + 44, Math.min(nameLen, p - 44));
            for (int i = 44 + nameLen; i < Math.min(RcomLock.SIZE, p); i++) {
                if (u8(b + i) != 0) {
                    is.note(b + i, "rl_name has non-zero bytes after rl_namelen");
                    break;
                }
            }
            byte[] lvb = copy(b + RcomLock.SIZE, p - RcomLock.SIZE);
            if (type == 8 && declared > RcomLock.SIZE) {
                is.note(b + RcomLock.SIZE, "LOCK_REPLY carries " + (declared - RcomLock.SIZE)
                        + " bytes after rcom_lock (the kernel sends none)");
            }
            RcomLock l = new RcomLock(field(RL_OWNPID, b, p), field(RL_LKID, b, p), field(RL_REMID, b, p),
                    field(RL_PARENT_LKID, b, p), field(RL_PARENT_REMID, b, p), field(RL_EXFLAGS, b, p),
                    field(RL_FLAGS, b, p), field(RL_LVBSEQ, b, p), field(RL_RESULT, b, p),
                    field(RL_RQMODE, b, p), field(RL_GRMODE, b, p), field(RL_STATUS, b, p), field(RL_ASTS, b, p),
                    field(RL_WAIT_TYPE, b, p), namelen, name, lvb);
            noteNonZero(is, b + 12, Integer.toUnsignedLong(l.parentLkid()), "rl_parent_lkid");
            noteNonZero(is, b + 16, Integer.toUnsignedLong(l.parentRemid()), "rl_parent_remid");
            return l;
        }

        private RcomNamesReply namesReply(int b, int declared, int present, Issues is) {
            List<byte[]> names = new ArrayList<>();
            NamesEnd end = null;
            int p = 0;
            while (true) {
                if (p + 2 > present) {
                    if (present >= declared) {
                        is.error(b + p, "NAMES_REPLY name list has no terminator (0x0000 or 0xFFFF)");
                    }
                    break;
                }
                int len = be16(b + p);
                if (len == NamesEnd.END_OF_CHUNK.wireValue()) {
                    end = NamesEnd.END_OF_CHUNK;
                    p += 2;
                    break;
                }
                if (len == NamesEnd.END_OF_LIST.wireValue()) {
                    end = NamesEnd.END_OF_LIST;
                    p += 2;
                    break;
                }
                int remaining = declared - p - 2;
                if (len > RcomNamesReply.MAX_NAME) {
                    is.error(b + p, "NAMES_REPLY name length " + len + " exceeds 64: the requester fails the chunk");
                    break;
                }
                if (len > remaining) {
                    is.error(b + p, "NAMES_REPLY name length " + len + " exceeds the " + Math.max(0, remaining)
                            + " bytes remaining: the requester fails the chunk");
                    break;
                }
                names.add(copy(b + p + 2, Math.min(len, present - p - 2)));
                p += 2 + len;
                if (p > present) {
                    p = present;
                    break;
                }
            }
            if (end != null) {
                for (int i = p; i < present; i++) {
                    if (u8(b + i) != 0) {
                        is.note(b + i, "NAMES_REPLY padding after the terminator is not zero");
                        break;
                    }
                }
            }
            return new RcomNamesReply(List.copyOf(names), end, p);
        }

        // ---------------------------------------------------------------- DLM_OPTS

        private DlmOpts opts(int s, DlmHeader h, int c, boolean truncated, Issues is) {
            int hlen = h.length();
            int nextcmd = field(OPTS_NEXTCMD, s, c);
            int pad = field(OPTS_PAD, s, c);
            int optlen = field(OPTS_OPTLEN, s, c);
            int pad2 = field(OPTS_PAD2, s, c);
            boolean optlenKnown = c >= 20;
            int rest = hlen - DlmOpts.SIZE;
            if (hlen < DlmOpts.SIZE) {
                is.error(s + 12, "opts msg too small: h_length " + hlen + " < 24");
            } else if (optlenKnown && optlen > rest) {
                is.error(s + 18, "o_optlen " + optlen + " exceeds the " + rest
                        + " bytes after the OPTS header (opts msg too small)");
            }
            if (c >= 17) {
                int min = switch (nextcmd) {
                    case 1 -> DlmMessage.SIZE;
                    case 2 -> DlmRcom.SIZE;
                    case 5 -> DlmHeader.SIZE;
                    default -> -1;
                };
                if (min < 0) {
                    is.error(s + 16, "unsupported o_nextcmd received: " + nextcmd);
                } else if (optlenKnown && hlen >= DlmOpts.SIZE && optlen <= rest && rest - optlen < min) {
                    String what = nextcmd == 1 ? "msg" : nextcmd == 2 ? "rcom msg" : "fin";
                    is.error(s + 12, what + " too small: " + (rest - optlen) + " bytes after the options, "
                            + DlmCommand.nameOf(nextcmd) + " needs " + min + " (opts msg too small)");
                }
            }
            if (pad != 0) {
                is.note(s + 17, "o_pad is " + pad + ", not 0");
            }
            if (optlen != 0) {
                is.note(s + 18, "o_optlen " + optlen
                        + ": options present; no kernel defines any, the receiver skips them unparsed");
            }
            if (pad2 != 0) {
                is.note(s + 20, "o_pad2 is " + DlmText.hex(Integer.toUnsignedLong(pad2)) + ", not 0");
            }
            List<OptTlv> options = List.of();
            if (optlen > 0 && hlen > DlmOpts.SIZE) {
                options = options(s + DlmOpts.SIZE, Math.min(optlen, rest), c - DlmOpts.SIZE, is);
            }
            DlmPdu inner = null;
            byte[] trailing = EMPTY;
            if (optlenKnown && hlen >= DlmOpts.SIZE && optlen <= rest) {
                int innerStart = DlmOpts.SIZE + optlen;
                if (innerStart < c) {
                    inner = message(s + innerStart, s + c, new Outer(rest - optlen, h.nodeid(), truncated));
                    if (inner.captured() >= 15 && inner.header().cmd() != nextcmd) {
                        is.error(s + 16, "o_nextcmd " + nextcmd + " (" + DlmCommand.nameOf(nextcmd)
                                + ") differs from the inner h_cmd " + inner.header().cmd() + " ("
                                + DlmCommand.nameOf(inner.header().cmd()) + "); the kernel dispatches by the inner h_cmd");
                    }
                    int innerEnd = innerStart + inner.captured();
                    if (inner.captured() >= 14 && innerEnd < c) {
                        trailing = copy(s + innerEnd, c - innerEnd);
                    }
                }
            }
            return new DlmOpts(h, s, c, truncated, nextcmd, pad, optlen, pad2, options, inner, trailing, is.list());
        }

        /** TLVs in {@code [o, o + len)}, of which {@code present} bytes are captured. Never reads past either. */
        private List<OptTlv> options(int o, int len, int present, Issues is) {
            List<OptTlv> out = new ArrayList<>(2);
            int p = 0;
            while (p < len) {
                if (p + OptTlv.HEADER_SIZE > len) {
                    is.note(o + p, (len - p) + " bytes at the end of the options are too short for an option header");
                    break;
                }
                if (p >= present) {
                    break;
                }
                int start = p;
                int type = field(OPT_TYPE, o + p, present - p);
                int tlen = field(OPT_LENGTH, o + p, present - p);
                int tpad = field(OPT_PAD, o + p, present - p);
                boolean lengthKnown = p + 4 <= present;
                int vstart = p + OptTlv.HEADER_SIZE;
                int vlen = tlen;
                boolean overrun = lengthKnown && vstart + tlen > len;
                if (overrun) {
                    is.note(o + p + 2, "option t_length " + tlen + " overruns o_optlen");
                    vlen = len - vstart;
                }
                out.add(new OptTlv(o + p, type, tlen, tpad, copy(o + vstart, Math.min(vlen, present - vstart))));
                if (tpad != 0) {
                    is.note(o + p + 4, "option t_pad is " + DlmText.hex(Integer.toUnsignedLong(tpad)) + ", not 0");
                }
                if (!lengthKnown) {
                    break;
                }
                if (overrun) {
                    break;
                }
                p = vstart + ((tlen + 7) & ~7);
                if (p > len) {
                    is.note(o + start + 2, "option value padding to 8 bytes overruns o_optlen");
                }
            }
            return List.copyOf(out);
        }
    }
}
