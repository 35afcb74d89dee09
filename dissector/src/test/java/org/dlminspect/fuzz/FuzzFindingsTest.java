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
        final List<Long> offsets = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        boolean problemsAllowed;

        @Override
        public void onMessage(ByteBuffer message, long firstFrame, long frame, long epochNanos, long streamOffset,
                              boolean truncated) {
            messages.add(new Framed(firstFrame, frame, epochNanos, message.limit()));
            offsets.add(streamOffset);
        }

        @Override
        public void onProblem(long frame, Severity severity, String code, String message) {
            if (!problemsAllowed) {
                throw new AssertionError(code + ": " + message);
            }
            problems.add(code + " " + message);
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

    /**
     * DlmStreamFramerFuzzTest crash-cce559de: while hunting, the framer kept a candidate header that
     * needed more bytes; the next chunk refuted it, and a header found a few bytes further inside the
     * kept bytes was accepted, with more bytes kept than its h_length. Completing it copied a negative
     * length (ArrayIndexOutOfBoundsException). Now the kept bytes are cut into messages.
     */
    @Test
    void keptBytesLongerThanTheAcceptedMessageAreCutIntoMessages() {
        // Bytes 0..15 look like an OPTS header (3.2, h_length 100), but its o_nextcmd (byte 16) is 0x10;
        // bytes 4..19 are an ACK header (3.2, h_length 16, h_cmd 4).
        byte[] kept = {
            0x02, 0x00, 0x03, 0x00, 0x02, 0x00, 0x03, 0x00, 0x64, 0x00, 0x03, 0x00, 0x64, 0x00, 0x03, 0x00,
            0x10, 0x00, 0x04, 0x00, 0x41, 0x42};
        Collect sink = new Collect();
        sink.problemsAllowed = true;
        DlmStreamFramer framer = new DlmStreamFramer(sink, false);
        framer.onData(kept, 0, kept.length, 1, 1_000);
        framer.onData(new byte[] {0x43, 0x44}, 0, 2, 2, 2_000);
        framer.onEnd(3, 3_000);
        assertEquals(List.of(new Framed(1, 1, 1_000, 16)), sink.messages);
        assertEquals(List.of(4L), sink.offsets);
        assertEquals(List.of("stream.resync skipped 4 bytes to the next plausible DLM header",
                "stream.partial dropped 4 bytes of a DLM header cut short by the end of the stream"), sink.problems);
    }

    /**
     * DlmStreamFramerFuzzTest crash-8b56bd21: after the fix above, the kept bytes were cut into messages
     * by their h_length without checking it, so a zero h_length after two accepted messages made an empty
     * message (and would have made them forever). A kept header's length is checked like any other.
     */
    @Test
    void aKeptHeaderWithAnImpossibleLengthIsALengthError() {
        byte[] kept = new byte[70];
        // Bytes 0..23: an OPTS header (3.2, h_length 100, o_nextcmd MSG, o_optlen 40) whose inner header
        // (64..79) is not there yet; bytes 8..23 and 24..39 are ACK headers; bytes 40.. are zero.
        byte[] head = {
            0x02, 0x00, 0x03, 0x00, (byte) 0xAA, (byte) 0xAA, (byte) 0xAA, (byte) 0xAA,
            0x02, 0x00, 0x03, 0x00, 0x64, 0x00, 0x03, 0x00, 0x01, 0x00, 0x28, 0x00, 0x10, 0x00, 0x04, 0x00,
            0x02, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x04, 0x00};
        System.arraycopy(head, 0, kept, 0, head.length);
        Collect sink = new Collect();
        sink.problemsAllowed = true;
        DlmStreamFramer framer = new DlmStreamFramer(sink, false);
        framer.onData(kept, 0, kept.length, 1, 1_000);
        assertEquals(List.of(), sink.messages);
        framer.onData(new byte[10], 0, 10, 2, 2_000);
        framer.onEnd(3, 3_000);
        assertEquals(List.of(new Framed(1, 1, 1_000, 16), new Framed(1, 1, 1_000, 16)), sink.messages);
        assertEquals(List.of(8L, 24L), sink.offsets);
        assertEquals(List.of("stream.resync skipped 8 bytes to the next plausible DLM header",
                "dlm.length h_length 0 outside 16..4096: the receiving kernel aborts parsing of this stream",
                "stream.resync skipped 40 bytes: no plausible DLM header before the end of the stream"), sink.problems);
    }
}
