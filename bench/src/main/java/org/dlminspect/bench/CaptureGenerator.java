package org.dlminspect.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dlminspect.capture.PcapWriter;

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
 *
 * <p>Reading the sample is {@link SampleConnection}, choosing the section {@link SteadySection}; this class writes
 * the replays.
 */
public final class CaptureGenerator {
    static final int DLM_PORT = SampleConnection.DLM_PORT;
    /** The pcap file header and each record header, counted in {@link Stats#bytes}. */
    private static final int FILE_HEADER = 24;
    private static final int RECORD_HEADER = 16;

    /** What a generated capture holds. */
    public record Stats(long frames, long dlmMessages, long bytes, long rounds, int sectionFrames,
                        long sectionNanos, long durationNanos) {
        public String describe() {
            return "frames=" + frames + "\ndlm_messages=" + dlmMessages + "\nbytes=" + bytes + "\nrounds=" + rounds
                    + "\nsection_frames=" + sectionFrames + "\nsection_seconds=" + sectionNanos / 1e9
                    + "\nduration_seconds=" + durationNanos / 1e9 + "\n";
        }
    }

    private final SampleConnection sample;
    private final SteadySection section;
    private long frames;
    private long messages;
    private long bytes = FILE_HEADER;

    private CaptureGenerator(SampleConnection sample, SteadySection section) {
        this.sample = sample;
        this.section = section;
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
        System.out.print(stats.describe());
    }

    /** Writes a classic pcap of at least {@code targetFrames} frames made from {@code sample} to {@code out}. */
    public static Stats generate(Path sample, long targetFrames, OutputStream out) throws IOException {
        SampleConnection s = SampleConnection.read(sample);
        return new CaptureGenerator(s, SteadySection.choose(s)).write(targetFrames, out);
    }

    private Stats write(long targetFrames, OutputStream out) throws IOException {
        int n = sample.frames.size();
        int length = section.end - section.start;
        long outside = n - length;
        long rounds = Math.max(1, (targetFrames - outside + length - 1) / length);
        PcapWriter w = new PcapWriter(out, 1, 262144);
        byte[] buf = new byte[65536];
        for (int i = 0; i < section.start; i++) emit(sample.frames.get(i), 0, buf, w);
        for (long k = 0; k < rounds; k++) {
            for (int i = section.start; i < section.end; i++) emit(sample.frames.get(i), k, buf, w);
        }
        for (int i = section.end; i < n; i++) emit(sample.frames.get(i), rounds - 1, buf, w);
        w.flush();
        long duration = sample.frames.get(n - 1).nanos + (rounds - 1) * section.timeDelta - sample.frames.get(0).nanos;
        return new Stats(frames, messages, bytes, rounds, length, section.timeDelta, duration);
    }

    /** Writes frame {@code fr} as it is in replay {@code k} of the section. */
    private void emit(SampleConnection.Frame fr, long k, byte[] buf, PcapWriter w) throws IOException {
        int len = fr.data.length;
        System.arraycopy(fr.data, 0, buf, 0, len);
        if (k > 0 && fr.dir >= 0) {
            shift(fr, k, buf);
        }
        // Microsecond pcap: the time is cut to whole microseconds, as the sample's own times are.
        w.write(fr.nanos + k * section.timeDelta, buf, 0, len, len);
        frames++;
        messages += fr.messagesEnding;
        bytes += RECORD_HEADER + len;
    }

    /** Moves one frame of the connection on by {@code k} replays of the section. */
    private void shift(SampleConnection.Frame fr, long k, byte[] buf) {
        int dir = fr.dir;
        int other = 1 - dir;
        TcpFrame t = fr.tcp;
        TcpFrame.be32(buf, t.tcp + 4, (int) (TcpFrame.be32(buf, t.tcp + 4) + k * section.tcpDelta[dir]));
        if ((t.flags & TcpFrame.TCP_ACK) != 0) {
            TcpFrame.be32(buf, t.tcp + 8, (int) (TcpFrame.be32(buf, t.tcp + 8) + k * section.tcpDelta[other]));
        }
        if (t.tsOption >= 0) {
            int ms = (int) (k * section.timeDelta / 1_000_000);
            TcpFrame.be32(buf, t.tsOption, TcpFrame.be32(buf, t.tsOption) + ms);
            TcpFrame.be32(buf, t.tsOption + 4, TcpFrame.be32(buf, t.tsOption + 4) + ms);
        }
        byte[] s = sample.streams[dir];
        for (long packed : fr.fields) {
            long fieldOffset = packed >>> 8;
            int kind = (int) (packed & 0xFF);
            long delta = kind == SteadySection.OPTS ? section.seqDelta[dir] : section.seqDelta[other];
            int value = (int) (StreamSurvey.le32(s, (int) fieldOffset) + k * delta);
            for (int j = 0; j < 4; j++) {
                long pos = fieldOffset + j - fr.streamStart;
                if (pos >= 0 && pos < t.payloadLength) {
                    buf[t.payload + (int) pos] = (byte) (value >>> (8 * j));
                }
            }
        }
        if (sample.checksumsValid) {
            t.writeChecksum(buf);
        }
    }
}
