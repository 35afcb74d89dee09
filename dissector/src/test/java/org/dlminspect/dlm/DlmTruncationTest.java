package org.dlminspect.dlm;

import static org.dlminspect.dlm.Bytes.ascii;
import static org.dlminspect.dlm.Bytes.decode;
import static org.dlminspect.dlm.Bytes.decodePrefix;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.dlminspect.testkit.DlmBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Messages cut by the capture (snaplen, gaps): decoded as far as the bytes go, truncation is not an error, and the
 * walk shows exactly the fields whose bytes are present, with the values of the whole message.
 */
class DlmTruncationTest {

    static Stream<Arguments> messages() {
        int v31 = DlmBytes.V31;
        int v32 = DlmBytes.V32;
        int ls = DlmBytes.LOCKSPACE;
        return Stream.of(
                Arguments.of("REQUEST 3.1", DlmBytes.msg(v31, ls, 1, DlmMessageDecodeTest.full(1))),
                Arguments.of("OPTS(REQUEST)", DlmBytes.opts(2, 77, DlmBytes.msg(v32, ls, 2, DlmMessageDecodeTest.full(1)))),
                Arguments.of("OPTS(GRANT+LVB)", DlmBytes.opts(2, 77, DlmBytes.msg(v32, ls, 2, DlmMessageDecodeTest.full(9)))),
                Arguments.of("STATUS", DlmBytes.rcom(v32, ls, 2, 1, 0, 5, 9, 0, DlmBytes.rcomStatus(1))),
                Arguments.of("STATUS_REPLY slots", DlmBytes.rcom(v32, ls, 1, 5, 3, 5, 9, 9,
                        DlmBytes.rcomConfig(32, 0, 1, 3, 1, 1, 2, 2, 3, 3))),
                Arguments.of("NAMES", DlmBytes.rcom(v32, ls, 2, 2, 0, 6, 9, 0, ascii("hot007"))),
                Arguments.of("NAMES_REPLY", DlmBytes.rcom(v32, ls, 1, 6, 0, 6, 9, 9,
                        DlmBytes.namesList(0xFFFF, 4024, "hot001", "hot002", "cold17x"))),
                Arguments.of("OPTS(LOOKUP)", DlmBytes.opts(1, 3, DlmBytes.rcom(v32, ls, 1, 3, 0, 0x1234, 9, 0, ascii("r1")))),
                Arguments.of("OPTS(LOCK+LVB)", DlmBytes.opts(1, 3, DlmBytes.rcom(v32, ls, 1, 4, 0, 0x99, 9, 0,
                        DlmBytes.rcomLock(99, 0x1a, 0, 0x8, 0x1, 5, 0, -1, 5, 2, 1, 0, "hot001", Bytes.seq(32, 1))))),
                Arguments.of("OPTS(LOCK_REPLY)", DlmBytes.opts(1, 3, DlmBytes.rcom(v32, ls, 1, 8, 0, 0x99, 9, 9,
                        DlmBytes.rcomLock(99, 0x1a, 0x33, 0, 0, 0, -17, 3, 3, 2, 0, 0, "hot001", new byte[0])))),
                Arguments.of("OPTS(LOOKUP_REPLY)", DlmBytes.opts(1, 3, DlmBytes.rcom(v32, ls, 1, 7, 2, 0x99, 9, 9, new byte[0]))),
                Arguments.of("FIN", DlmBytes.fin(1, 1)),
                Arguments.of("ACK", DlmBytes.ack(1, 1)),
                Arguments.of("OPTS+options(CANCEL)", DlmBytes.opts(v32, 2, 5, 1,
                        DlmBytes.le(16).putShort((short) 1).putShort((short) 3).putInt(0).put(new byte[] {9, 8, 7}).array(),
                        DlmBytes.msg(v32, 1, 2, DlmMessageDecodeTest.full(4)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void everyCutDecodesTheFieldsPresent(String label, byte[] full) {
        DlmPdu whole = decode(full);
        assertEquals(List.of(), whole.errors(), label);
        assertEquals(false, whole.truncated());
        RecordingVisitor all = RecordingVisitor.walk(whole);
        for (int n = 0; n < full.length; n++) {
            DlmPdu cut = decodePrefix(full, n);
            String at = label + " cut at " + n;
            assertTrue(cut.truncated(), at);
            assertEquals(n, cut.captured(), at);
            assertEquals(List.of(), cut.errors(), at);
            assertTrue(whole.notes().containsAll(cut.notes()), at + ": " + cut.notes());
            assertNotNull(cut.info(), at);
            if (n >= 15) {
                assertEquals(whole.getClass(), cut.getClass(), at);
            }
            if (cut instanceof DlmOpts o && o.inner() != null) {
                assertTrue(o.inner().truncated(), at);
            }
            RecordingVisitor part = RecordingVisitor.walk(cut);
            int expected = 0;
            for (RecordingVisitor.Field f : all.fields) {
                String path = f.path();
                if (n < 15 && path.equals("seq") && f.offset() == 4) {
                    path = "lockspace"; // the command byte is cut off: the union is shown as a lockspace id
                }
                if (!f.isBytes()) {
                    if (f.offset() + f.size() <= n) {
                        RecordingVisitor.Field g = part.field(path);
                        assertEquals(f.offset(), g.offset(), at + " " + path);
                        assertEquals(f.size(), g.size(), at + " " + path);
                        assertEquals(f.value(), g.value(), at + " " + path);
                        if (n >= 15) {
                            assertEquals(f.meaning(), g.meaning(), at + " " + path);
                        }
                        expected++;
                    } else {
                        assertTrue(!part.has(path), at + ": " + path + " is not present");
                    }
                } else if (f.offset() < n) {
                    RecordingVisitor.Field g = part.field(path);
                    int size = Math.min(f.size(), n - f.offset());
                    assertEquals(f.offset(), g.offset(), at + " " + path);
                    assertArrayEquals(Arrays.copyOf(f.bytes(), size), g.bytes(), at + " " + path);
                    expected++;
                } else {
                    assertTrue(!part.has(path), at + ": " + path + " is not present");
                }
            }
            assertEquals(expected, part.fields.size(), at + ": unexpected fields " + part.paths());
        }
        DlmPdu again = decodePrefix(full, full.length);
        assertEquals(false, again.truncated());
        assertEquals(all.paths(), RecordingVisitor.walk(again).paths());
    }

    @Test
    void snaplenCutRequestKeepsItsHeaderAndFirstFields() {
        // 30 bytes of TCP payload, as in snaplen.pcap: OPTS header + the inner header's first 6 bytes
        byte[] full = DlmBytes.opts(2, 77, DlmBytes.msg(DlmBytes.V32, DlmBytes.LOCKSPACE, 2, DlmMessageDecodeTest.full(1)));
        DlmOpts o = assertInstanceOf(DlmOpts.class, decodePrefix(full, 30));
        assertTrue(o.truncated());
        assertEquals(77, o.seq());
        assertEquals(1, o.nextcmd());
        assertEquals(DlmBytes.V32, (int) o.inner().header().version());
        assertInstanceOf(DlmUnknown.class, o.inner());
        assertEquals("OPTS nextcmd=MSG", o.info());
        assertEquals(List.of(), o.errors());
        RecordingVisitor v = RecordingVisitor.walk(o);
        assertEquals(List.of("version", "seq", "nodeid", "length", "cmd", "pad", "nextcmd", "opt_pad", "optlen",
                "opt_pad2", "inner.version"), v.paths());
        assertEquals(new RecordingVisitor.Container("inner", false, 24, 6), v.container("inner"));
    }

    @Test
    void cutRequestShowsAPartialName() {
        byte[] full = DlmBytes.msg(DlmBytes.V31, DlmBytes.LOCKSPACE, 1, DlmMessageDecodeTest.full(1));
        DlmMessage m = assertInstanceOf(DlmMessage.class, decodePrefix(full, 91));
        assertTrue(m.truncated());
        assertArrayEquals(ascii("hot"), m.name());
        assertEquals(6, m.extraLength());
        assertEquals("REQUEST lkid=0x1a remid=0x2b rq=EX gr=PR name=\"hot\"", m.info());
    }

    @Test
    void emptyAndTinyInputs() {
        for (int n = 0; n < 15; n++) {
            DlmPdu p = decodePrefix(DlmBytes.ack(1, 1), n);
            DlmUnknown u = assertInstanceOf(DlmUnknown.class, p);
            assertTrue(u.truncated());
            assertEquals("truncated header", u.info());
            assertEquals(List.of(), u.errors());
        }
        DlmPdu nul = DlmDecoder.decode(null);
        assertTrue(nul.truncated());
    }
}
