package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several captures on one command line: merged by time as mergecap merges them, frames named by file. */
class SeveralInputsTest {
    private static final String[] PERNODE = {
        CliRun.sample("pernode3.node1.pcap.gz"), CliRun.sample("pernode3.node2.pcap.gz"), CliRun.sample("pernode3.node3.pcap.gz")};
    private static final Pattern FRAME_KEYS = Pattern.compile("\"frame\":(\\d+),(?:\"file\":\"(\\w+)\",)?");
    private static final Pattern FIRST_FRAME_KEYS = Pattern.compile("\"first_frame\":(\\d+),(?:\"first_file\":\"(\\w+)\",)?");
    /** The lock links' frame references ({@code "lock": {"request_in": N, "request_in_file": "node1", ...}}). */
    private static final Pattern LOCK_FRAME_KEYS = Pattern.compile("\"(?:request|response)_in\":\\d+,(?:\"(?:request|response)_in_file\":\"\\w+\",)?");
    private static final Pattern TIME = Pattern.compile("\"time\":([0-9.]+)");

    @TempDir
    Path tmp;

    @Test
    void sameMessagesAsMergecapThenOneInput() throws Exception {
        Path merged = tmp.resolve("merged.pcap");
        assumeTrue(mergecap(merged), "mergecap is not installed");
        CliRun several = CliRun.run("read", "--merge", "--json", PERNODE[0], PERNODE[1], PERNODE[2]);
        CliRun one = CliRun.run("read", "--json", merged.toString());
        assertEquals(0, several.status(), several.err());
        assertEquals(0, one.status(), one.err());
        assertEquals(one.lines().size(), several.lines().size());
        assertTrue(one.lines().size() > 6000, "messages: " + one.lines().size());
        // Same messages in the same order with the same times; only the frame references differ.
        for (int i = 0; i < one.lines().size(); i++) {
            assertEquals(withoutFrames(one.lines().get(i)), withoutFrames(several.lines().get(i)), "message " + i);
        }
    }

    @Test
    void eachFrameReferenceNamesTheFileAndFrameItCameFrom() throws IOException {
        CliRun several = CliRun.run("read", "--merge", "--json", PERNODE[0], PERNODE[1], PERNODE[2]);
        assertEquals(0, several.status(), several.err());
        List<Map<Long, Long>> times = new ArrayList<>();
        for (String p : PERNODE) times.add(frameTimes(p));
        Map<String, Integer> perFile = new HashMap<>();
        for (String line : several.lines()) {
            Matcher m = FRAME_KEYS.matcher(line);
            assertTrue(m.find(), line);
            String file = m.group(2);
            int index = List.of("node1", "node2", "node3").indexOf(file);
            assertTrue(index >= 0, "file name " + file + " in " + line);
            Matcher t = TIME.matcher(line);
            assertTrue(t.find(), line);
            long nanos = new java.math.BigDecimal(t.group(1)).movePointRight(9).longValueExact();
            assertEquals(times.get(index).get(Long.parseLong(m.group(1))), nanos, "time of " + file + ":" + m.group(1));
            perFile.merge(file, 1, Integer::sum);
        }
        // Node 2's clock runs 2.3 ms ahead: its copy of each segment is never the earliest, so the
        // (plain) merge reports the copies of nodes 1 and 3.
        assertEquals(Map.of("node1", 2953, "node3", 3170), perFile);
    }

    @Test
    void packetListAndDiagnosticsShowFileQualifiedFrames() {
        CliRun list = CliRun.run("read", "--merge", PERNODE[0], PERNODE[1]);
        assertEquals(0, list.status(), list.err());
        assertTrue(list.lines().get(0).startsWith("      node1:4 "), list.lines().get(0));
        assertTrue(list.lines().stream().anyMatch(l -> l.trim().startsWith("node2:")));
    }

    @Test
    void standardInputOnlyOnce() {
        CliRun r = CliRun.run("read", "-", "-");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("standard input (-) can be given only once"), r.err());
    }

    @Test
    void aMissingSecondFileIsNamed() {
        CliRun r = CliRun.run("read", PERNODE[0], tmp.resolve("nope.pcap").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("nope.pcap: no such file"), r.err());
    }

    private static String withoutFrames(String json) {
        String links = LOCK_FRAME_KEYS.matcher(json).replaceAll("");
        return FIRST_FRAME_KEYS.matcher(FRAME_KEYS.matcher(links).replaceFirst("")).replaceFirst("");
    }

    private static Map<Long, Long> frameTimes(String path) throws IOException {
        Map<Long, Long> out = new HashMap<>();
        try (CaptureReader r = CaptureFiles.open(Path.of(path), DiagnosticSink.IGNORE)) {
            CaptureFrame f = new CaptureFrame();
            while (r.next(f)) out.put(f.number(), f.epochNanos());
        }
        return out;
    }

    private static boolean mergecap(Path out) throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("mergecap", "-F", "pcap", "-w", out.toString()));
        cmd.addAll(List.of(PERNODE));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            boolean ok = p.waitFor() == 0 && Files.size(out) > 0;
            if (!ok && System.getenv("DLM_INSPECT_REQUIRE_TSHARK") != null) throw new AssertionError("mergecap failed");
            return ok;
        } catch (IOException e) {
            if (System.getenv("DLM_INSPECT_REQUIRE_TSHARK") != null) throw new AssertionError("mergecap is required here", e);
            return false;
        }
    }
}
