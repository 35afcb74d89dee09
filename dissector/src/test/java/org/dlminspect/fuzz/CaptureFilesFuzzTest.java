package org.dlminspect.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFormatException;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.junit.jupiter.api.BeforeAll;

/**
 * The pcap and pcapng readers (and their gzip wrapping) over arbitrary bytes. Seeds: small valid
 * captures of every format and byte order in {@code CaptureFilesFuzzTestInputs/}.
 *
 * <p>Properties: the only exception is {@link CaptureFormatException} (an in-memory input has no
 * other way to fail); every problem inside the capture is a well-formed diagnostic; frames come out
 * numbered in increasing order with a captured length inside their buffer; reading stays ended
 * once it has ended.
 */
class CaptureFilesFuzzTest {
    @BeforeAll
    static void coverageWhenFuzzing() {
        FuzzChecks.requireCoverageWhenFuzzing();
    }

    private static final int MAX_CAPTURED_LENGTH = 16 * 1024 * 1024;
    /** One frame for every run (the reader overwrites it): a fresh one costs a 64 KiB array per run;
     * its fields are zeroed before each run, as a fresh one's are. */
    private static final CaptureFrame FRAME = new CaptureFrame();

    @FuzzTest(maxDuration = "10s")
    void readEveryFrame(byte[] input) throws IOException {
        FuzzChecks.CheckingSink sink = new FuzzChecks.CheckingSink();
        CaptureReader reader;
        try {
            reader = CaptureFiles.open(new ByteArrayInputStream(input), "fuzz.pcap", sink);
        } catch (CaptureFormatException e) {
            FuzzChecks.assertTerminalSafe("format error", e.getMessage(), false);
            return;
        }
        boolean gzip = input.length >= 2 && (input[0] & 0xFF) == 0x1F && (input[1] & 0xFF) == 0x8B;
        try (reader) {
            if (reader.format() == null || reader.format().isEmpty()) {
                throw new AssertionError("reader without a format name");
            }
            CaptureFrame frame = FRAME;
            frame.set(0, 0, 0, 0, 0, 0); // nothing of the last run shows through a reader that fails to set a field
            long last = 0;
            long frames = 0;
            while (reader.next(frame)) {
                frames++;
                if (frame.number() <= last) {
                    throw new AssertionError("frame " + frame.number() + " after frame " + last);
                }
                last = frame.number();
                if (frame.capturedLength() < 0 || frame.capturedLength() > frame.data().length
                        || frame.capturedLength() > MAX_CAPTURED_LENGTH) {
                    throw new AssertionError("frame " + last + ": captured length " + frame.capturedLength()
                            + " outside its " + frame.data().length + "-byte buffer");
                }
                if (frame.originalLength() < 0) {
                    throw new AssertionError("frame " + last + ": negative original length");
                }
                // A record costs at least 12 bytes of the file (pcapng simple packet block header and trailer).
                if (!gzip && frames > input.length / 12) {
                    throw new AssertionError(frames + " frames out of " + input.length + " bytes");
                }
            }
            if (reader.next(frame)) {
                throw new AssertionError("a frame after the end of the capture");
            }
        } catch (CaptureFormatException e) {
            FuzzChecks.assertTerminalSafe("format error", e.getMessage(), false);
        }
    }
}
