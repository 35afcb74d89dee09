package org.dlminspect.analysis;

import java.util.EnumMap;
import java.util.Map;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.tcp.TcpEvent;
import org.junit.jupiter.api.Test;

class ProbeTest {
    @Test
    void probe() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (String n : new String[] {"normal", "reconnect", "loss", "snaplen"}) {
            RealCaptures.Result r = RealCaptures.analyze(n);
            java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/explore/report-" + n + ".txt"), r.report());
            Map<TcpEvent.Kind, Integer> counts = new EnumMap<>(TcpEvent.Kind.class);
            Map<String, Integer> diags = new java.util.TreeMap<>();
            try (CaptureReader reader = CaptureFiles.open(RealCaptures.samples().resolve(n + ".pcap.gz"), DiagnosticSink.IGNORE)) {
                new Dissector(DissectorOptions.defaults(), new DissectionListener() {
                    @Override public void onTcpEvent(TcpEvent e) { counts.merge(e.kind(), 1, Integer::sum);
                        if (e.kind() == TcpEvent.Kind.GAP && n.equals("loss")) sb.append("GAP ").append(e).append('\n'); }
                    @Override public void onDiagnostic(org.dlminspect.Diagnostic d) { diags.merge(d.code(), 1, Integer::sum); }
                }).run(reader);
            }
            sb.append(n).append(' ').append(counts).append(' ').append(diags).append('\n');
        }
        java.nio.file.Files.writeString(java.nio.file.Path.of("/tmp/explore/events.txt"), sb.toString());
    }
}
