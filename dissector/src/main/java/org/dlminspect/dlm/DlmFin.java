package org.dlminspect.dlm;

import java.util.List;

/**
 * DLM_FIN (h_cmd 5): the 16-byte header that closes a midcomms session, always wrapped in an OPTS (a bare one is
 * an error) (reference §2.10, §3.9).
 *
 * @param extra bytes after the 16-byte header (none in a well-formed FIN)
 */
public record DlmFin(DlmHeader header, int offset, int captured, boolean truncated, byte[] extra,
                     List<DlmIssue> issues) implements DlmPdu {
    @Override
    public String info() {
        return "FIN";
    }
}
