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
 * the limit plus at most one charge; and the REAL heap the running dissector retains (used heap after a full GC
 * with it alive before its end, minus the same after its end, the analyzer alive in both) is at most the budget
 * plus {@link #HEAP_SLACK}; and so is what the analyzer retains (minus the same once it is gone): the analyzer
 * charges the same budget (account "analysis"). Before it did, its heap was unbounded by the budget: this target
 * found #16 defect 1 (SeqRing amplification, 6 MB from a few OPTS) in its first campaign.
 *
 * <p>Which runs are measured: a stage cannot retain more heap than the run allocated (the pipeline runs on this
 * thread only, and what it holds from before the run, the options, the budget and the harness, stays alive after
 * it too), so a run whose thread allocated at most the budget plus the slack passes the check without a full GC:
 * that is proven by the JVM's own count ({@code ThreadMXBean.getCurrentThreadAllocatedBytes}). Every run that
 * allocated more could fail, and is measured with full GCs, at most one in {@link #MEASURE_GAP} runs (full GCs
 * cost tens of milliseconds each). The first campaigns measured every 4,096th run, most of which could not fail:
 * those full GCs took a tenth of the run time. Each measurement prints one line to standard error.
 */
final class PipelineRun extends DissectorFuzzTest.Checker {
    static final long BUDGET = 1L << 20;
    /** Of the runs that could fail the heap check, at most one in this many runs is measured. */
    static final long MEASURE_GAP = 1024;
    /** Objects not charged to any account: the stages themselves, the decoders' scratch buffers, the reader. */
    static final long HEAP_SLACK = 2L << 20;
    /** The largest single charge a stage makes (a 64 KiB comparison window with its header). */
    private static final long LARGEST_CHARGE = 128L << 10;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final com.sun.management.ThreadMXBean THREAD =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** Built once: {@code DissectorOptions.defaults()} builds a 64 Ki-bit port set. */
    private static final DissectorOptions OPTIONS = DissectorOptions.defaults();
    /** One frame for every run (the reader overwrites it): a fresh one costs a 64 KiB array per run. */
    private static final CaptureFrame FRAME = new CaptureFrame();
    private static long runs;
    private static long lastMeasured = -MEASURE_GAP;
    private static long measurements;

    /** What this thread had allocated before the run built anything: all the run's state is allocated after. */
    private final long allocatedBefore = THREAD.getCurrentThreadAllocatedBytes();
    private final MemoryBudget budget = new MemoryBudget(BUDGET);
    private MidcommsAnalyzer analyzer = new MidcommsAnalyzer(f -> MidcommsAnalyzerFuzzTest.checkFinding(f, frame),
            org.dlminspect.analysis.AnalyzerOptions.defaults(), budget);

    void run(CaptureReader reader) throws IOException {
        runs++;
        Dissector dissector = new Dissector(OPTIONS, FanOut.of(this, analyzer), budget);
        CaptureFrame f = FRAME;
        f.set(0, 0, 0, 0, 0, 0);
        while (reader.next(f)) {
            dissector.process(f);
        }
        boolean measureDissector = couldFail();
        long during = measureDissector ? usedAfterGc() : 0;
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
        // The analyzer's end (summaries, the last findings) allocated too: it may now be able to fail.
        if (measureDissector || couldFail()) {
            long allocated = allocated();
            long afterDissector = usedAfterGc();
            long dissectorRetained = measureDissector ? during - afterDissector : -1;
            if (measureDissector) {
                check("dissector", dissectorRetained);
            }
            boolean analysisBudgeted = budget.accounts().stream().anyMatch(a -> a.stage().startsWith("analysis"));
            analyzer = null;
            long analyzerRetained = analysisBudgeted ? afterDissector - usedAfterGc() : -1;
            if (analysisBudgeted) {
                check("analyzer", analyzerRetained);
            }
            lastMeasured = runs;
            System.err.println("PipelineRun heap check " + ++measurements + " at run " + runs + ": allocated " + allocated
                    + " bytes; retained by the dissector " + dissectorRetained + ", by the analyzer " + analyzerRetained
                    + " (-1: not measured); budget " + BUDGET + " + slack " + HEAP_SLACK);
        }
    }

    /** For tests: the next run that allocates enough to fail is measured, whenever the last measurement was. */
    static void measureNextRun() {
        lastMeasured = runs - MEASURE_GAP;
    }

    /** How many runs this JVM measured. */
    static long measurements() {
        return measurements;
    }

    /** Bytes this thread allocated since the run began: at least what any stage of the run can retain. */
    private long allocated() {
        long now = THREAD.getCurrentThreadAllocatedBytes();
        return now < 0 || allocatedBefore < 0 ? Long.MAX_VALUE : now - allocatedBefore; // -1: the JVM does not count
    }

    /** The run allocated enough to fail the heap check, and none was measured in the last {@link #MEASURE_GAP} runs. */
    private boolean couldFail() {
        return allocated() > BUDGET + HEAP_SLACK && runs - lastMeasured >= MEASURE_GAP;
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
