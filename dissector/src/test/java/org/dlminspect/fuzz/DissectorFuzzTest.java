package org.dlminspect.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.dlminspect.Diagnostic;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFormatException;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.tcp.ReassemblyLimits;
import org.dlminspect.tcp.TcpEvent;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole pipeline over arbitrary capture bytes: capture reader, link/IP/TCP decoding, reassembly
 * (with small limits, so that they are hit), framing and decoding. Seeds in
 * {@code DissectorFuzzTestInputs/}: short real and synthetic DLM captures in every capture format.
 *
 * <p>Properties: only {@link CaptureFormatException} escapes; every diagnostic is well formed; every
 * message is checked by {@link DlmChecks}, belongs to a frame already read and carries the header its
 * decode found; the listener hears {@code onEnd} exactly once, last.
 */
class DissectorFuzzTest {
    @BeforeAll
    static void coverageWhenFuzzing() {
        FuzzChecks.requireCoverageWhenFuzzing();
    }

    private static final DissectorOptions OPTIONS = DissectorOptions.defaults().withLimits(
            new ReassemblyLimits(2048, 16, 4096, 3, 256, 1024));
    /** One frame for every run (the reader overwrites it): {@code Dissector.run} allocates a 64 KiB one per run. */
    private static final CaptureFrame FRAME = new CaptureFrame();

    @FuzzTest(maxDuration = "10s")
    void dissect(byte[] input) throws IOException {
        Checker checker = new Checker();
        try (CaptureReader reader = CaptureFiles.open(new ByteArrayInputStream(input), "fuzz.pcap", checker::onDiagnostic)) {
            Dissector dissector = new Dissector(OPTIONS, checker);
            FRAME.set(0, 0, 0, 0, 0, 0);
            while (reader.next(FRAME)) {
                dissector.process(FRAME);
            }
            dissector.finish();
        } catch (CaptureFormatException e) {
            FuzzChecks.assertTerminalSafe("format error", e.getMessage(), false);
            return;
        }
        if (checker.ends() != 1) {
            throw new AssertionError("onEnd heard " + checker.ends() + " times");
        }
    }

    /** Checks what the dissector reports, as it comes (the cli's RenderFuzzTest extends it). */
    public static class Checker implements DissectionListener {
        long frame;
        int ends;

        /** How many times {@link #onEnd} was heard. */
        public int ends() {
            return ends;
        }

        @Override
        public void onFrame(CaptureFrame f) {
            afterEnd("a frame");
            frame = f.number();
        }

        @Override
        public void onMessage(DissectedMessage m) {
            afterEnd("a message");
            if (m.firstFrame() < 1 || m.firstFrame() > m.frame() || m.frame() > frame) {
                throw new AssertionError("message of frames " + m.firstFrame() + ".." + m.frame() + " after frame " + frame);
            }
            if (m.direction() == null || m.bytes() == null || m.header() == null || m.pdu() == null) {
                throw new AssertionError("incomplete message in frame " + m.frame());
            }
            if (m.streamOffset() < 0 || m.bytes().position() != 0) {
                throw new AssertionError("message at stream offset " + m.streamOffset() + ", buffer position "
                        + m.bytes().position());
            }
            if (!m.header().equals(m.pdu().header())) {
                throw new AssertionError("header " + m.header() + " but decoded " + m.pdu().header());
            }
            DlmChecks.check(m.pdu(), m.bytes().limit(), m.bytes());
        }

        @Override
        public void onTcpEvent(TcpEvent e) {
            afterEnd("a TCP event");
            if (e == null || e.kind() == null || e.direction() == null || e.frame() > frame) {
                throw new AssertionError("TCP event " + e + " after frame " + frame);
            }
        }

        @Override
        public void onDiagnostic(Diagnostic d) {
            afterEnd("a diagnostic");
            FuzzChecks.assertWellFormed(d);
        }

        @Override
        public void onEnd() {
            ends++;
        }

        private void afterEnd(String what) {
            if (ends > 0) {
                throw new AssertionError(what + " after onEnd");
            }
        }
    }
}
