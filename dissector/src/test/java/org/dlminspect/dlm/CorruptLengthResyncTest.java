package org.dlminspect.dlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.dlminspect.Severity;
import org.dlminspect.testkit.DlmBytes;
import org.dlminspect.testkit.Dissection;
import org.dlminspect.testkit.TcpSession;
import org.junit.jupiter.api.Test;

/**
 * One in-range but wrong h_length (4096 instead of 112) on an OPTS in the middle of a stream. Trusting it
 * swallowed the next 35 messages (36 x 112 = 4032 bytes) and the hunt after it more; now the framer sees that
 * the OPTS wraps 112 bytes, that a plausible header follows them and none sits at the claimed end, reports
 * what the kernel would do, and frames on from byte 112: every other message is kept.
 */
class CorruptLengthResyncTest {
    private static final int COUNT = 80;

    /** {@code COUNT} OPTS-wrapped REQUESTs of 112 bytes, seqs 0.., the one at {@code corrupt} claiming 4096 bytes. */
    private static byte[] stream(int corrupt) {
        byte[][] msgs = new byte[COUNT][];
        for (int i = 0; i < COUNT; i++) {
            msgs[i] = DlmBytes.opts(2, i, DlmBytes.msg(DlmBytes.V32, DlmBytes.LOCKSPACE, 2,
                    DlmBytes.Msg.of(1).nodeid(2).lkid(i + 1)));
            assertEquals(112, msgs[i].length);
        }
        msgs[corrupt] = DlmBytes.patch16(msgs[corrupt], 12, 4096);
        return DlmBytes.concat(msgs);
    }

    private static final class Lengths implements DlmStreamFramer.Sink {
        final List<Integer> lengths = new ArrayList<>();
        final List<String> problems = new ArrayList<>();

        @Override
        public void onMessage(ByteBuffer message, long firstFrame, long frame, long epochNanos, long streamOffset, boolean truncated) {
            lengths.add(message.limit());
        }

        @Override
        public void onProblem(long frame, Severity severity, String code, String message) {
            problems.add(severity + " " + code + " " + message);
        }
    }

    @Test
    void theFramerCutsTheMessageWhereItsContentsEndInOneChunkOrInSegments() {
        byte[] s = stream(10);
        for (int chunk : new int[] {s.length, 1448, 100, 7}) {
            Lengths sink = new Lengths();
            DlmStreamFramer f = new DlmStreamFramer(sink, true);
            for (int off = 0, frame = 1; off < s.length; off += chunk, frame++) {
                f.onData(s, off, Math.min(chunk, s.length - off), frame, frame * 1000L);
            }
            f.onEnd(999, 999_000);
            assertEquals(COUNT, sink.lengths.size(), "chunk " + chunk + ": " + sink.problems);
            assertTrue(sink.lengths.stream().allMatch(n -> n == 112), sink.lengths.toString());
            assertEquals(1, sink.problems.size(), sink.problems.toString());
            String p = sink.problems.get(0);
            assertTrue(p.startsWith("ERROR dlm.length h_length 4096 runs past the 112 bytes this OPTS wraps"), p);
            assertTrue(p.contains("The receiving kernel trusts it: it would take all 4096 bytes as one message"), p);
        }
    }

    /**
     * DlmStreamFramerFuzzTest crash-d68e10af: the corrupt OPTS split across segments makes the framer gather
     * all 4096 bytes it claims; once it is cut at 112, the rest (35 whole messages and the start of the 37th)
     * stays held when the data ends there. At the end of the stream, or at a gap, those bytes were handed over as
     * one truncated message of 3,984 bytes with an h_length of 112. Whole messages among them are messages; only
     * the last is cut short, and a gap that ends inside it keeps the framer in sync.
     */
    @Test
    void messagesHeldBehindACutOptsAreFramedAtTheEndOfTheStreamOrAtAGap() {
        byte[] s = stream(0);
        for (boolean gap : new boolean[] {false, true}) {
            Lengths sink = new Lengths();
            DlmStreamFramer f = new DlmStreamFramer(sink, true);
            f.onData(s, 0, 20, 1, 1000);
            f.onData(s, 20, 4096 - 20, 2, 2000);
            List<Integer> expected = new ArrayList<>(java.util.Collections.nCopies(36, 112));
            expected.add(4096 - 36 * 112);
            if (gap) {
                int missing = 112 - (4096 - 36 * 112);
                f.onGap(missing, 3, 3000);
                f.onData(s, 4096 + missing, s.length - 4096 - missing, 4, 4000);
                expected.addAll(java.util.Collections.nCopies(COUNT - 37, 112));
            }
            f.onEnd(5, 5000);
            assertEquals(expected, sink.lengths, (gap ? "gap: " : "end: ") + sink.problems);
            assertEquals(1, sink.problems.size(), sink.problems.toString());
        }
    }

    /** A legitimate 4096-byte OPTS (its inner message really is that long) is not cut. */
    @Test
    void aTrueLongOptsIsTrusted() {
        byte[] big = DlmBytes.opts(2, 0, DlmBytes.msg(DlmBytes.V32, DlmBytes.LOCKSPACE, 2,
                DlmBytes.Msg.of(1).extra(new byte[4096 - 24 - 88])));
        byte[] s = DlmBytes.concat(big, stream(10));
        Lengths sink = new Lengths();
        DlmStreamFramer f = new DlmStreamFramer(sink, true);
        f.onData(s, 0, s.length, 1, 1000);
        f.onEnd(1, 1000);
        assertEquals(4096, sink.lengths.get(0));
        assertEquals(COUNT + 1, sink.lengths.size(), sink.problems.toString());
    }

    /** Through the whole pipeline on a real TCP session: every message decoded, the corrupt one reported once. */
    @Test
    void thePipelineKeepsEveryMessage() throws Exception {
        TcpSession session = new TcpSession();
        session.connection("10.99.0.2", 40000, "10.99.0.1", 21064).handshake().send(TcpSession.Side.CLIENT, stream(5));
        Dissection d = Dissection.of(session.pcap());
        assertEquals(COUNT, d.messages().size(), d.diagnostics().toString());
        assertEquals(1, d.diagnostics().stream().filter(x -> x.code().equals("dlm.length")).count(), d.diagnostics().toString());
        assertTrue(d.diagnostics().stream().noneMatch(x -> x.code().equals("stream.resync")), d.diagnostics().toString());
    }
}
