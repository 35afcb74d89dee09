package org.dlminspect.analysis;

import static org.dlminspect.analysis.SequenceFindingsTest.established;
import static org.dlminspect.analysis.Wire.ack;
import static org.dlminspect.analysis.Wire.data;
import static org.dlminspect.analysis.Wire.range;
import static org.dlminspect.analysis.Wire.reverse;
import static org.dlminspect.analysis.Wire.status;
import static org.dlminspect.analysis.Wire.statusReply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dlminspect.Severity;
import org.dlminspect.tcp.TcpDirection;
import org.junit.jupiter.api.Test;

/** conn.*, stream.desync and analysis.limit findings, finding limits and counts. */
class ConnectionFindingsTest {

    @Test
    void resetOfAnEstablishedConnectionNamesTheUnacknowledgedMessages() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 4));
        w.send(d[1], ack(1, 3));
        w.after(1000);
        long f = w.rst(d[0]);
        Finding r = w.only("conn.reset");
        assertEquals(Severity.NOTE, r.severity());
        assertEquals(f, r.frame());
        assertEquals(1, r.fromNode()); // the direction whose sender gets the socket error
        assertTrue(r.message().contains("is reset by node 2 (RST)"), r.message());
        assertTrue(r.message().contains("node 1's kernel gets a socket error"), r.message());
        assertTrue(r.message().contains("unacknowledged now: none from node 1 to node 2, seqs 3..4 from node 2 to node 1"),
                r.message());
    }

    @Test
    void refusedConnectionAttemptsAreSummarisedWhenAConnectionHolds() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], data(2, 0));
        w.after(1000);
        w.rst(d[1]);
        long firstAttempt = 0;
        long lastRst = 0;
        for (int i = 0; i < 50; i++) {
            TcpDirection a = w.connect(2, 1);
            if (i == 0) firstAttempt = w.lastFrame();
            lastRst = w.rst(reverse(a));
            w.after(20);
        }
        TcpDirection ok = w.connect(2, 1);
        w.send(ok, data(2, 0));
        w.send(reverse(ok), ack(1, 1));
        w.end();
        Finding r = w.only("conn.refused");
        assertEquals(Severity.NOTE, r.severity());
        assertEquals(List.of(firstAttempt, lastRst), r.frames());
        assertTrue(r.message().startsWith("50 connection attempts of node 2 to node 1"), r.message());
        assertEquals(50, w.pair().refusedConnects());
        assertEquals(2, w.pair().connections());
        assertEquals(1, w.pair().reconnects());
        w.assertNoWarnings();
    }

    @Test
    void fatalFramingErrorStopsAnalysisOfThatDirection() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], data(2, 0));
        long bad = w.send(d[0], data(2, 1));
        w.framingLost(d[0], bad);
        w.send(d[0], data(2, 7)); // boundaries after the error are guesses: not analysed
        w.send(d[1], data(1, 0)); // the other direction still is
        w.send(d[0], ack(2, 1));
        Finding f = w.only("stream.desync");
        assertEquals(Severity.ERROR, f.severity());
        assertEquals(2, f.fromNode());
        assertEquals(0, f.stream());
        assertTrue(w.of("seq.gap").isEmpty(), w.dump());
        assertEquals(5, w.dir(2).messages(), "counted, even those not analysed");
    }

    @Test
    void framingLossIsReportedOncePerDirection() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        long f = w.send(d[1], data(1, 0));
        w.framingLost(d[1], f);
        Finding x = w.only("stream.desync");
        assertEquals(1, x.fromNode());
        assertEquals(f, x.frame());
        w.framingLost(d[1], f + 5); // boundaries are already lost on that direction
        assertEquals(1, w.of("stream.desync").size());
        w.framingLost(d[0], f + 6);
        assertEquals(2, w.of("stream.desync").get(1).fromNode());
    }

    @Test
    void unacknowledgedBeyondTheTrackingBoundIsCountedOnce() {
        Wire w = new Wire(AnalyzerOptions.builder().maxTrackedMessages(16).backlogWarnThreshold(10_000).build());
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 39));
        Finding l = w.only("analysis.limit");
        assertEquals(Severity.NOTE, l.severity());
        assertTrue(l.message().contains("more than 16 messages from node 2 to node 1 are unacknowledged"), l.message());
        w.send(d[1], ack(1, 40));
        w.end();
        assertEquals(0, w.dir(2).unackedAtEnd());
        assertEquals(16, w.dir(2).ackSamples(), "latency only for the tracked ones");
    }

    @Test
    void pairsBeyondTheLimitAreOnlyCounted() {
        Wire w = new Wire(AnalyzerOptions.builder().maxTrackedPairs(1).build());
        established(w);
        TcpDirection c = w.connect(3, 1);
        w.send(c, status(3));
        w.send(c, data(3, 5));
        w.end();
        Finding l = w.only("analysis.limit");
        assertTrue(l.message().contains("more than 1 node pairs"), l.message());
        assertEquals(1, w.analyzer.pairSummaries().size());
        assertTrue(w.analyzer.verdict().text().contains("(2 messages not analysed)"), w.analyzer.verdict().text());
    }

    @Test
    void closedConnectionsAreForgottenAtTheStreamLimit() {
        Wire w = new Wire(AnalyzerOptions.builder().maxTrackedStreams(16).build());
        TcpDirection[] d = established(w);
        w.send(d[0], data(2, 0));
        w.after(1000);
        w.rst(d[1]);
        for (int i = 0; i < 50; i++) {
            w.rst(reverse(w.connect(2, 1)));
        }
        TcpDirection ok = w.connect(2, 1);
        w.send(ok, data(2, 0));
        w.send(reverse(ok), ack(1, 1));
        w.end();
        assertTrue(w.of("analysis.limit").isEmpty(), w.dump());
        assertEquals(50, w.pair().refusedConnects());
        assertEquals(1, w.pair().reconnects());
        assertEquals(Severity.NOTE, w.only("seq.retransmission").severity());
    }

    @Test
    void openConnectionsBeyondTheStreamLimitAreOnlyCounted() {
        Wire w = new Wire(AnalyzerOptions.builder().maxTrackedStreams(16).build());
        for (int i = 0; i < 20; i++) {
            TcpDirection c = w.connect(2, 1);
            w.send(c, status(2));
        }
        w.end();
        Finding l = w.only("analysis.limit");
        assertTrue(l.message().startsWith("more than 16 TCP connections are open at once"), l.message());
        assertEquals(16, w.dir(2).messages());
        assertTrue(w.analyzer.verdict().text().contains("(4 messages not analysed)"), w.analyzer.verdict().text());
    }

    @Test
    void findingsBeyondThePerCodeLimitAreCountedAndSummarised() {
        Wire w = new Wire(AnalyzerOptions.builder().maxFindingsPerCode(2).build());
        TcpDirection[] d = established(w);
        w.send(d[0], range(2, 0, 3));
        w.send(d[1], ack(1, 4));
        long first = 0;
        for (int i = 0; i < 5; i++) {
            long f = w.send(d[0], data(2, i % 4)); // repeats without reconnect: warnings
            if (i == 2) first = f;
        }
        w.end();
        List<Finding> re = w.of("seq.retransmission");
        assertEquals(3, re.size(), w.dump());
        Finding sum = re.get(2);
        assertEquals(first, sum.frame());
        assertEquals(Severity.WARN, sum.severity());
        assertTrue(sum.message().startsWith("3 more seq.retransmission findings from node 2 to node 1"), sum.message());
        assertEquals(5, w.analyzer.count(Severity.WARN));
        assertEquals(5, w.analyzer.verdict().warnings());
        assertEquals(5, w.dir(2).retransmissions());
    }

    @Test
    void aDirectionWithOnlyAcksStillHasATableRow() {
        Wire w = new Wire();
        TcpDirection c = w.connect(2, 1);
        w.send(c, status(2));
        w.send(reverse(c), statusReply(1));
        w.end();
        PairSummary p = w.pair();
        assertEquals(1, p.nodeA());
        assertEquals(2, p.nodeB());
        assertEquals("10.99.0.1", p.addressA());
        assertEquals(-1, p.aToB().firstSeq());
        assertEquals(1, p.aToB().messages());
        assertEquals(MidcommsState.ESTABLISHED, p.aToB().finState());
    }
}
