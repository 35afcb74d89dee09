package org.dlminspect.dlm;

import org.dlminspect.Severity;

/**
 * A problem the decoder found in one message.
 *
 * @param offset   the field concerned, relative to the start of the outermost message given to the decoder
 * @param severity {@link Severity#ERROR} for malformations the kernel rejects or would mis-handle (reference §6);
 *                 {@link Severity#NOTE} for oddities the kernel ignores (non-zero padding, unknown options …)
 * @param message  one sentence, in the kernel's terms where it has some
 */
public record DlmIssue(int offset, Severity severity, String message) {
    public boolean isError() {
        return severity == Severity.ERROR;
    }
}
