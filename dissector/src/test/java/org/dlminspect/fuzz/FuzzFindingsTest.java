package org.dlminspect.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dlminspect.Severity;
import org.dlminspect.dlm.DlmStreamFramer;
import org.dlminspect.testkit.DlmBytes;
import org.junit.jupiter.api.Test;

/**
 * Each bug the fuzz targets found, reduced to the smallest input that shows it. The fuzzer's own
 * input is also kept in the target's {@code Inputs/} directory, so both replay on every build.
 */
class FuzzFindingsTest {
    /** A message the framer emitted: first and completing frame. */
    private record Framed(long firstFrame, long frame, long epochNanos, int length) { }

    private static final class Collect implements DlmStreamFramer.Sink {
        final List<Framed> messages = new ArrayList<>();

        @Override
        public void onMessage(ByteBuffer message, long firstFrame, long frame, long epochNanos, long streamOffset,
                              boolean truncated) {
            messages.add(new Framed(firstFrame, frame, epochNanos, message.limit()));
        }

        @Override
        public void onProblem(long frame, Severity severity, String code, String message) {
            throw new AssertionError(code + ": " + message);
        }
    }

    /**
     * DissectorFuzzTest crash-e53cd18d: frame 5 fills the hole before data held from frame 4; the message
     * starting in frame 5 and ending in frame 4's bytes was reported as completed by frame 4, before the
     * frame holding its first byte. It is complete at frame 5, the latest frame that supplied a byte.
     */
    @Test
    void aMessageEndingInHeldDataIsCompletedByTheLatestFrame() {
        byte[] m = DlmBytes.opts(2, 1, DlmBytes.msg(DlmBytes.V32, DlmBytes.LOCKSPACE, 2, DlmBytes.Msg.of(3)));
        Collect sink = new Collect();
        DlmStreamFramer framer = new DlmStreamFramer(sink, true);
        framer.onData(Arrays.copyOfRange(m, 0, 40), 0, 40, 5, 5_000);
        framer.onData(Arrays.copyOfRange(m, 40, m.length), 0, m.length - 40, 4, 4_000);
        assertEquals(List.of(new Framed(5, 5, 5_000, m.length)), sink.messages);
    }

    @Test
    void aMessageAcrossFramesInCaptureOrderIsCompletedByItsLastFrame() {
        byte[] m = DlmBytes.opts(2, 1, DlmBytes.msg(DlmBytes.V32, DlmBytes.LOCKSPACE, 2, DlmBytes.Msg.of(3)));
        Collect sink = new Collect();
        DlmStreamFramer framer = new DlmStreamFramer(sink, true);
        framer.onData(Arrays.copyOfRange(m, 0, 10), 0, 10, 7, 7_000);
        framer.onData(Arrays.copyOfRange(m, 10, 40), 0, 30, 8, 8_000);
        framer.onData(Arrays.copyOfRange(m, 40, m.length), 0, m.length - 40, 9, 9_000);
        assertEquals(List.of(new Framed(7, 9, 9_000, m.length)), sink.messages);
    }
}
