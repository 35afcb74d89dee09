package org.dlminspect.dlm;

import static org.dlminspect.dlm.Bytes.ascii;
import static org.dlminspect.dlm.Bytes.decode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dlminspect.testkit.DlmBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The malformation checks (errors) and oddities (notes) of reference §6, each reported at its field. */
class DlmChecksTest {
    static final int V31 = DlmBytes.V31;
    static final int V32 = DlmBytes.V32;
    static final int LS = DlmBytes.LOCKSPACE;

    static byte[] msg31(DlmBytes.Msg m) {
        return DlmBytes.msg(V31, LS, 1, m);
    }

    static byte[] msg32(DlmBytes.Msg m) {
        return DlmBytes.msg(V32, LS, 1, m);
    }

    /**
     * Asserts the errors and notes of {@code pdu}, and that the walk reports each one right after the field at
     * {@code path} (null: at the end of the walk, the field not being visited).
     */
    static void assertIssue(DlmPdu pdu, boolean error, String message, String path) {
        RecordingVisitor v = RecordingVisitor.walk(pdu);
        String entry = (error ? "error:" : "note:") + message;
        int at = v.sequence.indexOf(entry);
        assertTrue(at >= 0, "walk did not report " + entry + " in " + v.sequence);
        List<RecordingVisitor.Issue> reported = error ? v.errors : v.notes;
        RecordingVisitor.Issue issue = reported.stream().filter(i -> i.message().equals(message)).findFirst().get();
        if (path != null) {
            assertEquals(v.field(path).offset(), issue.offset(), "offset of " + message);
            int f = v.sequence.indexOf("field:" + path);
            for (int i = f + 1; i < at; i++) {
                assertTrue(!v.sequence.get(i).startsWith("field:"), entry + " not reported right after " + path
                        + ": " + v.sequence);
            }
        } else {
            for (int i = at + 1; i < v.sequence.size(); i++) {
                assertTrue(!v.sequence.get(i).startsWith("field:"), entry + " expected at the end: " + v.sequence);
            }
        }
    }

    static void assertErrors(DlmPdu pdu, String... errors) {
        assertEquals(List.of(errors), pdu.errors());
    }

    // ------------------------------------------------------------------ A1, A2, A4, A5

    @Test
    void a1LengthBelow16() {
        DlmPdu p = decode(DlmBytes.patch16(DlmBytes.ack(1, 1), 12, 8));
        assertErrors(p, "invalid length header: 8 (must be 16..4096); the kernel aborts parsing of the stream",
                "ACK length 8 is not 16");
        assertIssue(p, true, p.errors().get(0), "length");
        assertEquals(false, p.truncated());
        assertEquals(16, p.captured());
    }

    @Test
    void a1LengthAbove4096() {
        byte[] big = new byte[5000];
        System.arraycopy(msg31(DlmBytes.Msg.of(2)), 0, big, 0, 88);
        byte[] b = DlmBytes.patch16(big, 12, 5000);
        DlmMessage m = assertInstanceOf(DlmMessage.class, decode(b));
        assertErrors(m, "invalid length header: 5000 (must be 16..4096); the kernel aborts parsing of the stream");
        assertEquals(5000 - 88, m.extra().length);
        assertIssue(m, true, m.errors().get(0), "length");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00030000, 0x00030003, 0x00020002, 0x02000300})
    void a2UnknownVersion(int version) {
        DlmPdu p = decode(DlmBytes.msg(version, LS, 1, DlmBytes.Msg.of(4)));
        assertInstanceOf(DlmMessage.class, p);
        String hex = String.format("0x%08x", version);
        assertErrors(p, "invalid version header " + hex + ": neither 3.1 nor 3.2, the kernel skips this message");
        assertIssue(p, true, p.errors().get(0), "version");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 6, 255})
    void a4UnknownCommand(int cmd) {
        DlmPdu p = decode(DlmBytes.patch8(DlmBytes.ack(1, 1), 14, cmd));
        assertInstanceOf(DlmUnknown.class, p);
        assertErrors(p, "unsupported h_cmd received: " + cmd);
        assertIssue(p, true, p.errors().get(0), "cmd");
    }

    @Test
    void a4OptsAndAckNeedA32Header() {
        byte[] opts = DlmBytes.opts(V31, 1, 1, 1, new byte[0], msg32(DlmBytes.Msg.of(4)));
        DlmPdu o = decode(opts);
        assertInstanceOf(DlmOpts.class, o);
        assertErrors(o, "unsupported h_cmd received: 3 (OPTS needs a 3.2 header)");
        assertIssue(o, true, o.errors().get(0), "cmd");

        DlmPdu a = decode(DlmBytes.patch32(DlmBytes.ack(1, 1), 0, V31));
        assertInstanceOf(DlmAck.class, a);
        assertErrors(a, "unsupported h_cmd received: 4 (ACK needs a 3.2 header)");
    }

    @Test
    void a5BareFin() {
        DlmPdu p = decode(DlmBytes.finInner(1));
        DlmFin f = assertInstanceOf(DlmFin.class, p);
        assertErrors(f, "bare FIN outside an OPTS: unsupported h_cmd received: 5");
        assertIssue(f, true, f.errors().get(0), "cmd");
        assertEquals("FIN", f.info());
    }

    // ------------------------------------------------------------------ A6

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 7, 8})
    void a6UnwrappedRcomThatOnlyTravelsWrapped(int type) {
        byte[] buf = type == 4 || type == 8
                ? DlmBytes.rcomLock(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "n", new byte[0])
                : type == 3 ? ascii("n") : new byte[0];
        DlmPdu p = decode(DlmBytes.rcom(V32, LS, 1, type, 0, 1, 1, 0, buf));
        String name = RcomType.nameOf(type);
        assertErrors(p, "unwrapped RCOM " + name + " with a 3.2 header: a 3.2 receiver drops it "
                + "(\"unsupported rcom type received: " + type + "\"); only STATUS, NAMES and their replies travel unwrapped");
        assertIssue(p, true, p.errors().get(0), "type");
        // the same wrapped, or from a 3.1 sender, is fine
        assertEquals(List.of(), decode(DlmBytes.opts(1, 0, DlmBytes.rcom(V32, LS, 1, type, 0, 1, 1, 0, buf))).errors());
        assertEquals(List.of(), decode(DlmBytes.rcom(V31, LS, 1, type, 0, 1, 1, 0, buf)).errors());
    }

    @Test
    void a6UnwrappedRcomThatMayTravelUnwrapped() {
        assertEquals(List.of(), decode(DlmBytes.rcom(V32, LS, 1, 1, 0, 1, 1, 0, DlmBytes.rcomStatus(0))).errors());
        assertEquals(List.of(), decode(DlmBytes.rcom(V32, LS, 1, 5, 1, 1, 1, 1, DlmBytes.rcomConfig(32, 0, 1, 1))).errors());
        assertEquals(List.of(), decode(DlmBytes.rcom(V32, LS, 1, 2, 0, 1, 1, 0, ascii("x"))).errors());
        assertEquals(List.of(), decode(DlmBytes.rcom(V32, LS, 1, 6, 0, 1, 1, 1, DlmBytes.namesList(0xFFFF, 64))).errors());
    }

    @Test
    void a6UnwrappedMessageWithA32Header() {
        DlmPdu p = decode(msg32(DlmBytes.Msg.of(4)));
        assertErrors(p, "unwrapped DLM_MSG with a 3.2 header: a 3.2 receiver drops it "
                + "(\"unsupported h_cmd received: 1\"); only a 3.1 peer accepts it");
        assertIssue(p, true, p.errors().get(0), "cmd");
        assertEquals(List.of(), decode(msg31(DlmBytes.Msg.of(4))).errors());
        assertEquals(List.of(), decode(DlmBytes.opts(1, 0, msg32(DlmBytes.Msg.of(4)))).errors());
    }

    // ------------------------------------------------------------------ A7 .. A12 (OPTS)

    @Test
    void a7OptsShorterThan24() {
        byte[] b = DlmBytes.patch16(DlmBytes.fin(1, 1), 12, 20);
        DlmOpts o = assertInstanceOf(DlmOpts.class, decode(b));
        assertEquals(20, o.captured());
        assertErrors(o, "opts msg too small: h_length 20 < 24");
        assertEquals(null, o.inner());
        assertIssue(o, true, o.errors().get(0), "length");
    }

    @Test
    void a7OptlenLargerThanTheRemainder() {
        byte[] b = DlmBytes.patch16(DlmBytes.fin(1, 1), 18, 17);
        DlmOpts o = assertInstanceOf(DlmOpts.class, decode(b));
        assertErrors(o, "o_optlen 17 exceeds the 16 bytes after the OPTS header (opts msg too small)");
        assertEquals(null, o.inner());
        assertIssue(o, true, o.errors().get(0), "optlen");
        // the option bytes are still shown, never read past h_length
        // the 16 bytes there (the inner FIN's header) read as one option: type 2, length 3, value 01 00 00
        assertEquals(1, o.options().size());
        assertEquals(2, o.options().get(0).type());
        assertEquals(24, o.options().get(0).offset());
        assertEquals(3, o.options().get(0).length());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {1, 0, 0}, o.options().get(0).value());
        assertEquals(List.of("o_optlen 17: options present; no kernel defines any, the receiver skips them unparsed"),
                o.notes());
    }

    @Test
    void a7RemainderTooShortForNextcmd() {
        byte[] rc = DlmBytes.rcom(V32, LS, 1, 1, 0, 1, 1, 0, new byte[0]);
        byte[] b = DlmBytes.opts(V32, 1, 1, 1, new byte[0], rc);
        DlmOpts o = assertInstanceOf(DlmOpts.class, decode(b));
        assertErrors(o, "msg too small: 48 bytes after the options, MSG needs 88 (opts msg too small)",
                "o_nextcmd 1 (MSG) differs from the inner h_cmd 2 (RCOM); the kernel dispatches by the inner h_cmd",
                "STATUS without a complete rcom_status: h_length 48 (a slots-aware sender sends 64)");
        assertIssue(o, true, o.errors().get(0), "length");
        assertIssue(o, true, o.errors().get(1), "nextcmd");

        byte[] fin = DlmBytes.opts(V32, 1, 1, 5, new byte[0], Bytes.seq(10, 0));
        DlmOpts f = assertInstanceOf(DlmOpts.class, decode(fin));
        assertEquals("fin too small: 10 bytes after the options, FIN needs 16 (opts msg too small)", f.errors().get(0));
        byte[] rcom = DlmBytes.opts(V32, 1, 1, 2, new byte[0], DlmBytes.finInner(1));
        assertEquals("rcom msg too small: 16 bytes after the options, RCOM needs 48 (opts msg too small)",
                decode(rcom).errors().get(0));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 4, 6, 200})
    void a8UnsupportedNextcmd(int nextcmd) {
        byte[] b = DlmBytes.patch8(DlmBytes.fin(1, 1), 16, nextcmd);
        DlmOpts o = assertInstanceOf(DlmOpts.class, decode(b));
        assertEquals("unsupported o_nextcmd received: " + nextcmd, o.errors().get(0));
        assertIssue(o, true, o.errors().get(0), "nextcmd");
        assertInstanceOf(DlmFin.class, o.inner());
    }

    @Test
    void a9NextcmdDiffersFromInnerCmd() {
        byte[] b = DlmBytes.opts(V32, 1, 1, 2, new byte[0], msg32(DlmBytes.Msg.of(4)));
        DlmOpts o = assertInstanceOf(DlmOpts.class, decode(b));
        assertErrors(o, "o_nextcmd 2 (RCOM) differs from the inner h_cmd 1 (MSG); the kernel dispatches by the inner h_cmd");
        assertInstanceOf(DlmMessage.class, o.inner());
        assertIssue(o, true, o.errors().get(0), "nextcmd");
    }

    @Test
    void a10InnerLengthLargerThanTheRemainder() {
        byte[] inner = DlmBytes.patch16(msg32(DlmBytes.Msg.of(1).name("abc")), 12, 100);
        DlmOpts o = assertInstanceOf(DlmOpts.class, decode(DlmBytes.opts(V32, 1, 1, 1, new byte[0], inner)));
        assertErrors(o, "inner h_length 100 differs from the outer h_length - 24 - o_optlen = 91; "
                + "the kernel would read past the message");
        assertEquals(false, o.truncated());
        assertEquals(false, o.inner().truncated());
        assertEquals(91, o.inner().captured());
        assertIssue(o.inner(), true, o.errors().get(0), "length");
        RecordingVisitor v = RecordingVisitor.walk(o);
        v.bytes("inner.name", 24 + 88, ascii("abc"), true);
        assertEquals(1, v.errors.size());
        assertEquals(24 + 12, v.errors.get(0).offset());
    }

    @Test
    void a10InnerLengthSmallerThanTheRemainder() {
        byte[] inner = DlmBytes.concat(msg32(DlmBytes.Msg.of(4)), new byte[] {7, 7, 7});
        DlmOpts o = assertInstanceOf(DlmOpts.class, decode(DlmBytes.opts(V32, 1, 1, 1, new byte[0], inner)));
        assertErrors(o, "inner h_length 88 differs from the outer h_length - 24 - o_optlen = 91");
        assertEquals(88, o.inner().captured());
        assertEquals(List.of(), o.inner().notes());
        RecordingVisitor v = RecordingVisitor.walk(o);
        v.bytes("trailing", 112, new byte[] {7, 7, 7}, false);
        v.assertContiguous(0, 115);
    }

    @Test
    void a12InnerTooSmall() {
        byte[] m = DlmBytes.patch16(msg32(DlmBytes.Msg.of(4)), 12, 40);
        DlmOpts o = assertInstanceOf(DlmOpts.class, decode(DlmBytes.opts(V32, 1, 1, 1, new byte[0], m)));
        assertEquals(List.of("inner h_length 40 differs from the outer h_length - 24 - o_optlen = 88",
                "inner msg too small: 40 (a DLM_MSG needs 88 bytes)"), o.errors());
        assertIssue(o.inner(), true, "inner msg too small: 40 (a DLM_MSG needs 88 bytes)", "length");

        byte[] r = DlmBytes.patch16(DlmBytes.rcom(V32, LS, 1, 1, 0, 1, 1, 0, DlmBytes.rcomStatus(0)), 12, 30);
        DlmOpts ro = assertInstanceOf(DlmOpts.class, decode(DlmBytes.opts(V32, 1, 1, 2, new byte[0], r)));
        assertTrue(ro.errors().contains("inner rcom msg too small: 30 (a DLM_RCOM needs 48 bytes)"), ro.errors().toString());

        byte[] f = DlmBytes.patch16(DlmBytes.finInner(1), 12, 10);
        DlmOpts fo = assertInstanceOf(DlmOpts.class, decode(DlmBytes.opts(V32, 1, 1, 5, new byte[0], f)));
        assertEquals(List.of("inner h_length 10 differs from the outer h_length - 24 - o_optlen = 16",
                "inner fin too small: 10 (a FIN needs 16 bytes)"), fo.errors());
    }

    @Test
    void innerFinLengthNot16() {
        byte[] f = DlmBytes.concat(DlmBytes.patch16(DlmBytes.finInner(1), 12, 24), new byte[8]);
        DlmOpts fo = assertInstanceOf(DlmOpts.class, decode(DlmBytes.opts(V32, 1, 1, 5, new byte[0], f)));
        assertErrors(fo, "FIN length 24 is not 16");
        assertEquals(8, ((DlmFin) fo.inner()).extra().length);
    }

    @Test
    void optsInsideOptsIsNotRecursedInto() {
        byte[] innermost = DlmBytes.fin(1, 2);
        byte[] b = DlmBytes.opts(V32, 1, 1, 3, new byte[0], DlmBytes.opts(V32, 1, 2, 3, new byte[0], innermost));
        DlmOpts o = assertInstanceOf(DlmOpts.class, decode(b));
        DlmUnknown u = assertInstanceOf(DlmUnknown.class, o.inner());
        assertEquals(List.of("unsupported o_nextcmd received: 3",
                "OPTS inside an OPTS: unsupported inner h_cmd received: 3 (not decoded further)"), o.errors());
        assertEquals(24 + 40 - 16, u.body().length);
        RecordingVisitor v = RecordingVisitor.walk(o);
        assertTrue(v.has("inner.body"));
        assertTrue(!v.has("inner.inner.cmd"));

        byte[] ack = DlmBytes.opts(V32, 1, 1, 4, new byte[0], DlmBytes.ack(1, 3));
        DlmOpts a = assertInstanceOf(DlmOpts.class, decode(ack));
        assertInstanceOf(DlmUnknown.class, a.inner());
        assertEquals(List.of("unsupported o_nextcmd received: 4", "ACK inside an OPTS: unsupported inner h_cmd received: 4"),
                a.errors());

        byte[] unk = DlmBytes.opts(V32, 1, 1, 1, new byte[0], DlmBytes.patch8(msg32(DlmBytes.Msg.of(4)), 14, 7));
        assertTrue(decode(unk).errors().contains("unsupported inner h_cmd received: 7"));
    }

    // ------------------------------------------------------------------ sizes, types, names

    @Test
    void messageTooSmall() {
        byte[] b = DlmBytes.patch16(java.util.Arrays.copyOf(msg31(DlmBytes.Msg.of(4).lkid(5)), 60), 12, 60);
        DlmMessage m = assertInstanceOf(DlmMessage.class, decode(b));
        assertErrors(m, "msg too small: 60 (a DLM_MSG needs 88 bytes)");
        assertEquals(false, m.truncated());
        assertEquals(5, m.lkid());
        RecordingVisitor v = RecordingVisitor.walk(m);
        assertTrue(v.has("lvbseq"));
        assertTrue(!v.has("hash"));
    }

    @Test
    void rcomTooSmall() {
        byte[] b = DlmBytes.patch16(java.util.Arrays.copyOf(DlmBytes.rcom(V31, LS, 1, 7, 2, 1, 1, 1, new byte[0]), 40), 12, 40);
        DlmRcom r = assertInstanceOf(DlmRcom.class, decode(b));
        assertErrors(r, "rcom msg too small: 40 (a DLM_RCOM needs 48 bytes)");
        assertEquals(2, r.result());
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 8})
    void a29LockTooShort(int type) {
        byte[] lock = DlmBytes.rcomLock(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "n", new byte[0]);
        byte[] b = DlmBytes.rcom(V31, LS, 1, type, 0, 1, 1, 0, java.util.Arrays.copyOf(lock, 52));
        DlmRcom r = assertInstanceOf(DlmRcom.class, decode(b));
        assertErrors(r, "recovery message " + type + " (" + RcomType.nameOf(type) + ") is too short: h_length 100 < 156");
        assertIssue(r, true, r.errors().get(0), "length");
        RcomLock l = (RcomLock) r.payload();
        assertEquals(1, l.namelen());
        assertEquals(1, l.name().length);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 15, 100})
    void a28UnknownMessageType(int type) {
        byte[] b = DlmBytes.patch32(msg31(DlmBytes.Msg.of(1).name("xy")), 16, type);
        DlmMessage m = assertInstanceOf(DlmMessage.class, decode(b));
        assertErrors(m, "unknown message type " + type);
        assertIssue(m, true, m.errors().get(0), "type");
        RecordingVisitor v = RecordingVisitor.walk(m);
        v.bytes("extra", 88, ascii("xy"), false);
    }

    @Test
    void a28UnknownRcomType() {
        DlmPdu p = decode(DlmBytes.rcom(V32, LS, 1, 0, 0, 1, 1, 0, new byte[0]));
        assertErrors(p, "unknown rc_type 0 (\"receive_rcom bad type\")");
        assertIssue(p, true, p.errors().get(0), "type");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 11, 12})
    void a30MessageNameLongerThan64(int type) {
        DlmMessage ok = assertInstanceOf(DlmMessage.class, decode(msg31(DlmBytes.Msg.of(type).extra(new byte[64]))));
        assertEquals(List.of(), ok.errors());
        DlmMessage m = assertInstanceOf(DlmMessage.class, decode(msg31(DlmBytes.Msg.of(type).extra(new byte[65]))));
        assertErrors(m, "resource name length 65 exceeds 64 (DLM_RESNAME_MAXLEN)");
        assertIssue(m, true, m.errors().get(0), "name");
    }

    @Test
    void a30RcomLockNameLongerThan64() {
        byte[] lock = DlmBytes.patch16(DlmBytes.rcomLock(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "n", new byte[0]), 42, 65);
        DlmRcom r = assertInstanceOf(DlmRcom.class, decode(DlmBytes.rcom(V31, LS, 1, 4, 0, 1, 1, 0, lock)));
        assertErrors(r, "rl_namelen 65 exceeds 64 (DLM_RESNAME_MAXLEN)");
        assertIssue(r, true, r.errors().get(0), "rcom_lock.namelen");
        assertEquals(64, ((RcomLock) r.payload()).name().length);
        RecordingVisitor.walk(r).num("rcom_lock.namelen", 90, 2, 65);
    }

    @Test
    void a30RcomLookupAndNamesLongerThan64() {
        DlmPdu l = decode(DlmBytes.rcom(V31, LS, 1, 3, 0, 1, 1, 0, new byte[65]));
        assertErrors(l, "LOOKUP name length 65 exceeds 64 (DLM_RESNAME_MAXLEN); the directory node fails it with -EINVAL");
        assertIssue(l, true, l.errors().get(0), "name");
        DlmPdu n = decode(DlmBytes.rcom(V32, LS, 1, 2, 0, 1, 1, 0, new byte[65]));
        assertErrors(n, "NAMES last name length 65 exceeds 64 (DLM_RESNAME_MAXLEN)");
    }

    @Test
    void namesReplyCorruptLengths() {
        // a record of 65 bytes
        byte[] list = DlmBytes.namesList(0xFFFF, 4024, "ok", "x".repeat(65));
        DlmRcom r = assertInstanceOf(DlmRcom.class, decode(DlmBytes.rcom(V32, LS, 1, 6, 0, 1, 1, 1, list)));
        assertErrors(r, "NAMES_REPLY name length 65 exceeds 64: the requester fails the chunk");
        RcomNamesReply nr = (RcomNamesReply) r.payload();
        assertEquals(1, nr.names().size());
        assertEquals(null, nr.end());
        assertIssue(r, true, r.errors().get(0), null);
        assertEquals(48 + 4, RecordingVisitor.walk(r).errors.get(0).offset());

        // a length running past the message
        byte[] shortList = new byte[] {0, 3, 'a', 'b', 'c', 0, 9, 'x', 'y'};
        DlmRcom s = assertInstanceOf(DlmRcom.class, decode(DlmBytes.rcom(V32, LS, 1, 6, 0, 1, 1, 1, shortList)));
        assertErrors(s, "NAMES_REPLY name length 9 exceeds the 2 bytes remaining: the requester fails the chunk");
        assertEquals(1, ((RcomNamesReply) s.payload()).names().size());

        // little-endian lengths (a wrong encoder) are caught, not read as 0x0600
        byte[] le = new byte[] {6, 0, 'h', 'o', 't', '0', '0', '1', (byte) 0xFF, (byte) 0xFF};
        DlmRcom l = assertInstanceOf(DlmRcom.class, decode(DlmBytes.rcom(V32, LS, 1, 6, 0, 1, 1, 1, le)));
        assertErrors(l, "NAMES_REPLY name length 1536 exceeds 64: the requester fails the chunk");

        // no terminator
        byte[] none = new byte[] {0, 2, 'a', 'b'};
        DlmRcom n = assertInstanceOf(DlmRcom.class, decode(DlmBytes.rcom(V32, LS, 1, 6, 0, 1, 1, 1, none)));
        assertErrors(n, "NAMES_REPLY name list has no terminator (0x0000 or 0xFFFF)");
        assertEquals(1, ((RcomNamesReply) n.payload()).names().size());
    }

    @Test
    void extraBytesOnATypeThatCarriesNone() {
        DlmMessage m = assertInstanceOf(DlmMessage.class, decode(msg31(DlmBytes.Msg.of(4).extra(new byte[] {1, 2}))));
        assertErrors(m, "CANCEL carries no m_extra, but h_length leaves 2 bytes after the message");
        assertIssue(m, true, m.errors().get(0), "extra");
        RecordingVisitor.walk(m).bytes("extra", 88, new byte[] {1, 2}, false);
        for (int t : new int[] {7, 8, 10, 13, 14}) {
            assertEquals(1, decode(msg31(DlmBytes.Msg.of(t).extra(new byte[8]))).errors().size(), "type " + t);
        }
        // the LVB types may carry zeros without VALBLK (≤ 6.3 senders): no error
        for (int t : new int[] {2, 3, 5, 6, 9}) {
            assertEquals(List.of(), decode(msg31(DlmBytes.Msg.of(t).extra(new byte[32]))).errors(), "type " + t);
        }
    }

    @Test
    void statusWithoutRcomStatus() {
        DlmPdu p = decode(DlmBytes.rcom(V32, LS, 1, 1, 0, 1, 1, 0, new byte[0]));
        assertErrors(p, "STATUS without a complete rcom_status: h_length 48 (a slots-aware sender sends 64)");
        assertIssue(p, true, p.errors().get(0), "length");
        assertEquals(RcomEmpty.INSTANCE, ((DlmRcom) p).payload());
    }

    @Test
    void statusReplyWithoutConfig() {
        DlmPdu p = decode(DlmBytes.rcom(V32, LS, 1, 5, 0, 1, 1, 0, new byte[16]));
        assertErrors(p, "STATUS_REPLY shorter than rcom_config: h_length 64 (at least 80)");
        RecordingVisitor v = RecordingVisitor.walk(p);
        assertTrue(v.has("rcom_config.our_slot"));
        assertTrue(!v.has("rcom_config.generation"));
    }

    @Test
    void numSlotsIsNeverTrusted() {
        byte[] cfg = DlmBytes.patch16(DlmBytes.rcomConfig(32, 0, 1, 3, 1, 1, 2, 2), 14, 40000);
        DlmRcom r = assertInstanceOf(DlmRcom.class, decode(DlmBytes.rcom(V32, LS, 1, 5, 1, 1, 1, 1, cfg)));
        assertErrors(r, "rf_num_slots 40000, but the message holds only 2 rcom_slot entries (the receiver would read past it)");
        assertIssue(r, true, r.errors().get(0), "rcom_config.num_slots");
        RcomConfig c = (RcomConfig) r.payload();
        assertEquals(40000, c.numSlots());
        assertEquals(2, c.slots().size());

        // fewer slots announced than present: the rest is unexplained data
        byte[] fewer = DlmBytes.patch16(DlmBytes.rcomConfig(32, 0, 1, 3, 1, 1, 2, 2), 14, 1);
        DlmRcom f = assertInstanceOf(DlmRcom.class, decode(DlmBytes.rcom(V32, LS, 1, 5, 1, 1, 1, 1, fewer)));
        assertEquals(List.of(), f.errors());
        assertEquals(List.of("16 unexpected bytes after the slot table"), f.notes());
        assertEquals(1, ((RcomConfig) f.payload()).slots().size());
        RecordingVisitor v = RecordingVisitor.walk(f);
        assertEquals(16, v.field("extra").size());
        assertEquals(96, v.field("extra").offset());
        assertIssue(f, false, "16 unexpected bytes after the slot table", "extra");
    }

    // ------------------------------------------------------------------ notes (A11, A40, A41 …)

    @Test
    void notesAreNotErrors() {
        DlmMessage m = assertInstanceOf(DlmMessage.class,
                decode(DlmBytes.patch8(msg31(DlmBytes.Msg.of(4).parents(5, 6)), 15, 1)));
        assertEquals(List.of(), m.errors());
        assertEquals(List.of("h_pad is 1, not 0", "m_parent_lkid is 0x5 (never set by the kernel)",
                "m_parent_remid is 0x6 (never set by the kernel)"), m.notes());
        assertIssue(m, false, "h_pad is 1, not 0", "pad");
        assertIssue(m, false, "m_parent_lkid is 0x5 (never set by the kernel)", "parent_lkid");
        assertIssue(m, false, "m_parent_remid is 0x6 (never set by the kernel)", "parent_remid");
        assertEquals(List.of(), RecordingVisitor.walk(m).errors);
    }

    @Test
    void optsPadNotes() {
        byte[] b = DlmBytes.patch32(DlmBytes.patch8(DlmBytes.fin(1, 1), 17, 2), 20, 0x10);
        DlmOpts o = assertInstanceOf(DlmOpts.class, decode(b));
        assertEquals(List.of(), o.errors());
        assertEquals(List.of("o_pad is 2, not 0", "o_pad2 is 0x10, not 0"), o.notes());
        assertIssue(o, false, "o_pad is 2, not 0", "opt_pad");
        assertIssue(o, false, "o_pad2 is 0x10, not 0", "opt_pad2");
    }

    @Test
    void innerHeaderNotes() {
        byte[] inner = DlmBytes.msg(V31, LS, 9, DlmBytes.Msg.of(4));
        DlmOpts o = assertInstanceOf(DlmOpts.class, decode(DlmBytes.opts(V32, 1, 1, 1, new byte[0], inner)));
        assertEquals(List.of(), o.errors());
        assertEquals(List.of("inner h_version 0x00030001 is not 0x00030002 (the kernel does not check it)",
                "inner h_nodeid 9 differs from the OPTS h_nodeid 1 (not checked by the kernel)"), o.notes());
        assertIssue(o, false, o.notes().get(0), "inner.version");
        assertIssue(o, false, o.notes().get(1), "inner.nodeid");

        byte[] fin = DlmBytes.opts(1, 1, DlmBytes.patch32(DlmBytes.finInner(1), 4, 7));
        assertEquals(List.of("FIN h_lockspace is 0x00000007, not 0"), decode(fin).notes());
    }

    @Test
    void rcomPayloadNotes() {
        byte[] st = DlmBytes.patch32(DlmBytes.rcomStatus(0), 4, 3);
        assertEquals(List.of("rs_unused1 is 0x3, not 0"), decode(DlmBytes.rcom(V32, LS, 1, 1, 0, 1, 1, 0, st)).notes());
        byte[] st2 = DlmBytes.concat(DlmBytes.rcomStatus(0), new byte[4]);
        assertEquals(List.of("4 unexpected bytes after rcom_status"),
                decode(DlmBytes.rcom(V32, LS, 1, 1, 0, 1, 1, 0, st2)).notes());

        byte[] cfg = DlmBytes.patch32(DlmBytes.patch32(DlmBytes.rcomConfig(32, 0, 1, 1, 1, 1), 8, 1), 20, 2);
        cfg = DlmBytes.patch16(cfg, 32 + 6, 3);
        DlmPdu c = decode(DlmBytes.rcom(V32, LS, 1, 5, 0, 1, 1, 1, cfg));
        assertEquals(List.of(), c.errors());
        assertEquals(List.of("ro_unused1 is 0x3, not 0", "rf_flags is 0x1, not 0", "rf_unused1 is 0x2, not 0"), c.notes());
        assertIssue(c, false, "ro_unused1 is 0x3, not 0", "rcom_config.slots[0].unused1");
        assertIssue(c, false, "rf_flags is 0x1, not 0", "rcom_config.flags");

        byte[] lock = DlmBytes.rcomLock(1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "ab", new byte[0]);
        lock = DlmBytes.patch32(DlmBytes.patch8(lock, 44 + 5, 'z'), 12, 4);
        DlmPdu l = decode(DlmBytes.rcom(V31, LS, 1, 4, 0, 1, 1, 0, lock));
        assertEquals(List.of(), l.errors());
        assertEquals(List.of("rl_name has non-zero bytes after rl_namelen", "rl_parent_lkid is 0x4, not 0"), l.notes());
        assertIssue(l, false, "rl_parent_lkid is 0x4, not 0", "rcom_lock.parent_lkid");

        byte[] reply = DlmBytes.rcomLock(1, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, "ab", new byte[8]);
        DlmPdu lr = decode(DlmBytes.rcom(V31, LS, 1, 8, 0, 1, 1, 1, reply));
        assertEquals(List.of("LOCK_REPLY carries 8 bytes after rcom_lock (the kernel sends none)"), lr.notes());
        assertIssue(lr, false, lr.notes().get(0), "rcom_lock.lvb");

        DlmPdu lkr = decode(DlmBytes.rcom(V31, LS, 1, 7, 2, 1, 1, 1, new byte[] {1, 2}));
        assertEquals(List.of("LOOKUP_REPLY carries 2 bytes of rc_buf (the kernel sends none)"), lkr.notes());
        assertIssue(lkr, false, lkr.notes().get(0), "extra");

        byte[] padded = DlmBytes.namesList(0xFFFF, 64, "a");
        padded[40] = 1;
        DlmPdu nr = decode(DlmBytes.rcom(V32, LS, 1, 6, 0, 1, 1, 1, padded));
        assertEquals(List.of(), nr.errors());
        assertEquals(List.of("NAMES_REPLY padding after the terminator is not zero"), nr.notes());
    }

    @Test
    void optionPadNote() {
        byte[] opt = DlmBytes.le(8).putShort((short) 1).putShort((short) 0).putInt(5).array();
        DlmPdu p = decode(DlmBytes.opts(V32, 1, 1, 5, opt, DlmBytes.finInner(1)));
        assertEquals(List.of(), p.errors());
        assertTrue(p.notes().contains("option t_pad is 0x5, not 0"));
        assertIssue(p, false, "option t_pad is 0x5, not 0", "opts[0].pad");
    }
}
