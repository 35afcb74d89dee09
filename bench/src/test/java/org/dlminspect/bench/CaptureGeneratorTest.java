package org.dlminspect.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dlminspect.Diagnostic;
import org.dlminspect.analysis.Finding;
import org.dlminspect.analysis.MidcommsAnalyzer;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.tcp.TcpEvent;
import org.junit.jupiter.api.Test;

/** The generated capture is valid DLM traffic: reassembly and the midcomms replay find nothing wrong in it. */
class CaptureGeneratorTest {
    private static final Path SAMPLE = Path.of("../samples/normal.pcap.gz");

    @Test
    void replayedTrafficIsOneValidConversationWithTheAnnouncedMessages() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CaptureGenerator.Stats stats = CaptureGenerator.generate(SAMPLE, 60_000, out);
        assertTrue(stats.frames() >= 60_000, "frames " + stats.frames());
        assertTrue(stats.rounds() >= 2, "the steady section must be replayed: " + stats.rounds());
        assertEquals(out.size(), stats.bytes());

        List<Finding> findings = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<TcpEvent> trouble = new ArrayList<>();
        MidcommsAnalyzer analyzer = new MidcommsAnalyzer(findings::add);
        DissectionListener watch = new DissectionListener() {
            @Override
            public void onDiagnostic(Diagnostic d) {
                diagnostics.add(d);
            }

            @Override
            public void onTcpEvent(TcpEvent e) {
                switch (e.kind()) {
                    case GAP, LIMIT, OVERLAP_MISMATCH -> trouble.add(e);
                    default -> { }
                }
            }
        };
        Dissector dissector = new Dissector(DissectorOptions.defaults(), org.dlminspect.pipeline.FanOut.of(watch, analyzer));
        try (CaptureReader reader = CaptureFiles.open(new ByteArrayInputStream(out.toByteArray()), "generated", diagnostics::add)) {
            dissector.run(reader);
        }
        assertEquals(stats.frames(), dissector.frameCount());
        assertEquals(stats.dlmMessages(), dissector.messageCount());
        assertEquals(stats.dlmMessages(), analyzer.messages());
        assertEquals(List.of(), diagnostics);
        assertEquals(List.of(), trouble);
        assertEquals(List.of(), findings, "the replayed conversation must be valid midcomms traffic");
    }

    @Test
    void generationIsDeterministic() throws IOException {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        CaptureGenerator.generate(SAMPLE, 30_000, a);
        CaptureGenerator.generate(SAMPLE, 30_000, b);
        assertArrayEquals(a.toByteArray(), b.toByteArray());
    }
}
