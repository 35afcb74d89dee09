package org.dlminspect.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.capture.PcapngWriter;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.testkit.Captures;
import org.dlminspect.testkit.DlmBytes;
import org.dlminspect.testkit.TcpSession;
import org.dlminspect.testkit.TcpSession.Side;
import org.junit.jupiter.api.Test;

/** read -w with a filter: which frames are written, and in which order. */
class FrameSelectionTest {
    private static byte[] msg(int type) {
        return DlmBytes.opts(1, type, DlmBytes.msg(DlmBytes.V32, DlmBytes.LOCKSPACE, 1, DlmBytes.Msg.of(type)));
    }

    /** Writes the frames selected for the messages that {@code pass}; returns the written frames' numbers in the input. */
    private static List<Long> select(byte[] pcap, Predicate<DissectedMessage> pass, MemoryBudget budget) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PcapngWriter writer = new PcapngWriter(out, 0);
        List<Long> notes = new ArrayList<>();
        FrameSelection selection = new FrameSelection(writer, DissectorOptions.defaults(),
                budget.account("write"), d -> notes.add(-d.frame()));
        try (Pipeline p = new PipelineBuilder(DissectorOptions.defaults()).displayFilter(() -> pass)
                .inlineFiltered(selection.marker()).inline(selection.decider()).build();
             CaptureReader r = CaptureFiles.open(new ByteArrayInputStream(pcap), "in", d -> { })) {
            p.run(r);
        }
        writer.close();
        // Frames keep their times: map each written frame back to its input number by time.
        List<Captures.ReadFrame> input = Captures.readAll(pcap, d -> { });
        List<Long> numbers = new ArrayList<>();
        for (Captures.ReadFrame f : Captures.readAll(out.toByteArray(), d -> { })) {
            numbers.add(input.stream().filter(i -> i.epochNanos() == f.epochNanos()).findFirst().orElseThrow().number());
        }
        numbers.addAll(notes);
        return numbers;
    }

    @Test
    void allFramesOfAPassingMessageAndTheConnectionsControlSegmentsAreWrittenInOrder() throws IOException {
        TcpSession s = new TcpSession();
        TcpSession.Connection a = s.connection("10.99.0.1", 40001, "10.99.0.2", 21064).handshake(); // frames 1-3 (the handshake ACK, a pure ACK, is not written)
        TcpSession.Connection b = s.connection("10.99.0.3", 40002, "10.99.0.2", 21064).handshake(); // frames 4-6
        byte[] grant = msg(9); // GRANT, split over two segments of a, with a segment of b between them
        a.segments(Side.CLIENT, Arrays.copyOfRange(grant, 0, 50));          // 7
        b.send(Side.CLIENT, msg(1));                                         // 8: REQUEST on b
        a.segments(Side.CLIENT, Arrays.copyOfRange(grant, 50, grant.length)); // 9: completes the GRANT
        a.send(Side.CLIENT, msg(1));                                         // 10: REQUEST on a
        a.ack(Side.SERVER);                                                  // 11: pure ACK
        a.fin(Side.CLIENT);                                                  // 12
        byte[] pcap = s.pcap();
        Predicate<DissectedMessage> grants = m -> m.bytes().limit() > 40 && m.bytes().getInt(24 + 16) == 9;
        assertEquals(List.of(1L, 2L, 4L, 5L, 7L, 9L, 12L), select(pcap, grants, MemoryBudget.defaults()));
        Predicate<DissectedMessage> requests = m -> m.bytes().limit() > 40 && m.bytes().getInt(24 + 16) == 1;
        assertEquals(List.of(1L, 2L, 4L, 5L, 8L, 10L, 12L), select(pcap, requests, MemoryBudget.defaults()));
    }

    @Test
    void aFullBudgetDecidesTheOldestFramesEarlyAndSaysSo() throws IOException {
        TcpSession s = new TcpSession();
        TcpSession.Connection a = s.connection("10.99.0.1", 40001, "10.99.0.2", 21064).handshake();
        byte[] grant = msg(9);
        a.segments(Side.CLIENT, Arrays.copyOfRange(grant, 0, 50));           // 4
        a.segments(Side.CLIENT, Arrays.copyOfRange(grant, 50, grant.length)); // 5
        Predicate<DissectedMessage> grants = m -> true;
        // Room for one waiting frame only (the rest of the budget is taken): frame 4 is decided (left out) when frame 5 arrives.
        MemoryBudget budget = new MemoryBudget(1 << 20);
        budget.account("others").charge((1 << 20) - 300);
        List<Long> written = select(s.pcap(), grants, budget);
        assertEquals(List.of(1L, 2L, 5L, -5L), written, "-5: the note names the last frame");
    }
}
