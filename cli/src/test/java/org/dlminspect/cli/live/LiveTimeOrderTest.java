package org.dlminspect.cli.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.Severity;
import org.dlminspect.analysis.Finding;
import org.dlminspect.analysis.MidcommsAnalyzer;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.capture.LinkType;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.pipeline.CaptureOrder;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.pipeline.Pipeline;
import org.dlminspect.pipeline.PipelineBuilder;
import org.dlminspect.pipeline.StageEvent;
import org.dlminspect.pipeline.TimeOrderOptions;
import org.dlminspect.testkit.DlmBytes;
import org.dlminspect.testkit.TcpSession;
import org.dlminspect.testkit.TcpSession.Side;
import org.junit.jupiter.api.Test;

/**
 * {@code live --analyze} puts frames in timestamp order as {@code analyze} does, and releases them by the clock too,
 * so that the frames before a silence are not held until the next frame. The frames are real DLM frames built by the
 * test kit, pushed through {@link FrameFeeder} as libpcap would deliver them; the monotonic clock is the test's
 * (frames arrive at the clock's current value).
 */
class LiveTimeOrderTest {
    private static final long MS = 1_000_000L;
    private static final long WINDOW = 1_000 * MS;

    /** Node 1 (client) and node 2 (server): recovery, then seqs 0..n-1 from node 1, each acknowledged. */
    private static TcpSession talking(long stepNanos, int n) {
        TcpSession s = new TcpSession().step(stepNanos);
        TcpSession.Connection c = s.connection("10.99.0.1", 40001, "10.99.0.2", 21064).handshake();
        c.send(Side.CLIENT, DlmBytes.rcom(DlmBytes.V32, DlmBytes.LOCKSPACE, 1, 1, 0, 1, 1, 0, DlmBytes.rcomStatus(0)));
        c.send(Side.SERVER, DlmBytes.rcom(DlmBytes.V32, DlmBytes.LOCKSPACE, 2, 5, 0, 1, 1, 1,
                DlmBytes.rcomConfig(32, 0, 1, 1)));
        for (int seq = 0; seq < n; seq++) {
            byte[] request = DlmBytes.msg(DlmBytes.V32, DlmBytes.LOCKSPACE, 1,
                    DlmBytes.Msg.of(1).lkid(seq + 1).modes(-1, 5).hash(0x1234).name("res" + seq));
            c.send(Side.CLIENT, DlmBytes.opts(1, seq, request)).send(Side.SERVER, DlmBytes.ack(2, seq + 1));
        }
        return s;
    }

    /** One captured frame: its time and bytes, as libpcap hands them over. */
    private record Packet(long nanos, byte[] data) { }

    private static List<Packet> packets(byte[] capture) throws IOException {
        List<Packet> out = new ArrayList<>();
        try (CaptureReader r = CaptureFiles.open(new ByteArrayInputStream(capture), "test", DiagnosticSink.IGNORE)) {
            CaptureFrame f = new CaptureFrame();
            while (r.next(f)) out.add(new Packet(f.epochNanos(), Arrays.copyOf(f.data(), f.capturedLength())));
        }
        return out;
    }

    /** A live pipeline as {@code live --analyze} builds it, recording the frames the Dissector gets and the findings. */
    private static final class Live {
        final List<Long> frames = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        final List<Finding> findings = new ArrayList<>();
        final List<CaptureOrder> orders = new ArrayList<>();
        final long[] clock = {0};
        final Pipeline pipeline;
        final FrameFeeder feeder;

        Live(TimeOrderOptions order) {
            MemoryBudget budget = MemoryBudget.unlimited();
            MidcommsAnalyzer analyzer = new MidcommsAnalyzer(findings::add, org.dlminspect.analysis.AnalyzerOptions.defaults(), budget);
            pipeline = new PipelineBuilder(DissectorOptions.defaults())
                    .memory(budget)
                    .inline(new DissectionListener() {
                        @Override
                        public void onFrame(CaptureFrame frame) {
                            frames.add(frame.number());
                            times.add(frame.epochNanos());
                        }

                        @Override
                        public void onStageEvent(StageEvent event) {
                            if (event instanceof CaptureOrder o) orders.add(o);
                        }
                    })
                    .listener(analyzer)
                    .timeOrder(order, budget.account("time-order"))
                    .build();
            feeder = new FrameFeeder(pipeline, LinkType.ETHERNET.wireValue(), null, 0, () -> { }, () -> clock[0]);
        }

        void deliver(Packet p) throws IOException {
            feeder.onPacket(p.nanos, p.data, p.data.length);
        }

        /** The end of a libpcap batch (or a wake on an idle interface) at {@code monotonic} on the monotonic clock. */
        void batchEnd(long monotonic) throws IOException {
            clock[0] = monotonic;
            feeder.onBatchEnd();
        }
    }

    @Test
    void framesBeforeASilenceAreReleasedByTheWallClockWithoutALaterFrame() throws IOException {
        List<Packet> packets = packets(talking(10 * MS, 10).pcap());
        Live live = new Live(new TimeOrderOptions(WINDOW, 64L << 20));
        for (Packet p : packets) live.deliver(p);
        long last = packets.get(packets.size() - 1).nanos;
        long first = packets.get(0).nanos;
        assertTrue(last - first < WINDOW, "the whole exchange fits in the window, so no frame closes it for another");

        long span = last - first;
        live.batchEnd(0);
        assertEquals(List.of(), live.frames, "within the window nothing is passed on yet");
        live.batchEnd(WINDOW - span - 1);
        assertEquals(List.of(), live.frames, "the first frame is 1 ns short of the window on the capture's clock");
        live.batchEnd(WINDOW - span);
        assertEquals(List.of(1L), live.frames, "the first frame is due by the clock, the others not yet");
        live.batchEnd(WINDOW);
        assertEquals(packets.size(), live.frames.size(), "traffic stopped: the clock releases every frame");
        assertTrue(live.orders.isEmpty(), "the order report comes at the end of the capture");

        live.pipeline.finish();
        assertEquals(packets.size(), live.frames.size());
        assertEquals(1, live.orders.size());
        assertTrue(live.orders.get(0).inOrder());
        assertEquals(packets.size(), live.orders.get(0).frames());
        live.pipeline.close();
    }

    @Test
    void aLaterFrameClosesTheWindowAsInAFile() throws IOException {
        List<Packet> packets = packets(talking(400 * MS, 4).pcap());
        Live live = new Live(new TimeOrderOptions(WINDOW, 64L << 20));
        for (int i = 0; i < 3; i++) live.deliver(packets.get(i));
        assertEquals(List.of(), live.frames, "frames 0.8 s apart: nothing is a window older than the newest");
        live.deliver(packets.get(3)); // 1.2 s after the first
        assertEquals(List.of(1L), live.frames, "a frame a window later releases the first, clock or not");
        live.pipeline.close();
    }

    @Test
    void anAckRecordedBeforeItsDataIsReleasedAfterIt() throws IOException {
        TcpSession s = talking(50 * MS, 4);
        List<Packet> packets = new ArrayList<>(packets(s.pcap()));
        // the last ACK, recorded 5 µs before the data it acknowledges, delivered after it (another capture queue)
        int data = packets.size() - 2;
        Packet ack = packets.get(data + 1);
        packets.set(data + 1, new Packet(packets.get(data).nanos - 5_000, ack.data));
        Live live = new Live(new TimeOrderOptions(WINDOW, 64L << 20));
        for (Packet p : packets) live.deliver(p);
        live.batchEnd(WINDOW);
        int n = live.frames.size();
        assertEquals(packets.size(), n);
        assertEquals(List.of((long) data + 2, (long) data + 1), live.frames.subList(n - 2, n),
                "frame numbers stay those of arrival; the earlier timestamp goes first");
        for (int i = 1; i < n; i++) assertTrue(live.times.get(i - 1) <= live.times.get(i), "in timestamp order");
        live.pipeline.finish();
        assertEquals(1, live.orders.get(0).reordered());
        assertEquals(5_000, live.orders.get(0).largestStepNanos());
        live.pipeline.close();
    }

    /**
     * Frames that arrive seconds after they were captured (a loaded machine working off libpcap's buffer): the clock
     * that releases them is the capture's (the newest frame's time plus the time since the last arrival), not the
     * wall clock, which would release the data at the end of its batch and leave the ACK recorded 5 µs before it,
     * arriving in the next batch, late and out of order.
     */
    @Test
    void aCaptureThatLagsBehindTheWallClockIsStillSortedByItsFrames() throws IOException {
        List<Packet> packets = new ArrayList<>(packets(talking(50 * MS, 4).pcap()));
        int data = packets.size() - 2;
        Packet ack = packets.get(data + 1);
        packets.set(data + 1, new Packet(packets.get(data).nanos - 5_000, ack.data));
        Live live = new Live(new TimeOrderOptions(WINDOW, 64L << 20));
        for (int i = 0; i <= data; i++) live.deliver(packets.get(i));
        live.batchEnd(MS); // the batch ends 1 ms after its last frame arrived
        assertTrue(live.frames.size() < data + 1, "the data frame is held: its window has not passed on the capture's clock");
        live.deliver(packets.get(data + 1));
        live.batchEnd(2 * MS);
        live.batchEnd(2 * MS + WINDOW);
        int n = live.frames.size();
        assertEquals(packets.size(), n);
        assertEquals(List.of((long) data + 2, (long) data + 1), live.frames.subList(n - 2, n));
        live.pipeline.finish();
        assertEquals(0, live.orders.get(0).late(), "nothing came too late for the window");
        assertEquals(1, live.orders.get(0).reordered());
        live.pipeline.close();
    }

    /** Two interfaces delivered in batches (120 ms back in time): in arrival order the ACKs precede their data. */
    @Test
    void theAnalysisSeesTheTrafficInTimeOrderAndTellsTheCaptureArtefactAsANote() throws IOException {
        TcpSession s = talking(20 * MS, 20);
        List<Packet> packets = packets(s.pcapngBySenderInBatches(ByteOrder.LITTLE_ENDIAN,
                TcpSession.Interface.of(LinkType.ETHERNET, 9), 6));

        Live arrival = run(packets, new TimeOrderOptions(0, 64L << 20));
        assertFalse(arrival.findings.stream().noneMatch(f -> f.severity().atLeast(Severity.WARN)),
                "in arrival order the capture looks like kernel faults: " + arrival.findings);

        Live ordered = run(packets, new TimeOrderOptions(WINDOW, 64L << 20));
        assertTrue(ordered.findings.stream().noneMatch(f -> f.severity().atLeast(Severity.WARN)), ordered.findings::toString);
        List<Finding> order = ordered.findings.stream().filter(f -> f.code().equals("capture.out_of_order")).toList();
        assertEquals(1, order.size(), ordered.findings::toString);
        assertEquals(Severity.NOTE, order.get(0).severity());
    }

    /** Each packet delivered, a batch end every 5 packets, right after its last packet arrived. */
    private static Live run(List<Packet> packets, TimeOrderOptions order) throws IOException {
        Live live = new Live(order);
        for (int i = 0; i < packets.size(); i++) {
            live.deliver(packets.get(i));
            if (i % 5 == 4) live.batchEnd(0);
        }
        live.pipeline.finish();
        live.pipeline.close();
        assertEquals(packets.size(), live.frames.size());
        return live;
    }
}
