package org.dlminspect.capture;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;

/**
 * Writes captured frames to a file ({@code read -w}, {@code live -w}): classic pcap ({@link PcapWriter})
 * or pcapng ({@link PcapngWriter}). After {@link #flush()} the stream holds a valid capture.
 */
public interface CaptureWriter extends Closeable, Flushable {
    /** Appends the captured bytes of {@code frame} with its time, original length, link type and interface. */
    void write(CaptureFrame frame) throws IOException;

    /** The file format of {@code -F}. */
    enum Format {
        PCAP, PCAPNG
    }
}
