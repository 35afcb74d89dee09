package org.dlminspect.analysis;

import static org.dlminspect.analysis.SequenceFindingsTest.established;
import static org.dlminspect.analysis.Wire.ack;
import static org.dlminspect.analysis.Wire.data;
import static org.dlminspect.analysis.Wire.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dlminspect.Severity;
import org.dlminspect.tcp.TcpDirection;
import org.junit.jupiter.api.Test;

class ReportFormatterTest {

    /** Node 2 repeats seq 1 without reconnect, leaves 4..5 unacknowledged for 3 s. */
    private static Wire scenario() {
        Wire w = new Wire(AnalyzerOptions.builder().era(KernelEra.UP_TO_6_4).build());
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 3));
        w.after(1);
        w.send(d[1], ack(1, 4));
        w.send(d[0], range(2, 4, 5));
        w.send(d[0], data(2, 1));
        w.after(3000);
        w.send(d[1], data(1, 0));
        w.send(d[0], ack(2, 1));
        w.end();
        return w;
    }

    @Test
    void tableFindingsInTimeOrderAndVerdict() {
        Wire w = scenario();
        String text = new ReportFormatter(ReportFormatter.Style.PLAIN, Wire.T0)
                .format(w.analyzer.pairSummaries(), w.findings, w.analyzer.verdict());
        List<String> lines = text.lines().toList();
        assertEquals("Node pairs", lines.get(0));
        assertTrue(lines.get(1).matches("  pair +direction +msgs +bytes +ver +seq range +conns +reconn +refused +retrans"
                + " +gaps +not capt +dup ACK +unacked +ACK med +ACK max +ACK cadence +FIN state"), lines.get(1));
        assertTrue(lines.get(2).matches("  1 <-> 2 +1 -> 2 +3 +\\d+ +3\\.2 +0\\.\\.0 +1 +0 +0 +0 +0 +0 +0 +0 .*ESTABLISHED"),
                lines.get(2));
        assertTrue(lines.get(3).matches(" +2 -> 1 +9 +\\d+ +3\\.2 +0\\.\\.5 +1 \\(0 rc\\) +0 +0 +0 +2 .*ESTABLISHED"),
                lines.get(3));
        int findings = lines.indexOf("Findings (" + w.findings.size() + ")");
        assertTrue(findings > 0, text);
        // ack.missing is emitted last (end of capture) but happened first: listed first
        assertTrue(lines.get(findings + 1).contains("warn  ack.missing #2  2 -> 1: 2 messages"), lines.get(findings + 1));
        assertTrue(lines.get(findings + 2).contains("warn  seq.retransmission #1  2 -> 1: seq 1"), lines.get(findings + 2));
        assertTrue(lines.get(findings + 1).startsWith("  0."), "time relative to the first frame: " + lines.get(findings + 1));
        assertEquals("Verdict: " + w.analyzer.verdict().text(), lines.get(lines.size() - 1));
        assertTrue(w.analyzer.verdict().text().startsWith("WARNINGS: 0 errors, 2 warnings, 0 notes in 12 messages"
                + " between 1 node pair; 1 retransmission (0 after connection failures)"), w.analyzer.verdict().text());
        assertEquals(Severity.WARN, w.analyzer.verdict().worst());
    }

    @Test
    void timelineHasOneLinePerEpisodeWithRelativeAndUtcTime() throws Exception {
        Wire w = scenario();
        StringBuilder sb = new StringBuilder();
        new ReportFormatter(ReportFormatter.Style.PLAIN, Wire.T0).write(sb, w.analyzer.pairSummaries(), w.findings,
                w.analyzer.episodes(), w.analyzer.verdict(), false);
        List<String> lines = sb.toString().lines().toList();
        int at = lines.indexOf("Timeline (2 episodes)");
        assertTrue(at > 0, sb.toString());
        assertTrue(lines.get(at + 1).matches("  0\\.001260  2026-11-24 21:00:56\\.001260 UTC  warn  #2 ack\\.missing: 2 messages.*"),
                lines.get(at + 1));
        assertTrue(lines.get(at + 2).contains("warn  #1 seq.retransmission: seq 1"), lines.get(at + 2));
        assertTrue(lines.indexOf("Findings (2)") < 0, "findings only with -v");
    }

    @Test
    void styleDecoratesSeveritiesHeadingsAndVerdict() {
        Wire w = scenario();
        ReportFormatter.Style style = new ReportFormatter.Style() {
            @Override
            public String severity(Severity s, String text) {
                return "<" + s.name() + ">" + text + "</>";
            }

            @Override
            public String heading(String text) {
                return "# " + text;
            }

            @Override
            public String verdict(Severity worst, String text) {
                return "[" + worst + "] " + text;
            }
        };
        String text = new ReportFormatter(style, 0).format(w.analyzer.pairSummaries(), w.findings, w.analyzer.verdict());
        assertTrue(text.startsWith("# Node pairs\n"), text);
        assertTrue(text.contains("# Findings (2)\n"), text);
        assertTrue(text.contains("<WARN>warn</>  ack.missing"), text);
        assertTrue(text.contains("\n[WARN] Verdict: WARNINGS"), text);
        // absolute UTC time of day without a base
        assertTrue(text.contains("\n  " + java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochSecond(0, Wire.T0))), text);
    }

    @Test
    void emptyCapture() {
        MidcommsAnalyzer a = new MidcommsAnalyzer(f -> { });
        a.onEnd();
        String text = new ReportFormatter().format(a.pairSummaries(), List.of(), a.verdict());
        assertEquals("Node pairs\n  (no DLM traffic)\n\nFindings (0)\n  none\n\nVerdict: OK: 0 errors, 0 warnings,"
                + " 0 notes in 0 messages between 0 node pairs; 0 retransmissions, 0 sequence gaps, 0 reconnects,"
                + " 0 unacknowledged at end\n", text);
        assertEquals(null, a.verdict().worst());
    }
}
