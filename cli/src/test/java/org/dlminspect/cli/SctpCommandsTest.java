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
        f.add(SctpPackets.frame(1, 2, 40000, SctpPackets.DLM_PORT, 7, SctpPackets.chunk(0x4D, 0, new byte[4]))); // type 77, unassigned: not dissected
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

    /** node 1 → node 2 on the DLM port: INIT, INIT ACK, then an OPTS whose packet's CRC32c is wrong (frame 3). */
    private static Path captureWithABadChecksum(String name) throws Exception {
        byte[] rcom = org.dlminspect.testkit.DlmBytes.rcom(org.dlminspect.testkit.DlmBytes.V32,
                org.dlminspect.testkit.DlmBytes.LOCKSPACE, 1, 1, 0, 7, 0, 0, new byte[0]);
        List<byte[]> f = SctpPackets.list();
        f.add(SctpPackets.frame(1, 2, 40000, SctpPackets.DLM_PORT, 0, SctpPackets.init(1, 0x11111111L, 100)));
        f.add(SctpPackets.frame(2, 1, SctpPackets.DLM_PORT, 40000, 0x11111111L, SctpPackets.init(2, 0x22222222L, 500)));
        f.add(SctpPackets.frame(1, 2, 40000, SctpPackets.DLM_PORT, 0x22222222L, false,
                SctpPackets.whole(100, org.dlminspect.testkit.DlmBytes.opts(1, 0, rcom))));
        Path dir = Files.createTempDirectory("sctp-checksum");
        Path file = dir.resolve(name);
        Files.write(file, SctpPackets.pcap(f));
        return file;
    }

    @Test
    void verifySctpChecksumReportsTheFrameWithTheWrongChecksumAndStillDissectsIt() throws Exception {
        Path file = captureWithABadChecksum("bad-crc.pcap");
        try {
            CliRun off = CliRun.run("read", file.toString());
            assertEquals(0, off.status(), off.err());
            assertTrue(!off.err().contains("sctp.checksum"), "off by default, as tshark's sctp.checksum: " + off.err());
            assertEquals(1, off.lines().size(), off.out());

            CliRun on = CliRun.run("read", "--verify-sctp-checksum", file.toString());
            assertEquals(0, on.status(), on.err());
            assertEquals(1, on.lines().size(), "decoded all the same: " + on.out());
            List<String> lines = on.err().lines().filter(l -> l.contains("sctp.checksum")).toList();
            assertEquals(1, lines.size(), on.err());
            assertTrue(lines.get(0).contains("frame 3") && lines.get(0).contains("is wrong (computed 0x"), lines.get(0));

            CliRun analyzeOff = CliRun.run("analyze", file.toString());
            assertTrue(!(analyzeOff.out() + analyzeOff.err()).contains("sctp.checksum"), analyzeOff.out() + analyzeOff.err());
            CliRun analyze = CliRun.run("analyze", "--verify-sctp-checksum", file.toString());
            List<String> said = (analyze.out() + analyze.err()).lines().filter(l -> l.contains("sctp.checksum")).toList();
            assertEquals(1, said.size(), analyze.out() + analyze.err());
            assertTrue(said.get(0).contains("frame 3"), said.get(0));
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
        }
    }
}
