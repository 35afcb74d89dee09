package org.dlminspect.dlm;

import static org.dlminspect.testkit.DlmBytes.LOCKSPACE;
import static org.dlminspect.testkit.DlmBytes.V31;
import static org.dlminspect.testkit.DlmBytes.V32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.dlminspect.Severity;
import org.dlminspect.testkit.DlmBytes;
import org.junit.jupiter.api.Test;

class DlmStreamFramerTest {

    record Message(byte[] bytes, long firstFrame, long frame, long epochNanos, long offset, boolean truncated, boolean zeroCopy) {
        String summary() {
            return "f" + firstFrame + "-f" + frame + " @" + offset + " len" + bytes.length + (truncated ? " truncated" : "");
        }
    }

    /** Records what the framer emits; checks the buffer contract on every message. */
    static final class Recorder implements DlmStreamFramer.Sink {
        final List<Message> messages = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        byte[] currentChunk;

        @Override
        public void onMessage(ByteBuffer m, long firstFrame, long frame, long epochNanos, long offset, boolean truncated) {
            assertEquals(ByteOrder.LITTLE_ENDIAN, m.order());
            assertEquals(0, m.position());
            assertTrue(m.limit() >= DlmHeader.SIZE, "a message has at least its header");
            assertEquals(frame * 1000, epochNanos);
            DlmHeader h = DlmHeader.read(m, 0);
            if (truncated) {
                assertTrue(m.limit() < h.length(), "a truncated message is shorter than h_length");
            } else {
                assertEquals(h.length(), m.limit(), "limit == h_length");
            }
            byte[] copy = new byte[m.limit()];
            m.get(0, copy);
            boolean zeroCopy = m.hasArray() && m.array() == currentChunk;
            messages.add(new Message(copy, firstFrame, frame, epochNanos, offset, truncated, zeroCopy));
            m.position(m.limit()); // a sink may move the position; the framer must not care
        }

        @Override
        public void onProblem(long frame, Severity severity, String code, String message) {
            problems.add(severity + " " + code + " f" + frame + " " + message);
        }

        List<String> summaries() {
            return messages.stream().map(Message::summary).toList();
        }
    }

    final Recorder rec = new Recorder();

    void feed(DlmStreamFramer f, byte[] stream, int from, int to, long frame) {
        byte[] chunk = Arrays.copyOfRange(stream, from, to);
        rec.currentChunk = chunk;
        f.onData(chunk, 0, chunk.length, frame, frame * 1000);
    }

    // Realistic 3.2 traffic (protocol reference §2): an OPTS-wrapped REQUEST for a 7-byte name (119
    // bytes), an ACK (16), an unwrapped RCOM_STATUS (64), an OPTS-wrapped FIN (40).
    static final byte[] REQUEST = DlmBytes.opts(1, 7,
            DlmBytes.msg(V32, LOCKSPACE, 1, DlmBytes.Msg.of(1).lkid(0x10001).pid(4242).modes(-1, 5).name("res7abc")));
    static final byte[] ACK = DlmBytes.ack(2, 8);
    static final byte[] STATUS = DlmBytes.rcom(V32, LOCKSPACE, 1, 1, 0, 1, 2, 0, DlmBytes.rcomStatus(0));
    static final byte[] FIN = DlmBytes.fin(1, 9);
    static final byte[] GRANT = DlmBytes.opts(2, 11,
            DlmBytes.msg(V32, LOCKSPACE, 2, DlmBytes.Msg.of(6).lkid(0x20002).remid(0x10001).name("res7abc")));

    @Test
    void theFixturesHaveTheLengthsOfTheProtocolReference() {
        assertEquals(119, REQUEST.length);
        assertEquals(16, ACK.length);
        assertEquals(64, STATUS.length);
        assertEquals(40, FIN.length);
    }

    @Test
    void severalMessagesInOneChunkAreViewsOfTheCallersArray() {
        byte[] stream = DlmBytes.concat(REQUEST, ACK, STATUS, FIN);
        DlmStreamFramer f = new DlmStreamFramer(rec, true);
        feed(f, stream, 0, stream.length, 7);
        assertEquals(List.of("f7-f7 @0 len119", "f7-f7 @119 len16", "f7-f7 @135 len64", "f7-f7 @199 len40"), rec.summaries());
        assertArrayEquals(REQUEST, rec.messages.get(0).bytes());
        assertArrayEquals(ACK, rec.messages.get(1).bytes());
        assertArrayEquals(STATUS, rec.messages.get(2).bytes());
        assertArrayEquals(FIN, rec.messages.get(3).bytes());
        assertTrue(rec.messages.stream().allMatch(Message::zeroCopy), "no copy for messages inside one chunk");
        assertEquals(List.of(), rec.problems);
        assertTrue(f.synchronised());
    }

    @Test
    void aChunkStartingInsideTheCallersArrayIsFramedFromItsOffset() {
        byte[] buf = DlmBytes.concat(new byte[9], ACK, REQUEST, new byte[3]);
        rec.currentChunk = buf;
        new DlmStreamFramer(rec, true).onData(buf, 9, ACK.length + REQUEST.length, 4, 4000);
        assertEquals(List.of("f4-f4 @0 len16", "f4-f4 @16 len119"), rec.summaries());
        assertArrayEquals(REQUEST, rec.messages.get(1).bytes());
    }

    @Test
    void aMessageSplitOverThreeChunksIsReportedInTheFrameThatCompletesIt() {
        byte[] stream = DlmBytes.concat(REQUEST, ACK);
        DlmStreamFramer f = new DlmStreamFramer(rec, true);
        feed(f, stream, 0, 10, 1);      // not even the whole header
        feed(f, stream, 10, 60, 2);
        assertEquals(List.of(), rec.summaries());
        feed(f, stream, 60, stream.length, 3);
        assertEquals(List.of("f1-f3 @0 len119", "f3-f3 @119 len16"), rec.summaries());
        assertArrayEquals(REQUEST, rec.messages.get(0).bytes());
        assertFalse(rec.messages.get(0).zeroCopy());
        assertTrue(rec.messages.get(1).zeroCopy());
        assertEquals(3000, rec.messages.get(0).epochNanos());
    }

    @Test
    void aSixteenByteMessageIsJustAHeader() {
        byte[] bare = DlmBytes.le(16).array();
        ByteBuffer b = ByteBuffer.wrap(bare).order(ByteOrder.LITTLE_ENDIAN);
        DlmBytes.header(b, V31, LOCKSPACE, 3, 16, 1);
        byte[] stream = DlmBytes.concat(bare, ACK);
        feed(new DlmStreamFramer(rec, true), stream, 0, stream.length, 1);
        assertEquals(List.of("f1-f1 @0 len16", "f1-f1 @16 len16"), rec.summaries());
        assertArrayEquals(bare, rec.messages.get(0).bytes());
    }

    @Test
    void aMessageOfTheMaximumLength4096IsFramedWholeAndAcrossChunks() {
        byte[] big = DlmBytes.opts(1, 12, DlmBytes.rcom(V32, LOCKSPACE, 1, 6, 0, 3, 4, 0, new byte[4096 - 24 - 48]));
        assertEquals(4096, big.length);
        byte[] stream = DlmBytes.concat(big, ACK, big);
        DlmStreamFramer f = new DlmStreamFramer(rec, true);
        feed(f, stream, 0, 4096 + 16 + 1448, 1);
        feed(f, stream, 4096 + 16 + 1448, stream.length, 2);
        assertEquals(List.of("f1-f1 @0 len4096", "f1-f1 @4096 len16", "f1-f2 @4112 len4096"), rec.summaries());
        assertArrayEquals(big, rec.messages.get(2).bytes());
        assertEquals(List.of(), rec.problems);
    }

    byte[] headerWithLength(int length) {
        ByteBuffer b = DlmBytes.le(16);
        DlmBytes.header(b, V32, LOCKSPACE, 1, length, 1);
        return b.array();
    }

    @Test
    void aLengthOf15IsTheKernelsFatalFramingErrorThenTheFramerHunts() {
        byte[] stream = DlmBytes.concat(REQUEST, headerWithLength(15), ACK, STATUS);
        DlmStreamFramer f = new DlmStreamFramer(rec, true);
        feed(f, stream, 0, stream.length, 5);
        assertEquals(List.of(
                "ERROR dlm.length f5 h_length 15 outside 16..4096: the receiving kernel aborts parsing of this stream",
                "NOTE stream.resync f5 skipped 16 bytes to the next plausible DLM header"), rec.problems);
        assertEquals(List.of("f5-f5 @0 len119", "f5-f5 @135 len16", "f5-f5 @151 len64"), rec.summaries());
        assertTrue(f.synchronised());
    }

    @Test
    void aLengthOf4097IsTheKernelsFatalFramingErrorEvenWhenTheHeaderArrivesInPieces() {
        byte[] stream = DlmBytes.concat(ACK, headerWithLength(4097), new byte[40], FIN);
        DlmStreamFramer f = new DlmStreamFramer(rec, true);
        feed(f, stream, 0, 20, 1);
        feed(f, stream, 20, 40, 2);   // completes the bad header
        assertEquals(List.of(
                "ERROR dlm.length f2 h_length 4097 outside 16..4096: the receiving kernel aborts parsing of this stream"),
                rec.problems);
        assertFalse(f.synchronised());
        feed(f, stream, 40, stream.length, 3);
        assertEquals("NOTE stream.resync f3 skipped 56 bytes to the next plausible DLM header", rec.problems.get(1));
        assertEquals(List.of("f1-f1 @0 len16", "f3-f3 @72 len40"), rec.summaries());
    }

    @Test
    void aMessageWithAValidLengthButUnknownVersionOrCommandIsStillFramedByItsLength() {
        ByteBuffer odd = DlmBytes.le(20);
        DlmBytes.header(odd, 0x00040000, LOCKSPACE, 1, 20, 9);
        byte[] stream = DlmBytes.concat(odd.array(), ACK);
        feed(new DlmStreamFramer(rec, true), stream, 0, stream.length, 1);
        assertEquals(List.of("f1-f1 @0 len20", "f1-f1 @20 len16"), rec.summaries());
        assertEquals(List.of(), rec.problems);
    }

    // ---- hunting ----

    @Test
    void aCaptureStartingMidStreamHuntsForTheFirstPlausibleHeader() {
        byte[] stream = DlmBytes.concat(REQUEST, ACK, STATUS);
        DlmStreamFramer f = new DlmStreamFramer(rec, false);
        assertFalse(f.synchronised());
        feed(f, stream, 50, stream.length, 1);
        assertEquals(List.of("NOTE stream.resync f1 skipped 69 bytes to the next plausible DLM header"), rec.problems);
        assertEquals(List.of("f1-f1 @69 len16", "f1-f1 @85 len64"), rec.summaries());
        assertArrayEquals(STATUS, rec.messages.get(1).bytes());
        assertTrue(f.synchronised());
    }

    @Test
    void anAlignedStartIsNotReportedAsAResync() {
        byte[] stream = DlmBytes.concat(ACK, STATUS);
        feed(new DlmStreamFramer(rec, false), stream, 0, stream.length, 1);
        assertEquals(List.of("f1-f1 @0 len16", "f1-f1 @16 len64"), rec.summaries());
        assertEquals(List.of(), rec.problems);
    }

    @Test
    void huntingFindsAHeaderSplitAcrossChunks() {
        byte[] stream = DlmBytes.concat(REQUEST, ACK, STATUS);
        DlmStreamFramer f = new DlmStreamFramer(rec, false);
        feed(f, stream, 114, 127, 1);          // last 5 bytes of REQUEST, first 8 of ACK
        assertEquals(List.of(), rec.summaries());
        feed(f, stream, 127, stream.length, 2);
        assertEquals(List.of("NOTE stream.resync f2 skipped 5 bytes to the next plausible DLM header"), rec.problems);
        assertEquals(List.of("f1-f2 @5 len16", "f2-f2 @21 len64"), rec.summaries());
    }

    @Test
    void anOptsCandidateWaitsForItsInnerHeaderBeforeItIsAccepted() {
        byte[] stream = DlmBytes.concat(new byte[] {1, 2, 3}, REQUEST);
        DlmStreamFramer f = new DlmStreamFramer(rec, false);
        feed(f, stream, 0, 33, 1);             // the OPTS header and only 6 bytes of its inner header
        assertEquals(List.of(), rec.summaries());
        assertFalse(f.synchronised());
        feed(f, stream, 33, stream.length, 2);
        assertEquals(List.of("NOTE stream.resync f2 skipped 3 bytes to the next plausible DLM header"), rec.problems);
        assertEquals(List.of("f1-f2 @3 len119"), rec.summaries());
        assertArrayEquals(REQUEST, rec.messages.get(0).bytes());
    }

    @Test
    void anOptsWhoseInnerCommandIsImplausibleIsRejected() {
        byte[] inner = DlmBytes.msg(V32, LOCKSPACE, 1, DlmBytes.Msg.of(1).name("res7abc"));
        byte[] bad = DlmBytes.opts(1, 7, inner);
        bad[24 + 14] = 4;                      // inner h_cmd ACK: not MSG, RCOM or FIN (and not a 16-byte ACK either)
        byte[] stream = DlmBytes.concat(bad, ACK);
        feed(new DlmStreamFramer(rec, false), stream, 0, stream.length, 1);
        assertEquals(List.of("NOTE stream.resync f1 skipped 119 bytes to the next plausible DLM header"), rec.problems);
        assertEquals(List.of("f1-f1 @119 len16"), rec.summaries());
    }

    @Test
    void huntingRejectsAnAckThatIsNot16BytesAndAnOptsWithABadNextCommand() {
        ByteBuffer longAck = DlmBytes.le(20);
        DlmBytes.header(longAck, V32, 8, 2, 20, 4);
        byte[] badNext = DlmBytes.opts(V32, 1, 7, 4, new byte[0], DlmBytes.finInner(1));
        byte[] stream = DlmBytes.concat(longAck.array(), badNext, STATUS);
        feed(new DlmStreamFramer(rec, false), stream, 0, stream.length, 1);
        // The OPTS header is refused; its inner FIN is refused too (the kernel never sends a bare FIN).
        assertEquals(List.of("NOTE stream.resync f1 skipped 60 bytes to the next plausible DLM header"), rec.problems);
        assertEquals(List.of("f1-f1 @60 len64"), rec.summaries());
    }

    @Test
    void huntingRejectsA31HeaderOnAnOptsAndANonZeroPad() {
        byte[] opts31 = DlmBytes.opts(V31, 1, 7, 5, new byte[0], DlmBytes.finInner(1));
        byte[] padded = ACK.clone();
        padded[15] = 1;
        byte[] stream = DlmBytes.concat(opts31, padded, ACK);
        feed(new DlmStreamFramer(rec, false), stream, 0, stream.length, 1);
        assertEquals(List.of("NOTE stream.resync f1 skipped 56 bytes to the next plausible DLM header"), rec.problems);
        assertEquals(List.of("f1-f1 @56 len16"), rec.summaries());
    }

    @Test
    void aCandidateWhoseNextHeaderIsImplausibleIsRejected() {
        // An ACK-looking header followed by bytes that are no header: not a real message boundary.
        byte[] stream = DlmBytes.concat(ACK, new byte[16], STATUS);
        feed(new DlmStreamFramer(rec, false), stream, 0, stream.length, 1);
        assertEquals(List.of("NOTE stream.resync f1 skipped 32 bytes to the next plausible DLM header"), rec.problems);
        assertEquals(List.of("f1-f1 @32 len64"), rec.summaries());
    }

    @Test
    void huntingInsideAnOptsWhoseHeaderWasCutLocksOntoTheInnerMessageAndIsThenInSync() {
        byte[] stream = DlmBytes.concat(REQUEST, ACK);
        feed(new DlmStreamFramer(rec, false), stream, 10, stream.length, 1);
        assertEquals(List.of("NOTE stream.resync f1 skipped 14 bytes to the next plausible DLM header"), rec.problems);
        assertEquals(List.of("f1-f1 @14 len95", "f1-f1 @109 len16"), rec.summaries());
        assertArrayEquals(Arrays.copyOfRange(REQUEST, 24, 119), rec.messages.get(0).bytes());
    }

    @Test
    void aStreamWithNoPlausibleHeaderIsReportedAtItsEnd() {
        DlmStreamFramer f = new DlmStreamFramer(rec, false);
        feed(f, new byte[100], 0, 100, 1);
        f.onEnd(2, 2000);
        assertEquals(List.of("NOTE stream.resync f2 skipped 100 bytes: no plausible DLM header before the end of the stream"),
                rec.problems);
        assertEquals(List.of(), rec.summaries());
    }

    // ---- gaps and end ----

    /** REQUEST @0, STATUS @119, GRANT @183, ACK @302, FIN @318, end 358. */
    static final byte[] STREAM = DlmBytes.concat(REQUEST, STATUS, GRANT, ACK, FIN);

    @Test
    void aGapAfterAKnownHeaderEmitsTheTruncatedMessageThenHunts() {
        DlmStreamFramer f = new DlmStreamFramer(rec, true);
        feed(f, STREAM, 0, 139, 1);           // REQUEST, then 20 bytes of STATUS
        f.onGap(100, 2, 2000);                 // [139, 239) lost: past STATUS's end
        assertEquals(List.of("f1-f1 @0 len119", "f1-f1 @119 len20 truncated"), rec.summaries());
        assertArrayEquals(Arrays.copyOfRange(STATUS, 0, 20), rec.messages.get(1).bytes());
        assertFalse(f.synchronised());
        feed(f, STREAM, 239, STREAM.length, 2);
        assertEquals(List.of("NOTE stream.resync f2 skipped 63 bytes to the next plausible DLM header"), rec.problems);
        assertEquals(List.of("f1-f1 @0 len119", "f1-f1 @119 len20 truncated", "f2-f2 @302 len16", "f2-f2 @318 len40"),
                rec.summaries());
    }

    @Test
    void aGapEndingInsideTheTruncatedMessageKeepsTheFramerInSync() {
        DlmStreamFramer f = new DlmStreamFramer(rec, true);
        feed(f, STREAM, 0, 139, 1);
        f.onGap(30, 2, 2000);                  // [139, 169) lost: STATUS ends at 183
        assertTrue(f.synchronised());
        feed(f, STREAM, 169, 200, 2);          // 14 more bytes of STATUS, then GRANT begins
        feed(f, STREAM, 200, STREAM.length, 3);
        assertEquals(List.of("f1-f1 @0 len119", "f1-f1 @119 len20 truncated", "f2-f3 @183 len119", "f3-f3 @302 len16",
                "f3-f3 @318 len40"), rec.summaries());
        assertArrayEquals(GRANT, rec.messages.get(2).bytes());
        assertEquals(List.of(), rec.problems);
    }

    @Test
    void aGapEndingExactlyAtTheTruncatedMessagesEndKeepsTheFramerInSync() {
        DlmStreamFramer f = new DlmStreamFramer(rec, true);
        feed(f, STREAM, 0, 139, 1);
        f.onGap(44, 2, 2000);
        feed(f, STREAM, 183, STREAM.length, 2);
        assertEquals(List.of("f1-f1 @0 len119", "f1-f1 @119 len20 truncated", "f2-f2 @183 len119", "f2-f2 @302 len16",
                "f2-f2 @318 len40"), rec.summaries());
        assertEquals(List.of(), rec.problems);
    }

    @Test
    void aGapBetweenMessagesMakesTheFramerHunt() {
        DlmStreamFramer f = new DlmStreamFramer(rec, true);
        feed(f, STREAM, 0, 119, 1);
        f.onGap(64, 2, 2000);                  // STATUS lost whole: where the next header is cannot be known
        assertFalse(f.synchronised());
        feed(f, STREAM, 183, STREAM.length, 2);
        assertEquals(List.of("f1-f1 @0 len119", "f2-f2 @183 len119", "f2-f2 @302 len16", "f2-f2 @318 len40"),
                rec.summaries());
        assertEquals(List.of(), rec.problems);
    }

    @Test
    void fewerThan16BytesOfAHeaderBeforeAGapAreDropped() {
        DlmStreamFramer f = new DlmStreamFramer(rec, true);
        feed(f, STREAM, 0, 129, 1);
        f.onGap(10, 2, 2000);
        assertEquals(List.of("NOTE stream.partial f1 dropped 10 bytes of a DLM header cut short by missing bytes"),
                rec.problems);
        assertEquals(List.of("f1-f1 @0 len119"), rec.summaries());
        assertFalse(f.synchronised());
    }

    @Test
    void aPartialMessageAtTheEndIsEmittedTruncated() {
        DlmStreamFramer f = new DlmStreamFramer(rec, true);
        feed(f, STREAM, 0, 130, 1);
        feed(f, STREAM, 130, 150, 2);
        f.onEnd(3, 3000);
        assertEquals(List.of("f1-f1 @0 len119", "f1-f2 @119 len31 truncated"), rec.summaries());
        assertArrayEquals(Arrays.copyOfRange(STATUS, 0, 31), rec.messages.get(1).bytes());
        assertEquals(List.of(), rec.problems);
    }

    @Test
    void fewerThan16BytesOfAHeaderAtTheEndAreDropped() {
        DlmStreamFramer f = new DlmStreamFramer(rec, true);
        feed(f, STREAM, 0, 125, 1);
        f.onEnd(2, 2000);
        assertEquals(List.of("NOTE stream.partial f1 dropped 6 bytes of a DLM header cut short by the end of the stream"),
                rec.problems);
        assertEquals(List.of("f1-f1 @0 len119"), rec.summaries());
    }

    @Test
    void snaplenCutSegmentsGiveOneTruncatedMessagePerSegmentThatStartsWithAHeader() {
        // Each segment holds several messages; the capture kept its first 30 bytes.
        byte[] seg1 = DlmBytes.concat(REQUEST, ACK);      // 135 bytes
        byte[] seg2 = DlmBytes.concat(STATUS, FIN);       // 104
        byte[] seg3 = DlmBytes.concat(FIN, ACK);          // 56
        DlmStreamFramer f = new DlmStreamFramer(rec, true);
        feed(f, seg1, 0, 30, 1);
        f.onGap(105, 1, 1000);
        feed(f, seg2, 0, 30, 2);
        f.onGap(74, 2, 2000);
        feed(f, seg3, 0, 30, 3);
        f.onGap(26, 3, 3000);
        feed(f, seg3, 30, 30, 4); // nothing
        assertEquals(List.of("f1-f1 @0 len30 truncated", "f2-f2 @135 len30 truncated", "f3-f3 @239 len30 truncated"),
                rec.summaries());
        assertArrayEquals(Arrays.copyOfRange(FIN, 0, 30), rec.messages.get(2).bytes());
        assertEquals(List.of(), rec.problems);
    }

    @Test
    void aGapWhileHuntingJudgesTheHeldCandidateWithTheBytesThere() {
        byte[] stream = DlmBytes.concat(new byte[5], REQUEST);
        DlmStreamFramer f = new DlmStreamFramer(rec, false);
        feed(f, stream, 0, 35, 1);     // 30 bytes of REQUEST: its inner header is incomplete
        f.onGap(1000, 2, 2000);
        assertEquals(List.of("NOTE stream.resync f1 skipped 5 bytes to the next plausible DLM header"), rec.problems);
        assertEquals(List.of("f1-f1 @5 len30 truncated"), rec.summaries());
        assertFalse(f.synchronised());
    }
}
