package org.dlminspect.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.dlminspect.Severity;
import org.dlminspect.dlm.DlmDecoder;
import org.dlminspect.dlm.DlmStreamFramer;
import org.junit.jupiter.api.BeforeAll;

/**
 * The DLM stream framer over an arbitrary stream. Input: a control byte, then the stream. The control
 * byte says whether the stream starts aligned on a message (bit 0) and seeds the choice of how the
 * stream is cut into chunks (1 to 1600 bytes), where gaps of known or unknown size fall and where the
 * stream ends and restarts, and which chunks come with an earlier frame (as held out-of-order data
 * does); the same input always makes the same calls. Every message the framer cuts is
 * decoded and checked. Seeds in {@code DlmStreamFramerFuzzTestInputs/}: streams of back-to-back
 * messages of every type.
 *
 * <p>Properties: no exception; every message lies at position 0 in little-endian order, holds 16 to
 * 4096 bytes, exactly its {@code h_length} unless marked truncated (then fewer); messages come in
 * stream order without overlapping and inside the bytes handed in; frames are ones already seen;
 * problems are terminal safe.
 */
class DlmStreamFramerFuzzTest {
    @BeforeAll
    static void coverageWhenFuzzing() {
        FuzzChecks.requireCoverageWhenFuzzing();
    }

    @FuzzTest(maxDuration = "10s")
    void frame(byte[] input) {
        if (input.length == 0) {
            return;
        }
        int control = input[0] & 0xFF;
        SplittableRandom cuts = new SplittableRandom(control);
        Checker checker = new Checker();
        DlmStreamFramer framer = new DlmStreamFramer(checker, (control & 1) != 0);
        int pos = 1;
        while (pos < input.length) {
            checker.frame++;
            int what = cuts.nextInt(64);
            if (what < 3) {
                long missing = cuts.nextBoolean() ? -1 : 1 + cuts.nextInt(200);
                checker.streamBytes += Math.max(0, missing);
                framer.onGap(missing, checker.frame, checker.frame);
                continue;
            }
            if (what == 3) {
                framer.onEnd(checker.frame, checker.frame);
                continue;
            }
            int n = Math.min(input.length - pos, 1 + cuts.nextInt(what < 32 ? 64 : 1600));
            // The chunk sits inside a larger array, as a segment's payload sits in its frame.
            int lead = cuts.nextInt(4);
            byte[] array = new byte[lead + n + 2];
            System.arraycopy(input, pos, array, lead, n);
            pos += n;
            checker.streamBytes += n;
            // Out-of-order data the reassembler held arrives with the earlier frame that carried it.
            long dataFrame = Math.max(1, checker.frame - (cuts.nextInt(8) == 0 ? cuts.nextInt(3) : 0));
            framer.onData(array, lead, n, dataFrame, dataFrame);
        }
        framer.onEnd(checker.frame, checker.frame);
    }

    private static final class Checker implements DlmStreamFramer.Sink {
        long frame;
        long streamBytes;
        private long nextOffset;
        private boolean lengthErrorPending;

        @Override
        public void onMessage(ByteBuffer message, long firstFrame, long lastFrame, long epochNanos, long streamOffset,
                              boolean truncated) {
            if (message.position() != 0 || message.order() != ByteOrder.LITTLE_ENDIAN) {
                throw new AssertionError("message buffer at position " + message.position() + ", " + message.order());
            }
            int present = message.limit();
            if (present < 16 || present > 4096) {
                throw new AssertionError("message of " + present + " bytes: " + DlmChecks.hex(message));
            }
            int length = message.getShort(12) & 0xFFFF;
            // The one documented exception: an OPTS whose corrupt h_length runs past what it wraps is cut where
            // its contents end, right after a dlm.length error (DlmStreamFramer.Sink).
            boolean cut = lengthErrorPending && !truncated && present < length;
            lengthErrorPending = false;
            if (!cut && (truncated ? present >= length : present != length)) {
                throw new AssertionError((truncated ? "truncated" : "whole") + " message of " + present
                        + " bytes with h_length " + length);
            }
            if (firstFrame < 1 || firstFrame > lastFrame || lastFrame > frame) {
                throw new AssertionError("message of frames " + firstFrame + ".." + lastFrame + " at frame " + frame);
            }
            if (streamOffset < nextOffset || streamOffset + present > streamBytes) {
                throw new AssertionError("message at stream offset " + streamOffset + "+" + present
                        + ", after the previous one ended at " + nextOffset + ", of " + streamBytes + " bytes");
            }
            nextOffset = streamOffset + present;
            DlmChecks.check(DlmDecoder.decode(message.duplicate().order(ByteOrder.LITTLE_ENDIAN)), present, message);
        }

        @Override
        public void onProblem(long problemFrame, Severity severity, String code, String message) {
            if (problemFrame < 0 || problemFrame > frame || severity == null || code == null || message == null) {
                throw new AssertionError("problem " + code + " at frame " + problemFrame + ": " + message);
            }
            FuzzChecks.assertTerminalSafe(code, message, false);
            lengthErrorPending = DlmStreamFramer.CODE_LENGTH.equals(code) && severity == Severity.ERROR;
        }
    }
}
