package org.dlminspect.dlm;

import java.util.List;
import org.dlminspect.dlm.FieldVisitor.Kind;

/**
 * Drives a {@link FieldVisitor} over a decoded message in wire order. Only fields whose bytes are all captured are
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
            bytes("extra", "Unexpected data", 16, a.extra(), false);
        } else if (pdu instanceof DlmFin f) {
            bytes("extra", "Unexpected data", 16, f.extra(), false);
        } else if (pdu instanceof DlmUnknown u) {
            bytes("body", "Body", 16, u.body(), false);
        }
        flushAll();
    }

    // ------------------------------------------------------------------ helpers

    private void num(String key, String label, int rel, int size, long value, Kind kind, String meaning) {
        if (rel + size > captured) {
            return;
        }
        v.number(key, label, base + rel, size, value, kind, meaning);
        flush(base + rel);
    }

    private void u32(String key, String label, int rel, int value) {
        num(key, label, rel, 4, Integer.toUnsignedLong(value), Kind.UNSIGNED, null);
    }

    private void hex32(String key, String label, int rel, int value) {
        num(key, label, rel, 4, Integer.toUnsignedLong(value), Kind.HEX, null);
    }

    private void bytes(String key, String label, int rel, byte[] data, boolean name) {
        if (data.length == 0 || rel >= captured) {
            return;
        }
        v.bytes(key, label, base + rel, data.length, data, 0, name);
        flush(base + rel);
    }

    private static String errno(long value) {
        return DlmErrno.nameOf(value);
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
        num("version", "Version", 0, 4, h.version(), Kind.HEX, h.versionText());
        switch (h.cmd()) {
            case 3 -> num("seq", "Sequence number", 4, 4, h.union(), Kind.UNSIGNED, null);
            case 4 -> num("seq", "Next expected sequence number", 4, 4, h.union(), Kind.UNSIGNED, null);
            default -> num("lockspace", "Lockspace ID", 4, 4, h.union(), Kind.HEX, null);
        }
        num("nodeid", "Sender node ID", 8, 4, h.nodeid(), Kind.UNSIGNED, null);
        num("length", "Length", 12, 2, h.length(), Kind.UNSIGNED, null);
        num("cmd", "Command", 14, 1, h.cmd(), Kind.ENUM,
                DlmCommand.fromWire(h.cmd()) == null ? null : DlmCommand.nameOf(h.cmd()));
        num("pad", "Padding", 15, 1, h.pad(), Kind.UNSIGNED, null);
    }

    // ------------------------------------------------------------------ DLM_MSG

    private void message(DlmMessage m) {
        int type = m.type();
        num("type", "Message type", 16, 4, Integer.toUnsignedLong(type), Kind.ENUM, DlmMessageType.nameOf(type));
        String nodeLabel = switch (type) {
            case 13 -> "Master node ID";
            case 14 -> "Node ID to purge";
            default -> "Lock node ID";
        };
        num("m_nodeid", nodeLabel, 20, 4, m.nodeid(), Kind.SIGNED, null);
        u32("pid", type == 14 ? "Process ID to purge" : "Process ID", 24, m.pid());
        hex32("lkid", "Lock ID (sender)", 28, m.lkid());
        hex32("remid", "Remote lock ID (receiver)", 32, m.remid());
        hex32("parent_lkid", "Parent lock ID", 36, m.parentLkid());
        hex32("parent_remid", "Parent remote lock ID", 40, m.parentRemid());
        long ex = Integer.toUnsignedLong(m.exflags());
        num("exflags", "Lock flags", 44, 4, ex, Kind.FLAGS, LockFlag.describe(ex));
        long sb = Integer.toUnsignedLong(m.sbflags());
        num("sbflags", "Status block flags", 48, 4, sb, Kind.FLAGS, StatusBlockFlag.describe(sb));
        long fl = Integer.toUnsignedLong(m.flags());
        num("flags", "Distributed flags", 52, 4, fl, Kind.FLAGS, DistributedFlag.describe(fl));
        u32("lvbseq", "LVB sequence number", 56, m.lvbseq());
        hex32("hash", "Resource name hash", 60, m.hash());
        num("status", "Lock status", 64, 4, m.status(), Kind.ENUM, LockStatus.nameOf(m.status()));
        num("grmode", "Granted mode", 68, 4, m.grmode(), Kind.ENUM, LockMode.nameOf(m.grmode()));
        num("rqmode", "Requested mode", 72, 4, m.rqmode(), Kind.ENUM, LockMode.nameOf(m.rqmode()));
        num("bastmode", "Blocking AST mode", 76, 4, m.bastmode(), Kind.ENUM, LockMode.nameOf(m.bastmode()));
        long asts = Integer.toUnsignedLong(m.asts());
        num("asts", "AST types", 80, 4, asts, Kind.FLAGS, AstFlag.describe(asts));
        num("result", "Result", 84, 4, m.result(), Kind.ERRNO, errno(m.result()));
        switch (m.extraContent()) {
            case NAME -> bytes("name", "Resource name", DlmMessage.SIZE, m.extra(), true);
            case LVB -> bytes("lvb", "Lock value block", DlmMessage.SIZE, m.extra(), false);
            default -> bytes("extra", "Unexpected extra data", DlmMessage.SIZE, m.extra(), false);
        }
    }

    // ------------------------------------------------------------------ DLM_RCOM

    private void rcom(DlmRcom r) {
        int type = r.type();
        num("type", "Recovery command type", 16, 4, Integer.toUnsignedLong(type), Kind.ENUM, RcomType.nameOf(type));
        int result = r.result();
        if (type == 5 && result >= 0) {
            long bits = Integer.toUnsignedLong(result);
            num("result", "Recovery status", 20, 4, bits, Kind.FLAGS, RecoveryStatus.describe(bits));
        } else if (type == 7 && result >= 0) {
            num("result", "Master node ID", 20, 4, result, Kind.UNSIGNED, null);
        } else {
            num("result", "Result", 20, 4, result, Kind.ERRNO, errno(result));
        }
        num("id", "Request ID", 24, 8, r.id(), Kind.HEX, null);
        num("seq", "Recovery sequence", 32, 8, r.seq(), Kind.UNSIGNED, null);
        num("seq_reply", "Recovery sequence replied to", 40, 8, r.seqReply(), Kind.UNSIGNED, null);
        int b = DlmRcom.SIZE;
        int avail = captured - b;
        RcomPayload payload = r.payload();
        if (avail <= 0) {
            return;
        }
        if (payload instanceof RcomStatus st) {
            group("rcom_status", "Status request", b, RcomStatus.SIZE, avail);
            long f = Integer.toUnsignedLong(st.flags());
            num("flags", "Status flags", b, 4, f, Kind.FLAGS, RcomStatusFlag.describe(f));
            u32("unused1", "Unused", b + 4, st.unused1());
            num("unused2", "Unused", b + 8, 8, st.unused2(), Kind.UNSIGNED, null);
            v.endGroup();
        } else if (payload instanceof RcomConfig c) {
            config(c, b, avail);
        } else if (payload instanceof RcomNames n) {
            bytes("name", "Last name received", b, n.lastName(), true);
        } else if (payload instanceof RcomLookup l) {
            bytes("name", "Resource name", b, l.name(), true);
        } else if (payload instanceof RcomLock l) {
            lock(l, b, avail);
        } else if (payload instanceof RcomNamesReply nr) {
            namesReply(nr, b);
        } else if (payload instanceof RcomRaw raw) {
            bytes("buf", "Recovery data", b, raw.bytes(), false);
        }
        if (r.extra().length > 0) {
            bytes("extra", "Unexpected data", captured - r.extra().length, r.extra(), false);
        }
    }

    /** Opens a group of nominal {@code size} bytes at {@code rel}, reporting only the captured part. */
    private void group(String key, String label, int rel, int size, int avail) {
        v.beginGroup(key, label, base + rel, Math.min(size, avail));
    }

    private void config(RcomConfig c, int b, int avail) {
        int slotsBytes = RcomSlot.SIZE * c.slots().size();
        group("rcom_config", "Lockspace configuration", b, RcomConfig.SIZE + slotsBytes, avail);
        u32("lvblen", "LVB length", b, c.lvblen());
        long ls = Integer.toUnsignedLong(c.lsflags());
        num("lsflags", "Lockspace flags", b + 4, 4, ls, Kind.FLAGS, LockspaceFlag.describe(ls));
        u32("flags", "Flags (unused)", b + 8, c.flags());
        num("our_slot", "Sender's slot", b + 12, 2, c.ourSlot(), Kind.UNSIGNED, null);
        num("num_slots", "Number of slots", b + 14, 2, c.numSlots(), Kind.UNSIGNED, null);
        u32("generation", "Generation", b + 16, c.generation());
        u32("unused1", "Unused", b + 20, c.unused1());
        num("unused2", "Unused", b + 24, 8, c.unused2(), Kind.UNSIGNED, null);
        if (!c.slots().isEmpty()) {
            int o = b + RcomConfig.SIZE;
            v.beginList("slots", "Slots", base + o, Math.min(slotsBytes, avail - RcomConfig.SIZE));
            for (RcomSlot s : c.slots()) {
                v.beginGroup(null, "Slot", base + o, Math.min(RcomSlot.SIZE, captured - o));
                u32("nodeid", "Node ID", o, s.nodeid());
                num("slot", "Slot", o + 4, 2, s.slot(), Kind.UNSIGNED, null);
                num("unused1", "Unused", o + 6, 2, s.unused1(), Kind.UNSIGNED, null);
                num("unused2", "Unused", o + 8, 8, s.unused2(), Kind.UNSIGNED, null);
                v.endGroup();
                o += RcomSlot.SIZE;
            }
            v.endList();
        }
        v.endGroup();
    }

    private void lock(RcomLock l, int b, int avail) {
        group("rcom_lock", "Lock", b, RcomLock.SIZE + l.lvb().length, avail);
        u32("ownpid", "Owner process ID", b, l.ownpid());
        hex32("lkid", "Lock ID (sender)", b + 4, l.lkid());
        hex32("remid", "Remote lock ID (new master)", b + 8, l.remid());
        hex32("parent_lkid", "Parent lock ID", b + 12, l.parentLkid());
        hex32("parent_remid", "Parent remote lock ID", b + 16, l.parentRemid());
        long ex = Integer.toUnsignedLong(l.exflags());
        num("exflags", "Lock flags", b + 20, 4, ex, Kind.FLAGS, LockFlag.describe(ex));
        long fl = Integer.toUnsignedLong(l.flags());
        num("flags", "Distributed flags", b + 24, 4, fl, Kind.FLAGS, DistributedFlag.describe(fl));
        u32("lvbseq", "LVB sequence number", b + 28, l.lvbseq());
        num("result", "Result", b + 32, 4, l.result(), Kind.ERRNO, errno(l.result()));
        num("rqmode", "Requested mode", b + 36, 1, l.rqmode(), Kind.ENUM, LockMode.nameOf(l.rqmode()));
        num("grmode", "Granted mode", b + 37, 1, l.grmode(), Kind.ENUM, LockMode.nameOf(l.grmode()));
        num("status", "Lock status", b + 38, 1, l.status(), Kind.ENUM, LockStatus.nameOf(l.status()));
        num("asts", "AST types", b + 39, 1, l.asts(), Kind.FLAGS, AstFlag.describe(l.asts()));
        num("wait_type", "Awaited reply type", b + 40, 2, l.waitType(), Kind.ENUM, DlmMessageType.nameOf(l.waitType()));
        num("namelen", "Name length", b + 42, 2, l.namelen(), Kind.UNSIGNED, null);
        bytes("name", "Resource name", b + 44, l.name(), true);
        bytes("lvb", "Lock value block", b + RcomLock.SIZE, l.lvb(), false);
        v.endGroup();
    }

    private void namesReply(RcomNamesReply nr, int b) {
        int listBytes = nr.listLength() - (nr.end() != null ? 2 : 0);
        v.beginList("names", "Resource names", base + b, listBytes);
        int o = b;
        for (byte[] name : nr.names()) {
            bytes(null, "Resource name", o + 2, name, true);
            o += 2 + name.length;
        }
        v.endList();
        if (nr.end() != null) {
            num("names_end", "End of names", b + nr.listLength() - 2, 2, nr.end().wireValue(), Kind.ENUM, nr.end().label());
        }
    }

    // ------------------------------------------------------------------ DLM_OPTS

    private void opts(DlmOpts o) {
        num("nextcmd", "Next command", 16, 1, o.nextcmd(), Kind.ENUM,
                DlmCommand.fromWire(o.nextcmd()) == null ? null : DlmCommand.nameOf(o.nextcmd()));
        num("opt_pad", "Padding", 17, 1, o.pad(), Kind.UNSIGNED, null);
        num("optlen", "Options length", 18, 2, o.optlen(), Kind.UNSIGNED, null);
        num("opt_pad2", "Padding", 20, 4, Integer.toUnsignedLong(o.pad2()), Kind.UNSIGNED, null);
        if (!o.options().isEmpty()) {
            int first = o.options().get(0).offset();
            v.beginList("opts", "Options", first, Math.min(o.optlen(), base + captured - first));
            for (OptTlv t : o.options()) {
                int rel = t.offset() - base;
                v.beginGroup(null, "Option", t.offset(), Math.min(OptTlv.HEADER_SIZE + t.value().length, captured - rel));
                num("type", "Option type", rel, 2, t.type(), Kind.UNSIGNED, null);
                num("length", "Option length", rel + 2, 2, t.length(), Kind.UNSIGNED, null);
                num("pad", "Padding", rel + 4, 4, Integer.toUnsignedLong(t.pad()), Kind.UNSIGNED, null);
                bytes("value", "Option value", rel + OptTlv.HEADER_SIZE, t.value(), false);
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
                bytes("trailing", "Data after the inner message", inner.offset() - base + inner.captured(), o.trailing(), false);
            }
        }
    }
}
