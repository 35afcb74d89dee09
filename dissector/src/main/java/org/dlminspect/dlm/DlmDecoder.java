package org.dlminspect.dlm;

import static org.dlminspect.dlm.DlmWireReader.EMPTY;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.dlminspect.Severity;

/**
 * Decodes one DLM message (reference §2) and checks it the way the kernel would (reference §6).
 *
 * <p>Every read is an absolute get guarded by the bytes present and by {@code h_length}; no length field is
 * trusted. Decoding never throws: malformations become {@link DlmPdu#errors()}, oddities the kernel ignores
 * become {@link DlmPdu#notes()}, and a message cut short by the capture is decoded as far as its bytes go
 * ({@link DlmPdu#truncated()}).
 *
 * <p>This class checks the common header and dispatches by h_cmd (§2.4); each message family has its own decoder
 * ({@link DlmMessageDecoder}, {@link RcomDecoder}, {@link OptsDecoder}, which calls back here for the message it
 * wraps). They share one {@link DlmWireReader} and one {@link DlmIssues} per message.
 */
public final class DlmDecoder {
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
            return message(new DlmWireReader(b, base), 0, present, null);
        } catch (RuntimeException e) {
            // Only reachable through a decoder bug; the robustness tests look for this text.
            DlmHeader h = new DlmHeader(0, 0, 0, 0, 0, 0);
            return new DlmUnknown(h, 0, 0, present < 16, EMPTY,
                    List.of(new DlmIssue(0, Severity.ERROR, "decoder failure: " + e)));
        }
    }

    /** What an OPTS tells its inner message (reference §2.9): its expected h_length, the OPTS h_nodeid, a cut. */
    record Outer(int expectedLength, long nodeid, boolean truncated) { }

    /**
     * Decodes the message starting at {@code s}; bytes up to {@code availEnd} are present (for an inner message,
     * up to the end of the outer one). {@code outer} is null at top level.
     */
    static DlmPdu message(DlmWireReader r, int s, int availEnd, Outer outer) {
        int present = Math.max(0, availEnd - s);
        DlmHeader h = present >= DlmHeader.SIZE ? r.header(s) : partialHeader(r, s, present);
        int hlen = h.length();
        int span = Math.max(hlen, DlmHeader.SIZE);
        int captured = Math.min(present, span);
        boolean truncated = present < span && (outer == null || outer.truncated());
        DlmIssues is = new DlmIssues();

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
                return DlmMessageDecoder.decode(r, s, h, captured, truncated, outer != null, is);
            }
            case 2 -> {
                return RcomDecoder.decode(r, s, h, captured, truncated, outer, is);
            }
            case 3 -> {
                if (outer != null) {
                    is.error(s + 14, "OPTS inside an OPTS: unsupported inner h_cmd received: 3 (not decoded further)");
                    return unknown(r, s, h, captured, truncated, is);
                }
                if (v31) {
                    is.error(s + 14, "unsupported h_cmd received: 3 (OPTS needs a 3.2 header)");
                }
                return OptsDecoder.decode(r, s, h, captured, truncated, is);
            }
            case 4 -> {
                if (outer != null) {
                    is.error(s + 14, "ACK inside an OPTS: unsupported inner h_cmd received: 4");
                    return unknown(r, s, h, captured, truncated, is);
                }
                if (v31) {
                    is.error(s + 14, "unsupported h_cmd received: 4 (ACK needs a 3.2 header)");
                }
                if (hlen != DlmHeader.SIZE) {
                    is.error(s + 12, "ACK length " + hlen + " is not 16");
                }
                return new DlmAck(h, s, captured, truncated, r.copy(s + 16, captured - 16), is.list());
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
                return new DlmFin(h, s, captured, truncated, r.copy(s + 16, captured - 16), is.list());
            }
            default -> {
                is.error(s + 14, (outer == null ? "unsupported h_cmd received: " : "unsupported inner h_cmd received: ")
                        + h.cmd());
                return unknown(r, s, h, captured, truncated, is);
            }
        }
    }

    private static DlmHeader partialHeader(DlmWireReader r, int s, int present) {
        return new DlmHeader(
                present >= 4 ? r.s32(s) & 0xFFFFFFFFL : 0,
                present >= 8 ? r.s32(s + 4) & 0xFFFFFFFFL : 0,
                present >= 12 ? r.s32(s + 8) & 0xFFFFFFFFL : 0,
                present >= 14 ? r.u16(s + 12) : 0,
                present >= 15 ? r.u8(s + 14) : 0,
                0);
    }

    private static DlmUnknown unknown(DlmWireReader r, int s, DlmHeader h, int captured, boolean truncated, DlmIssues is) {
        return new DlmUnknown(h, s, captured, truncated, r.copy(s + 16, captured - 16), is.list());
    }
}
