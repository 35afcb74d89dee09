package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.testkit.Captures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** read -c, -w/-F, -P, -x, -q and -z on the real captures. */
class ReadToolboxTest {
    private static final String NORMAL = CliRun.sample("normal.pcap.gz");
    private static final String NODEFAIL = "/work/shared/captures/nodefail.pcap.gz";
    private static final Pattern HEX_LINE = Pattern.compile("^[0-9a-f]{4}  ((?:[0-9a-f]{2} ){1,16}) *  (.*)$");

    @TempDir
    Path tmp;

    /** read --analyze reads in timestamp order as analyze does: pcapng2if (written in batches) has no warning. */
    @Test
    void readAnalyzeJudgesTheFileInTimeOrder() {
        String file = "/work/shared/captures/pcapng2if.pcapng.gz";
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(Path.of(file)));
        CliRun inline = CliRun.run("read", "--analyze", "--json", file);
        List<String> findings = inline.lines().stream().filter(l -> l.startsWith("{\"finding\"")).toList();
        assertEquals(1, findings.size(), String.join("\n", findings));
        assertTrue(findings.get(0).startsWith("{\"finding\":\"capture.out_of_order\",\"severity\":\"note\""),
                findings.get(0));
        CliRun fileOrder = CliRun.run("read", "--analyze", "--order-window", "0", "--json", file);
        assertTrue(fileOrder.lines().stream().anyMatch(l -> l.startsWith("{\"finding\"")
                && (l.contains("\"severity\":\"warn\"") || l.contains("\"severity\":\"error\""))),
                "in the file's order frames step back in time: the analysis cannot judge them");
    }

    @Test
    void countStopsAfterThatManyMessagesThatPassTheFilter() {
        CliRun all = CliRun.run("read", NORMAL);
        CliRun five = CliRun.run("read", "-c", "5", NORMAL);
        assertEquals(0, five.status(), five.err());
        assertEquals(all.lines().subList(0, 5), five.lines());
        List<String> acks = all.lines().stream().filter(l -> l.contains(" ACK  seq=")).limit(3).toList();
        CliRun threeAcks = CliRun.run("read", "-c", "0x3", "--cmd", "ACK", NORMAL);
        assertEquals(acks, threeAcks.lines());
        CliRun zero = CliRun.run("read", "-c", "0", NORMAL);
        assertEquals(2, zero.status());
        assertTrue(zero.err().startsWith("dlm-inspect: --count: not a positive count: '0'"), zero.err());
    }

    @Test
    void writingWithoutAFilterCopiesEveryFrameInBothFormats() throws IOException {
        for (String format : List.of("pcapng", "pcap")) {
            Path out = tmp.resolve("all." + format);
            CliRun w = CliRun.run("read", "-w", out.toString(), "-F", format, NORMAL);
            assertEquals(0, w.status(), w.err());
            assertEquals("", w.out(), "tshark -w prints nothing unless -P");
            try (CaptureReader r = CaptureFiles.open(out, d -> { })) {
                assertEquals(format, r.format());
            }
            assertEquals(CliRun.run("read", "--json", NORMAL).out(), CliRun.run("read", "--json", out.toString()).out(), format);
            assertEquals(frameCount(Path.of(NORMAL)), frameCount(out));
        }
        CliRun printing = CliRun.run("read", "-P", "-c", "2", "-w", tmp.resolve("p.pcapng").toString(), NORMAL);
        assertEquals(2, printing.lines().size());
    }

    @Test
    void writingWithAFilterKeepsExactlyTheMessagesThatPass() throws IOException {
        Path out = tmp.resolve("grant.pcapng");
        CliRun w = CliRun.run("read", "--type", "GRANT", "-w", out.toString(), NODEFAIL);
        assertEquals(0, w.status(), w.err());
        List<String> original = hexBlocks(CliRun.run("read", "--type", "GRANT", "-x", NODEFAIL).out());
        long grants = CliRun.run("read", NODEFAIL).lines().stream().filter(l -> l.contains(" GRANT ")).count();
        assertTrue(grants > 10, "the capture has GRANTs: " + grants);
        assertEquals(grants, original.size());
        // Read back, the file holds the same GRANT messages, byte for byte, and only frames that carry them (+ SYN/FIN/RST).
        // (Their order across connections may differ: with the other segments left out, the reassembler waits for
        // the holes before it declares them gaps, as it would for any capture that missed segments.)
        List<String> back = hexBlocks(CliRun.run("read", "--type", "GRANT", "-x", out.toString()).out());
        assertEquals(sorted(original), sorted(back));
        assertTrue(frameCount(out) < frameCount(Path.of(NODEFAIL)) / 10, "frames " + frameCount(out));
        long messages = CliRun.run("read", out.toString()).lines().size();
        assertTrue(messages >= grants && messages < grants * 4, "messages in the file: " + messages);
    }

    @Test
    void hexDumpShowsEachMessagesBytesAndNothingATerminalWouldObey() {
        CliRun r = CliRun.run("read", "-x", "-c", "1", NORMAL);
        assertEquals(0, r.status(), r.err());
        List<String> lines = r.lines();
        // Frame 4 of normal.pcap: RCOM STATUS, h_length 64 (0x40), lockspace 0x4c41424c ("LBAL" little-endian).
        assertEquals("0000  02 00 03 00 4c 42 41 4c 02 00 00 00 40 00 02 00   ....LBAL....@...", lines.get(1));
        assertEquals(5, lines.size(), "the list line, 4 dump lines of 16 bytes (then an empty line)");
        assertTrue(r.out().endsWith("................\n\n"), r.out());
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) all[i] = (byte) i;
        java.io.StringWriter w = new java.io.StringWriter();
        try {
            org.dlminspect.cli.render.HexDump.write(w, java.nio.ByteBuffer.wrap(all));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        for (char c : w.toString().toCharArray()) {
            assertTrue(c == '\n' || (c >= 0x20 && c < 0x7f), "control character " + (int) c + " in the dump");
        }
        assertTrue(w.toString().contains("0040  40 41 42 43"), w.toString());
        CliRun json = CliRun.run("read", "-x", "--json", NORMAL);
        assertEquals(2, json.status());
    }

    @Test
    void writingToStandardOutputGivesAReadableCapture() throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.dlminspect.cli.Main", "read", "-w", "-", "--cmd", "ACK", NORMAL);
        Path out = tmp.resolve("stdout.pcapng");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, p.waitFor());
        long acks = CliRun.run("read", "--cmd", "ACK", NORMAL).lines().size();
        assertEquals(acks, CliRun.run("read", "--cmd", "ACK", out.toString()).lines().size());
        CliRun both = CliRun.run("read", "-w", "-", "-z", "conv,dlm", NORMAL);
        assertEquals(2, both.status());
    }

    @Test
    void conversationsCountEveryMessageOncePerNodePair() {
        CliRun r = CliRun.run("read", "-q", "-z", "conv,dlm", NODEFAIL);
        assertEquals(0, r.status(), r.err());
        long messages = CliRun.run("read", NODEFAIL).lines().size();
        Matcher m = Pattern.compile("^(\\S+ \\(node \\d+\\)) <-> (\\S+ \\(node \\d+\\)) +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) +(\\d+) ",
                Pattern.MULTILINE).matcher(r.out());
        long total = 0;
        int pairs = 0;
        while (m.find()) {
            pairs++;
            assertEquals(Long.parseLong(m.group(3)) + Long.parseLong(m.group(5)), Long.parseLong(m.group(7)));
            total += Long.parseLong(m.group(7));
        }
        assertEquals(3, pairs, r.out());
        assertEquals(messages, total);
        assertTrue(r.out().startsWith("=".repeat(80) + "\nDLM Conversations (per node pair)\n"), r.out());
    }

    @Test
    void typesCountPerDirectionAndInAll() {
        CliRun r = CliRun.run("read", "-q", "-z", "dlm,types", NODEFAIL);
        List<String> list = CliRun.run("read", NODEFAIL).lines();
        long grants = list.stream().filter(l -> l.contains(" GRANT ")).count();
        String all = r.out().substring(r.out().indexOf("All directions"));
        assertTrue(all.contains(String.format("  %-22s %9d", "OPTS MSG GRANT", grants)), all);
        assertTrue(all.contains(String.format("  %-22s %9d", "Total", list.size())), all);
        assertEquals(6, Pattern.compile("^\\S+ \\(node \\d\\) -> \\S+ \\(node \\d\\)$", Pattern.MULTILINE).matcher(r.out()).results().count(),
                "three node pairs, two directions each:\n" + r.out());
    }

    @Test
    void ioStatSplitsTheMessagesByInterval() {
        long messages = CliRun.run("read", NODEFAIL).lines().size();
        CliRun whole = CliRun.run("read", "-q", "-z", "io,stat,0", NODEFAIL);
        assertTrue(whole.out().contains(String.format("| %8d |", messages)), whole.out());
        CliRun perSecond = CliRun.run("read", "-q", "-z", "io,stat,1", NODEFAIL);
        Matcher row = Pattern.compile("^\\| +(\\d+) <> +(\\d+) \\| +(\\d+) \\| +(\\d+) \\|$", Pattern.MULTILINE).matcher(perSecond.out());
        long sum = 0;
        int rows = 0;
        while (row.find()) {
            assertEquals(rows, Integer.parseInt(row.group(1)));
            sum += Long.parseLong(row.group(3));
            rows++;
        }
        assertEquals(messages, sum);
        assertTrue(rows >= 30, "rows " + rows);
        // A column per display filter: the GRANTs of each interval add up to all of them.
        long grants = CliRun.run("read", "--type", "GRANT", NODEFAIL).lines().size();
        CliRun filtered = CliRun.run("read", "-q", "-z", "io,stat,1,dlm.msg.type == GRANT", NODEFAIL);
        Matcher col = Pattern.compile("^\\| +\\d+ <> +\\d+ \\| +\\d+ \\| +\\d+ \\| +(\\d+) \\| +\\d+ \\|$", Pattern.MULTILINE)
                .matcher(filtered.out());
        long grantSum = 0;
        while (col.find()) grantSum += Long.parseLong(col.group(1));
        assertEquals(grants, grantSum, filtered.out());
        assertTrue(filtered.out().contains("|     2: dlm.msg.type == GRANT"), filtered.out());
        CliRun badFilter = CliRun.run("read", "-z", "io,stat,1,dlm.msg.typ == 1", NODEFAIL);
        assertEquals(2, badFilter.status());
        assertTrue(badFilter.err().startsWith("dlm-inspect: filter: "), badFilter.err());
        CliRun bad = CliRun.run("read", "-z", "io,stat,-1", NODEFAIL);
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("not an interval in seconds: '-1'"), bad.err());
    }

    @Test
    void expertGroupsTheFindingsBySeverityAndCode() {
        // reconnect: findings of two severities and several codes (pcapng2if is clean once in time order).
        String reconnect = "/work/shared/captures/reconnect.pcap";
        CliRun r = CliRun.run("read", "-q", "-z", "expert", reconnect);
        assertEquals(0, r.status(), r.err());
        String json = CliRun.run("analyze", "--json", reconnect).out();
        long notes = json.lines().filter(l -> l.startsWith("{\"finding\"") && l.contains("\"severity\":\"note\"")).count();
        long retransmissions = json.lines().filter(l -> l.startsWith("{\"finding\":\"seq.retransmission\"")).count();
        assertTrue(retransmissions > 0 && notes > retransmissions, json);
        assertTrue(r.out().contains("\nNotes (" + notes + ")\n"), r.out());
        assertTrue(Pattern.compile("^ +" + retransmissions + "  seq\\.retransmission +DLM +seq ", Pattern.MULTILINE)
                .matcher(r.out()).find(), r.out());
    }

    @Test
    void statisticsHelpAndMistakes() {
        CliRun help = CliRun.run("read", "-z", "help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("io,stat,INTERVAL"), help.out());
        CliRun bad = CliRun.run("read", "-z", "conv,tcp", NORMAL);
        assertEquals(2, bad.status());
        assertTrue(bad.err().startsWith("dlm-inspect: -z unknown statistic 'conv,tcp'; did you mean conv,dlm?"), bad.err());
    }

    private static List<String> hexBlocks(String out) {
        List<String> blocks = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : out.split("\n")) {
            if (HEX_LINE.matcher(line).matches()) {
                current.append(line).append('\n');
            } else if (current.length() > 0) {
                blocks.add(current.toString());
                current.setLength(0);
            }
        }
        if (current.length() > 0) blocks.add(current.toString());
        return blocks;
    }

    private static List<String> sorted(List<String> list) {
        return list.stream().sorted().toList();
    }

    private static long frameCount(Path file) throws IOException {
        try (CaptureReader r = CaptureFiles.open(file, d -> { })) {
            return Captures.readAll(r).size();
        }
    }
}
