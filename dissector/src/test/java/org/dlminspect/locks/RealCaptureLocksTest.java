package org.dlminspect.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.testkit.Captures;
import org.junit.jupiter.api.Test;

/** The lock analysis on the shared real captures (their truth notes in /work/shared/captures/*.txt). */
class RealCaptureLocksTest {

    static LockReport analyse(String name) throws IOException {
        Path p = Captures.SHARED.resolve(name);
        assumeTrue(Files.isRegularFile(p), "shared capture missing: " + p);
        LockTracker t = new LockTracker(LockOptions.defaults(), MemoryBudget.unlimited().account("locks"), null);
        try (InputStream in = Files.newInputStream(p); CaptureReader r = CaptureFiles.open(in, name, d -> { })) {
            new Dissector(DissectorOptions.defaults(), t).run(r);
        }
        return t.report();
    }

    @Test
    void normalPairsEveryRequest() throws IOException {
        LockReport r = analyse("normal.pcap");
        LockReport.Counts c = r.counts();
        assertEquals(c.requests(), c.paired());
        assertEquals(0, c.unmatchedReplies());
        assertEquals(0, c.edgeReplies());
        assertEquals(0, c.unanswered());
        assertEquals(0, c.duplicates());
        // tshark -Y 'dlm3.m_type == 9' etc. on normal.pcap: 859 GRANT, 996 BAST, 142 REMOVE, 730 CONVERT of which
        // 433 got CONVERT_REPLY, so 297 were down-conversions.
        assertEquals(859, c.grants());
        assertEquals(996, c.basts());
        assertEquals(142, c.removes());
        assertEquals(297, c.downConversions());
        assertTrue(r.waiting().isEmpty());
        assertEquals(1, r.lockspaces().size());
        assertEquals(0x4c41424cL, r.lockspaces().get(0).id());
        assertEquals(32, r.lockspaces().get(0).lvblen());
        // Node 2 joins: one recovery, complete, between nodes 1 and 2.
        assertEquals(1, r.recoveries().size());
        assertTrue(r.recoveries().get(0).complete());
        assertEquals(List.of(1L, 2L), r.recoveries().get(0).members());
        assertTrue(r.findings().stream().allMatch(f -> f.code().equals("lock.slow")), r.findings().toString());
    }

    @Test
    void nodefailListsTheRequestToTheDeadNodeAndTheRecovery() throws IOException {
        LockReport r = analyse("nodefail.pcap.gz");
        // Node 3 is powered off at +12.8 s; node 2's REQUEST in frame 8040 to node 3 (its master) never gets a reply.
        LockReport.WaitingRequest w = r.waiting().stream().filter(x -> x.toNode() == 3).findFirst().orElseThrow();
        assertEquals(8040, w.requestFrame());
        assertEquals(2, w.fromNode());
        assertEquals("REQUEST", w.exchange());
        assertEquals("\"hot001\"", "\"" + w.resource() + "\"");
        assertTrue(r.waiting().stream().filter(x -> x.toNode() == 3).count() == 1);
        // Node 3's own queued requests are purged by recovery: "requester left", not stuck.
        assertTrue(r.waiting().stream().filter(x -> x.fromNode() == 3).allMatch(x -> x.state().equals("requester left")));
        assertTrue(r.findings().stream().noneMatch(f -> f.code().equals("lock.stuck")), r.findings().toString());
        // Three recoveries: node 2 joins, node 3 joins, node 3 removed. The last is between nodes 1 and 2 only.
        assertEquals(3, r.recoveries().size());
        LockReport.RecoveryEpisode e = r.recoveries().get(2);
        assertEquals(List.of(1L, 2L), e.members());
        assertTrue(e.complete());
        assertEquals(8057, e.firstFrame());
        assertEquals(8141, e.lastFrame());
        // nodefail.txt: membership change at +16.325 s (the script's clock); on the wire the first RCOM STATUS is at
        // +15.74 s and DONE_ALL at +16.58 s: 0.84 s.
        assertEquals(838, e.durationNanos() / 1_000_000);
        assertEquals(15_740, (e.startNanos() - r.firstNanos()) / 1_000_000);
        assertEquals(List.of("STATUS", "NAMES", "LOOKUP"), e.phases().stream().map(LockReport.RecoveryPhase::name).toList());
        assertTrue(e.waitingFrames().contains(8040L));
        assertEquals(List.of(1L, 2L, 3L), r.recoveries().get(1).members());
    }
}
