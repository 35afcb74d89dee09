package org.dlminspect.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.dlminspect.Severity;
import org.dlminspect.dlm.DlmHeader;
import org.dlminspect.dlm.DlmStreamFramer;
import org.junit.jupiter.api.Test;

/**
 * Replays the shared real captures (Linux 6.1 kernels, see /work/shared/captures/README.md) through
 * the reassembler and the framer. Expected byte streams are those of tshark 4.0.17
 * ({@code tshark -q -z follow,tcp,raw,N}), an independent reassembler: length and SHA-256 per direction.
 */
class RealCaptureReassemblyTest {

    static Path capture(String name) {
        Path p = Path.of(System.getProperty("dlminspect.captures", "/work/shared/captures")).resolve(name);
        assumeTrue(Files.isReadable(p), "shared capture " + p + " not available");
        return p;
    }

    /** Per direction: delivered bytes, digest, framer results. */
    static final class Direction implements DlmStreamFramer.Sink {
        final MessageDigest sha;
        long length;
        long messages;
        long messageBytes;
        long truncated;
        long badVersion;
        final List<String> problems = new ArrayList<>();
        DlmStreamFramer framer;

        Direction(boolean aligned) {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
            framer = new DlmStreamFramer(this, aligned);
        }

        @Override
        public void onMessage(ByteBuffer m, long firstFrame, long frame, long epochNanos, long offset, boolean trunc) {
            messages++;
            messageBytes += m.limit();
            if (trunc) {
                truncated++;
            }
            long version = m.getInt(0) & 0xFFFFFFFFL;
            if (version != DlmHeader.VERSION_3_1 && version != DlmHeader.VERSION_3_2) {
                badVersion++;
            }
        }

        @Override
        public void onProblem(long frame, Severity severity, String code, String message) {
            problems.add(severity + " " + code + " f" + frame + " " + message);
        }

        String digest() {
            return HexFormat.of().formatHex(sha.digest());
        }
    }

    static final class Replay implements StreamHandler {
        final Map<String, Direction> directions = new HashMap<>();
        final Map<TcpEvent.Kind, Long> counts = new EnumMap<>(TcpEvent.Kind.class);
        final Map<String, Long> gapBytesBySource = new HashMap<>();
        final Map<String, Long> gapsBySource = new HashMap<>();
        final StringBuilder firstFrames = new StringBuilder();
        final Map<Integer, TcpConnection> connections = new HashMap<>();
        long maxHeld;

        static String key(TcpDirection d) {
            return d.stream() + (d.fromClient() ? "c" : "s");
        }

        Direction dir(int stream, boolean fromClient) {
            return directions.get(stream + (fromClient ? "c" : "s"));
        }

        @Override
        public void onData(TcpDirection d, byte[] data, int offset, int length, long frame, long epochNanos) {
            Direction x = directions.get(key(d));
            x.sha.update(data, offset, length);
            x.length += length;
            x.framer.onData(data, offset, length, frame, epochNanos);
        }

        @Override
        public void onEvent(TcpEvent e) {
            counts.merge(e.kind(), 1L, Long::sum);
            switch (e.kind()) {
                case OPEN -> {
                    TcpConnection c = e.direction().connection();
                    connections.put(c.stream(), c);
                    firstFrames.append(c.stream()).append(':').append(e.frame()).append('\n');
                    directions.put(c.stream() + "c", new Direction(c.sawSyn()));
                    directions.put(c.stream() + "s", new Direction(c.sawSyn()));
                }
                case GAP -> {
                    directions.get(key(e.direction())).framer.onGap(e.bytes(), e.frame(), e.epochNanos());
                    String src = e.direction().source().address().toString();
                    gapsBySource.merge(src, 1L, Long::sum);
                    gapBytesBySource.merge(src, e.bytes(), Long::sum);
                }
                case CLOSE -> directions.get(key(e.direction())).framer.onEnd(e.frame(), e.epochNanos());
                default -> { }
            }
        }

        long count(TcpEvent.Kind k) {
            return counts.getOrDefault(k, 0L);
        }

        static Replay run(Path file) throws IOException {
            Replay rp = new Replay();
            TcpReassembler r = new TcpReassembler(rp, ReassemblyLimits.defaults());
            long[] last = new long[2];
            MiniPcap.replay(file, (seg, frame, epoch) -> {
                r.accept(seg, frame, epoch);
                rp.maxHeld = Math.max(rp.maxHeld, r.heldBytes());
                last[0] = frame;
                last[1] = epoch;
            });
            r.finish(last[0], last[1]);
            return rp;
        }
    }

    static void assertStream(Direction d, long length, String sha256) {
        assertEquals(length, d.length, "stream length");
        assertEquals(sha256, d.digest(), "stream SHA-256");
    }

    static void assertFramedCompletely(Direction d) {
        assertEquals(List.of(), d.problems);
        assertEquals(0, d.truncated);
        assertEquals(0, d.badVersion);
        assertEquals(d.length, d.messageBytes, "messages cover the stream back to back");
    }

    @Test
    void lossPcapReordersAndRetransmitsButLosesNothing() throws IOException {
        Replay rp = Replay.run(capture("loss.pcap"));
        assertEquals(1, rp.connections.size());
        TcpConnection c = rp.connections.get(0);
        assertEquals("10.99.0.2:39643", c.client().toString());
        assertEquals("10.99.0.1:21064", c.server().toString());
        assertTrue(c.sawSyn());
        assertEquals(0, rp.count(TcpEvent.Kind.GAP), "reordering and retransmission are not gaps");
        assertEquals(0, rp.count(TcpEvent.Kind.OVERLAP_MISMATCH));
        assertEquals(0, rp.count(TcpEvent.Kind.LIMIT));
        assertTrue(rp.maxHeld > 0, "the capture has out-of-order segments, so data was held");
        assertStream(rp.dir(0, true), 125693, "de3bb41634297201151b33c9829b48b91f820668d8fa475ec8d4305517122933");
        assertStream(rp.dir(0, false), 142353, "452bb77c31ddf6a479d1a046dc95b9b38025beecaf4819f55c09c7ad31b7753d");
        assertFramedCompletely(rp.dir(0, true));
        assertFramedCompletely(rp.dir(0, false));
        assertEquals(2, rp.count(TcpEvent.Kind.SYN));
        assertEquals(2, rp.count(TcpEvent.Kind.FIN));
    }

    @Test
    void normalPcapIsReassembledExactlyAsTsharkDoes() throws IOException {
        Replay rp = Replay.run(capture("normal.pcap"));
        assertEquals(1, rp.connections.size());
        assertEquals(0, rp.count(TcpEvent.Kind.GAP));
        assertEquals(0, rp.count(TcpEvent.Kind.OVERLAP_MISMATCH));
        assertStream(rp.dir(0, true), 1293055, "efa386036f9ac966f460e238ef21651ece755f98f2e8ed35be71d6995d6d7e16");
        assertStream(rp.dir(0, false), 1462541, "a45d8d0288706818e098b80aec7af9f0721221bbf66736a284a0a08371717049");
        assertFramedCompletely(rp.dir(0, true));
        assertFramedCompletely(rp.dir(0, false));
    }

    @Test
    void reconnectPcapNumbersStreamsLikeTsharkAndSeparatesTheReused4Tuple() throws IOException {
        Replay rp = Replay.run(capture("reconnect.pcap"));
        // tshark: tcp.stream 0..9044; "stream:first frame" lines hashed.
        assertEquals(9045, rp.connections.size());
        String firstFrames = HexFormat.of().formatHex(sha256(rp.firstFrames.toString()));
        assertEquals("aa9827e63a4dfc89bd6f0b1d227a655606bdd0e448d6767f1bc77112f36908d3", firstFrames);
        // Stream 7422 is a new SYN on stream 0's 4-tuple (10.99.0.2:60693), after stream 0 was reset.
        assertEquals(rp.connections.get(0).client(), rp.connections.get(7422).client());
        assertEquals(rp.connections.get(0).server(), rp.connections.get(7422).server());
        assertStream(rp.dir(0, true), 375497, "6ec1fd87dc4e4055f6551e3f4bb6ee7727c462b01d8680cd4c06edff26e430c8");
        assertStream(rp.dir(0, false), 426015, "ebca7019c18e8321ab2234f46b00ee55671d47aeb5c322960a118d2f61aec4ea");
        assertStream(rp.dir(9043, true), 23450, "283a0f32e22a5995177895ec924e464a71e7d36059ae7f722141a7a4fd98dac6");
        assertStream(rp.dir(9044, true), 23685, "b888f9462518468d6f1301da5d11fc2d667c0f4525accf88455862d0e1d34d4f");
        assertEquals(0, rp.dir(7422, true).length + rp.dir(7422, false).length);
        assertEquals(0, rp.count(TcpEvent.Kind.GAP));
        assertEquals(0, rp.count(TcpEvent.Kind.OVERLAP_MISMATCH));
        for (int s : new int[] {0, 9043, 9044}) {
            assertFramedCompletely(rp.dir(s, true));
            assertFramedCompletely(rp.dir(s, false));
        }
    }

    @Test
    void snaplenPcapHasAGapAfterEveryCutSegment() throws IOException {
        Replay rp = Replay.run(capture("snaplen.pcap"));
        assertEquals(1, rp.connections.size());
        // tshark: frames with tcp.len > 30 and the sum of (tcp.len - 30), per source, less one spurious
        // retransmission from 10.99.0.2 (frame 29069, 230 bytes, already seen as frame 29064).
        assertEquals(9621, rp.gapsBySource.get("10.99.0.1"));
        assertEquals(1522173, rp.gapBytesBySource.get("10.99.0.1"));
        assertEquals(10087 - 1, rp.gapsBySource.get("10.99.0.2"));
        assertEquals(1218715 - 200, rp.gapBytesBySource.get("10.99.0.2"));
        assertEquals(0, rp.count(TcpEvent.Kind.OVERLAP_MISMATCH));
        for (boolean fromClient : new boolean[] {true, false}) {
            Direction d = rp.dir(0, fromClient);
            assertEquals(0, d.badVersion);
            assertTrue(d.truncated > 9000, "most segments start with a message header: " + d.truncated);
            assertTrue(d.problems.stream().noneMatch(p -> p.contains("dlm.length")), "no false framing error");
        }
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
