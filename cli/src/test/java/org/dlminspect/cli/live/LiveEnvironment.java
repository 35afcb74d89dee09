package org.dlminspect.cli.live;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Whether this machine lets the tests capture on the loopback interface. Where it does not (no
 * root, no libpcap) the live tests are skipped with the reason, unless the environment variable
 * {@code DLM_INSPECT_REQUIRE_LIVE} is set (CI sets it): then they fail, so CI never skips silently.
 */
final class LiveEnvironment {
    static final String REQUIRE_ENV = "DLM_INSPECT_REQUIRE_LIVE";
    private static String problem;
    private static boolean probed;

    private LiveEnvironment() { }

    static synchronized void assumeCaptureOnLoopback() {
        if (!probed) {
            probed = true;
            try {
                Libpcap.require();
                LiveCapture.open(CaptureSettings.of("lo")).close();
            } catch (CaptureUnavailable e) {
                problem = e.getMessage();
            }
        }
        if (problem != null) {
            if (System.getenv(REQUIRE_ENV) != null) {
                fail("live capture is required here (" + REQUIRE_ENV + " is set) but not possible: " + problem);
            }
            Assumptions.abort("skipped: live capture on 'lo' is not possible here (" + problem
                    + "); set " + REQUIRE_ENV + " to make this a failure instead");
        }
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (java.io.IOException e) {
            return false;
        }
        return false;
    }

    /** The repository's samples directory (tests run in the cli module directory). */
    static Path samples() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path s = dir.resolve("samples");
            if (Files.isRegularFile(s.resolve("normal.pcap.gz"))) {
                return s;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("samples/normal.pcap.gz not found above " + Path.of("").toAbsolutePath());
    }
}
