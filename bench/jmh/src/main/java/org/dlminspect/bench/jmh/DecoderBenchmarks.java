package org.dlminspect.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.dlm.DlmDecoder;
import org.dlminspect.dlm.DlmHeader;
import org.dlminspect.net.PacketDecoder;
import org.dlminspect.net.TcpSegment;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The decoders over every frame / message of the real sample. Scores are per pass over the sample;
 * divide by its frames (23,478) or messages (32,832 in normal) for the cost of one.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class DecoderBenchmarks {
    private final Sample sample = Sample.NORMAL;
    private final PacketDecoder packetDecoder = new PacketDecoder();
    private final TcpSegment segment = new TcpSegment();

    /** Link, IP and TCP headers of every frame. */
    @Benchmark
    public long packetDecoder() {
        long n = 0;
        for (CaptureFrame f : sample.frames) {
            if (packetDecoder.decode(f, segment, DiagnosticSink.IGNORE)) n += segment.payloadLength;
        }
        return n;
    }

    /** The 16-byte header of every DLM message. */
    @Benchmark
    public void dlmHeader(Blackhole bh) {
        for (java.nio.ByteBuffer b : sample.messageBytes) bh.consume(DlmHeader.read(b, 0));
    }

    /** The full decode (every field, the kernel's checks) of every DLM message. */
    @Benchmark
    public void dlmDecoder(Blackhole bh) {
        for (java.nio.ByteBuffer b : sample.messageBytes) bh.consume(DlmDecoder.decode(b));
    }

    /** The packet-list Info text of every message (decode included). */
    @Benchmark
    public void dlmInfo(Blackhole bh) {
        for (java.nio.ByteBuffer b : sample.messageBytes) bh.consume(DlmDecoder.decode(b).info());
    }
}
