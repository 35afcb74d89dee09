package org.dlminspect.dlm;

import static org.dlminspect.dlm.DlmFields.*;
import static org.dlminspect.dlm.DlmWireReader.EMPTY;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct dlm_rcom} (h_cmd 2, reference §2.7) and its rc_buf payloads by rc_type (§2.8): status, config
 * with its slot table, lock, names and their replies, checked the way {@code receive_rcom} and the recovery code
 * would check them. A payload is decoded as far as both h_length and the captured bytes go.
 */
final class RcomDecoder {
    private RcomDecoder() { }

    /**
     * The DLM_RCOM at {@code s} with header {@code h}, of which {@code c} bytes are captured; {@code outer} is the
     * OPTS wrapping it, null when unwrapped.
     */
    static DlmRcom decode(DlmWireReader r, int s, DlmHeader h, int c, boolean truncated, DlmDecoder.Outer outer, DlmIssues is) {
        int hlen = h.length();
        if (hlen < DlmRcom.SIZE) {
            is.error(s + 12, (outer != null ? "inner rcom msg too small: " : "rcom msg too small: ") + hlen
                    + " (a DLM_RCOM needs 48 bytes)");
        }
        int type = r.field(RCOM_TYPE, s, c);
        int result = r.field(RCOM_RESULT, s, c);
        long id = r.field64(RCOM_ID, s, c);
        long seq = r.field64(RCOM_SEQ, s, c);
        long seqReply = r.field64(RCOM_SEQ_REPLY, s, c);
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
                    RcomStatus st = new RcomStatus(r.field(RS_FLAGS_WORD, b, bufPresent), r.field(RS_UNUSED1, b, bufPresent), r.field64(RS_UNUSED2, b, bufPresent));
                    is.noteNonZero(b + 4, st.unused1(), "rs_unused1");
                    is.noteNonZero(b + 8, st.unused2(), "rs_unused2");
                    payload = st;
                    extra = trailing(r, is, b, RcomStatus.SIZE, declared, bufPresent, "rcom_status");
                }
            }
            case 5 -> {
                if (declared < RcomConfig.SIZE) {
                    is.error(s + 12, "STATUS_REPLY shorter than rcom_config: h_length " + hlen + " (at least 80)");
                }
                if (declared == 0) {
                    payload = RcomEmpty.INSTANCE;
                } else {
                    payload = config(r, b, declared, bufPresent, is);
                    int used = RcomConfig.SIZE + RcomSlot.SIZE * ((RcomConfig) payload).slots().size();
                    if (bufPresent >= 16 && ((RcomConfig) payload).slots().size() == ((RcomConfig) payload).numSlots()) {
                        extra = trailing(r, is, b, used, declared, bufPresent, "the slot table");
                    }
                }
            }
            case 2 -> {
                if (declared > RcomNamesReply.MAX_NAME) {
                    is.error(b, "NAMES last name length " + declared + " exceeds 64 (DLM_RESNAME_MAXLEN)");
                }
                payload = new RcomNames(r.copy(b, bufPresent));
            }
            case 3 -> {
                if (declared > RcomNamesReply.MAX_NAME) {
                    is.error(b, "LOOKUP name length " + declared
                            + " exceeds 64 (DLM_RESNAME_MAXLEN); the directory node fails it with -EINVAL");
                }
                payload = new RcomLookup(r.copy(b, bufPresent));
            }
            case 4, 8 -> {
                if (hlen < DlmRcom.SIZE + RcomLock.SIZE) {
                    is.error(s + 12, "recovery message " + type + " (" + RcomType.nameOf(type)
                            + ") is too short: h_length " + hlen + " < 156");
                }
                payload = lock(r, b, type, declared, bufPresent, is);
            }
            case 6 -> payload = namesReply(r, b, declared, bufPresent, is);
            case 7 -> {
                payload = RcomEmpty.INSTANCE;
                if (declared > 0) {
                    is.note(b, "LOOKUP_REPLY carries " + declared + " bytes of rc_buf (the kernel sends none)");
                    extra = r.copy(b, bufPresent);
                }
            }
            default -> {
                is.error(s + 16, "unknown rc_type " + type + " (\"receive_rcom bad type\")");
                payload = new RcomRaw(r.copy(b, bufPresent));
            }
        }
        return new DlmRcom(h, s, c, truncated, type, result, id, seq, seqReply, payload, extra, is.list());
    }

    /** Bytes of rc_buf after {@code used}: noted, and returned to be shown. */
    private static byte[] trailing(DlmWireReader r, DlmIssues is, int b, int used, int declared, int present, String after) {
        if (declared <= used) {
            return EMPTY;
        }
        is.note(b + used, (declared - used) + " unexpected bytes after " + after);
        return r.copy(b + used, present - used);
    }

    private static RcomConfig config(DlmWireReader r, int b, int declared, int p, DlmIssues is) {
        int numSlots = r.field(RF_NUM_SLOTS, b, p);
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
                RcomSlot slot = new RcomSlot(r.field(RO_NODEID, b + o, p - o), r.field(RO_SLOT, b + o, p - o), r.field(RO_UNUSED1, b + o, p - o), r.field64(RO_UNUSED2, b + o, p - o));
                is.noteNonZero(b + o + 6, slot.unused1(), "ro_unused1");
                is.noteNonZero(b + o + 8, slot.unused2(), "ro_unused2");
                arr[i] = slot;
            }
            slots = List.of(arr);
        }
        RcomConfig cfg = new RcomConfig(r.field(RF_LVBLEN, b, p), r.field(RF_LSFLAGS, b, p), r.field(RF_FLAGS, b, p),
                r.field(RF_OUR_SLOT, b, p), numSlots, r.field(RF_GENERATION, b, p), r.field(RF_UNUSED1, b, p),
                r.field64(RF_UNUSED2, b, p), slots);
        is.noteNonZero(b + 8, Integer.toUnsignedLong(cfg.flags()), "rf_flags");
        is.noteNonZero(b + 20, Integer.toUnsignedLong(cfg.unused1()), "rf_unused1");
        is.noteNonZero(b + 24, cfg.unused2(), "rf_unused2");
        return cfg;
    }

    private static RcomLock lock(DlmWireReader r, int b, int type, int declared, int p, DlmIssues is) {
        int namelen = r.field(RL_NAMELEN, b, p);
        if (42 + 2 <= p && namelen > RcomLock.NAME_FIELD) {
            is.error(b + 42, "rl_namelen " + namelen + " exceeds 64 (DLM_RESNAME_MAXLEN)");
        }
        int nameLen = Math.min(namelen, RcomLock.NAME_FIELD);
        byte[] name = r.copy(b + 44, Math.min(nameLen, p - 44));
        for (int i = 44 + nameLen; i < Math.min(RcomLock.SIZE, p); i++) {
            if (r.u8(b + i) != 0) {
                is.note(b + i, "rl_name has non-zero bytes after rl_namelen");
                break;
            }
        }
        byte[] lvb = r.copy(b + RcomLock.SIZE, p - RcomLock.SIZE);
        if (type == 8 && declared > RcomLock.SIZE) {
            is.note(b + RcomLock.SIZE, "LOCK_REPLY carries " + (declared - RcomLock.SIZE)
                    + " bytes after rcom_lock (the kernel sends none)");
        }
        RcomLock l = new RcomLock(r.field(RL_OWNPID, b, p), r.field(RL_LKID, b, p), r.field(RL_REMID, b, p),
                r.field(RL_PARENT_LKID, b, p), r.field(RL_PARENT_REMID, b, p), r.field(RL_EXFLAGS, b, p),
                r.field(RL_FLAGS, b, p), r.field(RL_LVBSEQ, b, p), r.field(RL_RESULT, b, p),
                r.field(RL_RQMODE, b, p), r.field(RL_GRMODE, b, p), r.field(RL_STATUS, b, p), r.field(RL_ASTS, b, p),
                r.field(RL_WAIT_TYPE, b, p), namelen, name, lvb);
        is.noteNonZero(b + 12, Integer.toUnsignedLong(l.parentLkid()), "rl_parent_lkid");
        is.noteNonZero(b + 16, Integer.toUnsignedLong(l.parentRemid()), "rl_parent_remid");
        return l;
    }

    private static RcomNamesReply namesReply(DlmWireReader r, int b, int declared, int present, DlmIssues is) {
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
            int len = r.be16(b + p);
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
            names.add(r.copy(b + p + 2, Math.min(len, present - p - 2)));
            p += 2 + len;
            if (p > present) {
                p = present;
                break;
            }
        }
        if (end != null) {
            for (int i = p; i < present; i++) {
                if (r.u8(b + i) != 0) {
                    is.note(b + i, "NAMES_REPLY padding after the terminator is not zero");
                    break;
                }
            }
        }
        return new RcomNamesReply(List.copyOf(names), end, p);
    }
}
