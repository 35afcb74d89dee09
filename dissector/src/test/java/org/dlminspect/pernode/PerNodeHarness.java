package org.dlminspect.pernode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dlminspect.Diagnostic;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.analysis.AnalyzerOptions;
import org.dlminspect.analysis.Finding;
import org.dlminspect.analysis.MidcommsAnalyzer;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.capture.PcapWriter;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.net.PacketDecoder;
import org.dlminspect.net.TcpSegment;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;

/** Per-node runs over real captures, and the edits the tests make to them in memory. */
final class PerNodeHarness {
    private PerNodeHarness() { }

    /** One frame of a capture, editable. */
    static final class Frame {
        long nanos;
        final byte[] data;
        final int originalLength;
        final TcpSegment tcp = new TcpSegment();
        final boolean isTcp;

        Frame(long nanos, byte[] data, int originalLength, int linkType) {
            this.nanos = nanos;
            this.data = data;
            this.originalLength = originalLength;
            CaptureFrame f = new CaptureFrame();
            f.setData(data);
            f.set(1, nanos, linkType, 0, data.length, originalLength);
            isTcp = new PacketDecoder().decode(f, tcp, DiagnosticSink.IGNORE);
        }

        Frame copyAt(long at) {
            return new Frame(at, data.clone(), originalLength, 1);
        }

        boolean between(String a, String b) {
            return isTcp && (tcp.source.toString().equals(a) && tcp.destination.toString().equals(b)
                    || tcp.source.toString().equals(b) && tcp.destination.toString().equals(a));
        }

        boolean involves(String a) {
            return isTcp && (tcp.source.toString().equals(a) || tcp.destination.toString().equals(a));
        }

        boolean from(String a, String b) {
            return isTcp && tcp.source.toString().equals(a) && tcp.destination.toString().equals(b);
        }
    }

    record Run(Captures captures, List<Finding> findings, Map<String, Integer> messages, PerNodeMatcher matcher, List<String> diagnostics) {
        List<Finding> of(String code) {
            return findings.stream().filter(f -> f.code().equals(code)).toList();
        }
    }

    static Path sample(String name) {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("samples"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("samples/ not found");
        return p.resolve("samples").resolve(name);
    }

    static List<Frame> frames(String sample) throws IOException {
        List<Frame> out = new ArrayList<>();
        try (CaptureReader r = CaptureFiles.open(sample(sample), DiagnosticSink.IGNORE)) {
            CaptureFrame f = new CaptureFrame();
            while (r.next(f)) {
                out.add(new Frame(f.epochNanos(), java.util.Arrays.copyOf(f.data(), f.capturedLength()), f.originalLength(), f.linkType()));
            }
        }
        return out;
    }

    /** The frames as a pcap file, in time order (a stable sort: equal times keep their order). */
    static byte[] pcap(List<Frame> frames) throws IOException {
        List<Frame> sorted = new ArrayList<>(frames);
        sorted.sort(java.util.Comparator.comparingLong(f -> f.nanos));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(out, 1, 262144, PcapWriter.Precision.NANOSECONDS)) {
            for (Frame f : sorted) w.write(f.nanos, f.data, 0, f.data.length, f.originalLength);
        }
        return out.toByteArray();
    }

    /** 1-based frame number of {@code frame} in the pcap {@link #pcap} makes of {@code frames}. */
    static long numberIn(List<Frame> frames, Frame frame) {
        List<Frame> sorted = new ArrayList<>(frames);
        sorted.sort(java.util.Comparator.comparingLong(f -> f.nanos));
        for (int i = 0; i < sorted.size(); i++) if (sorted.get(i) == frame) return i + 1;
        throw new IllegalArgumentException("not in the list");
    }

    /** Survey, matching and the midcomms analysis over the captures; messages counted per source -> destination address. */
    static Run run(List<byte[]> captures) throws IOException {
        return run(captures, 64 << 20);
    }

    static Run run(List<byte[]> captures, long windowBytes) throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < captures.size(); i++) names.add("node" + (i + 1));
        List<Finding> findings = new ArrayList<>();
        List<String> diagnostics = new ArrayList<>();
        PerNodeInput.Opener opener = (i, sink) -> CaptureFiles.open(new ByteArrayInputStream(captures.get(i)), names.get(i), sink);
        PerNodeInput.Settings settings = new PerNodeInput.Settings(0, 2_000_000_000L, 1_000_000_000L, windowBytes,
                MemoryBudget.unlimited().account("pernode"));
        PerNodeInput in = PerNodeInput.open(names, names, settings, DissectorOptions.defaults(), opener,
                d -> diagnostics.add(d.toString()), false);
        if (in == null) return null;
        Map<String, Integer> messages = new HashMap<>();
        MidcommsAnalyzer analyzer = new MidcommsAnalyzer(findings::add, AnalyzerOptions.defaults());
        DissectionListener count = new DissectionListener() {
            @Override
            public void onMessage(DissectedMessage m) {
                messages.merge(m.direction().source().address() + "->" + m.direction().destination().address(), 1, Integer::sum);
                analyzer.onMessage(m);
            }

            @Override
            public void onTcpEvent(org.dlminspect.tcp.TcpEvent e) {
                analyzer.onTcpEvent(e);
            }

            @Override
            public void onDiagnostic(Diagnostic d) {
                diagnostics.add(d.toString());
                analyzer.onDiagnostic(d);
            }

            @Override
            public void onEnd() {
                analyzer.onEnd();
            }
        };
        try (CaptureReader r = in.reader()) {
            new Dissector(DissectorOptions.defaults(), count).run(r);
        }
        findings.addAll(in.findings());
        return new Run(in.captures(), findings, messages, in.matcher(), diagnostics);
    }

    /** Messages per direction of one capture alone, only those its own node {@code own} sent. */
    static Map<String, Integer> sentBy(String sample, String own) throws IOException {
        Map<String, Integer> messages = new HashMap<>();
        try (CaptureReader r = CaptureFiles.open(sample(sample), DiagnosticSink.IGNORE)) {
            new Dissector(DissectorOptions.defaults(), new DissectionListener() {
                @Override
                public void onMessage(DissectedMessage m) {
                    if (m.direction().source().address().toString().equals(own)) {
                        messages.merge(m.direction().source().address() + "->" + m.direction().destination().address(), 1, Integer::sum);
                    }
                }
            }).run(r);
        }
        return messages;
    }
}
