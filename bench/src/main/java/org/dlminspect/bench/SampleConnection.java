package org.dlminspect.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;

/**
 * The sample {@link CaptureGenerator} replays, read whole (it is small): every frame, where the TCP fields of the
 * DLM connection's frames are, and each direction's byte stream rebuilt from them. Refuses a sample that cannot be
 * replayed faithfully: not Ethernet, cut by the snaplen, more than one DLM connection, no SYN, or bytes lost.
 */
final class SampleConnection {
    static final int DLM_PORT = 21064;
    private static final long[] NO_FIELDS = new long[0];

    /** One frame of the sample and, when it belongs to the DLM connection, its TCP fields and replay data. */
    static final class Frame {
        final byte[] data;
        final long nanos;
        /** 0 client→server, 1 server→client, -1 not the DLM connection (copied as it is). */
        int dir = -1;
        /** Where its TCP fields are; meaningful only when {@code dir >= 0}. */
        final TcpFrame tcp = new TcpFrame();
        /** Offset of the payload in its direction's stream. */
        long streamStart;
        /** DLM messages whose last byte is in this frame. */
        int messagesEnding;
        /** Stream offsets of the h_seq fields touching this frame, packed with their kind (see {@link SteadySection}). */
        long[] fields = NO_FIELDS;

        Frame(byte[] data, long nanos) {
            this.data = data;
            this.nanos = nanos;
        }
    }

    final List<Frame> frames = new ArrayList<>();
    /** Each direction's stream, from the byte after its SYN. */
    final byte[][] streams = new byte[2][];
    /** Each direction's sequence number of stream offset 0. */
    final long[] base = new long[2];
    /** Every TCP checksum of the connection in the sample is right: the replay recomputes them (else leaves them). */
    boolean checksumsValid;

    private int[] connection; // src address, dst address, src port, dst port of the client→server direction
    private int validChecksums;
    private int tcpFrames;

    static SampleConnection read(Path sample) throws IOException {
        SampleConnection s = new SampleConnection();
        s.load(sample);
        s.buildStreams();
        return s;
    }

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
                Frame fr = new Frame(Arrays.copyOf(f.data(), f.capturedLength()), f.epochNanos());
                parse(fr, f.number());
                frames.add(fr);
            }
        }
        if (problem[0] != null) {
            throw new IllegalArgumentException(sample + ": not a clean capture: " + problem[0]);
        }
    }

    private void parse(Frame fr, long number) {
        byte[] d = fr.data;
        if (d.length < 14 + 20 || TcpFrame.be16(d, 12) != 0x0800 || (d[23] & 0xFF) != 6) {
            return; // not TCP over IPv4: copied as it is
        }
        TcpFrame t = fr.tcp;
        if (!t.parse(d, d.length)) {
            throw new IllegalArgumentException("frame " + number + ": malformed IPv4/TCP header");
        }
        if (t.sport != DLM_PORT && t.dport != DLM_PORT) {
            return;
        }
        int dir = t.dport == DLM_PORT ? 0 : 1;
        int[] tuple = dir == 0 ? new int[] {t.src, t.dst, t.sport, t.dport} : new int[] {t.dst, t.src, t.dport, t.sport};
        if (connection == null) {
            connection = tuple;
        } else if (!Arrays.equals(connection, tuple)) {
            throw new IllegalArgumentException("frame " + number + ": a second DLM connection; the sample must hold one");
        }
        fr.dir = dir;
        tcpFrames++;
        if (t.checksumValid(d)) validChecksums++;
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
            TcpFrame t = fr.tcp;
            long seq = t.seq(fr.data);
            if ((t.flags & TcpFrame.TCP_SYN) != 0) {
                base[fr.dir] = (seq + 1) & 0xFFFFFFFFL;
                based[fr.dir] = true;
                seq = base[fr.dir];
            }
            if (!based[fr.dir]) {
                throw new IllegalArgumentException("frame " + number + ": the sample must start with the connection's SYN");
            }
            long offset = (seq - base[fr.dir]) & 0xFFFFFFFFL;
            int size = bytes[fr.dir].size();
            if (t.payloadLength > 0 && offset > size) {
                throw new IllegalArgumentException("frame " + number + ": TCP data missing before this segment;"
                        + " the sample must be a capture without loss");
            }
            fr.streamStart = offset;
            // A retransmission (tshark's spurious ones included) repeats bytes already in the stream: keep
            // it, it is realistic, and add only what is new.
            int fresh = t.payloadLength == 0 ? 0 : (int) Math.max(0, offset + t.payloadLength - size);
            bytes[fr.dir].write(fr.data, t.payload + t.payloadLength - fresh, fresh);
        }
        for (int dir = 0; dir < 2; dir++) {
            streams[dir] = bytes[dir].toByteArray();
        }
    }
}
