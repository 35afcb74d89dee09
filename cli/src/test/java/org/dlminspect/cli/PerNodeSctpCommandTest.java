package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.dlminspect.sctp.SctpPerNodeCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** analyze over per-node captures of a DLM association on SCTP: recognised, aligned, the network's loss named by file. */
class PerNodeSctpCommandTest {
    @TempDir
    Path tmp;

    private String[] write(boolean lose) throws Exception {
        List<List<SctpPerNodeCaptures.Packet>> c = SctpPerNodeCaptures.captures(lose);
        Path n1 = tmp.resolve("sctp.node1.pcap");
        Path n2 = tmp.resolve("sctp.node2.pcap");
        Files.write(n1, SctpPerNodeCaptures.pcap(c.get(0)));
        Files.write(n2, SctpPerNodeCaptures.pcap(c.get(1)));
        return new String[] {n1.toString(), n2.toString()};
    }

    @Test
    void aDataChunkLostBetweenTheNodesIsReportedWithFileQualifiedFrames() throws Exception {
        String[] files = write(true);
        CliRun r = CliRun.run("analyze", "--fail-on", "warn", files[0], files[1]);
        assertTrue(r.out().contains("Captures (one per node; clocks aligned to node1)"), r.out());
        assertTrue(r.out().contains("+5.000 ms"), "node 2's clock offset: " + r.out());
        assertTrue(r.out().contains("net.lost: 1 SCTP packet from node 1 to node 2 left node 1's capture but never reached"
                + " node 2's capture"), r.out());
        // Frame 43 of node 1's file is round 20's DATA (2 handshake packets + 2 per round before it, then itself).
        assertTrue(r.out().contains("frame node1:43 (TSN 120, 1 DATA chunk) recovered by frame node2:"), r.out());
        assertTrue(r.out().contains("1 lost between the capture points (1 recovered)"), r.out());
        String lost = r.out().lines().filter(l -> l.contains("net.lost")).findFirst().orElseThrow();
        assertTrue(!Pattern.compile("\\b\\d{13,}\\b").matcher(lost).find(), "no packed frame numbers: " + lost);
        assertEquals(1, r.status(), "net.lost is a warning, and so the run's status: " + r.out());
    }

    @Test
    void cleanCapturesOfBothNodesReportEachMessageOnce() throws Exception {
        String[] files = write(false);
        CliRun r = CliRun.run("analyze", files[0], files[1]);
        assertTrue(r.out().contains("0 lost between the capture points"), r.out());
        assertTrue(r.out().contains(" in " + 2 * SctpPerNodeCaptures.ROUNDS + " messages"), "each message once: " + r.out());
    }
}
