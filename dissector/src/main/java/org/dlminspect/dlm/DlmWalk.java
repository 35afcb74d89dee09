package org.dlminspect.dlm;

import static org.dlminspect.dlm.DlmFields.*;

import java.util.List;
import org.dlminspect.schema.FieldDef;

/**
 * Drives a {@link FieldVisitor} over a decoded message in wire order, each field at the offset {@link DlmFields}
 * registers for it within its structure. Only fields whose bytes are all captured are
 * visited (byte fields: the part captured). Each issue is reported right after the field at its offset; issues
 * whose field was not visited come at the end of their message.
 */
final class DlmWalk {
    private final FieldVisitor v;
    private final List<DlmIssue> issues;
    private final boolean[] done;
    private final int base;
    private final int captured;

    private DlmWalk(DlmPdu pdu, FieldVisitor v) {
        this.v = v;
        this.issues = pdu.issues();
        this.done = issues.isEmpty() ? null : new boolean[issues.size()];
        this.base = pdu.offset();
        this.captured = pdu.captured();
    }

    static void walk(DlmPdu pdu, FieldVisitor v) {
        new DlmWalk(pdu, v).run(pdu);
    }

    private void run(DlmPdu pdu) {
        header(pdu.header());
        if (pdu instanceof DlmMessage m) {
            message(m);
        } else if (pdu instanceof DlmRcom r) {
            rcom(r);
        } else if (pdu instanceof DlmOpts o) {
            opts(o);
        } else if (pdu instanceof DlmAck a) {
            bytes(EXTRA, EXTRA.offset(), a.extra());
        } else if (pdu instanceof DlmFin f) {
            bytes(EXTRA, EXTRA.offset(), f.extra());
        } else if (pdu instanceof DlmUnknown u) {
            bytes(BODY, BODY.offset(), u.body());
        }
        flushAll();
    }

    // ------------------------------------------------------------------ helpers

    /** A numeric field of the structure at {@code struct} (relative to this message), at its registered offset. */
    private void num(FieldDef f, int struct, long raw) {
        num(f, f.label(), struct, raw);
    }

    private void num(FieldDef f, String label, int struct, long raw) {
        int rel = struct + f.offset();
        if (rel + f.width() > captured) {
            return;
        }
        if (v.wants(f)) v.number(f, label, base + rel, f.normalise(raw));
        flush(base + rel);
    }

    /** A field of the message itself (header, dlm_message, dlm_rcom, dlm_opts). */
    private void num(FieldDef f, long raw) {
        num(f, f.label(), 0, raw);
    }

    private void bytes(FieldDef f, int rel, byte[] data) {
        bytes(f, f.label(), rel, data);
    }

    private void bytes(FieldDef f, String label, int rel, byte[] data) {
        if (data.length == 0 || rel >= captured) {
            return;
        }
        if (v.wants(f)) v.bytes(f, label, base + rel, data.length, data, 0);
        flush(base + rel);
    }

    private void flush(int abs) {
        if (done == null) {
            return;
        }
        for (int i = 0; i < done.length; i++) {
            if (!done[i] && issues.get(i).offset() == abs) {
                emit(i);
            }
        }
    }

    private void flushAll() {
        if (done == null) {
            return;
        }
        for (int i = 0; i < done.length; i++) {
            if (!done[i]) {
                emit(i);
            }
        }
    }

    private void emit(int i) {
        done[i] = true;
        DlmIssue issue = issues.get(i);
        if (issue.isError()) {
            v.error(issue.offset(), issue.message());
        } else {
            v.note(issue.offset(), issue.message());
        }
    }

    // ------------------------------------------------------------------ header

    private void header(DlmHeader h) {
        num(VERSION_WORD, h.version());
        switch (h.cmd()) {
            case 3 -> num(SEQ, h.union());
            case 4 -> num(SEQ, "Next expected sequence number", 0, h.union());
            default -> num(LOCKSPACE, h.union());
        }
        num(NODEID, h.nodeid());
        num(LENGTH, h.length());
        num(CMD, h.cmd());
        num(PAD, h.pad());
    }

    // ------------------------------------------------------------------ DLM_MSG

    private void message(DlmMessage m) {
        int type = m.type();
        num(MSG_TYPE, type);
        String nodeLabel = switch (type) {
            case 13 -> "Master node ID";
            case 14 -> "Node ID to purge";
            default -> MSG_NODEID.label();
        };
        num(MSG_NODEID, nodeLabel, 0, m.nodeid());
        num(MSG_PID, type == 14 ? "Process ID to purge" : MSG_PID.label(), 0, m.pid());
        num(MSG_LKID, m.lkid());
        num(MSG_REMID, m.remid());
        num(MSG_PARENT_LKID, m.parentLkid());
        num(MSG_PARENT_REMID, m.parentRemid());
        num(MSG_EXFLAGS, m.exflags());
        num(MSG_SBFLAGS, m.sbflags());
        num(MSG_FLAGS, m.flags());
        num(MSG_LVBSEQ, m.lvbseq());
        num(MSG_HASH, m.hash());
        num(MSG_STATUS, m.status());
        num(MSG_GRMODE, m.grmode());
        num(MSG_RQMODE, m.rqmode());
        num(MSG_BASTMODE, m.bastmode());
        num(MSG_ASTS, m.asts());
        num(MSG_RESULT, m.result());
        switch (m.extraContent()) {
            case NAME -> bytes(MSG_NAME, MSG_NAME.offset(), m.extra());
            case LVB -> bytes(MSG_LVB, MSG_LVB.offset(), m.extra());
            default -> bytes(MSG_EXTRA, MSG_EXTRA.offset(), m.extra());
        }
    }

    // ------------------------------------------------------------------ DLM_RCOM

    private void rcom(DlmRcom r) {
        int type = r.type();
        num(RCOM_TYPE, type);
        int result = r.result();
        if (type == 5 && result >= 0) {
            num(RCOM_RECOVERY, result);
        } else if (type == 7 && result >= 0) {
            num(RCOM_MASTER, result);
        } else {
            num(RCOM_RESULT, result);
        }
        num(RCOM_ID, r.id());
        num(RCOM_SEQ, r.seq());
        num(RCOM_SEQ_REPLY, r.seqReply());
        int b = DlmRcom.SIZE;
        int avail = captured - b;
        RcomPayload payload = r.payload();
        if (avail <= 0) {
            return;
        }
        if (payload instanceof RcomStatus st) {
            group("rcom_status", "Status request", b, RcomStatus.SIZE, avail);
            num(RS_FLAGS_WORD, b, st.flags());
            num(RS_UNUSED1, b, st.unused1());
            num(RS_UNUSED2, b, st.unused2());
            v.endGroup();
        } else if (payload instanceof RcomConfig c) {
            config(c, b, avail);
        } else if (payload instanceof RcomNames n) {
            bytes(RCOM_NAME, "Last name received", b, n.lastName());
        } else if (payload instanceof RcomLookup l) {
            bytes(RCOM_NAME, b, l.name());
        } else if (payload instanceof RcomLock l) {
            lock(l, b, avail);
        } else if (payload instanceof RcomNamesReply nr) {
            namesReply(nr, b);
        } else if (payload instanceof RcomRaw raw) {
            bytes(RCOM_BUF, b, raw.bytes());
        }
        if (r.extra().length > 0) {
            bytes(RCOM_EXTRA, captured - r.extra().length, r.extra());
        }
    }

    /** Opens a group of nominal {@code size} bytes at {@code rel}, reporting only the captured part. */
    private void group(String key, String label, int rel, int size, int avail) {
        v.beginGroup(key, label, base + rel, Math.min(size, avail));
    }

    private void config(RcomConfig c, int b, int avail) {
        int slotsBytes = RcomSlot.SIZE * c.slots().size();
        group("rcom_config", "Lockspace configuration", b, RcomConfig.SIZE + slotsBytes, avail);
        num(RF_LVBLEN, b, c.lvblen());
        num(RF_LSFLAGS, b, c.lsflags());
        num(RF_FLAGS, b, c.flags());
        num(RF_OUR_SLOT, b, c.ourSlot());
        num(RF_NUM_SLOTS, b, c.numSlots());
        num(RF_GENERATION, b, c.generation());
        num(RF_UNUSED1, b, c.unused1());
        num(RF_UNUSED2, b, c.unused2());
        if (!c.slots().isEmpty()) {
            int o = b + RcomConfig.SIZE;
            v.beginList("slots", "Slots", base + o, Math.min(slotsBytes, avail - RcomConfig.SIZE));
            for (RcomSlot s : c.slots()) {
                v.beginGroup(null, "Slot", base + o, Math.min(RcomSlot.SIZE, captured - o));
                num(RO_NODEID, o, s.nodeid());
                num(RO_SLOT, o, s.slot());
                num(RO_UNUSED1, o, s.unused1());
                num(RO_UNUSED2, o, s.unused2());
                v.endGroup();
                o += RcomSlot.SIZE;
            }
            v.endList();
        }
        v.endGroup();
    }

    private void lock(RcomLock l, int b, int avail) {
        group("rcom_lock", "Lock", b, RcomLock.SIZE + l.lvb().length, avail);
        num(RL_OWNPID, b, l.ownpid());
        num(RL_LKID, b, l.lkid());
        num(RL_REMID, b, l.remid());
        num(RL_PARENT_LKID, b, l.parentLkid());
        num(RL_PARENT_REMID, b, l.parentRemid());
        num(RL_EXFLAGS, b, l.exflags());
        num(RL_FLAGS, b, l.flags());
        num(RL_LVBSEQ, b, l.lvbseq());
        num(RL_RESULT, b, l.result());
        num(RL_RQMODE, b, l.rqmode());
        num(RL_GRMODE, b, l.grmode());
        num(RL_STATUS, b, l.status());
        num(RL_ASTS, b, l.asts());
        num(RL_WAIT_TYPE, b, l.waitType());
        num(RL_NAMELEN, b, l.namelen());
        bytes(RL_NAME, b + RL_NAME.offset(), l.name());
        bytes(RL_LVB, b + RL_LVB.offset(), l.lvb());
        v.endGroup();
    }

    private void namesReply(RcomNamesReply nr, int b) {
        int listBytes = nr.listLength() - (nr.end() != null ? 2 : 0);
        v.beginList("names", "Resource names", base + b, listBytes);
        int o = b;
        for (byte[] name : nr.names()) {
            bytes(NAMES_REPLY_NAME, o + 2, name);
            o += 2 + name.length;
        }
        v.endList();
        if (nr.end() != null) {
            num(NAMES_END_MARK, b + nr.listLength() - 2, nr.end().wireValue());
        }
    }

    // ------------------------------------------------------------------ DLM_OPTS

    private void opts(DlmOpts o) {
        num(OPTS_NEXTCMD, o.nextcmd());
        num(OPTS_PAD, o.pad());
        num(OPTS_OPTLEN, o.optlen());
        num(OPTS_PAD2, o.pad2());
        if (!o.options().isEmpty()) {
            int first = o.options().get(0).offset();
            v.beginList("opts", "Options", first, Math.min(o.optlen(), base + captured - first));
            for (OptTlv t : o.options()) {
                int rel = t.offset() - base;
                v.beginGroup(null, "Option", t.offset(), Math.min(OptTlv.HEADER_SIZE + t.value().length, captured - rel));
                num(OPT_TYPE, rel, t.type());
                num(OPT_LENGTH, rel, t.length());
                num(OPT_PAD, rel, t.pad());
                bytes(OPT_VALUE, rel + OPT_VALUE.offset(), t.value());
                v.endGroup();
            }
            v.endList();
        }
        DlmPdu inner = o.inner();
        if (inner != null) {
            v.beginGroup("inner", "Encapsulated message", inner.offset(), inner.captured());
            DlmWalk.walk(inner, v);
            v.endGroup();
            if (o.trailing().length > 0) {
                bytes(OPTS_TRAILING, inner.offset() - base + inner.captured(), o.trailing());
            }
        }
    }
}
