package org.dlminspect.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.dlminspect.analysis.AnalyzerOptions;
import org.dlminspect.analysis.Finding;
import org.dlminspect.analysis.FindingFields;
import org.dlminspect.analysis.MidcommsAnalyzer;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.dlm.DlmFields;
import org.dlminspect.filter.DisplayFilter;
import org.dlminspect.net.IpAddress;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.junit.jupiter.api.Test;

/**
 * Every registered field is decoded from real bytes (the sample captures and the test helpers' synthetic and
 * malformed captures) and found by its filter name: for the first message that has it, the bare name, the name
 * compared with the value it has, and the negations behave as they must.
 */
class FieldRegistryTest {
    private final Map<String, DisplayFilter> compiled = new HashMap<>();

    private DisplayFilter filter(String text) {
        return compiled.computeIfAbsent(text, DisplayFilter::compile);
    }

    @Test
    void everyFieldIsDecodedFromRealBytesAndFoundByItsName() throws Exception {
        FieldRegistry r = FieldRegistry.get();
        Map<FieldDef, String> seen = new LinkedHashMap<>();
        for (String capture : FieldCorpus.names()) {
            FieldCorpus.each(capture, (name, m, values) -> {
                for (int i = 0; i < values.size(); i++) {
                    FieldDef f = values.field(i);
                    check(f, values, i, name + " frame " + m.frame(), seen);
                    for (FieldDef bit : f.bits()) {
                        check(bit, values, i, name + " frame " + m.frame(), seen);
                    }
                }
                return seen.size() < r.all().size();
            });
        }
        findingFields(seen);
        receivedFields(seen);
        TreeSet<String> missing = new TreeSet<>();
        for (FieldDef f : r.all()) {
            if (!seen.containsKey(f)) missing.add(f.name());
        }
        assertEquals(new TreeSet<>(), missing, "registered fields no capture of the corpus decodes");
    }

    /** The first occurrence of each field: its own value selects it, by name and by value. */
    private void check(FieldDef f, FieldValues values, int i, String where, Map<FieldDef, String> seen) {
        if (seen.containsKey(f)) return;
        assertNotNull(FieldRegistry.get().field(f.name()), f.name() + " is not registered");
        String literal = literal(f, values, i);
        String ctx = f.name() + " = " + literal + " in " + where;
        assertTrue(filter(f.name()).matches(values), "presence of " + ctx);
        assertFalse(filter("!" + f.name()).matches(values), "absence of " + ctx);
        assertTrue(filter(f.name() + " == " + literal).matches(values), ctx);
        assertFalse(filter(f.name() + " != " + literal).matches(values), "!= " + ctx);
        if (f.type().numeric() && f.type() != FieldType.BOOLEAN) {
            assertTrue(filter(f.name() + " >= " + literal + " && " + f.name() + " <= " + literal).matches(values), "range " + ctx);
        }
        seen.put(f, ctx);
    }

    /** The value at {@code i} written as a filter literal of its type. */
    static String literal(FieldDef f, FieldValues values, int i) {
        return switch (f.type()) {
            case UNSIGNED -> Long.toUnsignedString(values.number(f, i));
            case SIGNED, BOOLEAN -> Long.toString(values.number(f, i));
            case TIME, DURATION -> new java.math.BigDecimal(values.number(f, i)).movePointLeft(9).toPlainString();
            case ADDRESS -> ((IpAddress) values.object(i)).toString();
            case STRING -> quoted(values.object(i).toString().getBytes(StandardCharsets.ISO_8859_1));
            case BYTES -> {
                byte[] b = (byte[]) values.object(i);
                StringBuilder sb = new StringBuilder();
                for (byte x : b) {
                    if (sb.length() > 0) sb.append(':');
                    sb.append(String.format("%02x", x & 0xFF));
                }
                yield sb.toString();
            }
        };
    }

    private static String quoted(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte x : b) {
            int c = x & 0xFF;
            if (Character.isLetterOrDigit(c) && c < 0x7F) sb.append((char) c);
            else sb.append(String.format("\\x%02x", c));
        }
        return sb.append('"').toString();
    }

    /** Per-node captures: the receive-time fields of the messages both sides of pernode3 saw. */
    private void receivedFields(Map<FieldDef, String> seen) throws Exception {
        try {
            org.dlminspect.pernode.SightingFieldsTest.each((m, values) -> {
                for (int i = 0; i < values.size(); i++) {
                    check(values.field(i), values, i, "pernode3 " + org.dlminspect.capture.FrameRef.text(m.frame()), seen);
                }
            });
        } finally {
            org.dlminspect.capture.FrameRef.useNames(null);
        }
    }

    /** Findings are records too: the reconnect capture's findings carry every finding field. */
    private void findingFields(Map<FieldDef, String> seen) throws Exception {
        List<Finding> findings = new java.util.ArrayList<>();
        try (CaptureReader rd = CaptureFiles.open(FieldCorpus.samples().resolve("reconnect.pcap.gz"), d -> { })) {
            new Dissector(DissectorOptions.defaults(), new MidcommsAnalyzer(findings::add, AnalyzerOptions.defaults())).run(rd);
        }
        assertFalse(findings.isEmpty());
        FieldValues v = new FieldValues();
        for (Finding f : findings) {
            v.clear();
            FindingFields.collect(f, 0, v);
            for (int i = 0; i < v.size(); i++) {
                check(v.field(i), v, i, "finding " + f.code(), seen);
            }
            assertTrue(filter("dlm.finding == \"" + f.code() + "\"").matches(v));
            assertEquals(f.severity().ordinal() >= 2, filter("dlm.finding.severity >= warn").matches(v), f.toString());
            assertTrue(filter("dlm.finding.severity == " + f.severity().label()).matches(v));
        }
    }

    @Test
    void unsignedSixtyFourBitValuesCompareUnsigned() throws Exception {
        int[] hits = {0};
        FieldCorpus.each("extremes", (name, m, values) -> {
            if (values.next(DlmFields.RCOM_ID, 0) < 0) return true;
            hits[0]++;
            if (hits[0] == 2) {
                assertFalse(filter("dlm.rcom.id == 18446744073709551615").matches(values));
                assertTrue(filter("dlm.rcom.id == 7 && dlm.rcom.extra == 01:02:03:04").matches(values));
                return true;
            }
            assertTrue(filter("dlm.rcom.id == 18446744073709551615").matches(values));
            assertTrue(filter("dlm.rcom.id == 0xffffffffffffffff").matches(values));
            assertTrue(filter("dlm.rcom.seq == 9223372036854775808 && dlm.rcom.seq > 9223372036854775807").matches(values));
            assertTrue(filter("dlm.rcom.seq_reply > 0x8000000000000000").matches(values));
            assertFalse(filter("dlm.rcom.id < 1").matches(values));
            return true;
        });
        assertEquals(2, hits[0], "the two RCOMs of the extremes capture");
    }
}
