package org.dlminspect.fuzz;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import org.dlminspect.analysis.MidcommsAnalyzer;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.pipeline.FanOut;

/**
 * One run of the whole pipeline with the midcomms analyzer under the smallest memory budget (1 MiB), checked
 * as {@link DissectorFuzzTest.Checker} checks it, plus: every finding well formed; after the end the
 * reassembly and framing accounts hold nothing (what they charged they released); the budget's peak is
 * the limit plus at most one charge; and every {@link #HEAP_EVERY}th run the REAL heap the running
 * dissector retains (used heap after a full GC with it alive before its end, minus the same after its end,
 * the analyzer alive in both) is at most the budget plus {@link #HEAP_SLACK}; and so is what the analyzer
 * retains (minus the same once it is gone): the analyzer charges the same budget (account "analysis"). Before
 * it did, its heap was unbounded by the budget: this target found #16 defect 1 (SeqRing amplification, 6 MB
 * from a few OPTS) in its first campaign.
 */
final class PipelineRun extends DissectorFuzzTest.Checker {
    static final long BUDGET = 1L << 20;
    static final long HEAP_EVERY = 4096;
    /** Objects not charged to any account: the stages themselves, the decoders' scratch buffers, the reader. */
    static final long HEAP_SLACK = 2L << 20;
    /** The largest single charge a stage makes (a 64 KiB comparison window with its header). */
    private static final long LARGEST_CHARGE = 128L << 10;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static long runs;

    private final MemoryBudget budget = new MemoryBudget(BUDGET);
    private MidcommsAnalyzer analyzer = new MidcommsAnalyzer(f -> MidcommsAnalyzerFuzzTest.checkFinding(f, frame),
            org.dlminspect.analysis.AnalyzerOptions.defaults(), budget);

    void run(CaptureReader reader) throws IOException {
        boolean measure = ++runs % HEAP_EVERY == 0;
        Dissector dissector = new Dissector(DissectorOptions.defaults(), FanOut.of(this, analyzer), budget);
        CaptureFrame f = new CaptureFrame();
        while (reader.next(f)) {
            dissector.process(f);
        }
        long during = measure ? usedAfterGc() : 0;
        dissector.finish();
        dissector = null;
        if (ends() != 1) {
            throw new AssertionError("onEnd heard " + ends() + " times");
        }
        for (Account a : budget.accounts()) {
            if ((a.stage().equals("tcp") || a.stage().equals("framing")) && a.used() != 0) {
                throw new AssertionError("account " + a.stage() + " still holds " + a.used() + " bytes after the end");
            }
        }
        if (budget.peak() > budget.limit() + LARGEST_CHARGE) {
            throw new AssertionError("budget peak " + budget.peak() + " over the limit " + budget.limit());
        }
        if (measure) {
            long afterDissector = usedAfterGc();
            check("dissector", during - afterDissector);
            boolean analysisBudgeted = budget.accounts().stream().anyMatch(a -> a.stage().startsWith("analysis"));
            analyzer = null;
            if (analysisBudgeted) {
                check("analyzer", afterDissector - usedAfterGc());
            }
        }
    }

    private static void check(String stage, long retained) {
        if (retained > BUDGET + HEAP_SLACK) {
            throw new AssertionError("the running " + stage + " retained " + retained + " bytes of heap, budget " + BUDGET);
        }
    }

    private static long usedAfterGc() {
        System.gc();
        System.gc();
        return MEMORY.getHeapMemoryUsage().getUsed();
    }
}
