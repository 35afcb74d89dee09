package org.dlminspect.bench;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;

/**
 * Makes a large, realistic DLM capture from a real one, deterministically: the sample's frames up to
 * a quiet moment in its steady lock traffic, then that steady section replayed as many times as it
 * takes, then the rest of the sample (the leave and the FIN handshakes). Each replay continues the
 * traffic seamlessly: per direction the TCP sequence numbers and acknowledgements move on by the
 * bytes the section carried, the midcomms sequence numbers of OPTS and the "next expected" of ACKs by
 * the messages it carried, times and TCP timestamps by its duration, and the TCP checksums are
 * recomputed. Reassembly and the midcomms analysis therefore see one long, valid conversation (hours of
 * it at 16x), with the TCP sequence space wrapping past 2^32 on the large sizes.
 *
 * <p>The section boundaries are quiet moments: every byte and every midcomms message of both
 * directions acknowledged, both streams at a message boundary, so the state at the end of a replay is
 * the state at its start. The input must be one clean DLM connection over Ethernet/IPv4 (no loss, no
 * retransmission, full snaplen): the shared {@code normal} capture is.
 *
 * <p>Usage: {@code CaptureGenerator INPUT OUTPUT FRAMES} writes a classic pcap of at least FRAMES frames
 * and prints what it wrote (frames, DLM messages, ...) as {@code key=value} lines, which bench/run keeps
 * beside the capture to check the outputs it timed.
 */
public final class CaptureGenerator {
    static final int DLM_PORT = 21064;
    private static final int OPTS = 3;
    private static final int ACK = 4;
    private static final int TCP_FIN = 0x01;
    private static final int TCP_SYN = 0x02;
    private static final int TCP_RST = 0x04;
    private static final int TCP_ACK = 0x10;
    /** Where the steady section may start and must end, in seconds after the first frame. */
    private static final double SECTION_FROM = 3.0;
    private static final double SECTION_TO = 16.0;

    /** What a generated capture holds. */
    public record Stats(long frames, long dlmMessages, long bytes, long rounds, int sectionFrames,
                        long sectionNanos, long durationNanos) {
        public String describe() {
            return "frames=" + frames + "\ndlm_messages=" + dlmMessages + "\nbytes=" + bytes + "\nrounds=" + rounds
                    + "\nsection_frames=" + sectionFrames + "\nsection_seconds=" + sectionNanos / 1e9
                    + "\nduration_seconds=" + durationNanos / 1e9 + "\n";
        }
    }

    /** One frame of the sample and where its TCP fields are. */
    private static final class Frame {
        byte[] data;
        long nanos;
        int dir = -1;          // 0 client→server, 1 server→client, -1 not the DLM connection
        int tcp;               // offset of the TCP header
        int flags;
        int payload;           // offset of the payload
        int payloadLength;
        long streamStart;      // offset of the payload in its direction's stream
        int tsOption = -1;     // offset of TSval, or -1
        int messagesEnding;    // DLM messages whose last byte is in this frame
        long[] fields = NO_FIELDS; // stream offsets of h_seq fields touching this frame, packed with their kind
    }

    private static final long[] NO_FIELDS = new long[0];

    private final List<Frame> frames = new ArrayList<>();
    private final byte[][] streams = new byte[2][];
    private final long[] base = new long[2];
    private boolean checksumsValid;
    private int sectionStart;
    private int sectionEnd;
    private final long[] tcpDelta = new long[2];
    private final long[] seqDelta = new long[2];
    private long timeDelta;

    private CaptureGenerator() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: CaptureGenerator INPUT OUTPUT FRAMES");
            System.exit(2);
        }
        long target = Long.parseLong(args[2]);
        Path out = Path.of(args[1]);
        Stats stats;
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            stats = generate(Path.of(args[0]), target, os);
        } catch (IllegalArgumentException e) {
            System.err.println("CaptureGenerator: " + e.getMessage());
            Files.deleteIfExists(out);
            System.exit(2);
            return;
        }
        PrintStream p = System.out;
        p.print(stats.describe());
    }

    /** Writes a classic pcap of at least {@code targetFrames} frames made from {@code sample} to {@code out}. */
    public static Stats generate(Path sample, long targetFrames, OutputStream out) throws IOException {
        CaptureGenerator g = new CaptureGenerator();
        g.load(sample);
        g.buildStreams();
        g.chooseSection();
        return g.write(targetFrames, out);
    }

    // ---- reading and understanding the sample ----

    private void load(Path sample) throws IOException {
        String[] problem = {null};
        try (CaptureReader reader = CaptureFiles.open(sample, d -> {
            if (problem[0] == null) problem[0] = d.toString();
        })) {
            CaptureFrame f = new CaptureFrame();
            while (reader.next(f)) {
                if (f.linkType() != 1) {
                    throw new IllegalArgumentException(sample + ": frame " + f.number() + " is not Ethernet");
                }
                if (f.truncatedBySnaplen()) {
                    throw new IllegalArgumentException(sample + ": frame " + f.number() + " is cut by the snaplen");
                }
                Frame fr = new Frame();
                fr.data = java.util.Arrays.copyOf(f.data(), f.capturedLength());
                fr.nanos = f.epochNanos();
                parse(fr, f.number());
                frames.add(fr);
            }
        }
        if (problem[0] != null) {
            throw new IllegalArgumentException(sample + ": not a clean capture: " + problem[0]);
        }
    }

    private int[] connection; // src address, dst address, src port, dst port of the client→server direction
    private int validChecksums;
    private int tcpFrames;

    private void parse(Frame fr, long number) {
        byte[] d = fr.data;
        if (d.length < 14 + 20 || be16(d, 12) != 0x0800 || (d[23] & 0xFF) != 6) {
            return; // not TCP over IPv4: copied as it is
        }
        int ihl = (d[14] & 0x0F) * 4;
        int ipEnd = 14 + be16(d, 16);
        int t = 14 + ihl;
        if (ipEnd > d.length || t + 20 > ipEnd) {
            throw new IllegalArgumentException("frame " + number + ": malformed IPv4/TCP header");
        }
        int sport = be16(d, t);
        int dport = be16(d, t + 2);
        if (sport != DLM_PORT && dport != DLM_PORT) {
            return;
        }
        int src = be32(d, 26);
        int dst = be32(d, 30);
        int dir = dport == DLM_PORT ? 0 : 1;
        int[] tuple = dir == 0 ? new int[] {src, dst, sport, dport} : new int[] {dst, src, dport, sport};
        if (connection == null) {
            connection = tuple;
        } else if (!java.util.Arrays.equals(connection, tuple)) {
            throw new IllegalArgumentException("frame " + number + ": a second DLM connection; the sample must hold one");
        }
        fr.dir = dir;
        fr.tcp = t;
        fr.flags = d[t + 13] & 0xFF;
        int headerLength = ((d[t + 12] & 0xFF) >>> 4) * 4;
        fr.payload = t + headerLength;
        fr.payloadLength = ipEnd - fr.payload;
        for (int o = t + 20; o < fr.payload; ) {
            int kind = d[o] & 0xFF;
            if (kind == 0) break;
            if (kind == 1) { o++; continue; }
            int len = d[o + 1] & 0xFF;
            if (len < 2) break;
            if (kind == 8 && len == 10) fr.tsOption = o + 2;
            o += len;
        }
        tcpFrames++;
        if (tcpChecksum(d, fr) == be16(d, t + 16)) validChecksums++;
    }

    private void buildStreams() {
        if (connection == null) {
            throw new IllegalArgumentException("no DLM connection (TCP port " + DLM_PORT + ") in the sample");
        }
        checksumsValid = validChecksums == tcpFrames;
        ByteArrayOutputStream[] bytes = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        boolean[] based = new boolean[2];
        int number = 0;
        for (Frame fr : frames) {
            number++;
            if (fr.dir < 0) continue;
            long seq = be32(fr.data, fr.tcp + 4) & 0xFFFFFFFFL;
            if ((fr.flags & TCP_SYN) != 0) {
                base[fr.dir] = (seq + 1) & 0xFFFFFFFFL;
                based[fr.dir] = true;
                seq = base[fr.dir];
            }
            if (!based[fr.dir]) {
                throw new IllegalArgumentException("frame " + number + ": the sample must start with the connection's SYN");
            }
            long offset = (seq - base[fr.dir]) & 0xFFFFFFFFL;
            int size = bytes[fr.dir].size();
            if (fr.payloadLength > 0 && offset > size) {
                throw new IllegalArgumentException("frame " + number + ": TCP data missing before this segment;"
                        + " the sample must be a capture without loss");
            }
            fr.streamStart = offset;
            // A retransmission (tshark's spurious ones included) repeats bytes already in the stream: keep
            // it, it is realistic, and add only what is new.
            int fresh = fr.payloadLength == 0 ? 0 : (int) Math.max(0, offset + fr.payloadLength - size);
            bytes[fr.dir].write(fr.data, fr.payload + fr.payloadLength - fresh, fresh);
        }
        for (int dir = 0; dir < 2; dir++) {
            streams[dir] = bytes[dir].toByteArray();
        }
    }

    /**
     * Walks both streams message by message and every frame boundary of the sample, and picks the first
     * and the last quiet boundary of the steady traffic as the section to replay.
     */
    private void chooseSection() {
        // Per direction: message starts/ends, OPTS seq fields, ACK fields.
        List<long[]> fields = new ArrayList<>();  // {streamOffset, dir, kind}
        List<List<long[]>> messages = List.of(new ArrayList<>(), new ArrayList<>()); // {start, end, cmd, value}
        for (int dir = 0; dir < 2; dir++) {
            byte[] s = streams[dir];
            int o = 0;
            long expect = -1;
            while (o + 16 <= s.length) {
                int len = le16(s, o + 12);
                int cmd = s[o + 14] & 0xFF;
                if (len < 16 || o + len > s.length) {
                    throw new IllegalArgumentException("direction " + dir + ": bad DLM framing at stream offset " + o);
                }
                long value = le32(s, o + 4) & 0xFFFFFFFFL;
                if (cmd == OPTS) {
                    if (expect >= 0 && value != expect) {
                        throw new IllegalArgumentException("direction " + dir + ": OPTS seq " + value + " after "
                                + (expect - 1) + "; the sample must have no retransmission");
                    }
                    expect = value + 1;
                }
                if (cmd == OPTS || cmd == ACK) {
                    fields.add(new long[] {o + 4, dir, cmd});
                }
                messages.get(dir).add(new long[] {o, o + len, cmd, value});
                o += len;
            }
            if (o != s.length) {
                throw new IllegalArgumentException("direction " + dir + ": stream ends inside a DLM message at " + o + " of " + s.length);
            }
        }
        attach(fields, messages);

        long t0 = frames.get(0).nanos;
        long[] sent = new long[2];
        long[] acked = new long[2];
        int[] msgIndex = new int[2];
        long[] lastOpts = {-1, -1};
        long[] ackedSeq = {-1, -1}; // "next expected" the other side last acknowledged, per sending direction
        boolean[] based = new boolean[2];
        int first = -1;
        int last = -1;
        long[][] stateAt = new long[frames.size() + 1][];
        for (int i = 0; i <= frames.size(); i++) {
            boolean quiet = based[0] && based[1];
            for (int dir = 0; dir < 2 && quiet; dir++) {
                boolean atBoundary = msgIndex[dir] == messages.get(dir).size()
                        || messages.get(dir).get(msgIndex[dir])[0] == sent[dir];
                quiet = acked[dir] == sent[dir] && atBoundary && lastOpts[dir] >= 0 && ackedSeq[dir] == lastOpts[dir] + 1;
            }
            if (i < frames.size()) {
                double rel = (frames.get(i).nanos - t0) / 1e9;
                if (quiet && rel >= SECTION_FROM && rel <= SECTION_TO) {
                    stateAt[i] = new long[] {sent[0], sent[1], lastOpts[0], lastOpts[1]};
                    if (first < 0) first = i;
                    last = i;
                }
            }
            if (i == frames.size()) break;
            Frame fr = frames.get(i);
            if (fr.dir < 0) continue;
            int dir = fr.dir;
            int other = 1 - dir;
            if ((fr.flags & TCP_SYN) != 0) based[dir] = true;
            sent[dir] = Math.max(sent[dir], fr.streamStart + fr.payloadLength);
            if ((fr.flags & TCP_ACK) != 0 && based[other]) {
                long a = ((be32(fr.data, fr.tcp + 8) & 0xFFFFFFFFL) - base[other]) & 0xFFFFFFFFL;
                if (a <= streams[other].length + 1) acked[other] = Math.min(a, streams[other].length);
            }
            List<long[]> ms = messages.get(dir);
            while (msgIndex[dir] < ms.size() && ms.get(msgIndex[dir])[1] <= sent[dir]) {
                long[] m = ms.get(msgIndex[dir]++);
                if (m[2] == OPTS) lastOpts[dir] = m[3];
                if (m[2] == ACK) ackedSeq[other] = m[3];
            }
        }
        if (first < 0 || last <= first) {
            throw new IllegalArgumentException("no quiet moments in the steady traffic of the sample ("
                    + SECTION_FROM + " s to " + SECTION_TO + " s after its first frame)");
        }
        for (int i = first; i < last; i++) {
            if ((frames.get(i).flags & (TCP_SYN | TCP_FIN | TCP_RST)) != 0 && frames.get(i).dir >= 0) {
                throw new IllegalArgumentException("frame " + (i + 1) + ": SYN, FIN or RST inside the steady section");
            }
        }
        sectionStart = first;
        sectionEnd = last;
        for (int dir = 0; dir < 2; dir++) {
            tcpDelta[dir] = stateAt[last][dir] - stateAt[first][dir];
            seqDelta[dir] = stateAt[last][2 + dir] - stateAt[first][2 + dir];
        }
        timeDelta = frames.get(last).nanos - frames.get(first).nanos;
    }

    /** Gives each frame the h_seq fields its payload touches and the number of messages it completes. */
    private void attach(List<long[]> fields, List<List<long[]>> messages) {
        long[][] offsets = new long[2][];
        for (int dir = 0; dir < 2; dir++) {
            int d = dir;
            offsets[dir] = fields.stream().filter(f -> f[1] == d).mapToLong(f -> f[0] << 8 | f[2]).toArray();
        }
        long[] sent = new long[2];
        int[] nextMessage = new int[2];
        for (Frame fr : frames) {
            if (fr.dir < 0 || fr.payloadLength == 0) continue;
            long start = fr.streamStart;
            long end = start + fr.payloadLength;
            long[] fs = offsets[fr.dir];
            int i = java.util.Arrays.binarySearch(fs, (start - 3) << 8);
            if (i < 0) i = -i - 1;
            List<long[]> found = new ArrayList<>();
            for (; i < fs.length && (fs[i] >>> 8) < end; i++) {
                if ((fs[i] >>> 8) + 4 > start) found.add(new long[] {fs[i]});
            }
            fr.fields = found.stream().mapToLong(f -> f[0]).toArray();
            if (end > sent[fr.dir]) {
                sent[fr.dir] = end;
                List<long[]> ms = messages.get(fr.dir);
                while (nextMessage[fr.dir] < ms.size() && ms.get(nextMessage[fr.dir])[1] <= end) {
                    nextMessage[fr.dir]++;
                    fr.messagesEnding++;
                }
            }
        }
    }

    // ---- writing ----

    private Stats write(long targetFrames, OutputStream out) throws IOException {
        int n = frames.size();
        int section = sectionEnd - sectionStart;
        long outside = n - section;
        long rounds = Math.max(1, (targetFrames - outside + section - 1) / section);
        byte[] header = new byte[24];
        le32(header, 0, 0xA1B2C3D4);
        le16(header, 4, 2);
        le16(header, 6, 4);
        le32(header, 16, 262144);
        le32(header, 20, 1);
        out.write(header);
        long[] counts = new long[2]; // frames, messages
        long[] bytes = {24};
        byte[] buf = new byte[65536 + 16];
        for (int i = 0; i < sectionStart; i++) emit(frames.get(i), 0, buf, out, counts, bytes);
        for (long k = 0; k < rounds; k++) {
            for (int i = sectionStart; i < sectionEnd; i++) emit(frames.get(i), k, buf, out, counts, bytes);
        }
        for (int i = sectionEnd; i < n; i++) emit(frames.get(i), rounds - 1, buf, out, counts, bytes);
        out.flush();
        long duration = frames.get(n - 1).nanos + (rounds - 1) * timeDelta - frames.get(0).nanos;
        return new Stats(counts[0], counts[1], bytes[0], rounds, section, timeDelta, duration);
    }

    private void emit(Frame fr, long k, byte[] buf, OutputStream out, long[] counts, long[] bytes) throws IOException {
        byte[] d = fr.data;
        int len = d.length;
        System.arraycopy(d, 0, buf, 16, len);
        long nanos = fr.nanos + k * timeDelta;
        if (k > 0 && fr.dir >= 0) {
            shift(fr, k, buf, 16);
        }
        long micros = nanos / 1000;
        le32(buf, 0, (int) (micros / 1_000_000));
        le32(buf, 4, (int) (micros % 1_000_000));
        le32(buf, 8, len);
        le32(buf, 12, len);
        out.write(buf, 0, 16 + len);
        counts[0]++;
        counts[1] += fr.messagesEnding;
        bytes[0] += 16 + len;
    }

    /** Moves one frame of the connection on by {@code k} replays of the section. */
    private void shift(Frame fr, long k, byte[] buf, int at) {
        int dir = fr.dir;
        int other = 1 - dir;
        int t = at + fr.tcp;
        be32(buf, t + 4, (int) (be32(buf, t + 4) + k * tcpDelta[dir]));
        if ((fr.flags & TCP_ACK) != 0) {
            be32(buf, t + 8, (int) (be32(buf, t + 8) + k * tcpDelta[other]));
        }
        if (fr.tsOption >= 0) {
            int ms = (int) (k * timeDelta / 1_000_000);
            be32(buf, at + fr.tsOption, be32(buf, at + fr.tsOption) + ms);
            be32(buf, at + fr.tsOption + 4, be32(buf, at + fr.tsOption + 4) + ms);
        }
        byte[] s = streams[dir];
        for (long packed : fr.fields) {
            long fieldOffset = packed >>> 8;
            int kind = (int) (packed & 0xFF);
            long delta = kind == OPTS ? seqDelta[dir] : seqDelta[other];
            int value = (int) (le32(s, (int) fieldOffset) + k * delta);
            for (int j = 0; j < 4; j++) {
                long pos = fieldOffset + j - fr.streamStart;
                if (pos >= 0 && pos < fr.payloadLength) {
                    buf[at + fr.payload + (int) pos] = (byte) (value >>> (8 * j));
                }
            }
        }
        if (checksumsValid) {
            buf[t + 16] = 0;
            buf[t + 17] = 0;
            int sum = tcpChecksum(buf, at, fr);
            buf[t + 16] = (byte) (sum >>> 8);
            buf[t + 17] = (byte) sum;
        }
    }

    private static int tcpChecksum(byte[] d, Frame fr) {
        byte[] copy = d.clone();
        copy[fr.tcp + 16] = 0;
        copy[fr.tcp + 17] = 0;
        return tcpChecksum(copy, 0, fr);
    }

    /** The TCP checksum of the frame at {@code at} in {@code d} (checksum field zeroed by the caller). */
    private static int tcpChecksum(byte[] d, int at, Frame fr) {
        int tcpLength = fr.payload + fr.payloadLength - fr.tcp;
        long sum = 0;
        for (int i = 26; i < 34; i += 2) sum += be16(d, at + i);
        sum += 6 + tcpLength;
        int p = at + fr.tcp;
        int end = p + tcpLength;
        for (; p + 1 < end; p += 2) sum += ((d[p] & 0xFF) << 8) | (d[p + 1] & 0xFF);
        if (p < end) sum += (d[p] & 0xFF) << 8;
        while ((sum >>> 16) != 0) sum = (sum & 0xFFFF) + (sum >>> 16);
        return (int) (~sum & 0xFFFF);
    }

    // ---- bytes ----

    private static int be16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    private static int be32(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }

    private static void be32(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    private static int le16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    private static int le32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }

    private static void le16(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
    }

    private static void le32(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
        b[i + 3] = (byte) (v >>> 24);
    }
}
