package org.dlminspect.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.testkit.DlmBytes;
import org.dlminspect.testkit.TcpSession;
import org.dlminspect.testkit.TcpSession.Side;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PipelineBuilderTest {
    /** Six OPTS-wrapped messages from node 1, seq 0..5, each in its own segment, each acknowledged by node 2. */
    private static byte[] capture() {
        TcpSession s = new TcpSession();
        TcpSession.Connection c = s.connection("10.99.0.1", 40001, "10.99.0.2", 21064).handshake();
        for (int seq = 0; seq < 6; seq++) {
            c.send(Side.CLIENT, DlmBytes.opts(1, seq, DlmBytes.msg(DlmBytes.V32, DlmBytes.LOCKSPACE, 1, DlmBytes.Msg.of(1 + seq % 2))));
            c.send(Side.SERVER, DlmBytes.ack(2, seq + 1));
        }
        return s.pcap();
    }

    /** Records the frame numbers of the messages it saw, and whether it saw the end. */
    static class Seen implements DissectionListener {
        final List<Long> messageFrames = new ArrayList<>();
        final List<Integer> seqs = new ArrayList<>();
        long frames;
        boolean ended;
        final List<String> threads = new ArrayList<>();

        @Override
        public void onFrame(CaptureFrame frame) {
            frames++;
        }

        @Override
        public void onMessage(DissectedMessage m) {
            messageFrames.add(m.frame());
            seqs.add(m.header().cmd() == 3 ? (int) m.header().seq() : -1);
            String t = Thread.currentThread().getName();
            if (!threads.contains(t)) threads.add(t);
        }

        @Override
        public void onEnd() {
            ended = true;
        }
    }

    private static void run(Pipeline p, byte[] pcap) throws IOException {
        try (p; CaptureReader r = CaptureFiles.open(new ByteArrayInputStream(pcap), "test", d -> { })) {
            p.run(r);
        }
    }

    private static final Predicate<DissectedMessage> ONLY_OPTS = m -> m.header().cmd() == 3;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void filteredListenersSeeOnlyPassingMessagesAndTheRestSeeAll(boolean secondThread) throws IOException {
        Seen all = new Seen();
        Seen filtered = new Seen();
        Seen inlineFiltered = new Seen();
        run(new PipelineBuilder(DissectorOptions.defaults()).secondThread(secondThread)
                .displayFilter(() -> ONLY_OPTS)
                .listener(all).filtered(filtered).inlineFiltered(inlineFiltered).build(), capture());
        assertEquals(12, all.messageFrames.size(), "6 OPTS + 6 ACK");
        assertEquals(List.of(0, 1, 2, 3, 4, 5), filtered.seqs);
        assertEquals(filtered.messageFrames, inlineFiltered.messageFrames);
        // Frames and the end reach filtered listeners too (relative times, summaries).
        assertEquals(all.frames, filtered.frames);
        assertTrue(filtered.ended && all.ended && inlineFiltered.ended);
        assertEquals(secondThread ? "dlm-inspect-listener" : Thread.currentThread().getName(), filtered.threads.get(0));
        assertEquals(Thread.currentThread().getName(), inlineFiltered.threads.get(0));
    }

    /** Annotators see every message before the filter asks about it, on the listeners' thread, with or without a filter. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void annotatorsSeeEveryMessageBeforeTheFilter(boolean secondThread) throws IOException {
        List<Long> annotated = new java.util.ArrayList<>();
        List<String> threads = new java.util.ArrayList<>();
        List<Boolean> annotatedFirst = new java.util.ArrayList<>();
        Seen filtered = new Seen();
        run(new PipelineBuilder(DissectorOptions.defaults()).secondThread(secondThread)
                .annotator(m -> {
                    annotated.add(m.frame());
                    threads.add(Thread.currentThread().getName());
                })
                .displayFilter(() -> m -> {
                    annotatedFirst.add(!annotated.isEmpty() && annotated.get(annotated.size() - 1) == m.frame());
                    return ONLY_OPTS.test(m);
                })
                .filtered(filtered).build(), capture());
        assertEquals(12, annotated.size(), "every message, OPTS and ACK");
        assertEquals(12, annotatedFirst.size());
        assertTrue(annotatedFirst.stream().allMatch(b -> b), "annotated before the filter is asked");
        assertEquals(List.of(0, 1, 2, 3, 4, 5), filtered.seqs);
        assertEquals(secondThread ? "dlm-inspect-listener" : Thread.currentThread().getName(), threads.get(0));
        // Without a display filter or limit the annotator still runs.
        List<Long> plain = new java.util.ArrayList<>();
        Seen all = new Seen();
        run(new PipelineBuilder(DissectorOptions.defaults()).secondThread(secondThread).annotator(m -> plain.add(m.frame()))
                .filtered(all).build(), capture());
        assertEquals(all.messageFrames, plain);
    }

    /**
     * A carried annotator works on the reading thread whatever the threads, and its value for each message is
     * shown (on the listeners' thread) before the other annotators and the filter see that message.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void carriedAnnotatorsRunOnTheReadingThreadAndShowEachMessagesValueFirst(boolean secondThread) throws IOException {
        List<String> annotateThreads = new ArrayList<>();
        List<String> showThreads = new ArrayList<>();
        long[] shown = {-1};
        CarriedAnnotator<Long> carried = new CarriedAnnotator<>() {
            @Override
            public Long annotate(DissectedMessage m) {
                String t = Thread.currentThread().getName();
                if (!annotateThreads.contains(t)) annotateThreads.add(t);
                return m.frame() * 10;
            }

            @Override
            public void show(Long value) {
                String t = Thread.currentThread().getName();
                if (!showThreads.contains(t)) showThreads.add(t);
                shown[0] = value;
            }
        };
        List<Boolean> annotatorSawItsOwn = new ArrayList<>();
        List<Boolean> filterSawItsOwn = new ArrayList<>();
        Seen filtered = new Seen();
        run(new PipelineBuilder(DissectorOptions.defaults()).secondThread(secondThread)
                .annotator(m -> annotatorSawItsOwn.add(shown[0] == m.frame() * 10))
                .annotator(carried)
                .displayFilter(() -> m -> {
                    filterSawItsOwn.add(shown[0] == m.frame() * 10);
                    return ONLY_OPTS.test(m);
                })
                .filtered(filtered).build(), capture());
        assertEquals(12, annotatorSawItsOwn.size());
        assertTrue(annotatorSawItsOwn.stream().allMatch(b -> b), "carried annotators first: " + annotatorSawItsOwn);
        assertEquals(12, filterSawItsOwn.size());
        assertTrue(filterSawItsOwn.stream().allMatch(b -> b), "" + filterSawItsOwn);
        assertEquals(List.of(0, 1, 2, 3, 4, 5), filtered.seqs);
        assertEquals(List.of(Thread.currentThread().getName()), annotateThreads);
        assertEquals(List.of(secondThread ? "dlm-inspect-listener" : Thread.currentThread().getName()), showThreads);
    }

    /**
     * The analysis commands' preset: frames of a file that steps back in time reach the listeners in timestamp order,
     * the diagnostics reach the sink on the reading thread, the listeners run on the second thread when asked.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void analysisPresetOrdersTheFramesAndTellsDiagnosticsOnTheReadingThread(boolean secondThread) throws IOException {
        TcpSession s = new TcpSession().step(20_000_000);
        TcpSession.Connection c = s.connection("10.99.0.1", 40001, "10.99.0.2", 21064).handshake();
        for (int seq = 0; seq < 12; seq++) {
            c.send(Side.CLIENT, DlmBytes.opts(1, seq, DlmBytes.msg(DlmBytes.V32, DlmBytes.LOCKSPACE, 1, DlmBytes.Msg.of(1))));
            c.send(Side.SERVER, DlmBytes.ack(2, seq + 1));
        }
        s.cut(s.size() - 1, 30); // the last ACK's frame cut inside its IP header: a diagnostic
        byte[] file = s.pcapngBySenderInBatches(java.nio.ByteOrder.LITTLE_ENDIAN,
                TcpSession.Interface.of(org.dlminspect.capture.LinkType.ETHERNET, 9), 4);

        List<Long> times = new ArrayList<>();
        List<String> diagnosticThreads = new ArrayList<>();
        Seen seen = new Seen() {
            @Override
            public void onMessage(DissectedMessage m) {
                super.onMessage(m);
                times.add(m.epochNanos());
            }
        };
        run(PipelineBuilder.analysis(DissectorOptions.defaults(), org.dlminspect.memory.MemoryBudget.defaults(),
                TimeOrderOptions.DEFAULTS, d -> diagnosticThreads.add(Thread.currentThread().getName()), secondThread)
                .listener(seen).build(), file);

        assertEquals(23, times.size(), "12 OPTS and 11 whole ACKs");
        List<Long> sorted = new ArrayList<>(times);
        sorted.sort(null);
        assertEquals(sorted, times, "in timestamp order");
        assertTrue(!seen.messageFrames.equals(seen.messageFrames.stream().sorted().toList()), "not in file order");
        assertEquals(List.of(Thread.currentThread().getName()), diagnosticThreads);
        assertEquals(secondThread ? "dlm-inspect-listener" : Thread.currentThread().getName(), seen.threads.get(0));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void limitStopsAfterThatManyPassingMessages(boolean secondThread) throws IOException {
        Seen filtered = new Seen();
        Seen all = new Seen();
        Pipeline p = new PipelineBuilder(DissectorOptions.defaults()).secondThread(secondThread)
                .displayFilter(() -> ONLY_OPTS).limit(2).listener(all).filtered(filtered).build();
        run(p, capture());
        assertEquals(List.of(0, 1), filtered.seqs);
        if (!secondThread) {
            // Reading stops at the frame after the limit: handshake (3) + OPTS, ACK, OPTS. (On the second
            // thread the signal comes when a batch is processed: this small capture is read whole by then.)
            assertEquals(6, p.frameCount());
        }
        assertTrue(filtered.ended);
    }

    @Test
    void eachSideGetsItsOwnFilterInstance() throws IOException {
        List<Object> made = new ArrayList<>();
        run(new PipelineBuilder(DissectorOptions.defaults()).secondThread(true)
                .displayFilter(() -> {
                    Predicate<DissectedMessage> f = m -> true;
                    made.add(f);
                    return f;
                })
                .filtered(new Seen()).inlineFiltered(new Seen()).build(), capture());
        assertEquals(2, made.size());
    }

    @Test
    void frameStagesWrapTheReaderInOrder() throws IOException {
        List<String> order = new ArrayList<>();
        Seen all = new Seen();
        run(new PipelineBuilder(DissectorOptions.defaults())
                .frames(r -> { order.add("first"); return skipEveryOther(r); })
                .frames(r -> { order.add("second"); return r; })
                .listener(all).build(), capture());
        assertEquals(List.of("first", "second"), order);
        assertEquals(8, all.frames, "every other of 15 frames");
    }

    private static CaptureReader skipEveryOther(CaptureReader r) {
        return new CaptureReader() {
            @Override
            public boolean next(CaptureFrame frame) throws IOException {
                if (!r.next(frame)) return false;
                if (frame.number() % 2 == 0 && !r.next(frame)) return false;
                return true;
            }

            @Override
            public String format() {
                return r.format();
            }

            @Override
            public void close() throws IOException {
                r.close();
            }
        };
    }
}
