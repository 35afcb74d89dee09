package org.dlminspect.dlm;

import java.util.List;

/**
 * A message the decoder cannot interpret: an unknown {@code h_cmd}, an OPTS or ACK inside an OPTS, or fewer than
 * 15 bytes captured (so the command is unknown).
 *
 * @param body the bytes after the 16-byte header (those present)
 */
public record DlmUnknown(DlmHeader header, int offset, int captured, boolean truncated, byte[] body,
                         List<DlmIssue> issues) implements DlmPdu {
    @Override
    public String info() {
        if (captured < 15) {
            return "truncated header";
        }
        String n = DlmCommand.nameOf(header.cmd());
        return DlmCommand.fromWire(header.cmd()) == null ? "cmd=" + n : n;
    }
}
