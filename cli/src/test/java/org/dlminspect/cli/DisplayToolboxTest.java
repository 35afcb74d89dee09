package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dlminspect.testkit.DlmBytes;
import org.dlminspect.testkit.TcpSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -Y, the filter shorthands, -T fields/json/text with -e/-E, -t, the fields command and unsigned 64-bit output. */
class DisplayToolboxTest {
    private static final String NORMAL = CliRun.sample("normal.pcap.gz");
    private static final String RECONNECT = CliRun.sample("reconnect.pcap.gz");

    @Test
    void displayFilterAndShorthandsAgree() {
        int grants = CliRun.run("read", "-Y", "dlm.msg.type == GRANT", NORMAL).lines().size();
        assertEquals(859, grants);
        assertEquals(grants, CliRun.run("read", "--type", "GRANT", NORMAL).lines().size());
        assertEquals(grants, CliRun.run("read", "--type", "9", "--cmd", "MSG", NORMAL).lines().size());
        int basts = CliRun.run("read", "-Y", "dlm.msg.type == BAST", NORMAL).lines().size();
        assertEquals(grants + basts, CliRun.run("read", "--type", "GRANT,BAST", NORMAL).lines().size());
        assertEquals(grants + basts, CliRun.run("read", "-Y", "dlm.msg.type in {GRANT BAST}", NORMAL).lines().size());
        assertEquals(11810, CliRun.run("read", "-Y", "dlm.cmd == ACK", NORMAL).lines().size());
        assertEquals(0, CliRun.run("read", "-Y", "dlm.cmd == ACK", "--type", "GRANT", NORMAL).lines().size(), "shorthands and -Y: both hold");
        assertEquals(grants, CliRun.run("read", "-Y", "ip.addr == 10.99.0.0/24 && dlm.msg.type == 9", NORMAL).lines().size());
    }

    @Test
    void slicesFunctionsAndBitTestsWorkFromTheCommandLine() {
        // Counted independently from the names -T fields prints for every message that has one.
        List<String> names = CliRun.run("read", "-T", "fields", "-e", "dlm.msg.name", "-Y", "dlm.msg.name", NORMAL).lines();
        long hot6 = names.stream().filter(n -> n.startsWith("hot") && n.length() == 6).count();
        assertTrue(hot6 > 100, hot6 + " names hot???");
        assertEquals(hot6, CliRun.run("read", "-Y", "dlm.msg.name[0:3] == \"hot\" && len(dlm.msg.name) == 6", NORMAL).lines().size());
        assertEquals(hot6, CliRun.run("read", "-Y", "upper(dlm.msg.name) matches \"^HOT...$\"", NORMAL).lines().size());
        assertEquals(CliRun.run("read", "-Y", "dlm.msg.exflags.valblk == 1", NORMAL).out(),
                CliRun.run("read", "-Y", "dlm.msg.exflags & VALBLK", NORMAL).out());
        CliRun bad = CliRun.run("read", "-Y", "upper(dlm.msg.lkid) == 1", NORMAL);
        assertEquals(2, bad.status());
        assertEquals("dlm-inspect: filter: upper() at 1 needs a string (a name); dlm.msg.lkid is an unsigned integer",
                bad.err().lines().findFirst().orElse(""));
    }

    @Test
    void badFilterIsOneLineWithItsColumnAndStatusTwo() {
        CliRun bad = CliRun.run("read", "-Y", "dlm.msg.typ == GRANT", NORMAL);
        assertEquals(2, bad.status());
        assertEquals("dlm-inspect: filter: unknown field 'dlm.msg.typ' at 1; did you mean dlm.msg.type?", bad.err().lines().findFirst().orElse(""));
        assertEquals("", bad.out());
        assertEquals(2, CliRun.run("analyze", "-Y", "dlm.cmd == ACKK", NORMAL).status());
        assertEquals(2, CliRun.run("read", "--node", "abc", NORMAL).status());
        assertEquals("dlm-inspect: unknown field 'dlm.msg.lkd' in -e; did you mean dlm.msg.lkid?",
                CliRun.run("read", "-T", "fields", "-e", "dlm.msg.lkd", NORMAL).err().lines().findFirst().orElse(""));
    }

    @Test
    void fieldsOutputEqualsTheJsonValues() throws IOException {
        // DLM_MSGs (bare or in OPTS): occurrence=l takes the inner header's values, as JSON's innermost keys.
        String filter = "dlm.cmd == MSG && frame.number < 2000";
        CliRun fields = CliRun.run("read", "-Y", filter, "-T", "fields", "-E", "header=y", "-E", "occurrence=l",
                "-e", "frame.number", "-e", "dlm.nodeid", "-e", "dlm.length", "-e", "dlm.msg.type", "-e", "dlm.msg.lkid",
                "-e", "dlm.msg.exflags", "-e", "dlm.msg.grmode", "-e", "dlm.msg.result", "-e", "dlm.msg.name", "-e", "ip.src",
                "-e", "tcp.srcport", NORMAL);
        CliRun json = CliRun.run("read", "-Y", filter, "--json", NORMAL);
        List<String> lines = fields.lines();
        assertEquals("frame.number\tdlm.nodeid\tdlm.length\tdlm.msg.type\tdlm.msg.lkid\tdlm.msg.exflags\tdlm.msg.grmode"
                + "\tdlm.msg.result\tdlm.msg.name\tip.src\ttcp.srcport", lines.get(0));
        List<String> objects = json.lines();
        assertEquals(objects.size(), lines.size() - 1);
        assertTrue(objects.size() > 100, objects.size() + " messages");
        String[] keys = {"frame", "nodeid", "length", "type", "lkid", "exflags", "grmode", "result", "name", "src", "src_port"};
        for (int i = 0; i < objects.size(); i++) {
            Map<String, String> leaf = leaves(objects.get(i));
            String[] cells = lines.get(i + 1).split("\t", -1);
            for (int k = 0; k < keys.length; k++) {
                assertEquals(leaf.getOrDefault(keys[k], ""), cells[k], keys[k] + " of " + objects.get(i));
            }
        }
    }

    /** The last value of each key anywhere in one JSON object (inner message last), as text. */
    private static Map<String, String> leaves(String json) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            String key = null;
            for (JsonToken t; (t = p.nextToken()) != null; ) {
                if (t == JsonToken.FIELD_NAME) key = p.currentName();
                else if (t.isScalarValue() && key != null && p.getParsingContext().inObject()) out.put(key, p.getText());
            }
        }
        return out;
    }

    @Test
    void separatorQuoteAndAllOccurrences() {
        CliRun r = CliRun.run("read", "-Y", "dlm.cmd == OPTS", "-T", "fields", "-e", "dlm.cmd", "-e", "frame.number",
                "-E", "separator=,", "-E", "quote=d", "-E", "aggregator=/s", NORMAL);
        assertTrue(r.lines().get(0).matches("\"OPTS (MSG|RCOM|FIN)\",\"\\d+\""), r.lines().get(0));
        assertEquals(2, CliRun.run("read", "-T", "fields", NORMAL).status(), "-T fields needs -e");
        assertEquals(2, CliRun.run("read", "-T", "fields", "-e", "dlm.cmd", "-E", "quote=x", NORMAL).status());
    }

    @Test
    void timeFormats() {
        String first = CliRun.run("read", "-t", "ud", NORMAL).lines().get(0);
        assertTrue(first.matches("\\s*4 2026-11-24 21:02:01\\.977676 .*"), first);
        assertTrue(CliRun.run("read", "-t", "u.3", NORMAL).lines().get(0).matches("\\s*4 21:02:01\\.977 .*"));
        assertTrue(CliRun.run("read", "-t", "e", NORMAL).lines().get(0).matches("\\s*4 1795554121\\.977676 .*"));
        assertTrue(CliRun.run("read", "-t", "r.9", NORMAL).lines().get(0).matches("\\s*4 0\\.000292000 .*"));
        assertTrue(CliRun.run("read", "-t", "udoy", NORMAL).lines().get(0).matches("\\s*4 2026/328 21:02:01\\.977676 .*"));
        List<String> dd = CliRun.run("read", "-t", "dd", NORMAL).lines();
        assertTrue(dd.get(0).matches("\\s*4\\s+0\\.000000 .*"), dd.get(0));
        assertTrue(CliRun.run("read", "-V", "-t", "ud", NORMAL).lines().get(0).startsWith("Frame 4: 2026-11-24 21:02:01.977676, stream 0"));
        String report = CliRun.run("analyze", "-v", "-t", "ud", RECONNECT).out();
        assertTrue(report.contains("  2026-11-24 21:01:05.650933  frame 7503"), report);
        assertEquals(2, CliRun.run("read", "-t", "x", NORMAL).status());
    }

    @Test
    void findingsAreFilteredByFindingFields() {
        List<String> notes = CliRun.run("read", "--analyze", "-Y", "dlm.finding.severity >= note", RECONNECT).lines();
        assertTrue(!notes.isEmpty() && notes.stream().allMatch(l -> l.contains("[note ")), notes.toString());
        assertEquals(0, CliRun.run("read", "--analyze", "-Y", "dlm.finding.severity >= warn", RECONNECT).lines().size());
        String retrans = CliRun.run("analyze", "-Y", "dlm.finding == \"seq.retransmission\"", RECONNECT).out();
        assertTrue(retrans.contains("seq.retransmission") && !retrans.contains("conn.reset  "), retrans);
        List<String> asFields = CliRun.run("read", "--analyze", "-Y", "dlm.finding", "-T", "fields", "-e", "dlm.finding",
                "-e", "dlm.finding.severity", RECONNECT).lines();
        assertTrue(asFields.contains("seq.retransmission\tnote"), asFields.toString());
    }

    @Test
    void fieldsCommandListsTheRegistry() {
        CliRun all = CliRun.run("fields");
        assertEquals(0, all.status());
        assertTrue(all.lines().size() > 150);
        assertTrue(all.out().contains("dlm.msg.type\tunsigned integer\tenum\t3.1 3.2\tdlm3.m.type\tm_type"));
        assertTrue(all.out().contains("dlm.msg.exflags.valblk\tboolean"));
        assertTrue(all.out().contains("dlm.finding.severity\t"));
        CliRun values = CliRun.run("fields", "--values", "dlm.msg.type");
        assertTrue(values.out().contains("    GRANT = 9"), values.out());
        assertEquals(2, CliRun.run("fields", "nope.").status());
    }

    @Test
    void unsignedSixtyFourBitValuesAgreeInEveryOutput(@TempDir Path dir) throws IOException {
        TcpSession s = new TcpSession();
        s.connection("10.99.0.1", 40001, "10.99.0.2", 21064).handshake()
                .send(TcpSession.Side.CLIENT, DlmBytes.rcom(DlmBytes.V31, DlmBytes.LOCKSPACE, 1, 1, 0, -1L, Long.MIN_VALUE,
                        0xFFFF888112345600L, DlmBytes.rcomStatus(0)));
        Path file = dir.resolve("extremes.pcap");
        Files.write(file, s.pcap());
        String json = CliRun.run("read", "--json", file.toString()).out();
        assertTrue(json.contains("\"id\":18446744073709551615,\"id_str\":\"18446744073709551615\""), json);
        assertTrue(json.contains("\"seq\":9223372036854775808,\"seq_str\":\"9223372036854775808\""), json);
        assertTrue(json.contains("\"seq_reply\":18446612686670419456,\"seq_reply_str\":\"18446612686670419456\""), json);
        assertTrue(!json.contains(":-"), "no negative number: " + json);
        String tree = CliRun.run("read", "-V", file.toString()).out();
        assertTrue(tree.contains("Request ID: 0xffffffffffffffff (18446744073709551615)"), tree);
        assertTrue(tree.contains("Recovery sequence: 9223372036854775808"), tree);
        assertTrue(CliRun.run("read", file.toString()).out().contains("id=18446744073709551615"));
        assertEquals("18446744073709551615\t9223372036854775808",
                CliRun.run("read", "-T", "fields", "-e", "dlm.rcom.id", "-e", "dlm.rcom.seq", file.toString()).lines().get(0));
        List<String> selected = new ArrayList<>(CliRun.run("read", "-Y", "dlm.rcom.id == 0xffffffffffffffff", file.toString()).lines());
        assertEquals(1, selected.size());
    }
}
