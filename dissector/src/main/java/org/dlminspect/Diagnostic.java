package org.dlminspect;

import org.dlminspect.capture.FrameRef;

/**
 * A problem found while reading or decoding input (as opposed to an analysis finding about
 * protocol behaviour): a truncated record, a lying IP header length, a malformed DLM message.
 *
 * @param frame   1-based frame number the problem belongs to, or 0 when it concerns the file as a whole
 * @param severity how bad it is
 * @param code    stable dotted code, e.g. {@code capture.truncated_record}, {@code tcp.gap}, {@code dlm.length}
 * @param message one sentence for a human, naming what was wrong
 */
public record Diagnostic(long frame, Severity severity, String code, String message) {
    @Override
    public String toString() {
        return (frame > 0 ? "frame " + FrameRef.text(frame) + ": " : "") + message + " [" + code + "]";
    }
}
