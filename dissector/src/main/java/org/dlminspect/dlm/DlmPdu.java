package org.dlminspect.dlm;

import java.util.ArrayList;
import java.util.List;
import org.dlminspect.schema.AsciiText;

/**
 * One decoded DLM message (reference §2), as {@link DlmDecoder#decode} returns it.
 *
 * <p>Fields the capture does not hold (a message cut by the snaplen or a gap) read as 0 / empty in the
 * records and are not visited by {@link #accept}; {@link #captured()} tells how far the bytes go.
 */
public sealed interface DlmPdu permits DlmMessage, DlmRcom, DlmOpts, DlmAck, DlmFin, DlmUnknown {
    /** The message's own 16-byte header (absent bytes read as 0 when fewer than 16 were captured). */
    DlmHeader header();

    /** Where this message starts, relative to the outermost message given to the decoder (0, or 24 + o_optlen for an OPTS inner message). */
    int offset();

    /** How many bytes of this message are present (never more than its h_length, or 16 when h_length is below 16). */
    int captured();

    /** True when the capture holds fewer bytes than {@code h_length} (snaplen or a gap): decoded as far as the bytes go. */
    boolean truncated();

    /** The problems found in this message itself (for an OPTS, not those of the inner message). */
    List<DlmIssue> issues();

    /** Reasons this message is malformed (kernel's view, reference §6); empty when well-formed. Includes the inner message's for an OPTS. */
    default List<String> errors() {
        return texts(this, true);
    }

    /** Oddities the kernel ignores (non-zero padding, unknown options, parent lock ids …). Includes the inner message's for an OPTS. */
    default List<String> notes() {
        return texts(this, false);
    }

    /** Walks every decoded field in wire order (reporting each issue at the field concerned). */
    default void accept(FieldVisitor visitor) {
        DlmWalk.walk(this, visitor);
    }

    /** The packet-list Info text: message type and the fields a person looks at first. */
    String info();

    /** Appends {@link #info()} to {@code sb}. */
    default StringBuilder appendInfo(StringBuilder sb) {
        return sb.append(info());
    }

    /**
     * Appends {@link #info()} to {@code text} as ASCII bytes: the packet list reuses one {@link AsciiText} and copies
     * its bytes into the output line, no String nor character copy per message.
     */
    default AsciiText appendInfo(AsciiText text) {
        return text.append(info());
    }

    private static List<String> texts(DlmPdu pdu, boolean errors) {
        List<String> out = null;
        for (DlmPdu p = pdu; p != null; p = p instanceof DlmOpts o ? o.inner() : null) {
            List<DlmIssue> issues = p.issues();
            for (int k = 0, n = issues.size(); k < n; k++) { // indexed: no iterator per message
                DlmIssue i = issues.get(k);
                if (i.isError() == errors) {
                    if (out == null) {
                        out = new ArrayList<>(4);
                    }
                    out.add(i.message());
                }
            }
        }
        return out == null ? List.of() : List.copyOf(out);
    }
}
