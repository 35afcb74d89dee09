package org.dlminspect.capture;

import java.io.IOException;

/** The input is not a capture file we can read (bad magic, corrupt header). The message is for the user. */
public class CaptureFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public CaptureFormatException(String message) {
        super(message);
    }
}
