package org.dlminspect.cli;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Whether read and analyze run their listeners on a second thread ({@link org.dlminspect.pipeline.BackgroundListener}:
 * reading, reassembly and framing on one core; field decoding and rendering, or the analysis, on the other), or on
 * the Dissector's own thread (one core, a busy machine, or {@code DLM_INSPECT_THREADS=1}).
 * The output is the same either way; bench/run compares the two. analyze hands over only the analyzer, which needs no frame
 * events: 15% faster at 12M frames, even at 3M (where JIT warm-up dominates).
 */
final class Threads {
    /**
     * Looks at the run queue this many times and keeps the fewest: the count and our threads' states are read one
     * after the other, and one of ours (a JIT compiler thread) that goes to sleep in between looks like another
     * process's; a competitor that keeps a core busy is there at every look.
     */
    private static final int SAMPLES = 2;

    private static Boolean decided;

    private Threads() { }

    /**
     * {@code DLM_INSPECT_THREADS=1} or {@code 2} decides; otherwise two threads when a second core is there and idle
     * now ({@link #decide}). On a busy machine the second thread gets no extra CPU time (measured: same wall time, 25%
     * more CPU for the hand-over). Decided once per run: the reader's decompression asks too.
     */
    static synchronized boolean secondThread() {
        String threads = System.getenv("DLM_INSPECT_THREADS");
        if (threads != null && threads.trim().equals("1")) return false;
        if (threads != null && threads.trim().equals("2")) return true;
        if (decided == null) {
            int cores = Runtime.getRuntime().availableProcessors();
            int others = cores >= 2 ? othersRunnable() : -1;
            decided = decide(cores, others >= 0 ? -1 : loadAverage(), others);
        }
        return decided;
    }

    /** Whether a compressed capture file is decompressed on a thread of its own: when a second core is idle. */
    static boolean decompressAhead() {
        return secondThread();
    }

    /**
     * The decision, from what the system says now.
     *
     * <p>The 1-minute load average alone misjudged runs made one after the other (a user's loop, bench/run alternating
     * with tshark): it stays above 1.5 on 2 cores for a minute after the previous run although nothing else runs when
     * this one starts, and those runs lost their second thread. So the instantaneous run queue decides when the system
     * gives it: the threads of other processes running or waiting for a core (ours left out: the JIT compiles on
     * start-up). Two threads when, beside our own first thread, that leaves a core for the second.
     *
     * @param loadAverage    the 1-minute load average, or negative when unknown: decides only without the run queue
     * @param othersRunnable runnable threads of other processes (the fewest seen in a few looks), or negative when unknown
     */
    static boolean decide(int cores, double loadAverage, int othersRunnable) {
        if (cores < 2) return false;
        if (othersRunnable >= 0) return othersRunnable <= cores - 2;
        return loadAverage < 0 || loadAverage < cores - 0.5;
    }

    /** The 1-minute load average, or -1 when the system does not tell (not Linux). */
    private static double loadAverage() {
        try {
            byte[] buf = new byte[128];
            return loadAverage(new String(buf, 0, head("/proc/loadavg", buf), StandardCharsets.ISO_8859_1));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The first field of {@code /proc/loadavg}. */
    static double loadAverage(String loadavg) {
        String text = loadavg.trim();
        int space = text.indexOf(' ');
        return Double.parseDouble(space < 0 ? text : text.substring(0, space));
    }

    /**
     * Runnable threads of other processes, the fewest of {@link #SAMPLES} looks; -1 when the system does not tell.
     * Plain file reads of a few bytes: at start-up this runs interpreted, and NIO's readString cost milliseconds.
     */
    private static int othersRunnable() {
        try {
            byte[] buf = new byte[128];
            int fewest = Integer.MAX_VALUE;
            for (int i = 0; i < SAMPLES; i++) {
                int all = runnable(new String(buf, 0, head("/proc/loadavg", buf), StandardCharsets.ISO_8859_1));
                if (all < 0) return -1;
                if (all <= 1) return 0; // the one running is the thread reading it: no need to look at ours
                String[] tasks = new File("/proc/self/task").list();
                if (tasks == null) return -1;
                int ours = 0;
                for (String task : tasks) {
                    try {
                        int n = head("/proc/self/task/" + task + "/stat", buf);
                        if (running(new String(buf, 0, n, StandardCharsets.ISO_8859_1))) ours++;
                    } catch (IOException e) {
                        // the thread ended meanwhile
                    }
                }
                fewest = Math.min(fewest, Math.max(0, all - ours));
            }
            return fewest;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The first bytes of a file, up to {@code buf}'s length (enough for a thread's name and state). */
    private static int head(String file, byte[] buf) throws IOException {
        try (FileInputStream in = new FileInputStream(file)) {
            int n = in.read(buf, 0, buf.length);
            return Math.max(n, 0);
        }
    }

    /**
     * The threads running or runnable now, system-wide: the number before the slash in the fourth field of
     * {@code /proc/loadavg} ("0.32 0.50 0.33 1/81 6877": 1, which counts the thread reading it); -1 if absent.
     */
    static int runnable(String loadavg) {
        String[] fields = loadavg.trim().split(" ");
        if (fields.length < 4) return -1;
        int slash = fields[3].indexOf('/');
        if (slash <= 0) return -1;
        return Integer.parseInt(fields[3].substring(0, slash));
    }

    /**
     * Whether a {@code /proc/PID/task/TID/stat} line is of a thread running or runnable (state R, the field after the
     * command name in parentheses, which may itself hold spaces and parentheses).
     */
    static boolean running(String stat) {
        int close = stat.lastIndexOf(')');
        return close >= 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'R';
    }
}
