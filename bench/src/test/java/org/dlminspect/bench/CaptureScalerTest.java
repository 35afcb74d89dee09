package org.dlminspect.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.capture.PcapWriter;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.tcp.TcpEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scaled capture continues the real traffic: TCP streams without gaps, midcomms seqs moving on from copy
 * to copy (or starting again at 0 after a FIN handshake), every message of every copy there.
 */
class CaptureScalerTest {
    private static final Path SAMPLE = Path.of("../samples/normal.pcap.gz");
    private static final int OPTS = 3;
    private static final int ACK = 4;

    /** What the dissector saw: per TCP source port, the OPTS seqs and ACK values in order. */
    private record Seen(long frames, long messages, Map<String, List<Long>> opts, Map<String, List<Long>> acks,
                        List<TcpEvent> trouble, int connections) { }

    @Test
    void anOpenConnectionContinuesFromCopyToCopy(@TempDir Path dir) throws IOException {
        // The sample up to the middle of its lock traffic: the connection is still open at the end.
        Path prefix = dir.resolve("prefix.pcap");
        long kept = copyFrames(SAMPLE, prefix, 12_000);
        Seen one = dissect(scale(prefix, 1));
        Seen three = dissect(scale(prefix, 3));

        // The SYN and SYN-ACK are not repeated: the copies continue the one connection.
        assertEquals(kept, one.frames());
        assertEquals(3 * kept - 2 * 2, three.frames());
        assertEquals(3 * one.messages(), three.messages());
        assertEquals(1, three.connections());
        assertEquals(List.of(), three.trouble(), "no TCP gap or overlap at the seams");
        for (String d : one.opts().keySet()) {
            List<Long> seqs = three.opts().get(d);
            for (int i = 1; i < seqs.size(); i++) {
                assertEquals(seqs.get(i - 1) + 1, seqs.get(i), d + ": OPTS seq " + i + " continues the previous one");
            }
            assertEquals(3L * one.opts().get(d).size(), seqs.size());
        }
        // ACKs move on with the seqs they acknowledge: never backwards, never beyond what was sent.
        for (String d : three.acks().keySet()) {
            List<Long> acks = three.acks().get(d);
            for (int i = 1; i < acks.size(); i++) assertTrue(acks.get(i) >= acks.get(i - 1), d + ": ACK " + i);
            long last = acks.get(acks.size() - 1);
            long firstCopyLast = one.acks().get(d).get(one.acks().get(d).size() - 1);
            assertTrue(last > 2 * firstCopyLast, d + ": the last ACK of copy 3 (" + last + ") is two copies on");
        }
    }

    @Test
    void aSessionEndedByTheFinHandshakeStartsAgainAtSeqZero() throws IOException {
        Seen one = dissect(scale(SAMPLE, 1));
        Seen two = dissect(scale(SAMPLE, 2));
        assertEquals(2 * one.messages(), two.messages());
        assertEquals(2, two.connections(), "the closed connection is opened again");
        assertEquals(List.of(), two.trouble());
        for (String d : one.opts().keySet()) {
            List<Long> a = one.opts().get(d);
            List<Long> b = two.opts().get(d);
            assertEquals(a.size() * 2, b.size());
            assertEquals(a, b.subList(a.size(), b.size()), d + ": the second session repeats the seqs from 0");
        }
    }

    private static byte[] scale(Path input, int copies) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CaptureScaler.Stats stats = CaptureScaler.scale(input, copies, out);
        assertEquals(0, stats.unreplayable());
        return out.toByteArray();
    }

    private static long copyFrames(Path from, Path to, int frames) throws IOException {
        long n = 0;
        try (CaptureReader r = CaptureFiles.open(from, d -> { });
             PcapWriter w = new PcapWriter(Files.newOutputStream(to), 1, 262144)) {
            CaptureFrame f = new CaptureFrame();
            while (n < frames && r.next(f)) {
                w.write(f);
                n++;
            }
        }
        return n;
    }

    private static Seen dissect(byte[] capture) throws IOException {
        Map<String, List<Long>> opts = new HashMap<>();
        Map<String, List<Long>> acks = new HashMap<>();
        List<TcpEvent> trouble = new ArrayList<>();
        int[] connections = {0};
        DissectionListener l = new DissectionListener() {
            @Override
            public void onMessage(DissectedMessage m) {
                String d = m.direction().source().toString();
                if (m.header().cmd() == OPTS) opts.computeIfAbsent(d, k -> new ArrayList<>()).add(m.header().union());
                if (m.header().cmd() == ACK) acks.computeIfAbsent(d, k -> new ArrayList<>()).add(m.header().union());
            }

            @Override
            public void onTcpEvent(TcpEvent e) {
                switch (e.kind()) {
                    case GAP, LIMIT, OVERLAP_MISMATCH -> trouble.add(e);
                    case OPEN -> connections[0]++;
                    default -> { }
                }
            }
        };
        Dissector dissector = new Dissector(DissectorOptions.defaults(), l);
        try (CaptureReader reader = CaptureFiles.open(new ByteArrayInputStream(capture), "scaled", d -> { })) {
            dissector.run(reader);
        }
        return new Seen(dissector.frameCount(), dissector.messageCount(), opts, acks, trouble, connections[0]);
    }
}
