package org.dlminspect.dlm;

import static org.dlminspect.dlm.Bytes.ascii;
import static org.dlminspect.dlm.Bytes.decode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dlminspect.schema.Display;
import org.dlminspect.testkit.DlmBytes;
import org.junit.jupiter.api.Test;

/** Where Wireshark's packet-dlm3.c is wrong (reference §5.2), decoded the kernel's way. */
class WiresharkDefectsTest {
    static final int V32 = DlmBytes.V32;
    static final int LS = DlmBytes.LOCKSPACE;

    /** §5.2.1: an unwrapped 3.2 RCOM_STATUS is decoded from offset 16, not shifted by 16 with rc_seq as its type. */
    @Test
    void unwrapped32RcomStatus() {
        byte[] b = DlmBytes.rcom(V32, LS, 2, 1, 0, 5, 3, 0, DlmBytes.rcomStatus(1));
        DlmRcom r = assertInstanceOf(DlmRcom.class, decode(b));
        assertEquals(List.of(), r.errors());
        assertEquals(RcomType.STATUS, r.rcomType());
        assertEquals("STATUS id=5 flags=NEED_SLOTS", r.info());
        RecordingVisitor v = RecordingVisitor.walk(r);
        // the union is the lockspace id here, not a sequence number
        v.num("lockspace", 4, 4, LS, Display.HEX, null);
        assertFalse(v.has("seq") && v.field("seq").offset() == 4);
        v.num("type", 16, 4, 1, Display.ENUM, "STATUS");
        v.num("seq", 32, 8, 3);
        assertNotEquals("LOOKUP", v.field("type").meaning());
        v.num("rcom_status.flags", 48, 4, 1, Display.FLAGS, "NEED_SLOTS");
        // and a 6.1-era unwrapped NAMES_REPLY
        DlmRcom nr = assertInstanceOf(DlmRcom.class,
                decode(DlmBytes.rcom(V32, LS, 1, 6, 0, 5, 3, 3, DlmBytes.namesList(0xFFFF, 4024, "n1"))));
        assertEquals(List.of(), nr.errors());
        assertEquals("NAMES_REPLY 1 name end_of_list", nr.info());
    }

    /** §5.2.2: options are read field by field and the inner message is still decoded when o_optlen > 0. */
    @Test
    void optsWithOptionsStillDecodesTheInnerMessage() {
        byte[] opt = DlmBytes.le(8).putShort((short) 0x11).putShort((short) 0).putInt(0).array();
        byte[] b = DlmBytes.opts(V32, 1, 9, 2, opt, DlmBytes.rcom(V32, LS, 1, 7, 2, 8, 3, 3, new byte[0]));
        DlmOpts o = assertInstanceOf(DlmOpts.class, decode(b));
        assertEquals(List.of(), o.errors());
        assertEquals(0x11, o.options().get(0).type());
        assertEquals(0, o.options().get(0).length());
        DlmRcom r = assertInstanceOf(DlmRcom.class, o.inner());
        assertEquals(32, r.offset());
        assertEquals("LOOKUP_REPLY master=2", o.info());
    }

    /** §5.2.3: the FIN inside an OPTS is decoded with its own header. */
    @Test
    void finInOpts() {
        DlmOpts o = assertInstanceOf(DlmOpts.class, decode(DlmBytes.fin(2, 812)));
        DlmFin f = assertInstanceOf(DlmFin.class, o.inner());
        assertEquals(List.of(), o.errors());
        assertEquals(new DlmHeader(0x00030002L, 0, 2, 16, 5, 0), f.header());
        RecordingVisitor v = RecordingVisitor.walk(o);
        v.num("inner.cmd", 38, 1, 5, Display.ENUM, "FIN");
        v.num("inner.nodeid", 32, 4, 2);
        v.num("seq", 4, 4, 812);
        assertEquals("FIN", o.info());
    }

    /** §5.2.4: rcom_config in its 32-byte layout with generation and the slot table; lsflags are lockspace flags. */
    @Test
    void rcomConfigNewLayoutWithSlots() {
        byte[] cfg = DlmBytes.rcomConfig(64, 0x2, 2, 7, 1, 1, 2, 2);
        DlmRcom r = assertInstanceOf(DlmRcom.class, decode(DlmBytes.rcom(V32, LS, 1, 5, 0xff, 5, 3, 3, cfg)));
        assertEquals(List.of(), r.errors());
        RcomConfig c = (RcomConfig) r.payload();
        assertEquals(2, c.ourSlot());
        assertEquals(2, c.numSlots());
        assertEquals(7, c.generation());
        assertEquals(List.of(new RcomSlot(1, 1, 0, 0), new RcomSlot(2, 2, 0, 0)), c.slots());
        RecordingVisitor v = RecordingVisitor.walk(r);
        v.num("rcom_config.lsflags", 52, 4, 2, Display.FLAGS, "TIMEWARN");
        assertNotEquals(FlagTable.of(LockFlag.class).describe(2), v.field("rcom_config.lsflags").meaning());
        v.num("rcom_config.our_slot", 60, 2, 2);
        v.num("rcom_config.num_slots", 62, 2, 2);
        v.num("rcom_config.generation", 64, 4, 7);
        v.num("rcom_config.slots[1].nodeid", 96, 4, 2);
        v.num("rcom_config.slots[1].slot", 100, 2, 2);
        v.num("result", 20, 4, 0xff, Display.FLAGS, "NODES|NODES_ALL|DIR|DIR_ALL|LOCKS|LOCKS_ALL|DONE|DONE_ALL");
    }

    /** §5.2.5: rl_status is a lock status; 2 is "granted", not "recovering all nodes". */
    @Test
    void rlStatusIsLockStatus() {
        byte[] lock = DlmBytes.rcomLock(1, 5, 0, 0, 0, 0, 0, 3, 3, 2, 0, 0, "r", new byte[0]);
        DlmOpts o = assertInstanceOf(DlmOpts.class, decode(DlmBytes.opts(1, 4, DlmBytes.rcom(V32, LS, 1, 4, 0, 1, 3, 0, lock))));
        assertEquals(List.of(), o.errors());
        DlmRcom r = assertInstanceOf(DlmRcom.class, o.inner());
        assertEquals(2, ((RcomLock) r.payload()).status());
        RecordingVisitor v = RecordingVisitor.walk(o);
        v.num("inner.rcom_lock.status", 24 + 86, 1, 2, Display.ENUM, "GRANTED");
        assertEquals(LockStatus.GRANTED, LockStatus.fromWire(2));
        assertNotEquals(FlagTable.of(RecoveryStatus.class).describe(2), v.field("inner.rcom_lock.status").meaning());
        assertTrue(r.info().contains("status=GRANTED"), r.info());
    }

    /** §5.2.6: an inner MSG is checked against 88 (not 48) and its header shows its own version. */
    @Test
    void innerMessageCheckedAgainst88WithItsOwnVersion() {
        byte[] inner = DlmBytes.patch16(java.util.Arrays.copyOf(DlmBytes.msg(DlmBytes.V31, LS, 1, DlmBytes.Msg.of(4)), 60), 12, 60);
        DlmOpts o = assertInstanceOf(DlmOpts.class, decode(DlmBytes.opts(V32, 1, 1, 1, new byte[0], inner)));
        assertTrue(o.errors().contains("inner msg too small: 60 (a DLM_MSG needs 88 bytes)"), o.errors().toString());
        RecordingVisitor v = RecordingVisitor.walk(o);
        v.num("version", 0, 4, 0x00030002L, Display.HEX, "3.2");
        v.num("inner.version", 24, 4, 0x00030001L, Display.HEX, "3.1");
    }

    /** §5.2.7: names, STATUS_REPLY bits, LOOKUP_REPLY nodeid and m_extra as name vs LVB. */
    @Test
    void payloadsWiresharkLeavesUndecoded() {
        DlmRcom nr = assertInstanceOf(DlmRcom.class,
                decode(DlmBytes.rcom(V32, LS, 1, 6, 0, 5, 3, 3, DlmBytes.namesList(0, 4024, "a", "bb"))));
        RecordingVisitor v = RecordingVisitor.walk(nr);
        v.bytes("names[0]", 50, ascii("a"), true);
        v.bytes("names[1]", 53, ascii("bb"), true);
        v.num("names_end", 55, 2, 0, Display.ENUM, "end_of_chunk");

        RecordingVisitor lk = RecordingVisitor.walk(decode(DlmBytes.opts(1, 1, DlmBytes.rcom(V32, LS, 1, 3, 0, 1, 3, 0, ascii("res")))));
        lk.bytes("inner.name", 24 + 48, ascii("res"), true);

        RecordingVisitor sr = RecordingVisitor.walk(decode(DlmBytes.rcom(V32, LS, 1, 5, 0x15, 5, 3, 3, DlmBytes.rcomConfig(32, 0, 1, 1))));
        sr.num("result", 20, 4, 0x15, Display.FLAGS, "NODES|DIR|LOCKS");

        RecordingVisitor lr = RecordingVisitor.walk(decode(DlmBytes.opts(1, 1, DlmBytes.rcom(V32, LS, 1, 7, 3, 1, 3, 3, new byte[0]))));
        lr.num("inner.result", 44, 4, 3, Display.DEC, null);

        RecordingVisitor req = RecordingVisitor.walk(decode(DlmBytes.opts(1, 1,
                DlmBytes.msg(V32, LS, 1, DlmBytes.Msg.of(1).name("hot001")))));
        req.bytes("inner.name", 24 + 88, ascii("hot001"), true);
        RecordingVisitor conv = RecordingVisitor.walk(decode(DlmBytes.opts(1, 1,
                DlmBytes.msg(V32, LS, 1, DlmBytes.Msg.of(2).extra(Bytes.seq(32, 0))))));
        conv.bytes("inner.lvb", 24 + 88, Bytes.seq(32, 0), false);
    }

    /** §5.2.8: m_nodeid is not the receiver; results Wireshark cannot name; ≤ 6.3 high m_flags bits. */
    @Test
    void labelsAndValueStrings() {
        RecordingVisitor v = RecordingVisitor.walk(decode(DlmBytes.msg(DlmBytes.V31, LS, 1, DlmBytes.Msg.of(5).nodeid(2))));
        assertTrue(!v.field("m_nodeid").label().toLowerCase().contains("receiver"));
        assertEquals("-ENOENT", DlmErrno.nameOf(-2));
        assertEquals("-EBUSY", DlmErrno.nameOf(-16));
        assertEquals("-ENOTBLK", DlmErrno.nameOf(-15));
        assertEquals("-ESRCH", DlmErrno.nameOf(-3));
        assertEquals("-EAGAIN", DlmErrno.nameOf(-11));
        assertEquals("-EDEADLK", DlmErrno.nameOf(-35));
        assertEquals("-EINVAL", DlmErrno.nameOf(-22));
        assertEquals("-ENOMEM", DlmErrno.nameOf(-12));
        assertEquals("MSTCPY", FlagTable.of(DistributedFlag.class).describe(0x10000));
        assertTrue(DistributedFlag.MSTCPY.isInternal());
        assertFalse(DistributedFlag.USER.isInternal());
    }
}
