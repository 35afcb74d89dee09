package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code read -c N} writes the same diagnostics however many threads the machine offers: with two, the
 * reading thread ran ahead of the limit and the count of "... and N more tcp.gap" changed from run to run
 * (1746, 3173, 3203 on snaplen). Each run is a JVM of its own with {@code DLM_INSPECT_THREADS} set.
 */
class ReadLimitThreadsTest {
    private static String stderr(String threads, String... args) throws Exception {
        Path dir = Files.createTempDirectory("dlm-inspect-limit");
        Path err = dir.resolve("stderr");
        ProcessBuilder pb = new ProcessBuilder(ForkedRun.java(List.of("-Xmx256m"), args));
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().put("DLM_INSPECT_THREADS", threads);
        pb.redirectInput(new File("/dev/null"));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(err.toFile());
        assertEquals(0, pb.start().waitFor(), () -> "exit status of " + String.join(" ", args));
        return Files.readString(err, StandardCharsets.UTF_8);
    }

    @Test
    void limitedReadGivesTheOneThreadDiagnosticsWithTwoThreads() throws Exception {
        String capture = CliRun.samples().resolve("snaplen.pcap.gz").toString();
        String one = stderr("1", "read", "-c", "100", capture);
        assertTrue(one.contains("more tcp.gap"), one);
        for (int run = 0; run < 3; run++) {
            assertEquals(one, stderr("2", "read", "-c", "100", capture), "run " + run + " with two threads");
        }
    }
}
