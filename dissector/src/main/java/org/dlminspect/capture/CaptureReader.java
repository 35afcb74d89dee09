package org.dlminspect.capture;

import java.io.Closeable;
import java.io.IOException;

/**
 * A streaming reader of capture records: never loads a capture whole.
 * Implementations: classic pcap and pcapng, both byte orders (see {@link CaptureFiles}).
 */
public interface CaptureReader extends Closeable {
    /**
     * Reads the next frame into {@code frame}.
     *
     * @return false at the end of the capture (including a capture truncated in its last record,
     *     which is reported to the reader's DiagnosticSink as a warning first)
     * @throws CaptureFormatException when the input cannot be read as a capture at all
     */
    boolean next(CaptureFrame frame) throws IOException;

    /** Short name of the file format, e.g. "pcap", "pcap-ns", "pcapng". */
    String format();
}
