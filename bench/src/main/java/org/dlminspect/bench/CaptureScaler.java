package org.dlminspect.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.capture.PcapWriter;

/**
 * Scales any real DLM capture up by repeating it: copy k comes after copy k-1 in time (its duration
 * later), and continues its traffic rather than replaying it. Per TCP direction the sequence and
 * acknowledgement numbers move on by the bytes the direction carried; per node pair and direction the
 * midcomms sequence numbers of DLM_OPTS and the "next expected" of DLM_ACK move on by the OPTS seqs the
 * direction used; TCP timestamps by the duration; TCP checksums are recomputed where they were right.
 * Connections still open at the end of the capture continue into the next copy (their SYNs are not
 * repeated); connections that closed are opened again. So the analyzer sees the same kinds of traffic,
 * faults included, k times over in one long capture — which is what real traffic of that length costs.
 *
 * <p>Reads the input twice, streaming; keeps only per-direction tables (one entry per DLM OPTS or ACK).
 * Ethernet/IPv4 frames are rewritten; anything else is copied with its time moved.
 *
 * <p>Usage: {@code CaptureScaler INPUT OUTPUT COPIES}; prints {@code frames=}, {@code copies=},
 * {@code dlm_directions=} lines.
 */
public final class CaptureScaler {

    /** One direction of one TCP connection. */
    private record Direction(int src, int dst, int sport, int dport) {
        Direction reverse() {
            return new Direction(dst, src, dport, sport);
        }
    }

    /** Summary of a written capture. */
    public record Stats(long frames, int copies, long durationNanos, int directions, int unreplayable) {
        public String describe() {
            return "frames=" + frames + "\ncopies=" + copies + "\nduration_seconds=" + durationNanos / 1e9
                    + "\ndlm_directions=" + directions + "\nunreplayable_directions=" + unreplayable + "\n";
        }
    }

    private final int port;
    private final Map<Direction, StreamSurvey> streams = new HashMap<>();
    /** Midcomms seqs per node pair direction (src address, dst address). */
    private final Map<Long, PairSeqs> pairs = new HashMap<>();
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;
    private int linkType = -1;
    private boolean nanos;

    private CaptureScaler(int port) {
        this.port = port;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: CaptureScaler INPUT OUTPUT COPIES");
            System.exit(2);
        }
        Path out = Path.of(args[1]);
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            System.out.print(scale(Path.of(args[0]), Integer.parseInt(args[2]), os).describe());
        } catch (IllegalArgumentException e) {
            System.err.println("CaptureScaler: " + e.getMessage());
            Files.deleteIfExists(out);
            System.exit(2);
        }
    }

    /** Writes {@code copies} copies of {@code input} to {@code out} as one classic pcap. */
    public static Stats scale(Path input, int copies, OutputStream out) throws IOException {
        if (copies < 1) throw new IllegalArgumentException("copies must be at least 1");
        CaptureScaler s = new CaptureScaler(CaptureGenerator.DLM_PORT);
        s.survey(input);
        return s.write(input, copies, out);
    }

    private void survey(Path input) throws IOException {
        TcpFrame t = new TcpFrame();
        try (CaptureReader reader = CaptureFiles.open(input, d -> { })) {
            CaptureFrame f = new CaptureFrame();
            while (reader.next(f)) {
                if (linkType < 0) linkType = f.linkType();
                if (f.linkType() != linkType) throw new IllegalArgumentException("frames of several link types");
                nanos |= f.epochNanos() % 1000 != 0;
                first = Math.min(first, f.epochNanos());
                last = Math.max(last, f.epochNanos());
                if (linkType != 1 || !t.parse(f.data(), f.capturedLength()) || !isDlm(t)) continue;
                streams.computeIfAbsent(direction(t),
                                k -> new StreamSurvey(pairs.computeIfAbsent(pair(t.src, t.dst), p -> new PairSeqs())))
                        .segment(t.seq(f.data()), t.flags, f.data(), t.payload,
                                Math.min(t.payloadLength, f.capturedLength() - t.payload));
            }
        }
        if (first == Long.MAX_VALUE) throw new IllegalArgumentException(input + ": no frames");
    }

    private Stats write(Path input, int copies, OutputStream out) throws IOException {
        long frameGap = 1_000_000; // 1 ms between the last frame of one copy and the first of the next
        long timeDelta = last - first + frameGap;
        PcapWriter w = new PcapWriter(out, linkType, 262144,
                nanos ? PcapWriter.Precision.NANOSECONDS : PcapWriter.Precision.MICROSECONDS);
        TcpFrame t = new TcpFrame();
        byte[] buf = new byte[65536];
        long frames = 0;
        for (int k = 0; k < copies; k++) {
            try (CaptureReader reader = CaptureFiles.open(input, d -> { })) {
                CaptureFrame f = new CaptureFrame();
                while (reader.next(f)) {
                    int len = f.capturedLength();
                    if (buf.length < len) buf = new byte[len];
                    System.arraycopy(f.data(), 0, buf, 0, len);
                    if (k > 0 && linkType == 1 && t.parse(buf, len) && isDlm(t)) {
                        StreamSurvey s = streams.get(direction(t));
                        if (s.sawSyn && !s.closed && (t.flags & TcpFrame.TCP_SYN) != 0) continue;
                        shift(t, s, buf, len, k, timeDelta);
                    }
                    w.write(f.epochNanos() + k * timeDelta, buf, 0, len, f.originalLength());
                    frames++;
                }
            }
        }
        w.flush();
        int unreplayable = (int) streams.values().stream().filter(s -> s.framingLost).count();
        return new Stats(frames, copies, copies * timeDelta - frameGap, streams.size(), unreplayable);
    }

    /** Moves one frame of copy {@code k} on: TCP seq/ack, timestamps, midcomms seq fields, checksum. */
    private void shift(TcpFrame t, StreamSurvey s, byte[] d, int len, int k, long timeDelta) {
        boolean checksumValid = t.payload + t.payloadLength <= len && t.checksumValid(d);
        Direction dir = direction(t);
        StreamSurvey reverse = streams.get(dir.reverse());
        long seq = t.seq(d);
        TcpFrame.be32(d, t.tcp + 4, (int) (seq + k * span(s)));
        if ((t.flags & TcpFrame.TCP_ACK) != 0 && reverse != null) {
            TcpFrame.be32(d, t.tcp + 8, (int) (t.ack(d) + k * span(reverse)));
        }
        if (t.tsOption >= 0) {
            int ms = (int) (k * timeDelta / 1_000_000);
            TcpFrame.be32(d, t.tsOption, TcpFrame.be32(d, t.tsOption) + ms);
            TcpFrame.be32(d, t.tsOption + 4, TcpFrame.be32(d, t.tsOption + 4) + ms);
        }
        int captured = Math.max(0, Math.min(t.payloadLength, len - t.payload));
        if (captured > 0 && s.base >= 0 && !s.framingLost) {
            long start = (seq - s.base) & 0xFFFFFFFFL;
            long optsDelta = advance(pair(dir.src(), dir.dst()));
            long ackDelta = advance(pair(dir.dst(), dir.src()));
            for (int i = s.firstFieldAfter(start); i < s.fieldCount() && s.fieldOffset(i) < start + captured; i++) {
                long delta = s.fieldKind(i) == StreamSurvey.OPTS ? optsDelta : ackDelta;
                int value = (int) (s.fieldValue(i) + k * delta);
                for (int j = 0; j < 4; j++) {
                    long pos = s.fieldOffset(i) + j - start;
                    if (pos >= 0 && pos < captured) d[t.payload + (int) pos] = (byte) (value >>> (8 * j));
                }
            }
        }
        if (checksumValid) t.writeChecksum(d);
    }

    /** The sequence space one copy of a direction uses (its bytes, plus its SYN and FIN if it has them). */
    private static long span(StreamSurvey s) {
        return s.end + (s.sawSyn && s.closed ? 2 : 0);
    }

    private long advance(long pairKey) {
        PairSeqs p = pairs.get(pairKey);
        return p == null ? 0 : p.advance();
    }

    private boolean isDlm(TcpFrame t) {
        return t.sport == port || t.dport == port;
    }

    private static Direction direction(TcpFrame t) {
        return new Direction(t.src, t.dst, t.sport, t.dport);
    }

    private static long pair(int src, int dst) {
        return (long) src << 32 | (dst & 0xFFFFFFFFL);
    }
}
