package org.dlminspect.cli.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every way {@code live} and {@code interfaces} cannot work ends in one line on stderr saying what to
 * do, exit status 2, and no stack trace: run as the user would run them, in their own JVM.
 */
class LiveCommandErrorsTest {
    private static final Duration EXIT = Duration.ofSeconds(30);
    /** pcap4j loads the library named by this property instead of "pcap": a missing file is a missing libpcap. */
    private static final String MISSING_LIBPCAP = "-Dorg.pcap4j.core.pcapLibName=/nonexistent/libpcap-missing.so.0.8";

    @Test
    void missingLibpcapNamesTheDebianPackage() throws Exception {
        String expected = "dlm-inspect: libpcap is not installed (live capture needs it): install the package libpcap0.8"
                + " (apt-get install libpcap0.8) or your distribution's libpcap\n";
        for (String[] args : List.of(new String[] {"live", "-i", "lo"}, new String[] {"interfaces"})) {
            try (CliProcess p = CliProcess.start(List.of(MISSING_LIBPCAP), args)) {
                assertEquals(2, p.waitFor(EXIT), p::stderr);
                assertEquals(expected, p.stderr());
                assertTrue(p.stdout().isEmpty());
            }
        }
    }

    @Test
    void noInterfaceIsAUsageError() throws Exception {
        try (CliProcess p = CliProcess.start("live")) {
            assertEquals(2, p.waitFor(EXIT));
            assertEquals("dlm-inspect: no interface given: use -i IFACE (list them with 'dlm-inspect interfaces')\n"
                    + "Try 'dlm-inspect live --help'.\n", p.stderr());
        }
    }

    @Test
    void badCountAndDurationAreUsageErrors() throws Exception {
        try (CliProcess p = CliProcess.start("live", "-i", "lo", "-c", "0")) {
            assertEquals(2, p.waitFor(EXIT));
            assertTrue(p.stderr().startsWith("dlm-inspect: -c needs a positive packet count\n"), p::stderr);
        }
        try (CliProcess p = CliProcess.start("live", "-i", "lo", "--duration", "soon")) {
            assertEquals(2, p.waitFor(EXIT));
            assertTrue(p.stderr().startsWith("dlm-inspect: --duration: not a duration: 'soon'"), p::stderr);
        }
        // before libpcap is asked for anything: a missing libpcap would otherwise be said first
        try (CliProcess p = CliProcess.start(List.of(MISSING_LIBPCAP), "live", "-i", "lo", "--analyze", "--order-window", "-1")) {
            assertEquals(2, p.waitFor(EXIT));
            assertTrue(p.stderr().startsWith("dlm-inspect: --order-window must be between 0 and 3600 seconds, not -1.0\n"), p::stderr);
        }
    }

    @Test
    void unknownInterfaceSuggestsTheInterfacesCommand() throws Exception {
        LiveEnvironment.assumeCaptureOnLoopback();
        try (CliProcess p = CliProcess.start("live", "-i", "dlmnosuch0")) {
            assertEquals(2, p.waitFor(EXIT));
            assertEquals("dlm-inspect: no capture interface named 'dlmnosuch0': list them with 'dlm-inspect interfaces'\n", p.stderr());
            assertTrue(p.stdout().isEmpty());
        }
    }

    @Test
    void badFilterGivesLibpcapsMessage() throws Exception {
        LiveEnvironment.assumeCaptureOnLoopback();
        try (CliProcess p = CliProcess.start("live", "-i", "lo", "-f", "tcp and (")) {
            assertEquals(2, p.waitFor(EXIT));
            assertEquals("dlm-inspect: bad capture filter 'tcp and (': can't parse filter expression: syntax error\n", p.stderr());
        }
        try (CliProcess p = CliProcess.start("live", "-i", "lo", "-f", "port nosuchservice")) {
            assertEquals(2, p.waitFor(EXIT));
            assertEquals("dlm-inspect: bad capture filter 'port nosuchservice': unknown port 'nosuchservice'\n", p.stderr());
        }
    }

    @Test
    void unwritableOutputFileIsOneLine() throws Exception {
        LiveEnvironment.assumeCaptureOnLoopback();
        try (CliProcess p = CliProcess.start("live", "-i", "lo", "-w", "/nonexistent-dir/x.pcap")) {
            assertEquals(2, p.waitFor(EXIT));
            assertEquals("dlm-inspect: cannot create /nonexistent-dir/x.pcap: no such file or directory\n", p.stderr());
        }
    }

    @Test
    void notPermittedNamesRootAndTheCapabilities() throws Exception {
        assumeLibpcap();
        List<String> command = new ArrayList<>();
        if (LiveEnvironment.isRoot()) {
            // Root keeps no capability outside the bounding set: this is root without CAP_NET_RAW/CAP_NET_ADMIN.
            Path setpriv = Path.of("/usr/bin/setpriv");
            Assumptions.assumeTrue(Files.isExecutable(setpriv), "skipped: needs setpriv (util-linux) to drop capabilities");
            command.addAll(List.of(setpriv.toString(), "--bounding-set", "-net_raw,-net_admin"));
        }
        command.addAll(CliProcess.javaCommand(List.of(), "live", "-i", "lo"));
        try (CliProcess p = CliProcess.launch(command)) {
            assertEquals(2, p.waitFor(EXIT), p::stderr);
            assertEquals("dlm-inspect: not permitted to capture on 'lo' (socket: Operation not permitted): run as root,"
                    + " or give java the capabilities CAP_NET_RAW and CAP_NET_ADMIN\n", p.stderr());
        }
    }

    @Test
    void interfacesListsTheLoopbackWithItsAddress() throws Exception {
        assumeLibpcap();
        try (CliProcess p = CliProcess.start("interfaces")) {
            assertEquals(0, p.waitFor(EXIT), p::stderr);
            List<String> lines = p.stdout();
            assertTrue(lines.stream().anyMatch(l -> l.matches("\\d+\\. lo \\(Loopback\\)( \\S+)* 127\\.0\\.0\\.1( \\S+)*")), lines::toString);
            for (int i = 0; i < lines.size(); i++) {
                assertTrue(lines.get(i).startsWith((i + 1) + ". "), lines.get(i));
            }
            assertEquals("", p.stderr());
        }
    }

    private static void assumeLibpcap() {
        try {
            Libpcap.require();
        } catch (CaptureUnavailable e) {
            if (System.getenv(LiveEnvironment.REQUIRE_ENV) != null) {
                throw new AssertionError("libpcap is required here (" + LiveEnvironment.REQUIRE_ENV + " is set): " + e.getMessage());
            }
            Assumptions.abort("skipped: " + e.getMessage());
        }
    }
}
