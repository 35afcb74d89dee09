package org.dlminspect.cli;

import org.dlminspect.DiagnosticSink;
import org.dlminspect.pipeline.BackgroundListener;
import org.dlminspect.pipeline.DissectionListener;

/**
 * Where read and analyze run their listener: on a second thread ({@link BackgroundListener}: reading,
 * reassembly and framing on one core; field decoding and rendering, or the analysis, on the other), or on
 * the Dissector's own thread (one core, a busy machine, or {@code DLM_INSPECT_THREADS=1}; see {@link #enabled()}).
 * The output is the same either way; bench/run compares the two. analyze hands over only the analyzer, which needs no frame
 * events: 15% faster at 12M frames, even at 3M (where JIT warm-up dominates).
 */
final class Background implements AutoCloseable {
    private final BackgroundListener background;
    private final DissectionListener direct;

    private Background(BackgroundListener background, DissectionListener direct) {
        this.background = background;
        this.direct = direct;
    }

    static Background of(DissectionListener listener) {
        return enabled() ? new Background(new BackgroundListener(listener), null) : new Background(null, listener);
    }

    /**
     * {@code DLM_INSPECT_THREADS=1} or {@code 2} decides; otherwise two threads when a second core is there
     * and idle enough to take the work (1-minute load average below cores - 0.5). On a busy machine the
     * second thread gets no extra CPU time (measured: same wall time, 25% more CPU for the hand-over).
     */
    static boolean enabled() {
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

    /** The listener to give the Dissector. */
    DissectionListener listener() {
        return background != null ? background : direct;
    }

    /** A sink for the capture reader's diagnostics that keeps them in order with the listener's events. */
    DiagnosticSink diagnostics(DiagnosticSink sink) {
        return background != null ? background.diagnostics(sink) : sink;
    }

    @Override
    public void close() {
        if (background != null) background.close();
    }
}
