package org.dlminspect.net;

import org.dlminspect.DiagnosticSink;
import org.dlminspect.Severity;
import org.dlminspect.capture.CaptureFrame;

/**
 * The diagnostics of the frame {@link PacketDecoder} is decoding, shared by its link, IP and transport layers: each
 * names the frame, and a header the frame ends inside is told apart as a snaplen cut (a note) or a frame too short
 * (an error) by the frame's length on the wire. One per decoder, re-aimed at every frame, so decoding allocates
 * nothing for them. The reporting methods return false, the "not decoded" of the layer that calls them.
 */
final class FrameDiagnostics {
    private CaptureFrame frame;
    /** Bytes of the frame present (its captured length, at most its buffer). */
    private int cap;
    private DiagnosticSink sink;

    void begin(CaptureFrame frame, int cap, DiagnosticSink sink) {
        this.frame = frame;
        this.cap = cap;
        this.sink = sink;
    }

    void end() {
        this.frame = null;
        this.sink = null;
    }

    long frameNumber() {
        return frame.number();
    }

    /** The frame ends before a header does: a snaplen cut (note) or a frame too short (error). */
    boolean tooShort(String header, int needed, int present) {
        if (frame.originalLength() > cap) {
            sink.report(frame.number(), Severity.NOTE, "net.snaplen", "frame cut by the snaplen before the end of its "
                    + header + ": " + present + " of " + needed + " bytes captured");
        } else {
            sink.report(frame.number(), Severity.ERROR, "net.truncated", "frame too short for its " + header + ": "
                    + present + " of " + needed + " bytes present");
        }
        return false;
    }

    boolean error(String code, String message) {
        sink.report(frame.number(), Severity.ERROR, code, message);
        return false;
    }

    boolean note(String code, String message) {
        sink.report(frame.number(), Severity.NOTE, code, message);
        return false;
    }

    void warn(String code, String message) {
        sink.report(frame.number(), Severity.WARN, code, message);
    }

    /**
     * An IP length claims more bytes than were captured from {@code start}: fine when the snaplen cut the
     * frame and the claim fits the frame's length on the wire, a lie otherwise. (The message is built only
     * for a lie: snaplen-cut frames take this path for every packet.)
     */
    boolean checkCutLength(String field, int claimed, int start) {
        if (frame.originalLength() <= cap) {
            return error("net.ip_total_length", field + " " + claimed + " exceeds the " + (cap - start)
                    + " bytes present");
        }
        long onWire = (long) frame.originalLength() - start;
        if (claimed > onWire) {
            return error("net.ip_total_length", field + " " + claimed + " exceeds the " + onWire
                    + " bytes the frame had on the wire");
        }
        return true;
    }
}
