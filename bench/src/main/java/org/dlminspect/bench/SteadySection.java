package org.dlminspect.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The stretch of the sample's steady lock traffic that {@link CaptureGenerator} replays, and how far one replay moves
 * the conversation on. Its boundaries are quiet moments: every byte and every midcomms message of both directions
 * acknowledged, both streams at a message boundary, so the state at the end of a replay is the state at its start.
 * Choosing it walks both streams message by message (DLM framing by h_length, reference §1.3) and gives each frame
 * the h_seq fields its payload touches (OPTS seq and ACK "next expected", §2.9, §2.10), which a replay rewrites.
 */
final class SteadySection {
    static final int OPTS = 3;
    static final int ACK = 4;
    /** Where the steady section may start and must end, in seconds after the first frame. */
    private static final double SECTION_FROM = 3.0;
    private static final double SECTION_TO = 16.0;

    /** Index of the section's first frame, and of the frame just after it. */
    final int start;
    final int end;
    /** Per direction: stream bytes one replay carries, and midcomms sequence numbers it uses. */
    final long[] tcpDelta = new long[2];
    final long[] seqDelta = new long[2];
    /** Duration of one replay. */
    final long timeDelta;

    private SteadySection(int start, int end, long timeDelta) {
        this.start = start;
        this.end = end;
        this.timeDelta = timeDelta;
    }

    /**
     * Walks both streams message by message and every frame boundary of the sample, and picks the first
     * and the last quiet boundary of the steady traffic as the section to replay.
     */
    static SteadySection choose(SampleConnection sample) {
        List<SampleConnection.Frame> frames = sample.frames;
        byte[][] streams = sample.streams;
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
                long value = StreamSurvey.le32(s, o + 4) & 0xFFFFFFFFL;
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
        attach(frames, fields, messages);

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
            SampleConnection.Frame fr = frames.get(i);
            if (fr.dir < 0) continue;
            int dir = fr.dir;
            int other = 1 - dir;
            TcpFrame t = fr.tcp;
            if ((t.flags & TcpFrame.TCP_SYN) != 0) based[dir] = true;
            sent[dir] = Math.max(sent[dir], fr.streamStart + t.payloadLength);
            if ((t.flags & TcpFrame.TCP_ACK) != 0 && based[other]) {
                long a = (t.ack(fr.data) - sample.base[other]) & 0xFFFFFFFFL;
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
            SampleConnection.Frame fr = frames.get(i);
            if (fr.dir >= 0 && (fr.tcp.flags & (TcpFrame.TCP_SYN | TcpFrame.TCP_FIN | TcpFrame.TCP_RST)) != 0) {
                throw new IllegalArgumentException("frame " + (i + 1) + ": SYN, FIN or RST inside the steady section");
            }
        }
        SteadySection section = new SteadySection(first, last, frames.get(last).nanos - frames.get(first).nanos);
        for (int dir = 0; dir < 2; dir++) {
            section.tcpDelta[dir] = stateAt[last][dir] - stateAt[first][dir];
            section.seqDelta[dir] = stateAt[last][2 + dir] - stateAt[first][2 + dir];
        }
        return section;
    }

    /** Gives each frame the h_seq fields its payload touches and the number of messages it completes. */
    private static void attach(List<SampleConnection.Frame> frames, List<long[]> fields, List<List<long[]>> messages) {
        long[][] offsets = new long[2][];
        for (int dir = 0; dir < 2; dir++) {
            int d = dir;
            offsets[dir] = fields.stream().filter(f -> f[1] == d).mapToLong(f -> f[0] << 8 | f[2]).toArray();
        }
        long[] sent = new long[2];
        int[] nextMessage = new int[2];
        for (SampleConnection.Frame fr : frames) {
            if (fr.dir < 0 || fr.tcp.payloadLength == 0) continue;
            long start = fr.streamStart;
            long end = start + fr.tcp.payloadLength;
            long[] fs = offsets[fr.dir];
            int i = Arrays.binarySearch(fs, (start - 3) << 8);
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

    private static int le16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }
}
