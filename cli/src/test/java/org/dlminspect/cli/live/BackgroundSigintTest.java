package org.dlminspect.cli.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script starts {@code live} in the background and stops it as it stops tcpdump, {@code kill -INT $!}.
 * A non-interactive shell starts background jobs with SIGINT ignored; the launcher must undo that.
 */
class BackgroundSigintTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needsCapture() {
        LiveEnvironment.assumeCaptureOnLoopback();
    }

    @Test
    void sigintStopsLiveStartedInTheBackgroundByAScript() throws Exception {
        Path launcher = LiveEnvironment.samples().getParent().resolve("dlm-inspect");
        Path file = tmp.resolve("bg.pcapng");
        Path err = tmp.resolve("stderr");
        // The script: live in the background, wait for it to capture, SIGINT, wait, report SIGINT's disposition and the status.
        String script = String.join("\n",
                "\"$LAUNCHER\" live -i lo -q -w \"$FILE\" 2>\"$ERR\" &",
                "pid=$!",
                "for i in $(seq 600); do grep -q capturing \"$ERR\" 2>/dev/null && break; sleep 0.1; done",
                "grep SigIgn /proc/$pid/task/$pid/status",
                "kill -INT $pid",
                "wait $pid",
                "echo status=$?");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script);
        pb.environment().put("LAUNCHER", launcher.toString());
        pb.environment().put("FILE", file.toString());
        pb.environment().put("ERR", err.toString());
        pb.environment().put("DLM_INSPECT_CLASSPATH", System.getProperty("java.class.path"));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "live did not stop on SIGINT");
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String stderr = Files.readString(err);
        assertTrue(out.contains("status=0"), out + stderr);
        // The JVM saw SIGINT not ignored (bit 2 of the mask).
        String mask = out.lines().filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow().substring(7).trim();
        assertEquals(0, Long.parseLong(mask, 16) & 2, "SIGINT ignored in the JVM: " + mask);
        assertTrue(stderr.contains("packets captured (interrupted)") || stderr.contains("packet captured (interrupted)"), stderr);
        // The file is closed and valid: pcapng, announced interface.
        try (CaptureReader r = CaptureFiles.open(file, d -> { })) {
            assertEquals("pcapng", r.format());
        }
    }
}
