package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** analyze and read over the three per-node captures of pernode3: detected, aligned, reported once. */
class PerNodeCommandTest {
    private static final String N1 = CliRun.sample("pernode3.node1.pcap.gz");
    private static final String N2 = CliRun.sample("pernode3.node2.pcap.gz");
    private static final String N3 = CliRun.sample("pernode3.node3.pcap.gz");

    @Test
    void analyzeAlignsTheClocksAndFindsNothingWrong() {
        CliRun r = CliRun.run("analyze", N1, N2, N3);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Captures (one per node; clocks aligned to node1)"), r.out());
        assertEquals(2.3, offsetMillis(r.out(), "node2"), 0.2);
        assertEquals(-1.7, offsetMillis(r.out(), "node3"), 0.2);
        assertTrue(r.out().contains("One-way latency"), r.out());
        assertTrue(r.out().contains("0 lost between the capture points"), r.out());
        assertTrue(r.out().contains("Verdict: OK: 0 errors, 0 warnings, 0 notes in 6123 messages"), r.out());
        assertTrue(r.err().isEmpty(), r.err());
    }

    @Test
    void analyzeJsonEndsWithTheCapturesObject() {
        CliRun r = CliRun.run("analyze", "--json", N1, N2, N3);
        assertEquals(0, r.status(), r.err());
        String last = r.lines().get(r.lines().size() - 1);
        assertTrue(last.startsWith("{\"captures\":[{\"file\":\"node1\",\"matched\":true,\"aligned\":true,\"reference\":true,\"offset_ns\":0,"), last);
        Matcher m = Pattern.compile("\"file\":\"node2\",[^}]*\"offset_ns\":(-?\\d+)").matcher(last);
        assertTrue(m.find(), last);
        assertEquals(2_300_000, Long.parseLong(m.group(1)), 200_000);
        assertTrue(last.contains("\"lost_segments\":0,"), last);
        assertTrue(last.contains("\"one_way_latency\":[{\"from\":\"10.99.0."), last);
    }

    @Test
    void referenceByShortNameMovesTheZero() {
        CliRun r = CliRun.run("analyze", "--reference", "node2", N1, N2, N3);
        assertEquals(0, r.status(), r.err());
        assertEquals(-2.3, offsetMillis(r.out(), "node1"), 0.2);
        assertEquals(-4.0, offsetMillis(r.out(), "node3"), 0.2);
    }

    @Test
    void mergeForcesAPlainTimeMerge() {
        CliRun r = CliRun.run("analyze", "--merge", N1, N2, N3);
        assertEquals(0, r.status(), r.err());
        assertFalse(r.out().contains("Captures (one per node"), r.out());
    }

    @Test
    void readReportsEachMessageOnceFromItsSender() {
        CliRun r = CliRun.run("read", N1, N2, N3);
        assertEquals(0, r.status(), r.err());
        assertEquals(6123, r.lines().size());
        // A message node 2 sent is named by node 2's capture.
        assertTrue(r.lines().stream().anyMatch(l -> l.trim().startsWith("node2:") && l.contains("10.99.0.2:35191 (2) →")), r.out());
    }

    @Test
    void readJsonGivesTheReceiversSightingOfEachMessage() {
        CliRun r = CliRun.run("read", "--json", N1, N2, N3);
        assertEquals(0, r.status(), r.err());
        Pattern p = Pattern.compile("^\\{\"frame\":\\d+,\"file\":\"(node\\d)\",\"received_frame\":\\d+,\"received_file\":\"(node\\d)\","
                + "\"received_time\":([0-9.]+),\"time\":([0-9.]+),");
        int withReceiver = 0;
        for (String line : r.lines()) {
            Matcher m = p.matcher(line);
            if (!m.find()) continue;
            withReceiver++;
            assertFalse(m.group(1).equals(m.group(2)), line);
            double delay = Double.parseDouble(m.group(3)) - Double.parseDouble(m.group(4));
            assertTrue(delay > -0.0002 && delay < 0.01, "one-way delay " + delay + ": " + line);
        }
        assertTrue(withReceiver > 5000, "messages with both sightings: " + withReceiver);
    }

    @Test
    void theReceiveTimeIsAFieldForFieldsFiltersAndTheTree() {
        CliRun json = CliRun.run("read", "--json", N1, N2, N3);
        assertEquals(0, json.status(), json.err());
        Pattern p = Pattern.compile("^\\{\"frame\":(\\d+),\"file\":\"(node\\d)\",(?:\"received_frame\":(\\d+),\"received_file\":\"(node\\d)\","
                + "\"received_time\":([0-9.]+),)?(?:\"first_frame\":\\d+,(?:\"first_file\":\"[^\"]*\",)?)?\"time\":([0-9.]+),");
        java.util.List<String> expected = new java.util.ArrayList<>();
        long toNode3 = 0;
        for (String line : json.lines()) {
            Matcher m = p.matcher(line);
            assertTrue(m.find(), line);
            if (m.group(3) == null) {
                expected.add(m.group(1) + "\t\t\t\t");
                continue;
            }
            java.math.BigDecimal delay = new java.math.BigDecimal(m.group(5)).subtract(new java.math.BigDecimal(m.group(6)));
            expected.add(m.group(1) + "\t" + m.group(3) + "\t" + m.group(4) + "\t" + m.group(5) + "\t"
                    + delay.setScale(9).toPlainString());
            if (m.group(4).equals("node3")) toNode3++;
        }
        CliRun fields = CliRun.run("read", "-T", "fields", "-e", "frame.number", "-e", "frame.received_number", "-e",
                "frame.received_file", "-e", "frame.received_time_epoch", "-e", "frame.one_way_delay", N1, N2, N3);
        assertEquals(0, fields.status(), fields.err());
        assertEquals(expected, fields.lines(), "-T fields gives the JSON's values");

        CliRun filtered = CliRun.run("read", "-Y", "frame.received_file == \"node3\" && frame.one_way_delay < 0.01", N1, N2, N3);
        assertEquals(0, filtered.status(), filtered.err());
        assertTrue(toNode3 > 100, toNode3 + " messages received by node 3");
        assertEquals(toNode3, filtered.lines().size());

        CliRun analyzed = CliRun.run("analyze", "-Y", "frame.received_file == \"node3\"", N1, N2, N3);
        assertTrue(analyzed.out().contains(" in " + toNode3 + " messages"), "analyze -Y selects the same messages: " + analyzed.out());

        CliRun tree = CliRun.run("read", "-V", "-c", "40", N1, N2, N3);
        assertEquals(0, tree.status(), tree.err());
        String firstReceived = expected.stream().filter(e -> !e.endsWith("\t\t\t\t")).findFirst().orElseThrow();
        String[] f = firstReceived.split("\t");
        assertTrue(tree.out().contains("  [Received in frame " + f[2] + ":" + f[1] + " at "), tree.out());
        assertTrue(tree.out().contains(" UTC, one-way delay " + f[4] + " s]"), tree.out());
    }

    @Test
    void aCaptureOfAnotherClusterIsReportedAndLeftOut() {
        CliRun r = CliRun.run("analyze", N1, N2, N3, CliRun.sample("normal.pcap.gz"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("capture.unmatched"), r.out());
        assertTrue(r.out().contains("left out"), r.out());
        assertTrue(r.out().contains("in 6123 messages"), r.out());
    }

    @Test
    void perNodeNeedsFiles() {
        CliRun r = CliRun.run("analyze", "--per-node", N1, "-");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--per-node reads each capture twice"), r.err());
    }

    private static double offsetMillis(String out, String capture) {
        Matcher m = Pattern.compile("(?m)^  " + capture + "\\s+\\S+ \\d+\\s+([+-][0-9.]+) ms").matcher(out);
        assertTrue(m.find(), out);
        return Double.parseDouble(m.group(1));
    }
}
