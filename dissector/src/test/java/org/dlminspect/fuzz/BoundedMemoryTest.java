package org.dlminspect.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
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
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.tcp.TcpEvent;
import org.junit.jupiter.api.Test;

/**
 * The REAL heap a run holds stays within the memory budget, however large the hostile input: each scenario runs
 * at 1x, 4x and 16x its base size through a {@link Dissector} and the {@link MidcommsAnalyzer} that share ONE
 * {@link MemoryBudget} of {@link #BUDGET} (every other limit at its default, so the budget is what bounds them),
 * and the heap the run holds (used heap after a full collection, sampled {@link #SAMPLES} times during the
 * run, minus the same before it) must be at most the budget plus {@link #OVERHEAD}, the objects no stage
 * charges (the stages themselves, decoders' scratch buffers, the traffic generator). Only full collections
 * measure it: after a young one the heap still holds the old generation's garbage, so a sample whose
 * {@code System.gc()} ran no full collection (as the JVM's full-collection counters show) fails the test instead
 * of reading a number that means nothing. The budget's own accounting must also stay within its limit plus one
 * charge.
 *
 * <p>Scenarios: a million short connections (16x), a flood of a million SYNs (16x), from a few addresses or each
 * from its own, a gigabyte of out-of-order data whose holes are never filled, an endless run of sequence gaps, a
 * node pair that never acknowledges a million messages, and 16,384 node pairs each with the nine colliding seqs
 * of #16 defect 1. Each must also report the limit it hit or what it found.
 * {@code -Ddlminspect.memory.scale=N} multiplies every size (the benchmark in docs/fuzzing.md).
 */
class BoundedMemoryTest {
    /** The budget of every run: small, so that every scenario reaches it at 1x. */
    static final long BUDGET = 8L << 20;
    /** What no stage charges: the Dissector, decoders and their scratch buffers, the analyzer's maps' tables. */
    static final long OVERHEAD = 8L << 20;
    /** The largest single charge a stage makes and then gives back when the budget refuses it. */
    private static final long LARGEST_CHARGE = 128L << 10;
    private static final List<GarbageCollectorMXBean> FULL_COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans()
            .stream().filter(b -> fullCollector(b.getName())).toList();
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
        assertTrue(r.diagnostics.containsKey("memory.budget"), r.toString());
    }

    @Test
    void aSynFlood() {
        Result r = flat("SYN flood", 65536, (t, n) -> {
            for (int i = 0; i < n; i++) {
                t.syn(0x0C000000 + i / 60000, 1024 + i % 60000);
            }
        });
        assertTrue(r.diagnostics.containsKey("memory.budget"), r.toString());
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
        assertTrue(r.diagnostics.containsKey("memory.budget"), r.toString());
    }

    @Test
    void aNodePairThatNeverAcknowledges() {
        Result r = flat("never acknowledged", 65536, (t, n) -> {
            t.open(0x0A630002, 40002);
            t.neverAcknowledged(0x0A630002, 40002, n);
        });
        assertTrue(r.findings.containsKey("ack.missing") || r.findings.containsKey("ack.backlog"), r.toString());
    }

    /**
     * #16 defect 1: node pairs (1,024 at 1x) each sending nine OPTS with seqs 0, 256, ..., 32768, never
     * acknowledged. Before, every direction's ring doubled to 65,536 slots: 3.5 MB per pair.
     */
    @Test
    void thousandsOfPairsWithCollidingSeqs() {
        Result r = flat("colliding seqs", 1024, (t, n) -> {
            for (int i = 0; i < n; i++) {
                t.collidingSeqs(0x0F000000 + i, 40000);
            }
        });
        assertTrue(r.messages >= 9 * 1024, r.toString());
        assertTrue(r.findings.containsKey("analysis.limit"), r.toString());
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
    record Result(String scenario, long size, long frames, long messages, long peakBytes, long budgetPeak,
                  long millis, Map<String, Long> diagnostics, Map<TcpEvent.Kind, Long> events,
                  Map<String, Long> findings) {
        @Override
        public String toString() {
            return String.format("%-18s size %,14d: %,11d frames, %,10d messages, heap %,7.1f MiB (budget peak %,5.1f MiB),"
                    + " %,6d ms; %s %s %s", scenario, size, frames, messages, peakBytes / 1048576.0,
                    budgetPeak / 1048576.0, millis, diagnostics, events, findings);
        }
    }

    /** Runs {@code scenario} at 1x, 4x and 16x and checks that the real heap stays within the budget each time. */
    private static Result flat(String name, long base, ObjLongConsumer<AdversarialTraffic> scenario) {
        Result one = run(name, base * SCALE, scenario);
        Result four = run(name, base * SCALE * 4, scenario);
        Result sixteen = run(name, base * SCALE * 16, scenario);
        System.out.println(one + "\n" + four + "\n" + sixteen);
        for (Result r : new Result[] {one, four, sixteen}) {
            assertTrue(r.peakBytes <= BUDGET + OVERHEAD, name + ": the running pipeline held " + r.peakBytes
                    + " bytes of heap, more than the budget of " + BUDGET + " + " + OVERHEAD + ":\n" + one + "\n"
                    + four + "\n" + sixteen);
            assertTrue(r.budgetPeak <= BUDGET + LARGEST_CHARGE, name + ": budget peak " + r.budgetPeak + "\n" + r);
        }
        return sixteen;
    }

    private static Result run(String name, long size, ObjLongConsumer<AdversarialTraffic> scenario) {
        Counter counter = new Counter();
        MemoryBudget budget = new MemoryBudget(BUDGET);
        counter.analyzer = new MidcommsAnalyzer(f -> counter.findings.merge(f.code(), 1L, Long::sum),
                AnalyzerOptions.defaults(), budget);
        Dissector dissector = new Dissector(DissectorOptions.defaults(), counter, budget);
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
        return new Result(name, size, traffic.frames(), counter.messages, sampler.peak, budget.peak(), millis,
                counter.diagnostics, counter.events, counter.findings);
    }

    /** Frames a scenario will send, to spread the heap samples over the run. */
    private static long expectedFrames(String name, long size) {
        return switch (name) {
            case "short connections" -> size * 7;
            case "SYN flood", "spoofed SYN flood" -> size;
            case "never acknowledged" -> size / 5;
            case "colliding seqs" -> size * 4;
            case "endless gap" -> size / AdversarialTraffic.MSS / 2;
            default -> size / AdversarialTraffic.MSS;
        };
    }

    /**
     * The used heap right after a full collection. Fails when {@code System.gc()} ran none (for example with
     * {@code -XX:+ExplicitGCInvokesConcurrent} or {@code -XX:+DisableExplicitGC}): what a young collection leaves
     * includes the old generation's garbage, so it cannot tell what the run retains.
     */
    static long usedAfterGc() {
        if (FULL_COLLECTORS.isEmpty()) {
            throw new AssertionError("no full-heap collector among " + ManagementFactory.getGarbageCollectorMXBeans()
                    .stream().map(GarbageCollectorMXBean::getName).toList() + ": cannot measure the heap");
        }
        long before = fullCollections();
        System.gc();
        long used = MEMORY.getHeapMemoryUsage().getUsed();
        if (fullCollections() == before) {
            throw new AssertionError("System.gc() ran no full collection: cannot measure the retained heap");
        }
        return used;
    }

    private static long fullCollections() {
        long n = 0;
        for (GarbageCollectorMXBean b : FULL_COLLECTORS) {
            n += b.getCollectionCount();
        }
        return n;
    }

    /** The collectors whose every collection covers the whole heap (Serial, Parallel, G1 full; ZGC, Shenandoah). */
    private static boolean fullCollector(String name) {
        return name.equals("MarkSweepCompact") || name.equals("PS MarkSweep") || name.equals("G1 Old Generation")
                || name.equals("ZGC Cycles") || name.equals("ZGC Major Cycles") || name.equals("Shenandoah Cycles");
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
