package org.dlminspect.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dlminspect.Diagnostic;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.LinkType;
import org.dlminspect.net.FrameBuilder;
import org.dlminspect.net.TcpSegment;
import org.dlminspect.testkit.Captures;
import org.dlminspect.testkit.DlmBytes;
import org.junit.jupiter.api.Test;

/** The pipeline from frames to messages, and the TCP anomalies it reports to the user. */
class DissectorTest {
    private static final String A = "10.0.0.1";
    private static final String B = "10.0.0.2";

    private final List<DissectedMessage> messages = new ArrayList<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Dissector dissector = new Dissector(DissectorOptions.defaults(), new DissectionListener() {
        @Override
        public void onMessage(DissectedMessage m) {
            messages.add(m);
        }

        @Override
        public void onDiagnostic(Diagnostic d) {
            diagnostics.add(d);
        }
    });
    private long frameNumber;

    private void send(String from, int sport, String to, int dport, long seq, long ack, int flags, byte[] payload) {
        byte[] frame = FrameBuilder.tcp(from, sport, to, dport).seq(seq).ack(ack).flags(flags).payload(payload).build();
        CaptureFrame f = Captures.frame(LinkType.ETHERNET.wireValue(), frame, frame.length, ++frameNumber);
        f.set(frameNumber, 1_000_000_000L * frameNumber, LinkType.ETHERNET.wireValue(), 0, frame.length, frame.length);
        dissector.process(f);
    }

    private static byte[] ack(int next) {
        return DlmBytes.ack(1, next);
    }

    @Test
    void messagesSplitAcrossSegmentsAreReportedInTheCompletingFrame() {
        byte[] two = DlmBytes.concat(ack(1), DlmBytes.fin(1, 7));
        send(A, 40000, B, 21064, 100, 0, TcpSegment.SYN, new byte[0]);
        send(A, 40000, B, 21064, 101, 1, TcpSegment.ACK | TcpSegment.PSH, java.util.Arrays.copyOfRange(two, 0, 20));
        send(A, 40000, B, 21064, 121, 1, TcpSegment.ACK | TcpSegment.PSH, java.util.Arrays.copyOfRange(two, 20, two.length));
        dissector.finish();
        assertEquals(2, messages.size());
        assertEquals(2, messages.get(0).frame());
        assertEquals(3, messages.get(1).frame());
        assertEquals(2, messages.get(1).firstFrame());
        assertEquals(7, messages.get(1).header().seq());
        assertTrue(diagnostics.isEmpty(), diagnostics.toString());
    }

    @Test
    void missingBytesAreReportedAsAGapNamingTheFramesAroundIt() {
        send(A, 40000, B, 21064, 100, 0, TcpSegment.SYN, new byte[0]);
        send(A, 40000, B, 21064, 101, 1, TcpSegment.ACK, ack(1));
        // 16 bytes (an ACK) never captured, then the next one
        send(A, 40000, B, 21064, 133, 1, TcpSegment.ACK, ack(3));
        // the receiver acknowledges everything: the capture missed bytes the peer got
        send(B, 21064, A, 40000, 1, 149, TcpSegment.ACK, new byte[0]);
        dissector.finish();
        List<Diagnostic> gaps = diagnostics.stream().filter(d -> d.code().equals("tcp.gap")).toList();
        assertEquals(1, gaps.size(), diagnostics.toString());
        assertTrue(gaps.get(0).message().startsWith("16 bytes missing from the capture between frame 2 and frame 3"), gaps.get(0).message());
        assertEquals(2, messages.size(), "both captured messages are still decoded");
    }

    @Test
    void retransmissionWithDifferentBytesIsFlagged() {
        send(A, 40000, B, 21064, 100, 0, TcpSegment.SYN, new byte[0]);
        send(A, 40000, B, 21064, 101, 1, TcpSegment.ACK, ack(1));
        send(A, 40000, B, 21064, 101, 1, TcpSegment.ACK, ack(2));
        dissector.finish();
        assertEquals(1, messages.size(), "retransmitted bytes are delivered once");
        assertEquals(1, messages.get(0).header().seq(), "the first copy is kept");
        Diagnostic d = diagnostics.stream().filter(x -> x.code().equals("tcp.overlap_mismatch")).findFirst().orElseThrow();
        assertEquals(3, d.frame());
        assertTrue(d.message().startsWith("retransmitted bytes differ from the first copy (1 bytes differ)"), d.message());
    }

    @Test
    void otherPortsAreIgnored() {
        send(A, 40000, B, 8080, 100, 0, TcpSegment.ACK, ack(1));
        dissector.finish();
        assertTrue(messages.isEmpty());
        assertEquals(1, dissector.frameCount());
    }
}
