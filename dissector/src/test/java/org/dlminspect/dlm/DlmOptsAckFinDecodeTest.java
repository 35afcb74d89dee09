package org.dlminspect.dlm;

import static org.dlminspect.dlm.Bytes.decode;
import static org.dlminspect.dlm.Bytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.dlminspect.schema.Display;
import org.dlminspect.testkit.DlmBytes;
import org.junit.jupiter.api.Test;

/** DLM_OPTS, DLM_ACK and DLM_FIN (reference §2.9, §2.10), with the byte examples of §2.13. */
class DlmOptsAckFinDecodeTest {

    @Test
    void referenceAckExample() {
        byte[] b = hex("02 00 03 00  01 00 00 00  01 00 00 00  10 00  04  00");
        assertArrayEquals(DlmBytes.ack(1, 1), b);
        DlmAck a = assertInstanceOf(DlmAck.class, decode(b));
        assertEquals(List.of(), a.errors());
        assertEquals(List.of(), a.notes());
        assertFalse(a.truncated());
        assertEquals(new DlmHeader(0x00030002L, 1, 1, 16, 4, 0), a.header());
        assertEquals(1, a.nextExpected());
        assertEquals(0, a.extra().length);
        RecordingVisitor v = RecordingVisitor.walk(a);
        assertEquals(List.of("version", "seq", "nodeid", "length", "cmd", "pad"), v.paths());
        v.assertContiguous(0, 16);
        v.num("version", 0, 4, 0x00030002L, Display.HEX, "3.2");
        v.num("seq", 4, 4, 1, Display.DEC, null);
        v.num("nodeid", 8, 4, 1, Display.DEC, null);
        v.num("length", 12, 2, 16, Display.DEC, null);
        v.num("cmd", 14, 1, 4, Display.ENUM, "ACK");
        v.num("pad", 15, 1, 0, Display.DEC, null);
        assertEquals("ACK next=1", a.info());
        assertEquals("ACK next=1234", decode(DlmBytes.ack(2, 1234)).info());
        assertEquals("ACK next=4294967295", decode(DlmBytes.ack(2, -1)).info());
    }

    @Test
    void referenceFinExample() {
        byte[] b = hex("02 00 03 00  01 00 00 00  01 00 00 00  28 00  03  00 | 05 00 00 00 00 00 00 00 | "
                + "02 00 03 00  00 00 00 00  01 00 00 00  10 00  05  00");
        assertArrayEquals(DlmBytes.fin(1, 1), b);
        DlmOpts o = assertInstanceOf(DlmOpts.class, decode(b));
        assertEquals(List.of(), o.errors());
        assertEquals(List.of(), o.notes());
        assertEquals(new DlmHeader(0x00030002L, 1, 1, 40, 3, 0), o.header());
        assertEquals(1, o.seq());
        assertEquals(5, o.nextcmd());
        assertEquals(0, o.optlen());
        DlmFin f = assertInstanceOf(DlmFin.class, o.inner());
        assertEquals(new DlmHeader(0x00030002L, 0, 1, 16, 5, 0), f.header());
        assertEquals(24, f.offset());
        assertEquals(List.of(), f.errors());
        RecordingVisitor v = RecordingVisitor.walk(o);
        assertEquals(List.of("version", "seq", "nodeid", "length", "cmd", "pad", "nextcmd", "opt_pad", "optlen",
                "opt_pad2", "inner.version", "inner.lockspace", "inner.nodeid", "inner.length", "inner.cmd",
                "inner.pad"), v.paths());
        v.assertContiguous(0, 40);
        v.num("seq", 4, 4, 1, Display.DEC, null);
        v.num("length", 12, 2, 40);
        v.num("cmd", 14, 1, 3, Display.ENUM, "OPTS");
        v.num("nextcmd", 16, 1, 5, Display.ENUM, "FIN");
        v.num("opt_pad", 17, 1, 0);
        v.num("optlen", 18, 2, 0);
        v.num("opt_pad2", 20, 4, 0);
        v.num("inner.version", 24, 4, 0x00030002L, Display.HEX, "3.2");
        v.num("inner.lockspace", 28, 4, 0, Display.HEX, null);
        v.num("inner.nodeid", 32, 4, 1);
        v.num("inner.length", 36, 2, 16);
        v.num("inner.cmd", 38, 1, 5, Display.ENUM, "FIN");
        assertEquals(new RecordingVisitor.Container("inner", false, 24, 16), v.container("inner"));
        assertEquals("FIN", o.info());
    }

    @Test
    void optsInfoIsTheInnerInfo() {
        byte[] inner = DlmBytes.rcom(DlmBytes.V32, DlmBytes.LOCKSPACE, 2, 5, 0x3, 7, 1, 1,
                DlmBytes.rcomConfig(32, 0, 0, 2));
        DlmOpts o = assertInstanceOf(DlmOpts.class, decode(DlmBytes.opts(2, 100, inner)));
        assertEquals(List.of(), o.errors());
        assertEquals("STATUS_REPLY result=NODES|NODES_ALL id=7 gen=2", o.info());
        assertEquals(100, o.seq());
    }

    @Test
    void optionsAreDecodedAsTlvs() {
        // two options: type 1 with a 3-byte value (padded to 8), type 2 with an 8-byte value
        byte[] opt = DlmBytes.le(32).putShort((short) 1).putShort((short) 3).putInt(0).put(new byte[] {9, 8, 7})
                .position(16).putShort((short) 2).putShort((short) 8).putInt(0).put(Bytes.seq(8, 0x30)).array();
        byte[] inner = DlmBytes.msg(DlmBytes.V32, 1, 2, DlmBytes.Msg.of(4).lkid(3).remid(4));
        byte[] b = DlmBytes.opts(DlmBytes.V32, 2, 5, 1, opt, inner);
        DlmOpts o = assertInstanceOf(DlmOpts.class, decode(b));
        assertEquals(List.of(), o.errors());
        assertEquals(List.of("o_optlen 32: options present; no kernel defines any, the receiver skips them unparsed"),
                o.notes());
        assertEquals(2, o.options().size());
        OptTlv t0 = o.options().get(0);
        assertEquals(24, t0.offset());
        assertEquals(1, t0.type());
        assertEquals(3, t0.length());
        assertArrayEquals(new byte[] {9, 8, 7}, t0.value());
        OptTlv t1 = o.options().get(1);
        assertEquals(40, t1.offset());
        assertEquals(2, t1.type());
        assertArrayEquals(Bytes.seq(8, 0x30), t1.value());
        DlmMessage m = assertInstanceOf(DlmMessage.class, o.inner());
        assertEquals(56, m.offset());
        assertEquals(3, m.lkid());
        RecordingVisitor v = RecordingVisitor.walk(o);
        v.num("optlen", 18, 2, 32);
        v.num("opts[0].type", 24, 2, 1);
        v.num("opts[0].length", 26, 2, 3);
        v.num("opts[0].pad", 28, 4, 0);
        v.bytes("opts[0].value", 32, new byte[] {9, 8, 7}, false);
        v.num("opts[1].type", 40, 2, 2);
        v.bytes("opts[1].value", 48, Bytes.seq(8, 0x30), false);
        v.num("inner.lkid", 56 + 28, 4, 3);
        assertEquals(new RecordingVisitor.Container("opts", true, 24, 32), v.container("opts"));
        assertEquals("CANCEL lkid=0x3 remid=0x4", o.info());
    }

    @Test
    void optionLengthsAreNeverTrusted() {
        // t_length 200 in an 16-byte option area: value clamped to the 8 bytes there
        byte[] opt = DlmBytes.le(16).putShort((short) 7).putShort((short) 200).putInt(0).put(Bytes.seq(8, 1)).array();
        byte[] inner = DlmBytes.msg(DlmBytes.V32, 1, 2, DlmBytes.Msg.of(4));
        DlmOpts o = assertInstanceOf(DlmOpts.class, decode(DlmBytes.opts(DlmBytes.V32, 2, 5, 1, opt, inner)));
        assertEquals(List.of(), o.errors());
        assertEquals(List.of("o_optlen 16: options present; no kernel defines any, the receiver skips them unparsed",
                "option t_length 200 overruns o_optlen"), o.notes());
        assertEquals(1, o.options().size());
        assertArrayEquals(Bytes.seq(8, 1), o.options().get(0).value());
        assertInstanceOf(DlmMessage.class, o.inner());
        assertEquals(40, o.inner().offset());

        // 5 stray bytes: shorter than an option header
        byte[] stray = Bytes.seq(5, 1);
        DlmOpts s = assertInstanceOf(DlmOpts.class, decode(DlmBytes.opts(DlmBytes.V32, 2, 5, 1, stray, inner)));
        assertEquals(0, s.options().size());
        assertEquals(List.of("o_optlen 5: options present; no kernel defines any, the receiver skips them unparsed",
                "5 bytes at the end of the options are too short for an option header"), s.notes());
        assertEquals(29, s.inner().offset());
        assertEquals(List.of(), s.errors());

        // value fits but its padding to 8 does not
        byte[] tight = DlmBytes.le(12).putShort((short) 7).putShort((short) 4).putInt(0).put(Bytes.seq(4, 1)).array();
        DlmOpts t = assertInstanceOf(DlmOpts.class, decode(DlmBytes.opts(DlmBytes.V32, 2, 5, 1, tight, inner)));
        assertEquals(1, t.options().size());
        assertEquals(List.of("o_optlen 12: options present; no kernel defines any, the receiver skips them unparsed",
                "option value padding to 8 bytes overruns o_optlen"), t.notes());
    }

    @Test
    void ackWithExtraBytes() {
        byte[] b = DlmBytes.concat(DlmBytes.patch16(DlmBytes.ack(1, 5), 12, 20), new byte[] {1, 2, 3, 4});
        DlmAck a = assertInstanceOf(DlmAck.class, decode(b));
        assertEquals(List.of("ACK length 20 is not 16"), a.errors());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, a.extra());
        RecordingVisitor v = RecordingVisitor.walk(a);
        v.bytes("extra", 16, new byte[] {1, 2, 3, 4}, false);
        assertEquals(List.of(new RecordingVisitor.Issue(12, "ACK length 20 is not 16")), v.errors);
    }

    @Test
    void unknownCommand() {
        byte[] b = DlmBytes.concat(DlmBytes.patch8(DlmBytes.patch16(DlmBytes.ack(1, 5), 12, 19), 14, 9),
                new byte[] {1, 2, 3});
        DlmUnknown u = assertInstanceOf(DlmUnknown.class, decode(b));
        assertEquals(List.of("unsupported h_cmd received: 9"), u.errors());
        assertArrayEquals(new byte[] {1, 2, 3}, u.body());
        RecordingVisitor v = RecordingVisitor.walk(u);
        assertEquals(List.of("version", "lockspace", "nodeid", "length", "cmd", "pad", "body"), v.paths());
        v.num("cmd", 14, 1, 9, Display.ENUM, null);
        v.num("lockspace", 4, 4, 5, Display.HEX, null);
        v.bytes("body", 16, new byte[] {1, 2, 3}, false);
        assertEquals("cmd=9", u.info());
        assertNull(DlmCommand.fromWire(9));
    }
}
