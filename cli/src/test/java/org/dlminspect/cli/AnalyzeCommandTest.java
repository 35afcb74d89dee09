package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalyzeCommandTest {
    private static final String NORMAL = CliRun.sample("normal.pcap.gz");
    private static final String RECONNECT = CliRun.sample("reconnect.pcap.gz");

    @Test
    void cleanCaptureHasTableNoFindingsAndAnOkVerdict() {
        CliRun run = CliRun.run("analyze", NORMAL);
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("1 <-> 2  1 -> 2     17100  1462541  3.2  0..11303"), run.out());
        assertTrue(run.out().contains("Timeline (0 episodes)"), run.out());
        assertFalse(run.out().contains("Findings ("), "findings are listed only with -v: " + run.out());
        assertTrue(run.lines().get(run.lines().size() - 1).startsWith("Verdict: OK: 0 errors, 0 warnings"), run.out());
    }

    @Test
    void reconnectReportNamesEveryRetransmittedSeqWithBothFrames() {
        CliRun run = CliRun.run("analyze", "-v", RECONNECT);
        assertEquals(0, run.status(), run.err());
        for (String expected : List.of(
                "seq 2765 from node 2 to node 1 crosses the wire again in frame 25606 (stream 9043), byte-identical to the first copy in frame 7502",
                "seq 3254 from node 1 to node 2 crosses the wire again in frame 25613 (stream 9044), byte-identical to the first copy in frame 8357",
                "seq 3255 from node 1 to node 2 crosses the wire again in frame 25613 (stream 9044), byte-identical to the first copy in frame 8378")) {
            assertTrue(run.out().contains(expected), expected + "\n" + run.out());
        }
        assertEquals(6, run.lines().stream().filter(l -> l.contains(" seq.retransmission #")).count(), run.out());
    }

    @Test
    void theTimelineHasOneLinePerRetransmissionBurst() {
        CliRun run = CliRun.run("analyze", RECONNECT);
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("Timeline (6 episodes; -v lists all 10 findings)"), run.out());
        List<String> bursts = run.lines().stream().filter(l -> l.contains(" seq.retransmission x")).toList();
        assertEquals(2, bursts.size(), run.out());
        assertTrue(bursts.get(0).contains("12.455334  2026-11-24 21:01:08.651472 UTC  note  #3 seq.retransmission x4:"
                + " 4 retransmissions from node 2 to node 1: seqs 2765..2768"), bursts.get(0));
        assertTrue(bursts.get(1).contains("seqs 3254..3255"), bursts.get(1));
        assertFalse(run.out().contains("Findings ("), run.out());
    }

    @Test
    void jsonIsOneObjectPerFindingThenASummary() throws IOException {
        CliRun run = CliRun.run("analyze", "--json", RECONNECT);
        assertEquals(0, run.status(), run.err());
        JsonFactory f = new JsonFactory();
        List<String> lines = run.lines();
        int stories = 0;
        for (int i = 0; i < lines.size() - 1; i++) {
            Map<String, Object> o = ReadCommandTest.flat(f, lines.get(i));
            if (o.containsKey("story")) { // the connection failures' stories follow the findings (StoryJsonTest)
                stories++;
                continue;
            }
            assertEquals(0, stories, "findings first, then the stories: " + lines.get(i));
            for (String k : List.of("finding", "severity", "frame", "time", "message")) assertTrue(o.containsKey(k), lines.get(i));
        }
        assertEquals(1, stories);
        Map<String, Object> summary = ReadCommandTest.flat(f, lines.get(lines.size() - 1));
        assertEquals("note", summary.get("worst"));
        assertEquals(0L, summary.get("errors"));
        assertEquals(10539L, summary.get("messages"));
        List<String> findings = lines.subList(0, lines.size() - 1 - stories);
        assertEquals(6, findings.stream().filter(l -> l.contains("\"finding\":\"seq.retransmission\"")).count());
        assertTrue(findings.stream().allMatch(l -> l.contains("\"episode\":")), "every finding names its episode");
        assertTrue(lines.get(lines.size() - 1).contains("\"episodes\":[{\"episode\":1,\"kind\":\"connection_reset\""),
                lines.get(lines.size() - 1));
        Map<String, Object> first = ReadCommandTest.flat(f, lines.stream()
                .filter(l -> l.contains("\"finding\":\"seq.retransmission\"")).findFirst().orElseThrow());
        assertEquals(25606L, first.get("frame"));
        assertEquals(2L, first.get("from_node"));
        assertEquals(1L, first.get("to_node"));
        assertTrue(lines.get(0).contains("\"frames\":["), lines.get(0));
    }

    @Test
    void failOnGatesTheExitStatus() {
        assertEquals(0, CliRun.run("analyze", "--fail-on", "warn", RECONNECT).status(), "notes only");
        assertEquals(1, CliRun.run("analyze", "--fail-on", "note", RECONNECT).status());
        assertEquals(0, CliRun.run("analyze", "--fail-on", "note", NORMAL).status());
        CliRun bad = CliRun.run("analyze", "--fail-on", "fatal", NORMAL);
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("--fail-on"), bad.err());
    }

    @Test
    void readAnalyzeShowsFindingsRightAfterTheirMessage() {
        CliRun run = CliRun.run("read", "--analyze", RECONNECT);
        assertEquals(0, run.status(), run.err());
        List<String> lines = run.lines();
        int finding = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("[note seq.retransmission]") && lines.get(i).contains("seq 2765")) { finding = i; break; }
        }
        assertTrue(finding > 0, run.out());
        int message = finding - 1;
        while (message > 0 && lines.get(message).startsWith("        [")) message--;
        assertTrue(lines.get(message).startsWith("  25606 "), "the finding follows the message of frame 25606: " + lines.get(message));
        assertFalse(run.out().contains("\u001b"));

        CliRun json = CliRun.run("read", "--analyze", "--json", RECONNECT);
        assertTrue(json.out().contains("{\"finding\":\"seq.retransmission\""), "findings inline in JSON");
    }
}
