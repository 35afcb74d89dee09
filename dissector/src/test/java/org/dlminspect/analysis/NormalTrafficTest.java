package org.dlminspect.analysis;

import static org.dlminspect.analysis.Wire.ack;
import static org.dlminspect.analysis.Wire.data;
import static org.dlminspect.analysis.Wire.fin;
import static org.dlminspect.analysis.Wire.reverse;
import static org.dlminspect.analysis.Wire.status;
import static org.dlminspect.analysis.Wire.statusReply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlminspect.Severity;
import org.dlminspect.tcp.TcpDirection;
import org.junit.jupiter.api.Test;

/** Traffic a healthy kernel produces must not raise warnings or errors (issue 3: no false positives). */
class NormalTrafficTest {

    /** One connection, node 2 connects, recovery RCOMs, 3.2 data both ways with one ACK per batch, FIN by node 2. */
    static void normalSession(Wire w, int messages) {
        TcpDirection c = w.connect(2, 1);
        TcpDirection r = reverse(c);
        w.send(c, status(2));
        w.send(r, statusReply(1));
        for (int i = 0; i < messages; i++) {
            w.send(c, data(2, i));
            w.after(0.2);
            w.send(r, data(1, i), ack(1, i + 1));
            w.send(c, ack(2, i + 1));
            w.after(5);
        }
        // node 2 leaves: FIN; node 1 (no more users) ACKs and sends its own FIN (rule 4); node 2 ACKs and resets
        w.send(c, fin(2, messages));
        w.send(r, ack(1, messages + 1), fin(1, messages));
        w.send(c, ack(2, messages + 1));
        w.tcpFin(c);
        w.tcpFin(r);
    }

    @Test
    void normalExchangeWithAckPerBatchAndFinHandshakeIsClean() {
        Wire w = new Wire();
        normalSession(w, 50);
        w.end();
        w.assertNothing();
        DirectionSummary d2 = w.dir(2);
        DirectionSummary d1 = w.dir(1);
        assertEquals(MidcommsState.CLOSED, d2.finState());
        assertEquals(MidcommsState.CLOSED, d1.finState());
        assertEquals(0, d2.unackedAtEnd());
        assertEquals(0, d1.unackedAtEnd());
        assertEquals(0, d2.firstSeq());
        assertEquals(50, d2.lastSeq());
        assertEquals(51, d2.sequenced());
        assertEquals(1 + 51 + 51, d2.messages()); // status + data/FIN + ACKs
        assertEquals(51, d2.acks());
        assertEquals("3.2", d2.version());
        assertEquals(KernelEra.UP_TO_6_4, d2.ackCadence());
        assertEquals(51, d2.ackSamples());
        // node 1 answers 0.2 ms + one frame (0.05 ms) after node 2's message reaches the wire
        assertEquals(250_000, d2.ackLatencyMedianNanos(), 250_000 * 0.05);
        assertEquals(1, w.pair().connections());
        assertEquals(0, w.pair().reconnects());
        assertEquals(null, w.analyzer.verdict().worst());
        assertTrue(w.analyzer.verdict().text().startsWith("OK: 0 errors, 0 warnings, 0 notes"), w.analyzer.verdict().text());
    }

    @Test
    void from65CadenceLeavesUpTo32UnacknowledgedWithoutWarning() {
        Wire w = new Wire();
        TcpDirection c = w.connect(2, 1);
        TcpDirection r = reverse(c);
        w.send(c, status(2));
        w.send(r, statusReply(1));
        // node 1 sends 40 messages; node 2 (>= 6.5) acknowledges once, after more than 32 were delivered
        for (int i = 0; i < 40; i++) {
            w.send(r, data(1, i));
            if (i == 32) w.send(c, ack(2, 33));
            w.after(20);
        }
        w.after(3000);
        w.send(c, data(2, 0)); // node 2 still alive and sending, its ACK threshold not reached again
        w.send(r, ack(1, 1));
        w.end();
        w.assertNoWarnings();
        DirectionSummary d1 = w.dir(1);
        assertEquals(KernelEra.FROM_6_5, d1.ackCadence());
        assertEquals(7, d1.unackedAtEnd());
        Finding f = w.only("ack.missing");
        assertEquals(Severity.CHAT, f.severity());
        assertEquals(java.util.List.of(33L, 39L), f.seqs());
    }

    @Test
    void thirtyTwoOutstandingWithUnknownEraIsOnlyANote() {
        Wire w = new Wire();
        TcpDirection c = w.connect(2, 1);
        TcpDirection r = reverse(c);
        w.send(c, status(2));
        w.send(r, statusReply(1));
        for (int i = 0; i < 32; i++) {
            w.send(r, data(1, i));
            w.after(100);
        }
        w.after(5000);
        w.end();
        w.assertNoWarnings();
        assertEquals(Severity.NOTE, w.only("ack.missing").severity());
        assertEquals(32, w.dir(1).unackedAtEnd());
    }

    @Test
    void thirtyTwoOutstandingWithEra65IsChat() {
        Wire w = new Wire(AnalyzerOptions.builder().era(KernelEra.FROM_6_5).build());
        TcpDirection c = w.connect(2, 1);
        TcpDirection r = reverse(c);
        w.send(c, status(2));
        w.send(r, statusReply(1));
        for (int i = 0; i < 32; i++) {
            w.send(r, data(1, i));
            w.after(100);
        }
        w.after(5000);
        w.end();
        assertEquals(Severity.CHAT, w.only("ack.missing").severity());
    }

    @Test
    void finHandshakeStartedByTheOtherNode() {
        Wire w = new Wire();
        TcpDirection c = w.connect(2, 1);
        TcpDirection r = reverse(c);
        w.send(c, status(2));
        w.send(r, statusReply(1));
        w.send(c, data(2, 0));
        w.send(r, ack(1, 1), data(1, 0));
        w.send(c, ack(2, 1));
        // node 1 closes first: node 2 ACKs, later sends its own FIN from CLOSE_WAIT
        w.send(r, fin(1, 1));
        w.send(c, ack(2, 2));
        w.after(50);
        w.send(c, data(2, 1)); // CLOSE_WAIT may still send
        w.send(r, ack(1, 2));
        w.send(c, fin(2, 2));
        w.send(r, ack(1, 3));
        w.end();
        w.assertNothing();
        assertEquals(MidcommsState.CLOSED, w.dir(1).finState());
        assertEquals(MidcommsState.CLOSED, w.dir(2).finState());
    }

    @Test
    void simultaneousCloseInBothCaptureOrders() {
        for (boolean ackOfFirstFinFirst : new boolean[] {true, false}) {
            Wire w = new Wire();
            TcpDirection c = w.connect(2, 1);
            TcpDirection r = reverse(c);
            w.send(c, status(2));
            w.send(r, statusReply(1));
            w.send(c, data(2, 0));
            w.send(r, ack(1, 1), data(1, 0));
            w.send(c, ack(2, 1));
            // both FINs cross on the wire, then each node acknowledges the other's
            w.send(r, fin(1, 1));
            w.send(c, fin(2, 1));
            if (ackOfFirstFinFirst) {
                w.send(c, ack(2, 2));
                w.send(r, ack(1, 2));
            } else {
                w.send(r, ack(1, 2));
                w.send(c, ack(2, 2));
            }
            w.end();
            w.assertNothing();
            assertEquals(MidcommsState.CLOSED, w.dir(1).finState(), "order " + ackOfFirstFinFirst);
            assertEquals(MidcommsState.CLOSED, w.dir(2).finState(), "order " + ackOfFirstFinFirst);
        }
    }

    @Test
    void newSessionAfterCompletedHandshakeStartsAtZero() {
        Wire w = new Wire();
        normalSession(w, 3);
        w.after(1000);
        TcpDirection c = w.connect(2, 1);
        TcpDirection r = reverse(c);
        w.send(c, status(2));
        w.send(r, statusReply(1));
        w.send(c, data(2, 0));
        w.send(r, ack(1, 1));
        w.end();
        w.assertNothing();
        assertEquals(2, w.dir(2).sessions());
        assertEquals(MidcommsState.ESTABLISHED, w.dir(2).finState());
    }

    @Test
    void captureStartingMidSessionTakesTheFirstSeqAndAckAsBaseline() {
        Wire w = new Wire();
        TcpDirection c = w.connect(2, 1, false);
        TcpDirection r = reverse(c);
        w.send(r, ack(1, 4711));
        w.send(c, data(2, 4711), data(2, 4712));
        w.send(r, data(1, 90000), ack(1, 4713));
        w.send(c, ack(2, 90001));
        w.end();
        w.assertNothing();
        assertEquals(4711, w.dir(2).firstSeq());
        assertEquals(0, w.dir(1).unackedAtEnd());
    }

    @Test
    void sequenceNumbersWrapAroundWithoutFindings() {
        Wire w = new Wire();
        TcpDirection c = w.connect(2, 1, false);
        TcpDirection r = reverse(c);
        long s = 0xFFFFFFFDL;
        for (int i = 0; i < 6; i++) {
            w.send(c, data(2, s));
            s = Seq.next(s);
            w.send(r, ack(1, s));
        }
        w.end();
        w.assertNothing();
        assertEquals(0, w.dir(2).unackedAtEnd());
        assertEquals(2, w.dir(2).lastSeq());
    }

    @Test
    void twoOneWayConnectionsKeepOneSequenceSpace() {
        Wire w = new Wire();
        TcpDirection c12 = w.connect(1, 2);
        TcpDirection c21 = w.connect(2, 1);
        w.send(c12, status(1));
        w.send(c21, statusReply(2));
        // each node sends data on the connection it opened and ACKs on it too
        for (int i = 0; i < 10; i++) {
            w.send(c12, data(1, i));
            w.send(c21, ack(2, i + 1), data(2, i));
            w.send(c12, ack(1, i + 1));
        }
        w.end();
        w.assertCodes("conn.parallel");
        assertEquals(Severity.CHAT, w.only("conn.parallel").severity());
        assertEquals(2, w.pair().connections());
        assertEquals(0, w.dir(1).unackedAtEnd());
        assertEquals(0, w.dir(2).unackedAtEnd());
    }
}
