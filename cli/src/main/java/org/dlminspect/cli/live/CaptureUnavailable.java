package org.dlminspect.cli.live;

/**
 * Live capture cannot be done (no libpcap, no permission, a bad filter, the interface went away): one line
 * on stderr, exit status 2. Its own type here, so that this package does not depend on the command package.
 */
public final class CaptureUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CaptureUnavailable(String message) {
        super(message);
    }
}
