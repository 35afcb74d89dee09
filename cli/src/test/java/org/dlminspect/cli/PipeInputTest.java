package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dlminspect.testkit.Captures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code (cat a.gz; sleep; cat b.gz) | dlm-inspect read -l -r -}: the messages of the first member are printed
 * while the second has not arrived (reading a pipe is live), and the second member is read too (#16 defect 5).
 */
class PipeInputTest {
    @TempDir
    Path tmp;

    @Test
    void readsAPipeAsItComesAndEveryGzipMemberOfIt() throws Exception {
        byte[] pcap = Files.readAllBytes(Path.of("/work/shared/captures/normal.pcap"));
        int cut = 2_000_000; // inside a record: the second member finishes it
        byte[] a = Captures.gzip(Arrays.copyOfRange(pcap, 0, cut));
        byte[] b = Captures.gzip(Arrays.copyOfRange(pcap, cut, pcap.length));
        long expected = CliRun.run("read", CliRun.sample("normal.pcap.gz")).lines().size();

        Path out = tmp.resolve("stdout");
        Path err = tmp.resolve("stderr");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "org.dlminspect.cli.Main", "read", "-l", "-r", "-");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("DLM_INSPECT_STDOUT_TTY", "0");
        pb.environment().put("DLM_INSPECT_STDERR_TTY", "0");
        Process p = pb.start();
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write(a);
            stdin.flush();
            // The first member's messages appear while the input is still open.
            long shown = awaitLines(out, 1000, p);
            assertTrue(shown >= 1000, "only " + shown + " lines before the second member; stderr: " + Files.readString(err));
            assertTrue(shown < expected, "the second member's messages cannot be there yet");
            assertTrue(p.isAlive());
            stdin.write(b);
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "read did not end at the end of its input");
        assertEquals(0, p.exitValue(), Files.readString(err));
        assertEquals("", Files.readString(err));
        assertEquals(expected, lines(out));
    }

    /** Waits (at most a minute) until {@code file} has {@code n} lines or the process ended. */
    private static long awaitLines(Path file, long n, Process p) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long count = 0;
        while (System.nanoTime() < deadline && p.isAlive()) {
            count = lines(file);
            if (count >= n) break;
            Thread.sleep(20);
        }
        return count;
    }

    private static long lines(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long count = 0;
        for (byte c : bytes) if (c == '\n') count++;
        return count;
    }
}
