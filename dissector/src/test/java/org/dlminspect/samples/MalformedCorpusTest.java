package org.dlminspect.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dlminspect.Diagnostic;
import org.dlminspect.capture.CaptureFormatException;
import org.dlminspect.dlm.DlmMessage;
import org.dlminspect.dlm.DlmRcom;
import org.dlminspect.dlm.RcomLookup;
import org.dlminspect.dlm.RcomNamesReply;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.samples.MalformedSamples.Malformed;
import org.dlminspect.samples.MalformedSamples.Printed;
import org.dlminspect.testkit.Dissection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file of {@code samples/malformed/}: rebuilt it must equal the committed file byte for byte; dissected it must
 * give exactly the diagnostics and message errors its README row says dlm-inspect prints (or the exact
 * {@link CaptureFormatException} when it is not a capture), and the messages around the damage must still be decoded.
 */
class MalformedCorpusTest {
    private static final Map<String, Malformed> CORPUS = MalformedSamples.all().stream()
            .collect(Collectors.toMap(Malformed::file, Function.identity()));

    private static final List<String> BASIC = List.of("4 s0 n1 RCOM STATUS", "5 s0 n2 RCOM STATUS_REPLY",
            "6 s0 n1 OPTS#0 MSG REQUEST", "7 s0 n2 ACK 1", "7 s0 n2 OPTS#0 MSG REQUEST_REPLY", "8 s0 n1 ACK 1");
    private static final List<String> AFTER_ONE_BAD = List.of("5 s0 n1 OPTS#100 MSG REQUEST", "6 s0 n2 ACK 101");

    /** What each capture still decodes: the messages before and after its damage. */
    private static final Map<String, List<String>> DECODED = new HashMap<>();

    static {
        DECODED.put("not-a-capture.pcap", null);
        DECODED.put("truncated-file-header.pcap", null);
        for (String f : List.of("truncated-last-record.pcap", "caplen-over-snaplen.pcap", "caplen-over-original.pcap",
                "pcapng-bad-tsresol-option.pcapng")) {
            DECODED.put(f, BASIC);
        }
        DECODED.put("caplen-over-16mib.pcap", List.of());
        DECODED.put("unknown-link-type.pcap", List.of());
        DECODED.put("zero-length-records.pcap", shifted(BASIC, 4, 2));
        DECODED.put("gzip-truncated.pcap.gz", BASIC.subList(0, 3));
        DECODED.put("pcapng-corrupt-block-length.pcapng", BASIC.subList(0, 3));
        DECODED.put("pcapng-undefined-interface.pcapng", shifted(BASIC, 6, 1));
        DECODED.put("raw-ip-version-5.pcap", shifted(BASIC, 5, 1));
        DECODED.put("ipv4-header-length-lies.pcap", shifted(BASIC, 7, 1));
        DECODED.put("ipv4-total-length-lies.pcap", shifted(BASIC, 7, 2));
        DECODED.put("ipv4-fragment.pcap", shifted(BASIC, 7, 1));
        DECODED.put("ipv6-extension-header-overrun.pcap", shifted(BASIC, 7, 1));
        DECODED.put("tcp-header-length-lies.pcap", shifted(BASIC, 7, 1));
        for (String f : List.of("dlm-length-0.pcap", "dlm-length-15.pcap", "dlm-length-4097.pcap")) {
            DECODED.put(f, List.of("4 s0 n1 OPTS#0 MSG REQUEST", "6 s0 n1 OPTS#1 MSG REQUEST", "7 s0 n2 ACK 2"));
        }
        DECODED.put("dlm-header-cut-at-end.pcap", List.of("4 s0 n1 OPTS#0 MSG REQUEST", "5 s0 n2 ACK 1"));
        DECODED.put("opts-optlen-overrun.pcap", withOneBad("4 s0 n1 OPTS#0 ?"));
        DECODED.put("opts-inner-length-overrun.pcap", withOneBad("4 s0 n1 OPTS#0 MSG REQUEST"));
        DECODED.put("opts-nested.pcap", withOneBad("4 s0 n1 OPTS#1 cmd OPTS"));
        DECODED.put("unknown-h-cmd.pcap", withOneBad("4 s0 n1 cmd 7", "4 s0 n1 OPTS#0 cmd 9"));
        DECODED.put("unknown-m-type.pcap", withOneBad("4 s0 n1 OPTS#0 MSG type 15"));
        DECODED.put("unknown-rc-type.pcap", withOneBad("4 s0 n1 OPTS#0 RCOM type 9"));
        DECODED.put("resource-name-over-64.pcap", withOneBad("4 s0 n1 OPTS#0 MSG REQUEST", "4 s0 n1 OPTS#1 RCOM LOOKUP",
                "4 s0 n1 OPTS#2 RCOM LOCK"));
        DECODED.put("names-reply-corrupt-lengths.pcap", withOneBad("4 s0 n1 OPTS#0 RCOM NAMES_REPLY",
                "4 s0 n1 OPTS#1 RCOM NAMES_REPLY", "4 s0 n1 OPTS#2 RCOM NAMES_REPLY"));
        DECODED.put("name-with-escape-bytes.pcap", withOneBad("4 s0 n1 OPTS#0 MSG REQUEST", "4 s0 n1 OPTS#1 RCOM LOOKUP"));
    }

    /** {@code list} with every frame number from {@code from} on increased by {@code by}. */
    private static List<String> shifted(List<String> list, long from, int by) {
        List<String> out = new ArrayList<>();
        for (String s : list) {
            int space = s.indexOf(' ');
            long frame = Long.parseLong(s.substring(0, space));
            out.add((frame >= from ? frame + by : frame) + s.substring(space));
        }
        return out;
    }

    private static List<String> withOneBad(String... bad) {
        List<String> out = new ArrayList<>(List.of(bad));
        out.addAll(AFTER_ONE_BAD);
        return out;
    }

    static Stream<String> corpusFiles() {
        return MalformedSamples.all().stream().map(Malformed::file);
    }

    // ------------------------------------------------------------------ the files cannot drift

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void committedFileIsWhatTheGeneratorBuilds(String file) throws IOException {
        Path committed = MalformedSamples.folder().resolve(file);
        assertTrue(Files.exists(committed), committed + " is missing: run MalformedSamples.main");
        byte[] built = CORPUS.get(file).build().get();
        assertArrayEquals(built, Files.readAllBytes(committed),
                file + " differs from what MalformedSamples builds: run MalformedSamples.main and commit");
        assertArrayEquals(built, CORPUS.get(file).build().get(), file + " is not deterministic");
    }

    @Test
    void folderHoldsExactlyTheCorpusAndItsReadme() throws IOException {
        Set<String> expected = new TreeSet<>(CORPUS.keySet());
        expected.add("README.md");
        try (Stream<Path> files = Files.list(MalformedSamples.folder())) {
            assertEquals(expected, files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new)));
        }
        assertEquals(MalformedSamples.readme(), Files.readString(MalformedSamples.folder().resolve("README.md")),
                "README.md differs from MalformedSamples.readme(): run MalformedSamples.main");
        assertEquals(CORPUS.keySet(), DECODED.keySet(), "every file says what it still decodes");
    }

    // ------------------------------------------------------------------ exact reports, and the rest still read

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void reportsExactlyWhatTheReadmeSaysAndReadsOn(String file) throws IOException {
        Malformed m = CORPUS.get(file);
        List<String> expectedStderr = m.prints().stream().filter(Printed::onStderr).map(Printed::text).toList();
        List<Printed> expectedMalformed = m.prints().stream()
                .filter(p -> !p.onStderr() && p.text().startsWith("[Malformed: ")).toList();
        List<String> decoded = DECODED.get(file);
        if (decoded == null) {
            CaptureFormatException e = assertThrows(CaptureFormatException.class,
                    () -> Dissection.of(m.build().get(), m.path(), DissectorOptions.defaults()));
            assertEquals(expectedStderr, List.of("dlm-inspect: " + e.getMessage()));
            return;
        }
        Dissection d = Dissection.of(m.build().get(), m.path(), DissectorOptions.defaults());
        assertEquals(expectedStderr, printedDiagnostics(d.diagnostics()));
        List<Printed> malformed = d.messages().stream().filter(x -> !x.pdu().errors().isEmpty())
                .map(x -> new Printed(x.frame(), "[Malformed: " + String.join("; ", x.pdu().errors()) + "]")).toList();
        assertEquals(expectedMalformed, malformed);
        for (Printed p : m.prints()) {
            if (!p.onStderr() && !p.text().startsWith("[Malformed: ")) {
                assertTrue(d.messages().stream().anyMatch(x -> x.frame() == p.frame() && x.pdu().info().contains(p.text())),
                        "no message of frame " + p.frame() + " shows " + p.text());
            }
        }
        assertEquals(decoded, SyntheticSamplesTest.summaries(d), "messages still decoded");
        assertTrue(d.ended(), "the dissector ran to the end of the input");
        assertTrue(d.messages().stream().noneMatch(x -> x.pdu().errors().stream().anyMatch(e -> e.startsWith("decoder failure"))));
    }

    /** Each diagnostic as the CLI's DiagnosticPrinter prints it (all of them: the files stay under its 10-per-code limit). */
    static List<String> printedDiagnostics(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(x -> "dlm-inspect: " + x.severity().label() + ": " + x).toList();
    }

    @Test
    void everyInputDiagnosticCodeIsShownByTheCorpus() throws IOException {
        Set<String> codes = new TreeSet<>();
        for (Malformed m : MalformedSamples.all()) {
            if (DECODED.get(m.file()) != null) {
                Dissection.of(m.build().get(), m.path(), DissectorOptions.defaults()).diagnostics()
                        .forEach(x -> codes.add(x.code()));
            }
        }
        assertEquals(new TreeSet<>(List.of("capture.caplen", "capture.corrupt_record", "capture.truncated_record",
                "capture.corrupt_block", "capture.unknown_interface", "capture.corrupt_option", "capture.gzip",
                "net.linktype", "net.truncated", "net.snaplen", "net.ip_version", "net.ip_header_length",
                "net.ip_total_length", "net.ip_ext_header", "net.ip_fragment", "net.tcp_header_length", "dlm.length",
                "stream.resync", "stream.partial")), codes);
    }

    // ------------------------------------------------------------------ what the broken fields decode to

    @Test
    void overlongNamesAreKeptButCappedWhereTheWireCapsThem() throws IOException {
        Dissection d = dissect("resource-name-over-64.pcap");
        assertEquals(65, ((DlmMessage) d.messages().get(0).app()).name().length, "m_extra is h_length - 88: all 65 bytes");
        assertEquals(80, ((RcomLookup) ((DlmRcom) d.messages().get(1).app()).payload()).name().length);
        org.dlminspect.dlm.RcomLock lock = (org.dlminspect.dlm.RcomLock) ((DlmRcom) d.messages().get(2).app()).payload();
        assertEquals(65, lock.namelen());
        assertEquals(64, lock.name().length, "rl_name is a 64-byte field");
    }

    @Test
    void corruptNameListsKeepTheNamesBeforeTheDamage() throws IOException {
        Dissection d = dissect("names-reply-corrupt-lengths.pcap");
        List<RcomNamesReply> replies = d.messages().subList(0, 3).stream()
                .map(x -> (RcomNamesReply) ((DlmRcom) x.app()).payload()).toList();
        assertEquals(List.of(0, 1, 2), replies.stream().map(r -> r.names().size()).toList());
        assertEquals("res-a", SyntheticSamplesTest.text(replies.get(1).names().get(0)));
        assertEquals("res-b", SyntheticSamplesTest.text(replies.get(2).names().get(1)));
        assertTrue(replies.stream().allMatch(r -> r.end() == null), "no terminator was reached in any of them");
    }

    @Test
    void controlBytesInNamesReachNoInfoText() throws IOException {
        Dissection d = dissect("name-with-escape-bytes.pcap");
        DlmMessage request = (DlmMessage) d.messages().get(0).app();
        assertEquals(MalformedSamples.EVIL, new String(request.name(), java.nio.charset.StandardCharsets.ISO_8859_1));
        for (Dissection.Message x : d.messages()) {
            String info = x.pdu().info();
            for (int i = 0; i < info.length(); i++) {
                char c = info.charAt(i);
                if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                    fail("frame " + x.frame() + " info holds control character " + (int) c + ": " + info);
                }
            }
        }
        assertTrue(d.messages().get(0).pdu().info().endsWith("name=\"" + MalformedSamples.ESCAPED_EVIL + "\""));
    }

    private static Dissection dissect(String file) throws IOException {
        Malformed m = CORPUS.get(file);
        return Dissection.of(m.build().get(), m.path(), DissectorOptions.defaults());
    }
}
