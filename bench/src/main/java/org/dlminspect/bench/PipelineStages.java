package org.dlminspect.bench;

import java.io.IOException;
import java.nio.file.Path;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.analysis.MidcommsAnalyzer;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.net.PacketDecoder;
import org.dlminspect.net.TcpSegment;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.tcp.StreamHandler;
import org.dlminspect.tcp.TcpDirection;
import org.dlminspect.tcp.TcpEvent;
import org.dlminspect.tcp.TcpReassembler;

/**
 * Where the time of one pass over a capture goes, stage by stage, in one warm JVM: reading frames,
 * + link/IP/TCP decoding, + reassembly, + DLM framing and decoding (the Dissector), + the midcomms
 * analysis. Usage: {@code PipelineStages FILE [ROUNDS [STAGE]]}; prints the best of ROUNDS per stage
 * (STAGE: only that one, 0-5, e.g. to profile it warm).
 */
public final class PipelineStages {
    private static final DiagnosticSink IGNORE = d -> { };
    private static long sink;
    private static long mainCpu;
    private static long workerCpu;

    private PipelineStages() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int only = args.length > 2 ? Integer.parseInt(args[2]) : -1;
        String[] names = {"read frames", "+ packet decode", "+ TCP reassembly", "+ DLM framing", "+ analysis",
            "+ analysis, 2 threads"};
        long frames = 0;
        for (int stage = 0; stage < names.length; stage++) {
            if (only >= 0 && stage != only) continue;
            long best = Long.MAX_VALUE;
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                frames = run(file, stage);
                best = Math.min(best, System.nanoTime() - t0);
            }
            System.out.printf("%-24s %8.3f s %8.2f M frames/s%s%n", names[stage], best / 1e9, frames / (best / 1e3),
                    stage == 5 ? String.format("  (CPU: dissector thread %.3f s, listener thread %.3f s)", mainCpu / 1e9, workerCpu / 1e9) : "");
        }
        if (sink == 42) System.out.println();
    }

    static long run(Path file, int stage) throws IOException {
        try (CaptureReader reader = CaptureFiles.open(file, IGNORE)) {
            CaptureFrame frame = new CaptureFrame();
            if (stage == 5) {
                java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
                long cpu0 = mx.getCurrentThreadCpuTime();
                long[] worker = {0};
                MidcommsAnalyzer analyzer = new MidcommsAnalyzer(f -> { });
                DissectionListener timed = new DissectionListener() {
                    @Override public void onMessage(org.dlminspect.pipeline.DissectedMessage m) { analyzer.onMessage(m); }
                    @Override public void onTcpEvent(TcpEvent e) { analyzer.onTcpEvent(e); }
                    @Override public void onDiagnostic(org.dlminspect.Diagnostic x) { analyzer.onDiagnostic(x); }
                    @Override public void onEnd() { analyzer.onEnd(); worker[0] = mx.getCurrentThreadCpuTime(); }
                };
                Dissector d;
                try (org.dlminspect.pipeline.BackgroundListener bg = new org.dlminspect.pipeline.BackgroundListener(timed)) {
                    d = new Dissector(DissectorOptions.defaults(), bg);
                    d.run(reader);
                }
                mainCpu = mx.getCurrentThreadCpuTime() - cpu0;
                workerCpu = worker[0];
                return d.frameCount();
            }
            if (stage >= 3) {
                DissectionListener l = stage == 4 ? new MidcommsAnalyzer(f -> { }) : new DissectionListener() { };
                Dissector d = new Dissector(DissectorOptions.defaults(), l);
                d.run(reader);
                return d.frameCount();
            }
            PacketDecoder decoder = new PacketDecoder();
            TcpSegment segment = new TcpSegment();
            TcpReassembler reassembler = new TcpReassembler(new StreamHandler() {
                @Override
                public void onData(TcpDirection direction, byte[] data, int offset, int length, long f, long t) {
                    sink += length;
                }

                @Override
                public void onEvent(TcpEvent event) {
                    sink++;
                }
            }, DissectorOptions.defaults().limits());
            long n = 0;
            while (reader.next(frame)) {
                n++;
                if (stage == 0) {
                    sink += frame.capturedLength();
                    continue;
                }
                if (decoder.decode(frame, segment, IGNORE)) {
                    if (stage == 1) sink += segment.payloadLength;
                    else reassembler.accept(segment, frame.number(), frame.epochNanos());
                }
            }
            if (stage == 2) reassembler.finish(n, 0);
            return n;
        }
    }
}
