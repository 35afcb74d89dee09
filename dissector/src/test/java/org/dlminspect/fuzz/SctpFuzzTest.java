package org.dlminspect.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import org.dlminspect.Diagnostic;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.sctp.SctpDecoder;
import org.dlminspect.tcp.TcpEvent;
import org.junit.jupiter.api.BeforeAll;

/**
 * The SCTP path — decoder, association tracking, TSN reassembly, DLM framing over user messages — over
 * packets built from fuzzer input with valid Ethernet/IPv4 framing and a correct CRC32c, so that coverage
 * reaches the reassembler's states: each packet picks its direction, one of a few verification tags, and a run
 * of chunks whose type, flags, length (true or lying), TSN (near the previous ones), stream and payload (often
 * DLM headers with plausible lengths) come from the input.
 *
 * <p>Properties: no exception; diagnostics well formed; every message carries its SCTP chunk, lies in a frame
 * already read and is checked by {@link DlmChecks}; onEnd exactly once.
 */
class SctpFuzzTest {
    @BeforeAll
    static void coverageWhenFuzzing() {
        FuzzChecks.requireCoverageWhenFuzzing();
    }

    private static final long[] TAGS = {0, 0x11111111L, 0x22222222L, 0x33333333L};
    /** Built once: {@code DissectorOptions.defaults()} builds a 64 Ki-bit port set. */
    private static final DissectorOptions OPTIONS = DissectorOptions.defaults();
    /** One frame for every run (each packet overwrites it): a fresh one costs a 64 KiB array per run. */
    private static final CaptureFrame FRAME = new CaptureFrame();

    @FuzzTest(maxDuration = "10s")
    void sctp(FuzzedDataProvider in) {
        Checker checker = new Checker();
        Dissector d = new Dissector(OPTIONS, checker);
        d.verifySctpChecksums(in.consumeBoolean());
        CaptureFrame frame = FRAME;
        long tsn = in.consumeInt();
        int packets = in.consumeInt(1, 24);
        for (int n = 1; n <= packets && in.remainingBytes() > 0; n++) {
            boolean fromClient = in.consumeBoolean();
            ByteBuffer chunks = ByteBuffer.allocate(2048);
            int count = in.consumeInt(1, 4); // DATA (0) and I-DATA (64) get bodies with near TSNs, the rest random bytes
            for (int c = 0; c < count && chunks.remaining() > 64; c++) {
                int type = in.pickValue(new int[] {0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 14, 64, 192, in.consumeInt(0, 255)});
                byte[] body = chunkBody(in, type, tsn + in.consumeInt(-2, 3));
                int length = in.consumeBoolean() ? 4 + body.length : in.consumeInt(0, 600);
                chunks.put((byte) type).put((byte) in.consumeInt(0, 7)).putShort((short) length);
                chunks.put(body, 0, Math.min(body.length, chunks.remaining() - 4));
                while (chunks.position() % 4 != 0 && chunks.hasRemaining()) chunks.put((byte) 0);
            }
            tsn += in.consumeInt(0, 2);
            byte[] sctp = new byte[12 + chunks.position()];
            ByteBuffer s = ByteBuffer.wrap(sctp);
            s.putShort((short) (fromClient ? 40000 : 21064)).putShort((short) (fromClient ? 21064 : 40000))
                    .putInt((int) TAGS[in.consumeInt(0, TAGS.length - 1)]).putInt(0).put(chunks.array(), 0, chunks.position());
            s.putInt(8, (int) SctpDecoder.crc32c(sctp, 0, sctp.length));
            byte[] f = ipv4(fromClient ? 1 : 2, fromClient ? 2 : 1, sctp);
            int captured = in.consumeBoolean() ? f.length : in.consumeInt(14, f.length);
            System.arraycopy(f, 0, frame.ensureCapacity(f.length), 0, captured);
            frame.set(n, 1_700_000_000_000_000_000L + n * 1000L, 1, 0, captured, f.length);
            checker.lastFrame = n;
            d.process(frame);
        }
        d.finish();
        if (checker.ends != 1) throw new AssertionError("onEnd heard " + checker.ends + " times");
    }

    private static byte[] chunkBody(FuzzedDataProvider in, int type, long tsn) {
        if (type != 0 && type != 64) return in.consumeBytes(in.consumeInt(0, 40));
        ByteBuffer b = ByteBuffer.allocate(16 + 200);
        b.putInt((int) tsn).putShort((short) in.consumeInt(0, 2));
        if (type == 0) {
            b.putShort((short) in.consumeInt(0, 3)).putInt(0); // SSN, PPID
        } else {
            // I-DATA (RFC 8260): reserved, MID (a few, so that messages interleave), PPID or FSN (small: in order or not).
            b.putShort((short) 0).putInt(in.consumeInt(0, 3)).putInt(in.consumeInt(0, 3));
        }
        if (in.consumeBoolean()) {
            // A DLM header with a plausible length, then whatever follows.
            int length = in.consumeInt(16, 120);
            ByteBuffer h = ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            h.putInt(0x00030002).putInt(in.consumeInt()).putInt(in.consumeInt(1, 3)).putShort((short) length)
                    .put((byte) in.consumeInt(1, 5)).put((byte) 0);
            b.put(h.array());
        }
        byte[] rest = in.consumeBytes(Math.min(b.remaining(), in.consumeInt(0, 150)));
        b.put(rest);
        byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    private static byte[] ipv4(int src, int dst, byte[] sctp) {
        ByteBuffer f = ByteBuffer.allocate(14 + 20 + sctp.length);
        f.put(new byte[] {2, 0, 0, 0, 0, (byte) dst, 2, 0, 0, 0, 0, (byte) src}).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) (20 + sctp.length)).putShort((short) 1).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 132).putShort((short) 0);
        f.put(new byte[] {10, 99, 0, (byte) src}).put(new byte[] {10, 99, 0, (byte) dst}).put(sctp);
        return f.array();
    }

    private static final class Checker implements DissectionListener {
        long lastFrame;
        int ends;

        @Override
        public void onMessage(DissectedMessage m) {
            if (m.sctp() == null) throw new AssertionError("an SCTP message without its chunk");
            if (m.frame() > lastFrame || m.firstFrame() > m.frame()) throw new AssertionError("message frames " + m.firstFrame() + "-" + m.frame());
            DlmChecks.check(m.pdu(), m.bytes().limit(), m.bytes());
        }

        @Override
        public void onTcpEvent(TcpEvent e) {
            if (e.direction() == null) throw new AssertionError("event without direction: " + e);
        }

        @Override
        public void onDiagnostic(Diagnostic d) {
            FuzzChecks.assertWellFormed(d);
        }

        @Override
        public void onEnd() {
            ends++;
        }
    }
}
