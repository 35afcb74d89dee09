package org.dlminspect.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.lang.management.MemoryMXBean;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ObjLongConsumer;
import org.dlminspect.Diagnostic;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.capture.LinkType;
import org.dlminspect.testkit.PcapngBuilder;
import org.dlminspect.analysis.AnalyzerOptions;
import org.dlminspect.analysis.MidcommsAnalyzer;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.tcp.ReassemblyLimits;
import org.dlminspect.tcp.TcpEvent;
import org.junit.jupiter.api.Test;

/**
 * Peak heap stays flat as hostile input grows: each scenario runs at 1x, 4x and 16x its base size
 * through a {@link Dissector} and the {@link MidcommsAnalyzer} with small limits, and the heap the run holds (used heap after a full
 * GC, sampled during the run, minus before it) may grow by at most 25 % + 8 MiB from 1x to 16x. At 1x
 * every scenario already exceeds the limits, so a structure that grows with the input shows as growth.
 *
 * <p>Scenarios: a million short connections (16x), a flood of a million SYNs (16x), from a few addresses or each
 * from its own, a gigabyte of out-of-order data whose holes are never filled, an endless run of sequence gaps, and a
 * node pair that never acknowledges a million messages. Each must also report the limit it hit or what it found.
 * {@code -Ddlminspect.memory.scale=N} multiplies every size (the benchmark in docs/fuzzing.md).
 */
class BoundedMemoryTest {
    private static final ReassemblyLimits LIMITS = new ReassemblyLimits(256 << 10, 256, 8L << 20, 4096, 4096, 4L << 20);
    private static final AnalyzerOptions ANALYSIS = AnalyzerOptions.builder().maxTrackedMessages(4096)
            .maxTrackedStreams(4096).maxTrackedPairs(64).build();
    private static final int SCALE = Integer.getInteger("dlminspect.memory.scale", 1);
    private static final int SAMPLES = 8;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    @Test
    void aMillionShortConnections() {
        Result r = flat("short connections", 65536, (t, n) -> {
            for (int i = 0; i < n; i++) {
                t.shortConnection(0x0B000000 + i / 50000, 1024 + i % 50000);
            }
        });
        assertTrue(r.diagnostics.containsKey("tcp.connection_limit"), r.toString());
    }

    @Test
    void aSynFlood() {
        Result r = flat("SYN flood", 65536, (t, n) -> {
            for (int i = 0; i < n; i++) {
                t.syn(0x0C000000 + i / 60000, 1024 + i % 60000);
            }
        });
        assertTrue(r.diagnostics.containsKey("tcp.connection_limit"), r.toString());
    }

    /**
     * A SYN from a new address every time: the analyzer makes nodes only with a node pair (bounded by
     * maxTrackedPairs) and forgets a stream when the reassembler closes it. Before that it kept about
     * 100 bytes per address and a slot per stream number ever seen: 10.5, 31 and 112 MiB at 1x, 4x, 16x.
     */
    @Test
    void aSynFloodFromSpoofedAddresses() {
        Result r = flat("spoofed SYN flood", 65536, (t, n) -> {
            for (int i = 0; i < n; i++) {
                t.syn(0x0C000000 + i, 1024 + i % 60000);
            }
        });
        assertTrue(r.diagnostics.containsKey("tcp.connection_limit"), r.toString());
    }

    @Test
    void aNodePairThatNeverAcknowledges() {
        Result r = flat("never acknowledged", 65536, (t, n) -> {
            t.open(0x0A630002, 40002);
            t.neverAcknowledged(0x0A630002, 40002, n);
        });
        assertTrue(r.findings.containsKey("ack.missing") || r.findings.containsKey("ack.backlog"), r.toString());
    }

    @Test
    void gigabytesOutOfOrderWithHolesNeverFilled() {
        // 64 MiB at 1x, 1 GiB at 16x: runs of 16 segments sent backwards, every 500th segment never sent.
        Result r = flat("out of order", 64L << 20, (t, bytes) -> {
            t.open(0x0D000001, 40000);
            t.bulk(0x0D000001, 40000, 0, bytes / (16 * AdversarialTraffic.MSS) * 16 * AdversarialTraffic.MSS, 500, 16);
        });
        assertTrue(r.diagnostics.containsKey("tcp.limit"), r.toString());
    }

    @Test
    void anEndlessSequenceGap() {
        // Every other segment never sent, nothing acknowledged: holes pile up behind the first.
        Result r = flat("endless gap", 16L << 20, (t, bytes) -> {
            t.open(0x0E000001, 40001);
            t.bulk(0x0E000001, 40001, 0, bytes / AdversarialTraffic.MSS * AdversarialTraffic.MSS, 2, 1);
        });
        assertTrue(r.diagnostics.containsKey("tcp.limit"), r.toString());
    }

    /**
     * A pcapng section that describes millions of interfaces (20 bytes each), read as a stream: the reader
     * keeps at most its interface limit of them, and says so.
     */
    @Test
    void aPcapngWithMillionsOfInterfaces() throws IOException {
        long[] peaks = new long[3];
        List<Diagnostic> reported = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long n = 262144L * SCALE << (2 * i);
            reported.clear();
            long before = usedAfterGc();
            try (CaptureReader r = CaptureFiles.open(new InterfaceFlood(n), "flood.pcapng", reported::add)) {
                CaptureFrame f = new CaptureFrame();
                long frames = 0;
                while (r.next(f)) {
                    frames++;
                }
                peaks[i] = usedAfterGc() - before;
                assertEquals(1, frames);
            }
            System.out.printf("interface flood %,10d interfaces (%,d bytes): retained %,7.1f MiB; %s%n", n,
                    20 * n + 80, peaks[i] / 1048576.0, reported);
        }
        assertTrue(peaks[2] <= peaks[0] + peaks[0] / 4 + (8L << 20),
                "pcapng reader memory grows with the interfaces described: " + Arrays.toString(peaks));
        assertTrue(reported.stream().anyMatch(d -> d.code().equals("capture.interface_limit")), reported.toString());
    }

    /** A little-endian pcapng: a section header, {@code count} interface descriptions, one packet on interface 0. */
    private static final class InterfaceFlood extends InputStream {
        private static final byte[] HEADER = new PcapngBuilder(ByteOrder.LITTLE_ENDIAN).toByteArray();
        private static final byte[] INTERFACE = afterHeader(new PcapngBuilder(ByteOrder.LITTLE_ENDIAN)
                .interfaceBlock(LinkType.ETHERNET.wireValue(), 0));
        private static final byte[] PACKET = afterHeader(new PcapngBuilder(ByteOrder.LITTLE_ENDIAN)
                .enhancedPacket(0, 1, new byte[60], 60));
        private final long count;
        private long emitted;
        private byte[] current = Arrays.copyOf(HEADER, HEADER.length);
        private int pos;

        InterfaceFlood(long count) {
            this.count = count;
        }

        /** The blocks a builder wrote after its section header. */
        private static byte[] afterHeader(PcapngBuilder b) {
            byte[] all = b.toByteArray();
            return Arrays.copyOfRange(all, HEADER.length, all.length);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (current == null) {
                return -1;
            }
            int done = 0;
            while (done < len && current != null) {
                int n = Math.min(len - done, current.length - pos);
                System.arraycopy(current, pos, b, off + done, n);
                pos += n;
                done += n;
                if (pos == current.length) {
                    pos = 0;
                    current = emitted < count ? INTERFACE : emitted == count ? PACKET : null;
                    emitted++;
                }
            }
            return done;
        }
    }

    /** What one run saw. */
    record Result(String scenario, long size, long frames, long messages, long peakBytes, long millis,
                  Map<String, Long> diagnostics, Map<TcpEvent.Kind, Long> events, Map<String, Long> findings) {
        @Override
        public String toString() {
            return String.format("%-18s size %,14d: %,11d frames, %,10d messages, peak %,7.1f MiB, %,6d ms; %s %s %s",
                    scenario, size, frames, messages, peakBytes / 1048576.0, millis, diagnostics, events, findings);
        }
    }

    /** Runs {@code scenario} at 1x, 4x and 16x and checks that the peak heap does not grow with it. */
    private static Result flat(String name, long base, ObjLongConsumer<AdversarialTraffic> scenario) {
        Result one = run(name, base * SCALE, scenario);
        Result four = run(name, base * SCALE * 4, scenario);
        Result sixteen = run(name, base * SCALE * 16, scenario);
        System.out.println(one + "\n" + four + "\n" + sixteen);
        long bound = one.peakBytes + one.peakBytes / 4 + (8L << 20);
        assertTrue(four.peakBytes <= bound && sixteen.peakBytes <= bound,
                name + ": peak heap grows with the input:\n" + one + "\n" + four + "\n" + sixteen);
        return sixteen;
    }

    private static Result run(String name, long size, ObjLongConsumer<AdversarialTraffic> scenario) {
        Counter counter = new Counter();
        counter.analyzer = new MidcommsAnalyzer(f -> counter.findings.merge(f.code(), 1L, Long::sum), ANALYSIS);
        Dissector dissector = new Dissector(DissectorOptions.defaults().withLimits(LIMITS), counter);
        AdversarialTraffic traffic = new AdversarialTraffic(dissector);
        // A dry run sizes the sampling interval; the measured run samples the heap SAMPLES times.
        long before = usedAfterGc();
        long started = System.nanoTime();
        counter.sampler = () -> { };
        counter.every = Long.MAX_VALUE;
        Sampler sampler = new Sampler(before);
        counter.sampler = sampler;
        counter.every = Math.max(1, expectedFrames(name, size) / SAMPLES);
        scenario.accept(traffic, size);
        sampler.run();
        dissector.finish();
        long millis = (System.nanoTime() - started) / 1_000_000;
        return new Result(name, size, traffic.frames(), counter.messages, sampler.peak, millis,
                counter.diagnostics, counter.events, counter.findings);
    }

    /** Frames a scenario will send, to spread the heap samples over the run. */
    private static long expectedFrames(String name, long size) {
        return switch (name) {
            case "short connections" -> size * 7;
            case "SYN flood", "spoofed SYN flood" -> size;
            case "never acknowledged" -> size / 5;
            case "endless gap" -> size / AdversarialTraffic.MSS / 2;
            default -> size / AdversarialTraffic.MSS;
        };
    }

    private static long usedAfterGc() {
        System.gc();
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    private static final class Sampler implements Runnable {
        private final long baseline;
        long peak;

        Sampler(long baseline) {
            this.baseline = baseline;
        }

        @Override
        public void run() {
            peak = Math.max(peak, usedAfterGc() - baseline);
        }
    }

    /** Counts what the dissector reports and passes it on to the analyzer; keeps nothing else. */
    private static final class Counter implements DissectionListener {
        final Map<String, Long> diagnostics = new TreeMap<>();
        final Map<String, Long> findings = new TreeMap<>();
        MidcommsAnalyzer analyzer;
        final Map<TcpEvent.Kind, Long> events = new TreeMap<>();
        long messages;
        long frames;
        long every;
        Runnable sampler;

        @Override
        public void onFrame(org.dlminspect.capture.CaptureFrame frame) {
            if (++frames % every == 0) {
                sampler.run();
            }
            analyzer.onFrame(frame);
        }

        @Override
        public void onMessage(DissectedMessage m) {
            messages++;
            analyzer.onMessage(m);
        }

        @Override
        public void onTcpEvent(TcpEvent e) {
            events.merge(e.kind(), 1L, Long::sum);
            analyzer.onTcpEvent(e);
        }

        @Override
        public void onDiagnostic(Diagnostic d) {
            diagnostics.merge(d.code(), 1L, Long::sum);
        }

        @Override
        public void onStageEvent(org.dlminspect.pipeline.StageEvent e) {
            analyzer.onStageEvent(e);
        }

        @Override
        public void onEnd() {
            analyzer.onEnd();
        }
    }
}
