package org.dlminspect.dlm;

import java.util.List;
import org.dlminspect.schema.AsciiText;

/**
 * {@code struct dlm_opts}: a DLM_OPTS (h_cmd 3), the midcomms 3.2 wrapper: 24 bytes + {@code o_optlen} bytes of
 * options + an inner MSG, RCOM or FIN (reference §2.9). {@code header().seq()} is the sequence number.
 *
 * @param nextcmd  {@code o_nextcmd}
 * @param pad      {@code o_pad}
 * @param optlen   {@code o_optlen}
 * @param pad2     {@code o_pad2}
 * @param options  the TLV options (empty from every kernel so far)
 * @param inner    the wrapped message, decoded; null when no byte of it is present. An OPTS or ACK inside an
 *                 OPTS is not recursed into: it comes back as a {@link DlmUnknown} with an error.
 * @param trailing bytes after the inner message's own {@code h_length} but inside the outer one (empty normally)
 */
public record DlmOpts(
        DlmHeader header, int offset, int captured, boolean truncated,
        int nextcmd, int pad, int optlen, int pad2, List<OptTlv> options,
        DlmPdu inner, byte[] trailing, List<DlmIssue> issues) implements DlmPdu {

    /** {@code sizeof(struct dlm_opts)}: DLM_MIDCOMMS_OPT_LEN. */
    public static final int SIZE = 24;

    /** The midcomms sequence number ({@code h_seq}). */
    public long seq() {
        return header.seq();
    }

    /** The inner message's Info (the renderer prints the OPTS command and seq itself). */
    @Override
    public String info() {
        if (inner != null && inner.captured() >= 15) {
            return inner.info();
        }
        return "OPTS nextcmd=" + DlmCommand.nameOf(nextcmd);
    }

    @Override
    public StringBuilder appendInfo(StringBuilder sb) {
        if (inner != null && inner.captured() >= 15) {
            return inner.appendInfo(sb);
        }
        return sb.append("OPTS nextcmd=").append(DlmCommand.nameOf(nextcmd));
    }

    @Override
    public AsciiText appendInfo(AsciiText text) {
        if (inner != null && inner.captured() >= 15) {
            return inner.appendInfo(text);
        }
        return text.append("OPTS nextcmd=").append(DlmCommand.nameOf(nextcmd));
    }
}
