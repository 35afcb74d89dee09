package org.dlminspect.bench.jmh;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.dlminspect.Severity;
import org.dlminspect.analysis.MidcommsAnalyzer;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.dlm.DlmStreamFramer;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.tcp.StreamHandler;
import org.dlminspect.tcp.TcpDirection;
import org.dlminspect.tcp.TcpEvent;
import org.dlminspect.tcp.TcpReassembler;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The stream stages over the whole real sample, each on its own: TCP reassembly, DLM framing, the
 * midcomms analysis, and the whole Dissector (+ analysis). Scores are per pass over the sample.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class StreamBenchmarks {
    private final Sample sample = Sample.NORMAL;
    private long sink;

    private final StreamHandler counting = new StreamHandler() {
        @Override
        public void onData(TcpDirection direction, byte[] data, int offset, int length, long frame, long epochNanos) {
            sink += length;
        }

        @Override
        public void onEvent(TcpEvent event) {
            sink++;
        }
    };

    /** Every TCP segment of the sample through a fresh reassembler. */
    @Benchmark
    public long tcpReassembler() {
        TcpReassembler r = new TcpReassembler(counting, DissectorOptions.defaults().limits());
        for (int i = 0; i < sample.segments.length; i++) {
            r.accept(sample.segments[i], sample.segmentFrame[i], sample.segmentNanos[i]);
        }
        r.finish(sample.segmentFrame.length, 0);
        return sink;
    }

    /** Every DLM message of the sample, back to back in one stream, through a framer (one chunk per message). */
    @Benchmark
    public long dlmStreamFramer() {
        long[] count = {0};
        DlmStreamFramer framer = new DlmStreamFramer(new DlmStreamFramer.Sink() {
            @Override
            public void onMessage(ByteBuffer message, long firstFrame, long frame, long epochNanos, long streamOffset, boolean truncated) {
                count[0] += message.limit();
            }

            @Override
            public void onProblem(long frame, Severity severity, String code, String message) {
                count[0]++;
            }
        }, true);
        byte[] stream = sample.stream;
        int[] cuts = sample.streamCuts;
        for (int i = 0, at = 0; i < cuts.length; at = cuts[i++]) framer.onData(stream, at, cuts[i] - at, 1, 0);
        return count[0];
    }

    /** Every DLM message of the sample through a fresh midcomms analyzer. */
    @Benchmark
    public long midcommsAnalyzer() {
        MidcommsAnalyzer a = new MidcommsAnalyzer(f -> sink++);
        for (DissectedMessage m : sample.messages) a.onMessage(m);
        a.onEnd();
        return a.messages();
    }

    /** The whole Dissector (packet decode, reassembly, framing; no field decode) over every frame. */
    @Benchmark
    public long dissector() {
        Dissector d = new Dissector(DissectorOptions.defaults(), new org.dlminspect.pipeline.DissectionListener() { });
        for (CaptureFrame f : sample.frames) d.process(f);
        d.finish();
        return d.messageCount();
    }

    /** The Dissector with the midcomms analysis, as {@code analyze} runs it. */
    @Benchmark
    public long dissectorAndAnalyzer() {
        Dissector d = new Dissector(DissectorOptions.defaults(), new MidcommsAnalyzer(f -> sink++));
        for (CaptureFrame f : sample.frames) d.process(f);
        d.finish();
        return d.messageCount();
    }
}
