package org.dlminspect.analysis;

import static org.dlminspect.analysis.Wire.ack;
import static org.dlminspect.analysis.Wire.data;
import static org.dlminspect.analysis.Wire.status;
import static org.dlminspect.analysis.Wire.statusReply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.List;
import org.dlminspect.Severity;
import org.dlminspect.capture.LinkType;
import org.dlminspect.pipeline.TimeOrderOptions;
import org.dlminspect.testkit.TcpSession;
import org.dlminspect.testkit.TcpSession.Side;
import org.junit.jupiter.api.Test;

/**
 * Capture artefacts are never kernel faults: an ACK recorded a few microseconds before the data it acknowledges
 * (the capture point queues the two directions separately), a file whose interfaces were written in batches.
 * Each capture here is built from bytes and runs through the whole analyze pipeline.
 */
class CaptureArtefactsTest {

    /** Node 1 (client) and node 2 (server), recovery done; node 1 sends seqs 0..n-1, each acknowledged by node 2. */
    private static TcpSession.Connection talking(TcpSession s, int n) {
        TcpSession.Connection c = s.connection("10.99.0.1", 40001, "10.99.0.2", 21064).handshake();
        c.send(Side.CLIENT, status(1)).send(Side.SERVER, statusReply(2));
        for (int seq = 0; seq < n; seq++) {
            c.send(Side.CLIENT, data(1, seq)).send(Side.SERVER, ack(2, seq + 1));
        }
        return c;
    }

    @Test
    void anAckCaptured5MicrosecondsBeforeItsDataIsNoFinding() throws IOException {
        TcpSession s = new TcpSession().step(5_000);
        talking(s, 6);
        int last = s.size() - 1; // node 2's ACK 6, its TCP ack covers seq 5
        s.swap(last - 1, last); // ... captured 5 µs before seq 5 itself
        AnalyzeRun.Run run = AnalyzeRun.run(s.pcap());
        assertTrue(run.atLeast(Severity.NOTE).isEmpty(), run.dump());
        assertEquals(0, run.analyzer().verdict().errors());
    }

    @Test
    void anAckForMessagesTcpHadNotAcknowledgedIsStillAnError() throws IOException {
        TcpSession s = new TcpSession().step(5_000);
        TcpSession.Connection c = talking(s, 2);
        c.send(Side.SERVER, ack(2, 4)); // TCP acknowledges only seqs 0..1: node 1 had not sent 2 and 3
        c.send(Side.CLIENT, data(1, 2), data(1, 3));
        AnalyzeRun.Run run = AnalyzeRun.run(s.pcap());
        List<Finding> unsent = run.of("ack.unsent");
        assertEquals(1, unsent.size(), run.dump());
        assertEquals(Severity.ERROR, unsent.get(0).severity());
        assertEquals(List.of(4L, 1L), unsent.get(0).seqs());
    }

    @Test
    void interfacesWrittenInBatchesAreAnalysedInTimeOrder() throws IOException {
        TcpSession s = new TcpSession().step(20_000_000); // 20 ms apart: batches of 6 step back 120 ms
        talking(s, 20);
        byte[] file = s.pcapngBySenderInBatches(ByteOrder.LITTLE_ENDIAN,
                TcpSession.Interface.of(LinkType.ETHERNET, 9), 6);

        AnalyzeRun.Run inFileOrder = AnalyzeRun.run(file, new TimeOrderOptions(0, 64L << 20));
        assertFalse(inFileOrder.atLeast(Severity.WARN).isEmpty(), "in file order the ACKs come before the data: "
                + inFileOrder.dump());

        AnalyzeRun.Run run = AnalyzeRun.run(file);
        assertTrue(run.atLeast(Severity.WARN).isEmpty(), run.dump());
        Finding order = run.of("capture.out_of_order").get(0);
        assertEquals(Severity.NOTE, order.severity());
        assertTrue(order.message().contains("frames are out of time order"), order.message());
        assertEquals(1, run.of("capture.out_of_order").size());
        assertEquals(0, run.analyzer().verdict().warnings() + run.analyzer().verdict().errors());
    }

    @Test
    void aWindowTooSmallIsSaidClearly() throws IOException {
        TcpSession s = new TcpSession().step(20_000_000);
        talking(s, 20);
        byte[] file = s.pcapngBySenderInBatches(ByteOrder.LITTLE_ENDIAN,
                TcpSession.Interface.of(LinkType.ETHERNET, 9), 6);
        AnalyzeRun.Run run = AnalyzeRun.run(file, new TimeOrderOptions(50_000_000L, 64L << 20));
        Finding order = run.of("capture.out_of_order").get(0);
        assertEquals(Severity.WARN, order.severity());
        assertTrue(order.message().contains("came too late for that window"), order.message());
    }
}
