package org.dlminspect.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.testkit.Captures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real SCTP capture (two Linux 6.1 kernels, configfs protocol=1): every DLM message of every DATA chunk,
 * counted by the pipeline and, independently, by a walk over the bytes written here from RFC 9260 §3 and the
 * DLM header layout (protocol reference §2.1), sharing no code with the decoders.
 */
class SctpRealCaptureTest {
    private static final Path SCTP = Captures.SHARED.resolve("sctp.pcap.gz");

    /** Per direction ("src>dst") and command: how many messages; per direction: OPTS seq min/max. */
    private record Counts(Map<String, Long> perCommand, Map<String, long[]> optsRange, long total) { }

    private static Counts independent;
    private static Counts ours;
    private static SctpRecording recording;

    @BeforeAll
    static void count() throws IOException {
        assumeTrue(Files.isReadable(SCTP), "shared capture not available");
        independent = walkBytes();
        recording = SctpRecording.of(Files.readAllBytes(SCTP), true);
        Map<String, Long> per = new TreeMap<>();
        Map<String, long[]> ranges = new TreeMap<>();
        for (SctpRecording.Message m : recording.messages) {
            String d = m.direction().source().address() + ">" + m.direction().destination().address();
            per.merge(d + " cmd " + m.cmd(), 1L, Long::sum);
            if (m.cmd() == 3) range(ranges, d, m.seq());
        }
        ours = new Counts(per, ranges, recording.messages.size());
    }

    @Test
    void everyDlmMessageOfEveryChunkIsDissected() {
        assertEquals(62_576, independent.total());
        assertEquals(independent.total(), ours.total());
        assertEquals(independent.perCommand(), ours.perCommand());
    }

    @Test
    void commandTotalsAreThoseOnTheWire() {
        Map<Integer, Long> byCmd = new TreeMap<>();
        independent.perCommand().forEach((k, v) -> byCmd.merge(Integer.parseInt(k.substring(k.lastIndexOf(' ') + 1)), v, Long::sum));
        assertEquals(Map.of(2, 62L, 3, 36_022L, 4, 26_492L), byCmd); // RCOM, OPTS, ACK
    }

    @Test
    void optsSeqRangesPerDirectionAgree() {
        assertEquals(independent.optsRange().keySet(), ours.optsRange().keySet());
        for (String d : independent.optsRange().keySet()) {
            assertEquals(independent.optsRange().get(d)[0], ours.optsRange().get(d)[0], d);
            assertEquals(independent.optsRange().get(d)[1], ours.optsRange().get(d)[1], d);
        }
    }

    @Test
    void oneAssociationNoGapsAndEveryChecksumRight() {
        assertEquals(1, recording.messages.stream().map(m -> m.sctp().association()).distinct().count());
        // Verification was on: the kernels computed their checksums (no offload on these virtual links).
        assertEquals(Set.of(), Set.copyOf(recording.codes()));
    }

    private static void range(Map<String, long[]> ranges, String d, long seq) {
        long[] r = ranges.computeIfAbsent(d, k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
        r[0] = Math.min(r[0], seq);
        r[1] = Math.max(r[1], seq);
    }

    /** Ethernet → IPv4 → SCTP → DATA chunks (each TSN once per direction) → DLM messages by h_length. */
    private static Counts walkBytes() throws IOException {
        Map<String, Long> per = new TreeMap<>();
        Map<String, long[]> ranges = new TreeMap<>();
        // Per direction, every DATA chunk once by TSN (retransmissions collapse), then joined B..E in TSN order.
        Map<String, TreeMap<Long, byte[][]>> chunks = new TreeMap<>();
        long total = 0;
        try (CaptureReader r = CaptureFiles.open(SCTP, d -> { })) {
            CaptureFrame f = new CaptureFrame();
            while (r.next(f)) {
                byte[] b = f.data();
                int n = f.capturedLength();
                if (n < 34 || be16(b, 12) != 0x0800 || (b[23] & 0xFF) != 132) continue;
                int ip = 14;
                int sctp = ip + (b[ip] & 0x0F) * 4;
                int end = ip + be16(b, ip + 2);
                String src = (b[26] & 0xFF) + "." + (b[27] & 0xFF) + "." + (b[28] & 0xFF) + "." + (b[29] & 0xFF);
                String dst = (b[30] & 0xFF) + "." + (b[31] & 0xFF) + "." + (b[32] & 0xFF) + "." + (b[33] & 0xFF);
                String dir = src + ">" + dst;
                for (int c = sctp + 12; c + 4 <= end; ) {
                    int type = b[c] & 0xFF;
                    int len = be16(b, c + 2);
                    if (len < 4) break;
                    if (type == 0 && len > 16) {
                        chunks.computeIfAbsent(dir, k -> new TreeMap<>()).putIfAbsent(be32(b, c + 4),
                                new byte[][] {{b[c + 1]}, java.util.Arrays.copyOfRange(b, c + 16, c + len)});
                    }
                    c += (len + 3) & ~3;
                }
            }
        }
        for (Map.Entry<String, TreeMap<Long, byte[][]>> e : chunks.entrySet()) {
            String dir = e.getKey();
            java.io.ByteArrayOutputStream message = new java.io.ByteArrayOutputStream();
            for (byte[][] chunk : e.getValue().values()) {
                int flags = chunk[0][0];
                if ((flags & 0x02) != 0) message.reset();
                message.writeBytes(chunk[1]);
                if ((flags & 0x01) == 0) continue;
                byte[] u = message.toByteArray();
                message.reset();
                for (int m = 0; m + 16 <= u.length; ) {
                    int hlen = (u[m + 12] & 0xFF) | (u[m + 13] & 0xFF) << 8;
                    int cmd = u[m + 14] & 0xFF;
                    per.merge(dir + " cmd " + cmd, 1L, Long::sum);
                    if (cmd == 3) range(ranges, dir, le32(u, m + 4));
                    total++;
                    if (hlen < 16) break;
                    m += hlen;
                }
            }
        }
        return new Counts(per, ranges, total);
    }

    private static int be16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    private static long be32(byte[] b, int i) {
        return ((b[i] & 0xFFL) << 24) | ((b[i + 1] & 0xFFL) << 16) | ((b[i + 2] & 0xFFL) << 8) | (b[i + 3] & 0xFFL);
    }

    private static long le32(byte[] b, int i) {
        return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24;
    }
}
