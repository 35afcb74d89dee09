package org.dlminspect.capture;

import static org.dlminspect.capture.AbstractCaptureReader.CODE_TIMESTAMP;

import org.dlminspect.DiagnosticSink;
import org.dlminspect.Severity;

/**
 * Reads an interface description block (draft-ietf-opsawg-pcapng §4.2) into a {@link PcapngInterface}: link type,
 * snaplen and the two options that change how its packets' times are read, if_tsresol (9) and if_tsoffset (14).
 * Other options are skipped by their length. A bad option is reported ({@code capture.corrupt_option}) and ignored,
 * and the interface is kept: its packets are still worth reading.
 */
final class InterfaceDescriptionBlock {
    private static final int OPT_ENDOFOPT = 0;
    private static final int OPT_IF_TSRESOL = 9;
    private static final int OPT_IF_TSOFFSET = 14;

    private InterfaceDescriptionBlock() { }

    /**
     * The block of {@code length} bytes at {@code b[p]} (its total lengths already checked), at byte
     * {@code offset} of the file, describing interface {@code id}; {@code big} is the section's byte order.
     */
    static PcapngInterface read(byte[] b, int p, int length, long offset, int id, boolean big, DiagnosticSink sink) {
        int linkType = Bytes.uint16(b, p + 8, big);
        long snaplen = Bytes.uint32(b, p + 12, big);
        boolean binary = false;
        int exponent = 6;
        long offsetSeconds = 0;
        int end = p + length - 4;
        int q = p + 16;
        while (q + 4 <= end) {
            int code = Bytes.uint16(b, q, big);
            int optionLength = Bytes.uint16(b, q + 2, big);
            if (code == OPT_ENDOFOPT) {
                break;
            }
            if (q + 4 + optionLength > end) {
                badOption(sink, offset, id, "option " + code + " of length " + optionLength
                        + " runs past the end of the block; the rest of its options are ignored");
                break;
            }
            if (code == OPT_IF_TSRESOL) {
                if (optionLength == 1) {
                    int v = b[q + 4] & 0xFF;
                    binary = (v & 0x80) != 0;
                    exponent = v & 0x7F;
                } else {
                    badOption(sink, offset, id, "if_tsresol has length " + optionLength + " instead of 1; ignored");
                }
            } else if (code == OPT_IF_TSOFFSET) {
                if (optionLength == 8) {
                    offsetSeconds = Bytes.int64(b, q + 4, big);
                    if (Math.abs(offsetSeconds) > PcapngInterface.MAX_SECONDS) {
                        sink.report(0, Severity.WARN, CODE_TIMESTAMP, "interface description block " + id + " at byte offset "
                                + offset + ": if_tsoffset " + offsetSeconds + " s is beyond what a 64-bit nanosecond time holds"
                                + " (years 1678..2262): an impossible offset, ignored");
                        offsetSeconds = 0;
                    }
                } else {
                    badOption(sink, offset, id, "if_tsoffset has length " + optionLength + " instead of 8; ignored");
                }
            }
            q += 4 + ((optionLength + 3) & ~3);
        }
        if (binary ? exponent >= 64 : exponent > 19) {
            sink.report(0, Severity.WARN, CODE_TIMESTAMP, "interface description block " + id + " at byte offset " + offset
                    + ": if_tsresol " + (binary ? "2^-" : "10^-") + exponent + " s: a 64-bit tick count of it spans less"
                    + " than a second, so its packets' times are impossible");
        }
        return new PcapngInterface(linkType, snaplen, binary, exponent, offsetSeconds);
    }

    private static void badOption(DiagnosticSink sink, long offset, int interfaceId, String what) {
        sink.report(0, Severity.WARN, "capture.corrupt_option",
                "interface description block " + interfaceId + " at byte offset " + offset + ": " + what);
    }
}
