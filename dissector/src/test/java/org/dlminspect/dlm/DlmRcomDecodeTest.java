package org.dlminspect.dlm;

import static org.dlminspect.dlm.Bytes.ascii;
import static org.dlminspect.dlm.Bytes.decode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.dlminspect.schema.Display;
import org.dlminspect.testkit.DlmBytes;
import org.junit.jupiter.api.Test;

/** Every DLM_RCOM type and payload (reference §2.7, §2.8). */
class DlmRcomDecodeTest {
    static final List<String> RC = List.of("version", "lockspace", "nodeid", "length", "cmd", "pad",
            "type", "result", "id", "seq", "seq_reply");

    static List<String> keys(String... more) {
        List<String> out = new java.util.ArrayList<>(RC);
        out.addAll(List.of(more));
        return out;
    }

    static DlmRcom rcom(byte[] bytes) {
        DlmRcom r = assertInstanceOf(DlmRcom.class, decode(bytes));
        assertFalse(r.truncated());
        assertEquals(bytes.length, r.captured());
        return r;
    }

    static void commonFields(RecordingVisitor v, int len, int type, String typeName) {
        v.num("cmd", 14, 1, 2, Display.ENUM, "RCOM");
        v.num("length", 12, 2, len);
        v.num("type", 16, 4, type, Display.ENUM, typeName);
    }

    @Test
    void status() {
        byte[] b = DlmBytes.rcom(DlmBytes.V32, DlmBytes.LOCKSPACE, 2, 1, 0, 5, 9, 0, DlmBytes.rcomStatus(1));
        DlmRcom r = rcom(b);
        assertEquals(List.of(), r.errors());
        assertEquals(List.of(), r.notes());
        assertEquals(RcomType.STATUS, r.rcomType());
        assertEquals(0, r.result());
        assertEquals(5, r.id());
        assertEquals(9, r.seq());
        assertEquals(0, r.seqReply());
        assertEquals(new RcomStatus(1, 0, 0), r.payload());
        RecordingVisitor v = RecordingVisitor.walk(r);
        assertEquals(keys("rcom_status.flags", "rcom_status.unused1", "rcom_status.unused2"), v.paths());
        v.assertContiguous(0, 64);
        commonFields(v, 64, 1, "STATUS");
        v.num("version", 0, 4, 0x00030002L, Display.HEX, "3.2");
        v.num("lockspace", 4, 4, DlmBytes.LOCKSPACE, Display.HEX, null);
        v.num("nodeid", 8, 4, 2);
        v.num("result", 20, 4, 0, Display.ERRNO, null);
        v.num("id", 24, 8, 5, Display.HEX, null);
        v.num("seq", 32, 8, 9, Display.DEC, null);
        v.num("seq_reply", 40, 8, 0, Display.DEC, null);
        v.num("rcom_status.flags", 48, 4, 1, Display.FLAGS, "NEED_SLOTS");
        v.num("rcom_status.unused1", 52, 4, 0);
        v.num("rcom_status.unused2", 56, 8, 0);
        assertEquals(new RecordingVisitor.Container("rcom_status", false, 48, 16), v.container("rcom_status"));
        assertEquals("STATUS id=5 flags=NEED_SLOTS", r.info());
        assertEquals("STATUS id=6",
                decode(DlmBytes.rcom(DlmBytes.V32, 1, 2, 1, 0, 6, 9, 0, DlmBytes.rcomStatus(0))).info());
    }

    @Test
    void statusReplyWithSlots() {
        byte[] cfg = DlmBytes.rcomConfig(32, 0, 1, 3, 1, 1, 2, 2);
        byte[] b = DlmBytes.rcom(DlmBytes.V32, DlmBytes.LOCKSPACE, 1, 5, 0x1 | 0x4, 5, 9, 9, cfg);
        assertEquals(112, b.length);
        DlmRcom r = rcom(b);
        assertEquals(List.of(), r.errors());
        assertEquals(List.of(), r.notes());
        RcomConfig c = assertInstanceOf(RcomConfig.class, r.payload());
        assertEquals(new RcomConfig(32, 0, 0, 1, 2, 3, 0, 0,
                List.of(new RcomSlot(1, 1, 0, 0), new RcomSlot(2, 2, 0, 0))), c);
        RecordingVisitor v = RecordingVisitor.walk(r);
        assertEquals(keys("rcom_config.lvblen", "rcom_config.lsflags", "rcom_config.flags", "rcom_config.our_slot",
                "rcom_config.num_slots", "rcom_config.generation", "rcom_config.unused1", "rcom_config.unused2",
                "rcom_config.slots[0].nodeid", "rcom_config.slots[0].slot", "rcom_config.slots[0].unused1",
                "rcom_config.slots[0].unused2", "rcom_config.slots[1].nodeid", "rcom_config.slots[1].slot",
                "rcom_config.slots[1].unused1", "rcom_config.slots[1].unused2"), v.paths());
        v.assertContiguous(0, 112);
        commonFields(v, 112, 5, "STATUS_REPLY");
        v.num("result", 20, 4, 5, Display.FLAGS, "NODES|DIR");
        v.num("seq_reply", 40, 8, 9);
        v.num("rcom_config.lvblen", 48, 4, 32, Display.DEC, null);
        v.num("rcom_config.lsflags", 52, 4, 0, Display.FLAGS, "");
        v.num("rcom_config.flags", 56, 4, 0);
        v.num("rcom_config.our_slot", 60, 2, 1);
        v.num("rcom_config.num_slots", 62, 2, 2);
        v.num("rcom_config.generation", 64, 4, 3);
        v.num("rcom_config.unused1", 68, 4, 0);
        v.num("rcom_config.unused2", 72, 8, 0);
        v.num("rcom_config.slots[0].nodeid", 80, 4, 1);
        v.num("rcom_config.slots[0].slot", 84, 2, 1);
        v.num("rcom_config.slots[0].unused1", 86, 2, 0);
        v.num("rcom_config.slots[0].unused2", 88, 8, 0);
        v.num("rcom_config.slots[1].nodeid", 96, 4, 2);
        v.num("rcom_config.slots[1].slot", 100, 2, 2);
        assertEquals(new RecordingVisitor.Container("rcom_config", false, 48, 64), v.container("rcom_config"));
        assertEquals(new RecordingVisitor.Container("rcom_config.slots", true, 80, 32), v.container("rcom_config.slots"));
        assertEquals(new RecordingVisitor.Container("rcom_config.slots[1]", false, 96, 16),
                v.container("rcom_config.slots[1]"));
        assertEquals("STATUS_REPLY result=NODES|DIR id=5 gen=3 slots=2", r.info());
    }

    @Test
    void statusReplyNotReady() {
        byte[] b = DlmBytes.rcom(DlmBytes.V32, DlmBytes.LOCKSPACE, 1, 5, -3, 5, 0, 0,
                DlmBytes.rcomConfig(-1, 0, 0, 0));
        DlmRcom r = rcom(b);
        assertEquals(List.of(), r.errors());
        RecordingVisitor v = RecordingVisitor.walk(r);
        v.num("result", 20, 4, -3, Display.ERRNO, "-ESRCH");
        v.num("rcom_config.lvblen", 48, 4, 0xFFFFFFFFL);
        assertEquals(true, ((RcomConfig) r.payload()).notReady());
        assertEquals("STATUS_REPLY result=-ESRCH id=5 not_ready", r.info());
        assertEquals("STATUS_REPLY result=0 id=5 gen=7",
                decode(DlmBytes.rcom(DlmBytes.V32, 1, 1, 5, 0, 5, 0, 0, DlmBytes.rcomConfig(32, 0, 0, 7))).info());
    }

    @Test
    void lockspaceFlagsAreLockspaceFlagsNotLockFlags() {
        byte[] b = DlmBytes.rcom(DlmBytes.V32, 1, 1, 5, 0, 5, 0, 0, DlmBytes.rcomConfig(64, 0x2, 0, 0));
        RecordingVisitor v = RecordingVisitor.walk(decode(b));
        // 0x2 is DLM_LKF_CANCEL as a lock flag: Wireshark's mistake (reference §5.2 item 4).
        v.num("rcom_config.lsflags", 52, 4, 2, Display.FLAGS, "TIMEWARN");
        assertEquals("NODIR|TIMEWARN|FS|NEWEXCL|SOFTIRQ|0x20", FlagTable.of(LockspaceFlag.class).describe(0x3f));
    }

    @Test
    void namesRequest() {
        byte[] b = DlmBytes.rcom(DlmBytes.V32, DlmBytes.LOCKSPACE, 2, 2, 0, 6, 9, 0, ascii("hot007"));
        DlmRcom r = rcom(b);
        assertEquals(List.of(), r.errors());
        assertArrayEquals(ascii("hot007"), ((RcomNames) r.payload()).lastName());
        RecordingVisitor v = RecordingVisitor.walk(r);
        assertEquals(keys("name"), v.paths());
        v.assertContiguous(0, b.length);
        commonFields(v, 54, 2, "NAMES");
        v.bytes("name", 48, ascii("hot007"), true);
        assertEquals("NAMES id=6 last=\"hot007\"", r.info());

        DlmRcom first = rcom(DlmBytes.rcom(DlmBytes.V32, DlmBytes.LOCKSPACE, 2, 2, 0, 6, 9, 0, new byte[0]));
        assertEquals(0, ((RcomNames) first.payload()).lastName().length);
        assertEquals(RC, RecordingVisitor.walk(first).paths());
        assertEquals("NAMES id=6", first.info());
    }

    @Test
    void namesReplyListIsBigEndian() {
        byte[] list = DlmBytes.namesList(0xFFFF, 4024, "hot001", "hot002", "cold17x");
        byte[] b = DlmBytes.rcom(DlmBytes.V32, DlmBytes.LOCKSPACE, 1, 6, 0, 6, 9, 9, list);
        assertEquals(4072, b.length);
        DlmRcom r = rcom(b);
        assertEquals(List.of(), r.errors());
        assertEquals(List.of(), r.notes());
        RcomNamesReply nr = assertInstanceOf(RcomNamesReply.class, r.payload());
        assertEquals(3, nr.names().size());
        assertArrayEquals(ascii("hot001"), nr.names().get(0));
        assertArrayEquals(ascii("hot002"), nr.names().get(1));
        assertArrayEquals(ascii("cold17x"), nr.names().get(2));
        assertSame(NamesEnd.END_OF_LIST, nr.end());
        assertEquals(2 + 6 + 2 + 6 + 2 + 7 + 2, nr.listLength());
        RecordingVisitor v = RecordingVisitor.walk(r);
        assertEquals(keys("names[0]", "names[1]", "names[2]", "names_end"), v.paths());
        commonFields(v, 4072, 6, "NAMES_REPLY");
        v.bytes("names[0]", 50, ascii("hot001"), true);
        v.bytes("names[1]", 58, ascii("hot002"), true);
        v.bytes("names[2]", 66, ascii("cold17x"), true);
        v.num("names_end", 73, 2, 0xFFFF, Display.ENUM, "end_of_list");
        assertEquals(new RecordingVisitor.Container("names", true, 48, 25), v.container("names"));
        assertEquals("NAMES_REPLY 3 names end_of_list", r.info());

        byte[] chunk = DlmBytes.rcom(DlmBytes.V32, 1, 1, 6, 0, 6, 9, 9, DlmBytes.namesList(0, 4024, "a"));
        DlmRcom rc = rcom(chunk);
        assertSame(NamesEnd.END_OF_CHUNK, ((RcomNamesReply) rc.payload()).end());
        RecordingVisitor.walk(rc).num("names_end", 51, 2, 0, Display.ENUM, "end_of_chunk");
        assertEquals("NAMES_REPLY 1 name end_of_chunk", rc.info());

        DlmRcom none = rcom(DlmBytes.rcom(DlmBytes.V32, 1, 1, 6, 0, 6, 9, 9, DlmBytes.namesList(0xFFFF, 4024)));
        assertEquals(List.of(), none.errors());
        assertEquals("NAMES_REPLY 0 names end_of_list", none.info());
    }

    @Test
    void lookup() {
        byte[] b = DlmBytes.rcom(DlmBytes.V31, DlmBytes.LOCKSPACE, 1, 3, 0, 0x1234, 9, 0, ascii("hot001"));
        DlmRcom r = rcom(b);
        assertEquals(List.of(), r.errors());
        assertArrayEquals(ascii("hot001"), ((RcomLookup) r.payload()).name());
        RecordingVisitor v = RecordingVisitor.walk(r);
        assertEquals(keys("name"), v.paths());
        v.assertContiguous(0, b.length);
        commonFields(v, 54, 3, "LOOKUP");
        v.num("id", 24, 8, 0x1234, Display.HEX, null);
        v.bytes("name", 48, ascii("hot001"), true);
        assertEquals("LOOKUP name=\"hot001\"", r.info());
    }

    @Test
    void lookupReply() {
        byte[] b = DlmBytes.rcom(DlmBytes.V31, DlmBytes.LOCKSPACE, 2, 7, 2, 0x1234, 9, 9, new byte[0]);
        DlmRcom r = rcom(b);
        assertEquals(List.of(), r.errors());
        assertSame(RcomEmpty.INSTANCE, r.payload());
        RecordingVisitor v = RecordingVisitor.walk(r);
        assertEquals(RC, v.paths());
        v.assertContiguous(0, 48);
        commonFields(v, 48, 7, "LOOKUP_REPLY");
        v.num("result", 20, 4, 2, Display.DEC, null);
        assertEquals("Master node ID", v.field("result").label());
        assertEquals("LOOKUP_REPLY master=2", r.info());

        DlmRcom neg = rcom(DlmBytes.rcom(DlmBytes.V31, 1, 2, 7, -53, 1, 9, 9, new byte[0]));
        RecordingVisitor.walk(neg).num("result", 20, 4, -53, Display.ERRNO, "-EBADR");
        assertEquals("LOOKUP_REPLY result=-EBADR", neg.info());
    }

    @Test
    void lock() {
        byte[] lvb = Bytes.seq(32, 0x60);
        byte[] payload = DlmBytes.rcomLock(99, 0x1a, 0, 0x8, 0x1, 5, 0, -1, 5, 2, 1, 0, "hot001", lvb);
        byte[] b = DlmBytes.rcom(DlmBytes.V31, DlmBytes.LOCKSPACE, 1, 4, 0, 0xffff8881deadbeefL, 9, 0, payload);
        assertEquals(188, b.length);
        DlmRcom r = rcom(b);
        assertEquals(List.of(), r.errors());
        assertEquals(List.of(), r.notes());
        RcomLock l = assertInstanceOf(RcomLock.class, r.payload());
        assertEquals(99, l.ownpid());
        assertEquals(0x1a, l.lkid());
        assertEquals(0, l.remid());
        assertEquals(0x8, l.exflags());
        assertEquals(0x1, l.flags());
        assertEquals(5, l.lvbseq());
        assertEquals(0, l.result());
        assertEquals(-1, l.rqmode());
        assertEquals(5, l.grmode());
        assertEquals(2, l.status());
        assertEquals(1, l.asts());
        assertEquals(0, l.waitType());
        assertEquals(6, l.namelen());
        assertArrayEquals(ascii("hot001"), l.name());
        assertArrayEquals(lvb, l.lvb());
        RecordingVisitor v = RecordingVisitor.walk(r);
        String p = "rcom_lock.";
        assertEquals(keys(p + "ownpid", p + "lkid", p + "remid", p + "parent_lkid", p + "parent_remid", p + "exflags",
                p + "flags", p + "lvbseq", p + "result", p + "rqmode", p + "grmode", p + "status", p + "asts",
                p + "wait_type", p + "namelen", p + "name", p + "lvb"), v.paths());
        commonFields(v, 188, 4, "LOCK");
        v.num("id", 24, 8, 0xffff8881deadbeefL, Display.HEX, null);
        v.num(p + "ownpid", 48, 4, 99, Display.DEC, null);
        v.num(p + "lkid", 52, 4, 0x1a, Display.HEX, null);
        v.num(p + "remid", 56, 4, 0, Display.HEX, null);
        v.num(p + "parent_lkid", 60, 4, 0);
        v.num(p + "parent_remid", 64, 4, 0);
        v.num(p + "exflags", 68, 4, 8, Display.FLAGS, "VALBLK");
        v.num(p + "flags", 72, 4, 1, Display.FLAGS, "USER");
        v.num(p + "lvbseq", 76, 4, 5, Display.DEC, null);
        v.num(p + "result", 80, 4, 0, Display.ERRNO, null);
        v.num(p + "rqmode", 84, 1, -1, Display.ENUM, "IV");
        v.num(p + "grmode", 85, 1, 5, Display.ENUM, "EX");
        v.num(p + "status", 86, 1, 2, Display.ENUM, "GRANTED");
        v.num(p + "asts", 87, 1, 1, Display.FLAGS, "CAST");
        v.num(p + "wait_type", 88, 2, 0, Display.ENUM, null);
        v.num(p + "namelen", 90, 2, 6, Display.DEC, null);
        v.bytes(p + "name", 92, ascii("hot001"), true);
        v.bytes(p + "lvb", 156, lvb, false);
        assertEquals(new RecordingVisitor.Container("rcom_lock", false, 48, 140), v.container("rcom_lock"));
        assertEquals("LOCK lkid=0x1a remid=0 gr=EX rq=IV status=GRANTED name=\"hot001\"", r.info());
    }

    @Test
    void lockWaitingForAConvertReply() {
        byte[] payload = DlmBytes.rcomLock(1, 2, 0, 0x4, 0, 0, 0, 3, 1, 3, 0, 6, "x", new byte[0]);
        DlmRcom r = rcom(DlmBytes.rcom(DlmBytes.V31, 1, 1, 4, 0, 1, 9, 0, payload));
        RecordingVisitor v = RecordingVisitor.walk(r);
        v.num("rcom_lock.wait_type", 88, 2, 6, Display.ENUM, "CONVERT_REPLY");
        v.num("rcom_lock.status", 86, 1, 3, Display.ENUM, "CONVERT");
        v.num("rcom_lock.exflags", 68, 4, 4, Display.FLAGS, "CONVERT");
        assertEquals(false, v.has("rcom_lock.lvb"));
    }

    @Test
    void lockReply() {
        byte[] payload = DlmBytes.rcomLock(99, 0x1a, 0x33, 0, 0, 0, -17, 3, 3, 2, 0, 0, "hot001", new byte[0]);
        byte[] b = DlmBytes.rcom(DlmBytes.V31, DlmBytes.LOCKSPACE, 2, 8, 0, 0xabc, 9, 9, payload);
        assertEquals(156, b.length);
        DlmRcom r = rcom(b);
        assertEquals(List.of(), r.errors());
        assertEquals(List.of(), r.notes());
        RecordingVisitor v = RecordingVisitor.walk(r);
        commonFields(v, 156, 8, "LOCK_REPLY");
        v.num("rcom_lock.remid", 56, 4, 0x33, Display.HEX, null);
        v.num("rcom_lock.result", 80, 4, -17, Display.ERRNO, "-EEXIST");
        v.bytes("rcom_lock.name", 92, ascii("hot001"), true);
        assertEquals(false, v.has("rcom_lock.lvb"));
        assertEquals("LOCK_REPLY lkid=0x1a remid=0x33 result=-EEXIST", r.info());
    }

    @Test
    void unknownRcomTypeKeepsRawBytes() {
        byte[] b = DlmBytes.rcom(DlmBytes.V32, 1, 1, 9, 0, 1, 0, 0, Bytes.seq(5, 1));
        DlmRcom r = rcom(b);
        assertEquals(List.of("unknown rc_type 9 (\"receive_rcom bad type\")"), r.errors());
        assertArrayEquals(Bytes.seq(5, 1), ((RcomRaw) r.payload()).bytes());
        RecordingVisitor v = RecordingVisitor.walk(r);
        assertEquals(keys("buf"), v.paths());
        v.num("type", 16, 4, 9, Display.ENUM, null);
        v.bytes("buf", 48, Bytes.seq(5, 1), false);
        assertEquals(List.of(new RecordingVisitor.Issue(16, r.errors().get(0))), v.errors);
        assertEquals("RCOM type=9", r.info());
    }
}
