package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --version} and {@code -V} print without building picocli's model of every command (start-up), and
 * print exactly what picocli's version option prints; a write error is an error, as for any output.
 */
class VersionTest {

    @Test
    void theShortPathPrintsWhatPicocliPrints() {
        ByteArrayOutputStream picocli = new ByteArrayOutputStream();
        Main.commandLine().printVersionHelp(new PrintStream(picocli, true, StandardCharsets.UTF_8));
        String expected = picocli.toString(StandardCharsets.UTF_8);
        for (String option : List.of("--version", "-V")) {
            CliRun r = CliRun.run(option);
            assertEquals(0, r.status(), option);
            assertEquals(expected, r.out(), option);
            assertEquals("", r.err(), option);
        }
        assertEquals(2, expected.lines().count(), expected);
    }

    @Test
    void aFullDiskIsAnError() throws Exception {
        ForkedRun.Outcome r = ForkedRun.shell("dlm --version > /dev/full");
        assertEquals(2, r.exit(), r.stderr());
        assertEquals(List.of("dlm-inspect: cannot write to standard output: No space left on device"), r.stderrLines());
    }
}
