package org.dlminspect.cli;

/** The input cannot be used at all (missing file, not a capture): one line on stderr, exit status 2. */
public final class InputError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputError(String message) {
        super(message);
    }
}
