package org.dlminspect.dlm;

import static org.dlminspect.dlm.Bytes.ascii;
import static org.dlminspect.dlm.Bytes.decode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dlminspect.schema.Display;
import org.dlminspect.testkit.DlmBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every DLM_MSG type (reference §2.5, §2.6): every field of the record and of the walk. */
class DlmMessageDecodeTest {
    static final String[] NAMES = {null, "REQUEST", "CONVERT", "UNLOCK", "CANCEL", "REQUEST_REPLY", "CONVERT_REPLY",
        "UNLOCK_REPLY", "CANCEL_REPLY", "GRANT", "BAST", "LOOKUP", "REMOVE", "LOOKUP_REPLY", "PURGE"};
    static final List<String> HEADER_KEYS = List.of("version", "lockspace", "nodeid", "length", "cmd", "pad");
    static final List<String> MSG_KEYS = List.of("type", "m_nodeid", "pid", "lkid", "remid", "parent_lkid",
            "parent_remid", "exflags", "sbflags", "flags", "lvbseq", "hash", "status", "grmode", "rqmode", "bastmode",
            "asts", "result");

    static byte[] extraFor(int type) {
        return switch (type) {
            case 1, 11, 12 -> ascii("hot001");
            case 2, 3, 5, 6, 9 -> Bytes.seq(32, 0x40);
            default -> new byte[0];
        };
    }

    static DlmBytes.Msg full(int type) {
        return DlmBytes.Msg.of(type).nodeid(7).pid(1234).lkid(0x1a).remid(0x2b).exflags(0x9).sbflags(0x1)
                .flags(0x10001).lvbseq(77).hash(0xdeadbeef).status(2).modes(3, 5).bastmode(4).asts(3).result(-115)
                .extra(extraFor(type));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14})
    void everyTypeDecodesEveryField(int type) {
        byte[] bytes = DlmBytes.msg(DlmBytes.V31, DlmBytes.LOCKSPACE, 3, full(type));
        DlmPdu pdu = decode(bytes);
        DlmMessage m = assertInstanceOf(DlmMessage.class, pdu);
        assertEquals(List.of(), m.errors());
        assertEquals(List.of(), m.notes());
        assertFalse(m.truncated());
        assertEquals(0, m.offset());
        assertEquals(bytes.length, m.captured());

        assertEquals(new DlmHeader(0x00030001L, 0x4c41424cL, 3, bytes.length, 1, 0), m.header());
        assertEquals(type, m.type());
        assertEquals(DlmMessageType.valueOf(NAMES[type]), m.messageType());
        assertEquals(7, m.nodeid());
        assertEquals(1234, m.pid());
        assertEquals(0x1a, m.lkid());
        assertEquals(0x2b, m.remid());
        assertEquals(0, m.parentLkid());
        assertEquals(0, m.parentRemid());
        assertEquals(0x9, m.exflags());
        assertEquals(0x1, m.sbflags());
        assertEquals(0x10001, m.flags());
        assertEquals(77, m.lvbseq());
        assertEquals(0xdeadbeef, m.hash());
        assertEquals(2, m.status());
        assertEquals(3, m.grmode());
        assertEquals(5, m.rqmode());
        assertEquals(LockMode.PR, m.grantedMode());
        assertEquals(LockMode.EX, m.requestedMode());
        assertEquals(4, m.bastmode());
        assertEquals(3, m.asts());
        assertEquals(-115, m.result());
        assertArrayEquals(extraFor(type), m.extra());
        assertEquals(extraFor(type).length, m.extraLength());

        RecordingVisitor r = RecordingVisitor.walk(pdu);
        List<String> keys = new ArrayList<>(HEADER_KEYS);
        keys.addAll(MSG_KEYS);
        DlmMessage.Extra content = DlmMessage.extraContentOf(type);
        if (content == DlmMessage.Extra.NAME) {
            keys.add("name");
        } else if (content == DlmMessage.Extra.LVB) {
            keys.add("lvb");
        }
        assertEquals(keys, r.paths());
        r.assertContiguous(0, bytes.length);
        assertEquals(List.of(), r.errors);

        r.num("version", 0, 4, 0x00030001L, Display.HEX, "3.1");
        r.num("lockspace", 4, 4, 0x4c41424cL, Display.HEX, null);
        r.num("nodeid", 8, 4, 3, Display.DEC, null);
        r.num("length", 12, 2, bytes.length, Display.DEC, null);
        r.num("cmd", 14, 1, 1, Display.ENUM, "MSG");
        r.num("pad", 15, 1, 0, Display.DEC, null);
        r.num("type", 16, 4, type, Display.ENUM, NAMES[type]);
        r.num("m_nodeid", 20, 4, 7, Display.DEC, null);
        r.num("pid", 24, 4, 1234, Display.DEC, null);
        r.num("lkid", 28, 4, 0x1a, Display.HEX, null);
        r.num("remid", 32, 4, 0x2b, Display.HEX, null);
        r.num("parent_lkid", 36, 4, 0, Display.HEX, null);
        r.num("parent_remid", 40, 4, 0, Display.HEX, null);
        r.num("exflags", 44, 4, 0x9, Display.FLAGS, "NOQUEUE|VALBLK");
        r.num("sbflags", 48, 4, 0x1, Display.FLAGS, "DEMOTED");
        r.num("flags", 52, 4, 0x10001, Display.FLAGS, "USER|MSTCPY");
        r.num("lvbseq", 56, 4, 77, Display.DEC, null);
        r.num("hash", 60, 4, 0xdeadbeefL, Display.HEX, null);
        r.num("status", 64, 4, 2, Display.ENUM, "GRANTED");
        r.num("grmode", 68, 4, 3, Display.ENUM, "PR");
        r.num("rqmode", 72, 4, 5, Display.ENUM, "EX");
        r.num("bastmode", 76, 4, 4, Display.ENUM, "PW");
        r.num("asts", 80, 4, 3, Display.FLAGS, "CAST|BAST");
        r.num("result", 84, 4, -115, Display.ERRNO, "-EINPROGRESS");
        if (content == DlmMessage.Extra.NAME) {
            r.bytes("name", 88, ascii("hot001"), true);
            assertArrayEquals(ascii("hot001"), m.name());
            assertNull(m.lvb());
        } else if (content == DlmMessage.Extra.LVB) {
            r.bytes("lvb", 88, Bytes.seq(32, 0x40), false);
            assertArrayEquals(Bytes.seq(32, 0x40), m.lvb());
            assertNull(m.name());
        } else {
            assertNull(m.name());
            assertNull(m.lvb());
        }
    }

    @Test
    void extraContentFollowsTheReferenceTable() {
        for (int t : new int[] {1, 11, 12}) {
            assertEquals(DlmMessage.Extra.NAME, DlmMessage.extraContentOf(t), "type " + t);
        }
        for (int t : new int[] {2, 3, 5, 6, 9}) {
            assertEquals(DlmMessage.Extra.LVB, DlmMessage.extraContentOf(t), "type " + t);
        }
        for (int t : new int[] {4, 7, 8, 10, 13, 14}) {
            assertEquals(DlmMessage.Extra.NONE, DlmMessage.extraContentOf(t), "type " + t);
        }
        for (int t : new int[] {0, 15, -1, 1000}) {
            assertEquals(DlmMessage.Extra.UNKNOWN, DlmMessage.extraContentOf(t), "type " + t);
        }
    }

    @Test
    void wrappedRequestHasOffsetsRelativeToTheOuterMessage() {
        byte[] inner = DlmBytes.msg(DlmBytes.V32, DlmBytes.LOCKSPACE, 2, full(1));
        byte[] bytes = DlmBytes.opts(2, 41, inner);
        DlmOpts o = assertInstanceOf(DlmOpts.class, decode(bytes));
        assertEquals(List.of(), o.errors());
        DlmMessage m = assertInstanceOf(DlmMessage.class, o.inner());
        assertEquals(24, m.offset());
        assertEquals(0x1a, m.lkid());
        RecordingVisitor r = RecordingVisitor.walk(o);
        r.num("inner.version", 24, 4, 0x00030002L, Display.HEX, "3.2");
        r.num("inner.lockspace", 28, 4, 0x4c41424cL);
        r.num("inner.cmd", 38, 1, 1, Display.ENUM, "MSG");
        r.num("inner.type", 40, 4, 1, Display.ENUM, "REQUEST");
        r.num("inner.m_nodeid", 44, 4, 7);
        r.num("inner.lkid", 52, 4, 0x1a);
        r.num("inner.result", 108, 4, -115);
        r.bytes("inner.name", 112, ascii("hot001"), true);
        r.assertContiguous(0, bytes.length);
        assertEquals(new RecordingVisitor.Container("inner", false, 24, inner.length), r.container("inner"));
    }

    @Test
    void infoStrings() {
        assertEquals("REQUEST lkid=0x1a remid=0x2b rq=EX gr=PR name=\"hot001\"", info(full(1)));
        assertEquals("REQUEST lkid=0x1a remid=0 rq=EX gr=IV name=\"hot001\"",
                info(DlmBytes.Msg.of(1).lkid(0x1a).modes(-1, 5).name("hot001")));
        assertEquals("CONVERT lkid=0x1a remid=0x2b rq=EX gr=PR", info(full(2)));
        assertEquals("UNLOCK lkid=0x1a remid=0x2b", info(full(3)));
        assertEquals("CANCEL lkid=0x1a remid=0x2b", info(full(4)));
        assertEquals("REQUEST_REPLY lkid=0x1a remid=0x2b result=-EINPROGRESS", info(full(5)));
        assertEquals("CONVERT_REPLY lkid=0x1a remid=0x2b result=0", info(full(6).result(0)));
        assertEquals("UNLOCK_REPLY lkid=0x1a remid=0x2b result=-DLM_EUNLOCK", info(full(7).result(-65538)));
        assertEquals("CANCEL_REPLY lkid=0x1a remid=0x2b result=-DLM_ECANCEL", info(full(8).result(-65537)));
        assertEquals("GRANT lkid=0x1a remid=0x2b gr=PR", info(full(9)));
        assertEquals("BAST lkid=0x1a remid=0x2b mode=PW", info(full(10)));
        assertEquals("LOOKUP lkid=0x1a name=\"hot001\"", info(full(11)));
        assertEquals("REMOVE name=\"hot001\"", info(full(12)));
        assertEquals("LOOKUP_REPLY lkid=0x1a master=7 result=-EINPROGRESS", info(full(13)));
        assertEquals("PURGE nodeid=7 pid=1234", info(full(14)));
        assertEquals("MSG type=99 lkid=0x1a remid=0x2b", info(full(1).extra(new byte[0]).lkid(0x1a), 99));
        assertEquals("REQUEST lkid=0x1 remid=0 rq=NL gr=IV name=\"a\\x22b\\x5cc\\x1b[31m\\xff\"",
                info(DlmBytes.Msg.of(1).lkid(1).modes(-1, 0).extra(ascii("a\"b\\c\u001b[31m\u00ff"))));
    }

    private static String info(DlmBytes.Msg m) {
        return decode(DlmBytes.msg(DlmBytes.V31, DlmBytes.LOCKSPACE, 1, m)).info();
    }

    private static String info(DlmBytes.Msg m, int type) {
        byte[] b = DlmBytes.patch32(DlmBytes.msg(DlmBytes.V31, DlmBytes.LOCKSPACE, 1, m), 16, type);
        return decode(b).info();
    }

    @Test
    void signedAndUnsignedValuesKeepTheirSign() {
        DlmBytes.Msg m = DlmBytes.Msg.of(13).nodeid(-1).pid(0xfffffffe).lkid(0x80000001).modes(-1, -1).bastmode(-1)
                .result(-53).exflags(0x80000000 | 0x40000).flags(0x2 | 0x1000000 | 0x8000);
        DlmPdu pdu = decode(DlmBytes.msg(DlmBytes.V31, 1, 1, m));
        RecordingVisitor r = RecordingVisitor.walk(pdu);
        r.num("m_nodeid", 20, 4, -1, Display.DEC, null);
        r.num("pid", 24, 4, 0xfffffffeL, Display.DEC, null);
        r.num("lkid", 28, 4, 0x80000001L, Display.HEX, null);
        r.num("grmode", 68, 4, -1, Display.ENUM, "IV");
        r.num("bastmode", 76, 4, -1, Display.ENUM, "IV");
        r.num("result", 84, 4, -53, Display.ERRNO, "-EBADR");
        r.num("exflags", 44, 4, 0x80040000L, Display.FLAGS, "TIMEOUT|0x80000000");
        r.num("flags", 52, 4, 0x1008002L, Display.FLAGS, "ORPHAN|DEADLOCK_CANCEL|0x8000");
        r.num("status", 64, 4, 0, Display.ENUM, null);
        r.num("asts", 80, 4, 0, Display.FLAGS, "");
        assertTrue(pdu.errors().isEmpty(), pdu.errors().toString());
        assertEquals("LOOKUP_REPLY lkid=0x80000001 master=-1 result=-EBADR", pdu.info());
    }

    @Test
    void oldKernelInternalFlagsAreNamedAndNotErrors() {
        int all = 0x1 | 0x2 | 0x10000 | 0x20000 | 0x40000 | 0x80000 | 0x100000 | 0x200000 | 0x400000 | 0x800000 | 0x1000000;
        DlmPdu pdu = decode(DlmBytes.msg(DlmBytes.V31, 1, 1, DlmBytes.Msg.of(5).flags(all)));
        assertEquals(List.of(), pdu.errors());
        assertEquals(List.of(), pdu.notes());
        RecordingVisitor.walk(pdu).num("flags", 52, 4, Integer.toUnsignedLong(all), Display.FLAGS,
                "USER|ORPHAN|MSTCPY|RESEND|DEAD|OVERLAP_UNLOCK|OVERLAP_CANCEL|ENDOFLIFE|WATCH_TIMEWARN|TIMEOUT_CANCEL|DEADLOCK_CANCEL");
    }
}
