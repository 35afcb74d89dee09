package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadCommandTest {
    private static final String NORMAL = CliRun.sample("normal.pcap.gz");
    /** DLM messages in normal.pcap, also counted by tshark's dlm3 dissector (see TsharkCrossCheckTest). */
    private static final int NORMAL_MESSAGES = 32832;
    private static CliRun list;

    @BeforeAll
    static void readNormalOnce() {
        list = CliRun.run("read", NORMAL);
    }

    @Test
    void packetListHasOneLinePerMessageInTsharkStyle() {
        assertEquals(0, list.status(), list.err());
        assertEquals(NORMAL_MESSAGES, list.lines().size());
        assertEquals("     68    1.664378   0 10.99.0.1:21064 (1) → 10.99.0.2:48933 (2) OPTS seq=0          MSG LOOKUP lkid=0x3 name=\"hot005\"",
                line(list, 68));
        assertEquals("      4    0.000292   0 10.99.0.2:48933 (2) → 10.99.0.1:21064 (?) RCOM ls=0x4c41424c  STATUS id=370235117560091097",
                line(list, 4));
        assertTrue(list.lines().stream().anyMatch(l -> l.contains("ACK  seq=11303      ACK next=11303")));
        assertTrue(list.err().isEmpty(), list.err());
    }

    private static String line(CliRun run, long frame) {
        String prefix = String.format("%7d ", frame);
        return run.lines().stream().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
    }

    @Test
    void treeShowsEveryFieldWithOffsetAndSize() {
        CliRun tree = CliRun.run("read", "-V", "--stream", "0", "--type", "LOOKUP", "--cmd", "MSG", NORMAL);
        assertEquals(0, tree.status(), tree.err());
        String out = tree.out();
        int start = out.indexOf("Frame 68:");
        String frame = out.substring(start, out.indexOf("\n\n", start));
        assertTrue(frame.contains("[   4+4   ]     Sequence number: 0"), frame);
        assertTrue(frame.contains("[  16+1   ]     Next command: MSG (1)"), frame);
        assertTrue(frame.contains("[  40+4   ]       Message type: LOOKUP (11)"), frame);
        assertTrue(frame.contains("[  96+4   ]       Requested mode: PR (3)"), frame);
        assertTrue(frame.contains("[ 104+4   ]       AST types: 0x00000003 (CAST|BAST)"), frame);
        assertTrue(frame.contains("[ 112+6   ]       Resource name: \"hot005\""), frame);
    }

    @Test
    void jsonHasOneObjectPerMessageWithTheDocumentedKeys() throws IOException {
        CliRun json = CliRun.run("read", "--json", NORMAL);
        assertEquals(0, json.status(), json.err());
        List<String> lines = json.lines();
        assertEquals(NORMAL_MESSAGES, lines.size());
        JsonFactory f = new JsonFactory();
        for (String l : lines) {
            Map<String, Object> o = flat(f, l);
            for (String key : List.of("frame", "time", "stream", "src", "dst", "cmd", "version", "nodeid", "length")) {
                assertTrue(o.containsKey(key), key + " missing in " + l);
            }
            String cmd = (String) o.get("cmd");
            boolean seqCommand = cmd.equals("OPTS") || cmd.equals("ACK");
            assertEquals(seqCommand, o.containsKey("seq") && !o.containsKey("lockspace"), l);
            if (cmd.equals("OPTS")) assertTrue(o.containsKey("inner.cmd"), l);
            if (cmd.equals("MSG") || cmd.equals("RCOM")) assertTrue(o.containsKey("type"), l);
        }
        Map<String, Object> lookup = flat(f, lines.stream().filter(l -> l.startsWith("{\"frame\":68,")).findFirst().orElseThrow());
        assertEquals("OPTS", lookup.get("cmd"));
        assertEquals(0L, lookup.get("seq"));
        assertEquals("LOOKUP", lookup.get("inner.type"));
        assertEquals("hot005", lookup.get("inner.name"));
        assertEquals(1279345228L, lookup.get("inner.lockspace"));
        assertEquals("1795554123.641762000", lookup.get("time").toString());
        assertEquals(2L, lookup.get("dst_node"));
    }

    /** Parses one JSON object into dotted keys (nested objects), values as Long, String or Boolean. */
    static Map<String, Object> flat(JsonFactory f, String json) throws IOException {
        Map<String, Object> out = new HashMap<>();
        try (JsonParser p = f.createParser(json)) {
            StringBuilder path = new StringBuilder();
            java.util.Deque<Integer> marks = new java.util.ArrayDeque<>();
            String field = null;
            int arrayDepth = 0;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                switch (t) {
                    case FIELD_NAME -> field = p.currentName();
                    case START_OBJECT -> {
                        marks.push(path.length());
                        if (field != null && arrayDepth == 0) path.append(path.length() > 0 ? "." : "").append(field);
                        field = null;
                    }
                    case END_OBJECT -> path.setLength(marks.pop());
                    case START_ARRAY -> arrayDepth++;
                    case END_ARRAY -> arrayDepth--;
                    default -> {
                        if (field != null && arrayDepth == 0) {
                            String key = path.length() > 0 ? path + "." + field : field;
                            out.put(key, switch (t) {
                                case VALUE_NUMBER_INT -> p.getLongValue();
                                case VALUE_NUMBER_FLOAT -> p.getDecimalValue();
                                case VALUE_TRUE, VALUE_FALSE -> p.getBooleanValue();
                                default -> p.getText();
                            });
                        }
                    }
                }
            }
            assertEquals(null, p.nextToken());
        }
        return out;
    }

    @Test
    void filtersSelectByCommandTypeNodeStreamAndLockspace() {
        CliRun fin = CliRun.run("read", "--cmd", "FIN", NORMAL);
        assertEquals(2, fin.lines().size(), fin.out());
        assertTrue(fin.lines().stream().allMatch(l -> l.contains(" OPTS seq=") && l.endsWith("FIN")), fin.out());

        long lookups = list.lines().stream().filter(l -> l.contains("MSG LOOKUP ")).count();
        assertTrue(lookups > 10);
        assertEquals(lookups, CliRun.run("read", "--type", "lookup", "--cmd", "MSG", NORMAL).lines().size());

        long fromNode2 = list.lines().stream().filter(l -> l.matches(".* \\(2\\) → .*")).count();
        assertEquals(NORMAL_MESSAGES, CliRun.run("read", "--node", "2", NORMAL).lines().size(), "node 2 is in every message");
        assertTrue(fromNode2 > 0 && fromNode2 < NORMAL_MESSAGES);

        CliRun acks = CliRun.run("read", "--cmd", "ACK", NORMAL);
        CliRun inLockspace = CliRun.run("read", "--lockspace", "0x4c41424c", NORMAL);
        long finAndAck = acks.lines().size() + fin.lines().size();
        assertEquals(NORMAL_MESSAGES - finAndAck, inLockspace.lines().size());
        assertEquals(0, CliRun.run("read", "--lockspace", "1", NORMAL).lines().size());
        assertEquals(NORMAL_MESSAGES, CliRun.run("read", "--stream", "0", NORMAL).lines().size());
        assertEquals(0, CliRun.run("read", "--stream", "1", NORMAL).lines().size());
    }

    @Test
    void portOptionReplacesOrAdds() {
        assertEquals(0, CliRun.run("read", "--port", "9999", NORMAL).lines().size());
        assertEquals(NORMAL_MESSAGES, CliRun.run("read", "--port", "+9999", NORMAL).lines().size());
        assertEquals(NORMAL_MESSAGES, CliRun.run("read", "--port", "9999,21064", NORMAL).lines().size());
    }

    @Test
    void readsStandardInput() throws IOException {
        byte[] gz = Files.readAllBytes(Path.of(CliRun.sample("loss.pcap.gz")));
        CliRun fromStdin = CliRun.runWithStdin(gz, "read", "-r", "-");
        CliRun fromFile = CliRun.run("read", CliRun.sample("loss.pcap.gz"));
        assertEquals(0, fromStdin.status(), fromStdin.err());
        assertEquals(fromFile.out(), fromStdin.out());
    }

    @Test
    void unusableInputIsOneLineAndStatusTwo(@TempDir Path dir) throws IOException {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "Hello, this is not a capture\n");
        CliRun bad = CliRun.run("read", text.toString());
        assertEquals(2, bad.status());
        assertEquals(1, bad.err().lines().count(), bad.err());
        assertTrue(bad.err().startsWith("dlm-inspect: " + text + ": not a pcap or pcapng capture"), bad.err());
        assertFalse(bad.err().contains("Exception"), bad.err());

        CliRun missing = CliRun.run("read", dir.resolve("nope.pcap").toString());
        assertEquals(2, missing.status());
        assertEquals("dlm-inspect: " + dir.resolve("nope.pcap") + ": no such file\n", missing.err());

        CliRun usage = CliRun.run("read", "--cmd", "BOGUS", NORMAL);
        assertEquals(2, usage.status());
        assertTrue(usage.err().startsWith("dlm-inspect: unknown --cmd BOGUS"), usage.err());

        CliRun directory = CliRun.run("read", dir.toString());
        assertEquals(2, directory.status());
        assertEquals("dlm-inspect: " + dir + ": is a directory, not a capture file\n", directory.err());

        CliRun badPort = CliRun.run("read", "--port", "70000", NORMAL);
        assertEquals(2, badPort.status());
        assertTrue(badPort.err().startsWith("dlm-inspect: not a TCP port: 70000"), badPort.err());

        CliRun none = CliRun.run("read");
        assertEquals(2, none.status());
        assertTrue(none.err().contains("no capture given"), none.err());
    }

    @Test
    void colourOnlyWhenAskedAndNeverInJson() {
        assertFalse(list.out().contains("\u001b"));
        CliRun coloured = CliRun.run("read", "-V", "--color=always", "--stream", "0", "--cmd", "FIN", NORMAL);
        assertTrue(coloured.out().contains("\u001b["), "bold frame headers and dim offsets with --color=always");
        assertFalse(CliRun.run("read", "--json", "--color=always", "--cmd", "FIN", NORMAL).out().contains("\u001b"));
    }

    @Test
    void versionAndHelp() {
        CliRun v = CliRun.run("--version");
        assertEquals(0, v.status());
        assertTrue(v.out().startsWith("dlm-inspect "), v.out());
        CliRun h = CliRun.run("read", "--help");
        assertEquals(0, h.status());
        assertTrue(h.out().contains("--json"), h.out());
    }
}
