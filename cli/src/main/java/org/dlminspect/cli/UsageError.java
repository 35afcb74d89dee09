package org.dlminspect.cli;

/** A wrong command line: reported in one line, exit status 2. */
public final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageError(String message) {
        super(message);
    }
}
