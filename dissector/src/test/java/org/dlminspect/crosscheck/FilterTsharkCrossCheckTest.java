package org.dlminspect.crosscheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.filter.DisplayFilter;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.pipeline.MessageFields;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldRegistry;
import org.dlminspect.schema.FieldValues;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The filter language means what tshark's means: slices, functions, arithmetic, the bitwise and, comparisons
 * between fields, the quantifiers {@code any} and {@code all} and the layer operator {@code #}, written with our field names, select on the real capture {@code normal.pcap.gz} the same
 * frames as tshark's {@code -Y} with each name replaced by its tshark name from the registry (no name table
 * here). tshark tests a frame's fields all together and we test each message, so the frames compared are those
 * holding one DLM message, which tshark decodes as one too (as many {@code dlm3.h.cmd} as we have {@code dlm.cmd}).
 */
class FilterTsharkCrossCheckTest {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+");
    private static final List<String> FILTERS = List.of(
            "dlm.msg.exflags & 0x8 == 8 && dlm.msg.type == 1",
            "dlm.msg.lkid == dlm.msg.remid",
            "max(dlm.msg.lkid, dlm.msg.remid) > 5 && dlm.msg.lkid % 2 == 1",
            "dlm.msg.lvb[-1] == 00 && dlm.msg.type in {5, 9} && dlm.msg.lvb[0:2] == 00:00",
            "abs(dlm.msg.rqmode - dlm.msg.grmode) >= 2",
            "dlm.msg.lkid + 1 == dlm.msg.remid * 2 || dlm.msg.lkid > dlm.msg.remid + 3",
            // Quantifiers: an OPTS has two dlm.cmd (its own and its message's), an ACK one.
            "all dlm.cmd == 4",
            "any dlm.cmd != 3 && dlm.cmd == 3",
            "all dlm.cmd in {3..4}",
            "all dlm.msg.lkid !== 0 && any dlm.cmd == 3",
            // The layer operator: IP and TCP are layer 1 in both; tshark's layer 1 of a one-message frame holds the
            // OPTS header and its message, ours the OPTS header only (the README says so), so only a test that
            // both layerings answer alike is compared here.
            "ip.addr#1 == 10.99.0.1 && tcp.port#[1-2] == 21064 && dlm.cmd#1 == 4",
            "tcp.srcport#1 == 21064 && dlm.msg.type == 1");

    @Test
    void slicesFunctionsArithmeticAndFieldComparisonsSelectWhatTsharkSelects() throws Exception {
        boolean required = System.getenv("DLM_INSPECT_REQUIRE_TSHARK") != null;
        if (!TsharkPdml.available()) {
            if (required) fail("tshark is required here (DLM_INSPECT_REQUIRE_TSHARK is set) but is not installed");
            System.out.println("SKIPPED: tshark is not installed; the filter cross-check did not run");
            Assumptions.abort("tshark not installed: filter cross-check skipped");
        }
        Path file = TsharkCrossCheckTest.samples().resolve("normal.pcap.gz");
        List<DisplayFilter> compiled = FILTERS.stream().map(DisplayFilter::compile).toList();
        Map<Long, Integer> messages = new HashMap<>();
        Map<Long, Integer> cmds = new HashMap<>();
        List<Set<Long>> ours = new ArrayList<>();
        FILTERS.forEach(f -> ours.add(new TreeSet<>()));
        FieldValues values = new FieldValues();
        DissectionListener l = new DissectionListener() {
            @Override
            public void onMessage(DissectedMessage m) {
                values.clear();
                MessageFields.collect(m, 0, -1, values, true);
                messages.merge(m.frame(), 1, Integer::sum);
                cmds.merge(m.frame(), values.count(FieldRegistry.get().field("dlm.cmd")), Integer::sum);
                for (int i = 0; i < compiled.size(); i++) {
                    if (compiled.get(i).matches(values)) ours.get(i).add(m.frame());
                }
            }
        };
        try (CaptureReader r = CaptureFiles.open(file, d -> { })) {
            new Dissector(DissectorOptions.defaults(), l).run(r);
        }
        Map<Long, Integer> tsharkCmds = new HashMap<>();
        for (String line : tshark(file, "dlm3", "dlm3.h.cmd")) {
            String[] parts = line.split("\t", -1);
            tsharkCmds.put(Long.parseLong(parts[0]), parts.length < 2 || parts[1].isEmpty() ? 0 : parts[1].split(",").length);
        }
        Set<Long> compared = new TreeSet<>();
        messages.forEach((frame, n) -> {
            if (n == 1 && cmds.get(frame).equals(tsharkCmds.get(frame))) compared.add(frame);
        });
        assertTrue(compared.size() > 10_000, compared.size() + " frames compared");
        for (int i = 0; i < FILTERS.size(); i++) {
            String theirs = inTsharkNames(FILTERS.get(i));
            Set<Long> selected = new TreeSet<>();
            for (String line : tshark(file, theirs, null)) selected.add(Long.parseLong(line.trim()));
            selected.retainAll(compared);
            Set<Long> mine = new TreeSet<>(ours.get(i));
            mine.retainAll(compared);
            System.out.println(FILTERS.get(i) + "  ~  " + theirs + ": " + mine.size() + " frames");
            assertTrue(!mine.isEmpty(), FILTERS.get(i) + " selects something");
            assertEquals(selected, mine, FILTERS.get(i) + " vs tshark's " + theirs);
        }
    }

    /** The filter with every dlm.* field name replaced by the tshark name the registry gives it. */
    static String inTsharkNames(String filter) {
        Matcher m = NAME.matcher(filter);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            FieldDef f = FieldRegistry.get().field(m.group());
            assertNotNull(f, m.group());
            // frame.*, ip.* and tcp.* are tshark's own names already; a dlm.* field must say its dlm3.* name.
            String theirs = f.tsharkName() != null || f.name().startsWith("dlm.") ? f.tsharkName() : f.name();
            assertNotNull(theirs, m.group() + " has a tshark name");
            m.appendReplacement(sb, Matcher.quoteReplacement(theirs));
        }
        return m.appendTail(sb).toString();
    }

    /** tshark's frame numbers (and {@code field}, tab-separated) of the frames that pass {@code filter}. */
    private static List<String> tshark(Path file, String filter, String field) throws Exception {
        List<String> command = new ArrayList<>(List.of("tshark", "-n", "-r", file.toString(), "-d", "tcp.port==21064,dlm3",
                "-Y", filter, "-T", "fields", "-E", "aggregator=,", "-e", "frame.number"));
        if (field != null) command.addAll(List.of("-e", field));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) if (!line.isBlank()) lines.add(line);
        }
        assertEquals(0, p.waitFor(), "tshark -Y " + filter);
        return lines;
    }
}
