package org.dlminspect.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dlminspect.samples.MalformedSamples.Malformed;
import org.dlminspect.samples.MalformedSamples.Printed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the real program, {@code dlm-inspect read samples/malformed/FILE} in a separate JVM from the checkout's root,
 * on every file of the malformed corpus and checks, byte for byte, what reaches the terminal: standard error is
 * exactly the lines the corpus README lists, each packet-list line it names ends as it says, the exit status is 2
 * only for input that is not a capture, and no raw control byte (an ANSI escape from a resource name …) is ever
 * written.
 */
class MalformedCorpusCliTest {
    private static final Map<String, Malformed> CORPUS = MalformedSamples.all().stream()
            .collect(Collectors.toMap(Malformed::file, Function.identity()));

    /** What one run of the program wrote and returned. */
    record Run(int status, byte[] stdout, byte[] stderr) {
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        String err() {
            return new String(stderr, StandardCharsets.UTF_8);
        }
    }

    static Stream<String> corpusFiles() {
        return MalformedSamples.all().stream().map(Malformed::file);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void readPrintsExactlyTheReadmeLines(String file) throws Exception {
        Malformed m = CORPUS.get(file);
        Run run = dlmInspect("read", m.path());
        boolean notACapture = file.equals("not-a-capture.pcap") || file.equals("truncated-file-header.pcap");
        assertEquals(notACapture ? 2 : 0, run.status(), run.err());
        List<String> expectedStderr = m.prints().stream().filter(Printed::onStderr).map(Printed::text).toList();
        assertEquals(expectedStderr, lines(run.err()), "standard error");
        List<String> out = lines(run.out());
        for (Printed p : m.prints()) {
            if (p.onStderr()) {
                continue;
            }
            List<String> ofFrame = out.stream().filter(l -> l.trim().startsWith(p.frame() + " ")).toList();
            boolean malformed = p.text().startsWith("[Malformed: ");
            assertTrue(ofFrame.stream().anyMatch(l -> malformed ? l.endsWith(p.text()) : l.contains(p.text())),
                    "no packet-list line of frame " + p.frame() + (malformed ? " ends with " : " holds ") + p.text()
                            + " in:\n" + run.out());
        }
        long malformedLines = out.stream().filter(l -> l.contains("[Malformed: ")).count();
        assertEquals(m.prints().stream().filter(p -> p.text().startsWith("[Malformed: ")).count(), malformedLines,
                "packet-list lines marked malformed:\n" + run.out());
        assertNoControlBytes(run.stdout(), file + " stdout");
        assertNoControlBytes(run.stderr(), file + " stderr");
    }

    @Test
    void escapeBytesInNamesNeverReachTheTerminalInAnyView() throws Exception {
        String path = CORPUS.get("name-with-escape-bytes.pcap").path();
        for (List<String> args : List.of(List.of("read", path), List.of("read", "-V", path),
                List.of("read", "--color", "ALWAYS", path),
                List.of("read", "-V", "--color", "ALWAYS", path))) {
            Run run = dlmInspect(args.toArray(String[]::new));
            assertEquals(0, run.status(), args + ": " + run.err());
            boolean colour = args.contains("ALWAYS");
            byte[] out = colour ? withoutSgr(run.stdout()) : run.stdout();
            assertNoControlBytes(out, args + " stdout");
            assertNoControlBytes(run.stderr(), args + " stderr");
            String text = run.out();
            assertTrue(text.contains(MalformedSamples.ESCAPED_EVIL), args + ":\n" + text);
            if (colour && args.contains("-V")) {
                assertTrue(run.stdout().length > out.length, "-V --color ALWAYS makes frame headers bold");
            }
        }
    }

    /**
     * {@code --json} writes names as JSON strings of their ISO-8859-1 characters. Jackson escapes only C0 controls, so
     * the name's DEL (0x7f) and 8-bit CSI (U+009B, UTF-8 c2 9b, which terminals that honour C1 controls treat as
     * ESC [) reach the terminal raw.
     */
    @Test
    void jsonEscapesEveryControlCharacterOfANameToo() throws Exception {
        Run run = dlmInspect("read", "--json", CORPUS.get("name-with-escape-bytes.pcap").path());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("\\u001B[31mred") || run.out().contains("\\u001b[31mred"), run.out());
        assertNoControlBytes(run.stdout(), "--json stdout");
    }

    @Test
    void colorOptionTakesLowerCaseValues() throws Exception {
        Run run = dlmInspect("read", "-V", "--color", "always", CORPUS.get("name-with-escape-bytes.pcap").path());
        assertEquals(0, run.status(), run.err());
        assertTrue(run.stdout().length > withoutSgr(run.stdout()).length, "coloured");
    }

    // ------------------------------------------------------------------ helpers

    /** Runs {@code dlm-inspect ARGS} from the checkout's root, with the test's class path, not on a terminal. */
    static Run dlmInspect(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), "org.dlminspect.cli.Main"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("dlm-inspect-out", ".txt");
        Path err = Files.createTempFile("dlm-inspect-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(checkout().toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("NO_COLOR");
            pb.environment().put("DLM_INSPECT_STDOUT_TTY", "0");
            pb.environment().put("DLM_INSPECT_STDERR_TTY", "0");
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("dlm-inspect " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Run(p.exitValue(), Files.readAllBytes(out), Files.readAllBytes(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Path checkout() {
        return SyntheticSamples.folder().getParent().getParent();
    }

    static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : List.of(text.split("\n", -1)).subList(0, text.split("\n", -1).length
                - (text.endsWith("\n") ? 1 : 0));
    }

    /**
     * Fails on any C0 control byte but newline, on DEL, and on a C1 control (U+0080..U+009F, as UTF-8 c2 80..c2 9f):
     * the bytes a terminal acts on.
     */
    static void assertNoControlBytes(byte[] bytes, String what) {
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            boolean c0 = b < 0x20 && b != '\n';
            boolean c1 = b == 0xC2 && i + 1 < bytes.length && (bytes[i + 1] & 0xFF) >= 0x80 && (bytes[i + 1] & 0xFF) <= 0x9F;
            if (c0 || b == 0x7F || c1) {
                int from = Math.max(0, i - 40);
                throw new AssertionError(what + ": control byte 0x" + Integer.toHexString(b) + " at " + i + " after \""
                        + new String(bytes, from, i - from, StandardCharsets.UTF_8) + "\"");
            }
        }
    }

    /** {@code bytes} without the SGR sequences (ESC [ digits and ; m) the renderers write for colour themselves. */
    static byte[] withoutSgr(byte[] bytes) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0x1B && i + 1 < bytes.length && bytes[i + 1] == '[') {
                int j = i + 2;
                while (j < bytes.length && (Character.isDigit(bytes[j]) || bytes[j] == ';')) {
                    j++;
                }
                if (j < bytes.length && bytes[j] == 'm') {
                    i = j;
                    continue;
                }
            }
            out.write(bytes[i]);
        }
        return out.toByteArray();
    }
}
