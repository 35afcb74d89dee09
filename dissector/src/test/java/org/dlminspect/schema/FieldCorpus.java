package org.dlminspect.schema;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.pipeline.MessageFields;
import org.dlminspect.samples.MalformedSamples;
import org.dlminspect.samples.SyntheticSamples;
import org.dlminspect.sctp.SctpPackets;
import org.dlminspect.locks.LockAnnotator;
import org.dlminspect.locks.LockFields;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.testkit.DlmBytes;
import org.dlminspect.testkit.TcpSession;

/**
 * Real bytes for the field tests: the shared sample captures, every synthetic and malformed sample the test
 * helpers build, and one capture with the 64-bit extremes. {@link #each} hands every message's field values
 * (all fields) to a consumer while the message is current.
 */
final class FieldCorpus {
    /** One message, its values and where it came from. */
    interface Visit {
        /** @return false to stop this capture */
        boolean message(String capture, DissectedMessage m, FieldValues values);
    }

    private FieldCorpus() { }

    static Path samples() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("samples"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("samples/ not found");
        return p.resolve("samples");
    }

    /**
     * An RCOM STATUS with rc_id 2^64-1 and rc_seq 2^63 (as a top-bit kernel pointer gives), then the oddities the
     * kernel tolerates that no real capture holds: bytes after an ACK, after a BAST, after an rcom_status and
     * after the message inside an OPTS.
     */
    static byte[] extremes() {
        byte[] four = {1, 2, 3, 4};
        TcpSession s = new TcpSession();
        s.connection("10.99.0.1", 40001, "10.99.0.2", 21064).handshake()
                .send(TcpSession.Side.CLIENT, DlmBytes.rcom(DlmBytes.V31, DlmBytes.LOCKSPACE, 1, 1, 0, -1L, Long.MIN_VALUE,
                        0xFFFF888112345600L, DlmBytes.rcomStatus(0)))
                .send(TcpSession.Side.CLIENT, DlmBytes.patch16(DlmBytes.concat(DlmBytes.ack(1, 5), four), 12, 20))
                .send(TcpSession.Side.CLIENT, DlmBytes.msg(DlmBytes.V31, DlmBytes.LOCKSPACE, 1, DlmBytes.Msg.of(10).extra(four)))
                .send(TcpSession.Side.CLIENT, DlmBytes.rcom(DlmBytes.V31, DlmBytes.LOCKSPACE, 1, 1, 0, 7, 1, 0,
                        DlmBytes.concat(DlmBytes.rcomStatus(0), four)))
                .send(TcpSession.Side.CLIENT, DlmBytes.opts(1, 6, DlmBytes.concat(DlmBytes.finInner(1), four)));
        return s.pcap();
    }

    /** DLM over SCTP (the sctp.* fields): INIT, INIT ACK, then one DATA chunk from each side and an I-DATA chunk. */
    static byte[] sctp() {
        int dlmPort = 21064;
        byte[] inner = DlmBytes.rcom(DlmBytes.V32, DlmBytes.LOCKSPACE, 1, 1, 0, 7, 0, 0, new byte[0]);
        List<byte[]> f = SctpPackets.list();
        f.add(SctpPackets.frame(1, 2, 40000, dlmPort, 0, SctpPackets.init(1, 0x11111111L, 100)));
        f.add(SctpPackets.frame(2, 1, dlmPort, 40000, 0x11111111L, SctpPackets.init(2, 0x22222222L, 500)));
        f.add(SctpPackets.frame(1, 2, 40000, dlmPort, 0x22222222L, SctpPackets.whole(100, DlmBytes.opts(1, 0, inner))));
        f.add(SctpPackets.frame(2, 1, dlmPort, 40000, 0x11111111L, SctpPackets.sack(100),
                SctpPackets.whole(500, DlmBytes.ack(2, 0))));
        // An I-DATA chunk (RFC 8260) for sctp.data_mid.
        f.add(SctpPackets.frame(1, 2, 40000, dlmPort, 0x22222222L, SctpPackets.iData(0x03, 101, 0, 9, 0, DlmBytes.opts(1, 1, inner))));
        return SctpPackets.pcap(f);
    }

    /** Every capture of the corpus, by name. */
    static List<String> names() throws IOException {
        List<String> out = new ArrayList<>();
        try (var files = Files.list(samples())) {
            files.filter(f -> f.getFileName().toString().endsWith(".pcap.gz")).sorted().forEach(f -> out.add(f.toString()));
        }
        SyntheticSamples.all().forEach(x -> out.add("synthetic:" + x.file()));
        MalformedSamples.all().forEach(x -> out.add("malformed:" + x.file()));
        out.add("extremes");
        out.add("sctp");
        return out;
    }

    static byte[] bytes(String name) throws IOException {
        if (name.startsWith("synthetic:")) {
            String f = name.substring(10);
            return SyntheticSamples.all().stream().filter(x -> x.file().equals(f)).findFirst().orElseThrow().build().get();
        }
        if (name.startsWith("malformed:")) {
            String f = name.substring(10);
            return MalformedSamples.all().stream().filter(x -> x.file().equals(f)).findFirst().orElseThrow().build().get();
        }
        if (name.equals("extremes")) {
            return extremes();
        }
        if (name.equals("sctp")) {
            return sctp();
        }
        return Files.readAllBytes(Path.of(name));
    }

    /** Dissects one capture of the corpus, giving each message with all its field values. */
    static void each(String name, Visit visit) throws IOException {
        byte[] capture = bytes(name);
        // The lock fields come from the request/response pairing (read -2): a first pass finds each reply.
        java.util.Map<Long, Long> responses = LockAnnotator.responses();
        LockAnnotator firstPass = new LockAnnotator(MemoryBudget.unlimited().account("locks-first-pass"), null);
        run(capture, name, new DissectionListener() {
            @Override
            public void onMessage(DissectedMessage m) {
                firstPass.recordResponse(m, responses);
            }
        });
        LockAnnotator locks = new LockAnnotator(MemoryBudget.unlimited().account("locks"), responses);
        FieldValues values = new FieldValues();
        long[] first = {Long.MIN_VALUE};
        boolean[] stop = {false};
        DissectionListener l = new DissectionListener() {
            @Override
            public void onFrame(CaptureFrame frame) {
                if (first[0] == Long.MIN_VALUE) first[0] = frame.epochNanos();
            }

            @Override
            public void onMessage(DissectedMessage m) {
                if (stop[0]) return;
                values.clear();
                MessageFields.collect(m, first[0], -1, values, true);
                org.dlminspect.locks.LockLink link = locks.annotate(m);
                if (link != null) LockFields.collect(link, values);
                stop[0] = !visit.message(name, m, values);
            }
        };
        run(capture, name, l);
    }

    private static void run(byte[] capture, String name, DissectionListener l) {
        try (CaptureReader r = CaptureFiles.open(new java.io.ByteArrayInputStream(capture), name, d -> { })) {
            new Dissector(DissectorOptions.defaults(), l).run(r);
        } catch (IOException | RuntimeException e) {
            // A malformed sample may end in an error: the messages before it count.
        }
    }

    /** A copy of the message's bytes (the pipeline reuses its buffers). */
    static ByteBuffer copy(DissectedMessage m) {
        ByteBuffer b = m.bytes();
        byte[] c = new byte[b.limit()];
        b.get(0, c);
        return ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
    }
}
