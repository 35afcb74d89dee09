package org.dlminspect.cli;

/**
 * Whether read and analyze run their listeners on a second thread ({@link org.dlminspect.pipeline.BackgroundListener}:
 * reading, reassembly and framing on one core; field decoding and rendering, or the analysis, on the other), or on
 * the Dissector's own thread (one core, a busy machine, or {@code DLM_INSPECT_THREADS=1}).
 * The output is the same either way; bench/run compares the two. analyze hands over only the analyzer, which needs no frame
 * events: 15% faster at 12M frames, even at 3M (where JIT warm-up dominates).
 */
final class Threads {
    private Threads() { }

    /**
     * {@code DLM_INSPECT_THREADS=1} or {@code 2} decides; otherwise two threads when a second core is there
     * and idle enough to take the work (1-minute load average below cores - 0.5). On a busy machine the
     * second thread gets no extra CPU time (measured: same wall time, 25% more CPU for the hand-over).
     */
    static boolean secondThread() {
        String threads = System.getenv("DLM_INSPECT_THREADS");
        if (threads != null && threads.trim().equals("1")) return false;
        if (threads != null && threads.trim().equals("2")) return true;
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores < 2) return false;
        double load = loadAverage();
        return load < 0 || load < cores - 0.5;
    }

    /** The 1-minute load average, or -1 when the system does not tell (not Linux). */
    private static double loadAverage() {
        try {
            String text = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"));
            int space = text.indexOf(' ');
            return Double.parseDouble(space < 0 ? text.trim() : text.substring(0, space));
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }
}
