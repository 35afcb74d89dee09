package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dlminspect.fuzz.FuzzChecks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The program as a shell runs it (a forked JVM with real file descriptors): write errors are errors, a closed
 * standard input is named, a hostile file name never reaches the terminal raw. Each failure is ONE line on
 * stderr and exit status 2; a closed pipe is the one write error that is not an error.
 */
class HostileCliTest {
    private static final String NORMAL = "/work/shared/captures/normal.pcap";

    @Test
    void aFullDiskIsAnErrorForEveryFormat() throws Exception {
        for (String format : new String[] {"", "--json", "-V"}) {
            ForkedRun.Outcome r = ForkedRun.shell("dlm read " + format + " " + NORMAL + " > /dev/full");
            assertEquals(2, r.exit(), format + ": " + r.stderr());
            assertEquals(List.of("dlm-inspect: cannot write to standard output: No space left on device"), r.stderrLines(), format);
        }
        ForkedRun.Outcome r = ForkedRun.shell("dlm analyze --json " + NORMAL + " > /dev/full");
        assertEquals(2, r.exit(), r.stderr());
        assertEquals(List.of("dlm-inspect: cannot write to standard output: No space left on device"), r.stderrLines());
    }

    @Test
    void aClosedStandardOutputIsAnError() throws Exception {
        ForkedRun.Outcome r = ForkedRun.shell("dlm read " + NORMAL + " >&-");
        assertEquals(2, r.exit(), r.stderr());
        assertEquals(1, r.stderrLines().size(), r.stderr());
        assertTrue(r.stderr().startsWith("dlm-inspect: cannot write to standard output: "), r.stderr());
    }

    @Test
    void aClosedPipeIsNotAnError() throws Exception {
        ForkedRun.Outcome r = ForkedRun.shell("set -o pipefail; dlm read --json " + NORMAL + " | head -1 > /dev/null");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("", r.stderr());
    }

    @Test
    void aClosedStandardInputIsNamed() throws Exception {
        // Without the launcher: the JVM has put its own files on descriptor 0.
        ForkedRun.Outcome r = ForkedRun.shell("dlm read -r - <&-");
        assertEquals(2, r.exit(), r.stderr());
        assertEquals(List.of("dlm-inspect: standard input is closed (give a capture with -r FILE, or pipe one in)"),
                r.stderrLines());
        // With the launcher's word for it.
        r = ForkedRun.shell("DLM_INSPECT_STDIN_CLOSED=1 dlm analyze -r - < " + NORMAL);
        assertEquals(2, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("standard input is closed"), r.stderr());
    }

    /** ESC, an OSC 52 clipboard write (ended by BEL), a newline and a bidi override in a capture's name. */
    @Test
    void aHostileFileNameIsEscapedLikeCaptureBytes(@TempDir Path dir) throws Exception {
        String hostile = "x\u001b]52;c;ZXZpbA==\u0007\nfake: ok\u202e.pcap";
        Path file = dir.resolve(hostile);
        Files.write(file, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        String escaped = "x\\x1b]52;c;ZXZpbA==\\x07\\x0afake: ok\\u{202e}.pcap";
        for (String name : new String[] {file.toString(), dir.resolve(hostile + "-missing").toString()}) {
            Path script = dir.resolve("run.sh");
            // The name reaches the program as one argument, as a shell glob would pass it.
            Files.writeString(script, "dlm read \"$1\"\n");
            ForkedRun.Outcome r = ForkedRun.shell("bash " + script + " \"$(printf '%s' " + quote(name) + ")\"");
            assertEquals(2, r.exit(), r.stderr());
            assertEquals(1, r.stderrLines().size(), r.stderr());
            FuzzChecks.assertTerminalSafe("stderr", r.stderr(), true);
            assertTrue(r.stderr().contains(escaped), r.stderr());
            assertFalse(r.stderr().contains("\u001b"), r.stderr());
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
