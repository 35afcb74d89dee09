package org.dlminspect.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dlminspect.Diagnostic;
import org.dlminspect.net.TcpSegment;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.tcp.ReassemblyLimits;
import org.junit.jupiter.api.Test;

/**
 * The dissector reports the memory limits it hits and lets go of a connection's state when the
 * reassembler closes it: a connection evicted at the connection limit delivers its partial message,
 * and reports the eviction once (then a total); reaching the out-of-order limit is reported each time.
 */
class DissectorLimitsTest {
    private static final int A = 0x0A000001;
    private static final int B = 0x0A000002;

    private static final class Recorder implements DissectionListener {
        final List<String> messages = new ArrayList<>();
        final List<Diagnostic> diagnostics = new ArrayList<>();

        @Override
        public void onMessage(DissectedMessage m) {
            messages.add("frame " + m.frame() + " stream " + m.direction().stream() + " " + m.bytes().limit() + " bytes"
                    + (m.pdu().truncated() ? " truncated" : ""));
        }

        @Override
        public void onDiagnostic(Diagnostic d) {
            diagnostics.add(d);
        }

        List<String> codes() {
            return diagnostics.stream().map(d -> d.severity().label() + " " + d.code() + " frame " + d.frame()).toList();
        }
    }

    private static Dissector dissector(Recorder r, ReassemblyLimits limits) {
        return new Dissector(DissectorOptions.defaults().withLimits(limits), r);
    }

    @Test
    void anEvictedConnectionDeliversItsPartialMessageAndTheEvictionIsReportedOnceThenCounted() {
        Recorder r = new Recorder();
        Dissector d = dissector(r, ReassemblyLimits.defaults().withMaxConnections(1));
        AdversarialTraffic t = new AdversarialTraffic(d);
        // Stream 0: the first 40 bytes of a 120-byte message (frames 1-4).
        t.segment(A, 1000, false, 100, 0, TcpSegment.SYN, 0, 0);
        t.segment(A, 1000, true, 500, 101, TcpSegment.SYN | TcpSegment.ACK, 0, 0);
        t.segment(A, 1000, false, 101, 501, TcpSegment.ACK, 0, 0);
        t.segment(A, 1000, false, 101, 501, TcpSegment.PSH | TcpSegment.ACK, 0, 40);
        assertEquals(List.of(), r.messages);
        // Streams 1 and 2 take the only place: stream 0, then 1, is evicted.
        t.syn(B, 2000);
        t.syn(B, 2001);
        assertEquals(List.of("frame 4 stream 0 40 bytes truncated"), r.messages);
        assertEquals(List.of("warn tcp.connection_limit frame 5"), r.codes());
        assertTrue(r.diagnostics.get(0).message().contains("more than 1 connections at once")
                && r.diagnostics.get(0).message().contains("stream 0, 10.0.0.1:1000 → 10.99.0.1:21064"),
                r.diagnostics.get(0).message());
        d.finish();
        assertEquals(List.of("warn tcp.connection_limit frame 5", "note tcp.connection_limit frame 6"), r.codes());
        assertEquals("2 connections were evicted in all at the limit of 1 connections tracked at once",
                r.diagnostics.get(1).message());
    }

    @Test
    void eachTimeTheOutOfOrderLimitIsReachedIsReported() {
        Recorder r = new Recorder();
        Dissector d = dissector(r, ReassemblyLimits.defaults().withMaxHeldBytesPerDirection(2000));
        AdversarialTraffic t = new AdversarialTraffic(d);
        t.open(A, 1000);
        // Segments 0, 2, 4, 6, 8 only: 2 is held, then 4, 6 and 8 each push the held bytes to 2800.
        t.bulk(A, 1000, 0, 10L * AdversarialTraffic.MSS, 2, 1);
        d.finish();
        List<Diagnostic> limits = r.diagnostics.stream().filter(x -> x.code().equals("tcp.limit")).toList();
        assertEquals(List.of(6L, 7L, 8L), limits.stream().map(Diagnostic::frame).toList(), r.codes().toString());
        assertTrue(limits.get(0).message().startsWith("out-of-order data reached the limit (2800 bytes held"),
                limits.get(0).message());
    }
}
