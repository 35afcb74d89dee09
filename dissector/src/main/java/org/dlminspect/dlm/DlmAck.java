package org.dlminspect.dlm;

import java.util.List;
import org.dlminspect.schema.AsciiText;

/**
 * DLM_ACK (h_cmd 4): a bare 16-byte header; {@code h_seq} is the ACK sender's next expected sequence number,
 * i.e. "everything below this has arrived" (reference §2.10).
 *
 * @param extra bytes after the 16-byte header (none in a well-formed ACK)
 */
public record DlmAck(DlmHeader header, int offset, int captured, boolean truncated, byte[] extra,
                     List<DlmIssue> issues) implements DlmPdu {

    /** Cumulative acknowledgement: the next sequence number the ACK sender expects. */
    public long nextExpected() {
        return header.seq();
    }

    @Override
    public String info() {
        return appendInfo(new AsciiText(24)).toString();
    }

    @Override
    public AsciiText appendInfo(AsciiText text) {
        return captured >= 8 ? text.append("ACK next=").append(header.seq()) : text.append("ACK");
    }
}
