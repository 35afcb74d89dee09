package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dlminspect.sctp.SctpPackets;
import org.junit.jupiter.api.Test;

/** read and analyze over DLM on SCTP, and never "OK" for traffic that was not analysed. */
class SctpCommandsTest {
    private static final Path SCTP = Path.of("/work/shared/captures/sctp.pcap.gz");

    @Test
    void analyzeOfTheRealSctpCaptureIsTheSamePerPairTableAsForTcpAndClean() {
        assumeTrue(Files.isReadable(SCTP));
        CliRun run = CliRun.run("analyze", "--fail-on", "warn", SCTP.toString());
        assertEquals(0, run.status(), run.err() + run.out());
        assertTrue(run.out().contains("1 <-> 2  1 -> 2     32414"), run.out());
        assertTrue(run.lines().get(run.lines().size() - 1).startsWith("Verdict: OK: 0 errors, 0 warnings, 0 notes in 62576 messages"),
                run.out());
    }

    @Test
    void readJsonAddsTheSctpKeys() {
        assumeTrue(Files.isReadable(SCTP));
        CliRun run = CliRun.run("read", "--json", SCTP.toString());
        assertEquals(0, run.status(), run.err());
        String line = run.lines().get(0);
        for (String key : List.of("\"stream\":0", "\"transport\":\"SCTP\"", "\"association\":0", "\"tsn\":1765528747",
                "\"sctp_stream\":0", "\"src_port\":41955")) {
            assertTrue(line.contains(key), key + " in " + line);
        }
        CliRun tree = CliRun.run("read", "-V", SCTP.toString());
        assertTrue(tree.out().contains("Stream Control Transmission Protocol: association 0, TSN 1765528747, stream 0, SSN 0"),
                tree.out());
    }

    @Test
    void packetsOnTheDlmPortWithoutAnyDlmMessageAreNotOk() throws Exception {
        // An SCTP association on port 21064 whose DATA holds no DLM message (another protocol on the port).
        List<byte[]> f = SctpPackets.list();
        byte[] junk = "GET / HTTP/1.1\r\nHost: example\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        f.add(SctpPackets.frame(1, 2, 40000, SctpPackets.DLM_PORT, 7, SctpPackets.data(3, 1, 0, 0, junk)));
        f.add(SctpPackets.frame(1, 2, 40000, SctpPackets.DLM_PORT, 7, SctpPackets.chunk(64, 0, new byte[16])));
        Path file = Files.createTempFile("not-dlm", ".pcap");
        try {
            Files.write(file, SctpPackets.pcap(f));
            CliRun run = CliRun.run("analyze", "--fail-on", "warn", file.toString());
            assertNotEquals(0, run.status(), run.out());
            assertTrue(run.out().contains("capture.not_analysed"), run.out());
            assertTrue(run.out().contains("2 packets on the DLM ports, but no DLM message in them"), run.out());
            assertTrue(run.out().contains("1 SCTP chunks that dlm-inspect does not dissect (frames 2 to 2)"), run.out());
            String verdict = run.lines().get(run.lines().size() - 1);
            assertTrue(verdict.startsWith("Verdict: ") && !verdict.startsWith("Verdict: OK"), verdict);
            assertTrue(verdict.contains("captures: 0 errors, 2 warnings"), verdict);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
