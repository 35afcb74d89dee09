package org.dlminspect.cli.report;

import java.util.Arrays;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;

/**
 * The time of any frame seen, approximately, from a bounded sample: per input file, the (frame number, time) of
 * every {@code stride}-th frame, at most {@link #SAMPLES}; when full, every other sample is dropped and the
 * stride doubles. A frame's time is bounded by the samples around it: not later than the one before, not earlier
 * than the one after (with sparse traffic they can be seconds apart, so the report uses the bound that keeps a
 * band inside the truth). The report needs it for episode bands: a finding names frames long gone when it is
 * reported (a run of refused connects is reported once, naming its first and last frame), and its band should
 * cover them.
 */
final class FrameClock {
    static final int SAMPLES = 4096;
    /** Input files timed; frames of files beyond are not (a per-node capture set has one file per node). */
    static final int MAX_FILES = 64;
    private static final long COST = 2 * HeapCost.longArray(SAMPLES) + HeapCost.object(32);

    private static final class File {
        final long[] numbers = new long[SAMPLES];
        final long[] nanos = new long[SAMPLES];
        int size;
        long stride = 1;
    }

    private final Account account;
    private final File[] files = new File[MAX_FILES];
    private boolean full;

    FrameClock(Account account) {
        this.account = account;
    }

    void frame(long ref, long epochNanos) {
        int f = FrameRef.file(ref);
        if (f >= MAX_FILES) return;
        File file = files[f];
        if (file == null) {
            if (full) return;
            if (!account.charge(COST)) {
                account.release(COST);
                full = true; // the budget is spent: frames of new files stay untimed, bands fall back to findings
                return;
            }
            file = files[f] = new File();
        }
        long number = FrameRef.number(ref);
        if (file.size > 0 && (number % file.stride != 0 || number <= file.numbers[file.size - 1])) return;
        if (file.size == SAMPLES) {
            for (int i = 0; i < SAMPLES / 2; i++) {
                file.numbers[i] = file.numbers[2 * i];
                file.nanos[i] = file.nanos[2 * i];
            }
            file.size = SAMPLES / 2;
            file.stride *= 2;
            if (number % file.stride != 0) return;
        }
        file.numbers[file.size] = number;
        file.nanos[file.size] = epochNanos;
        file.size++;
    }

    /**
     * The time of frame {@code ref} from the nearest sample: the last at or before it ({@code later} false: not
     * after the frame's time, as frames are in time order within a file) or the first at or after it ({@code
     * later} true: not before it). {@code Long.MIN_VALUE} when there is no such sample.
     */
    long nanosOf(long ref, boolean later) {
        int f = FrameRef.file(ref);
        File file = f < MAX_FILES ? files[f] : null;
        if (file == null || file.size == 0 || ref <= 0) return Long.MIN_VALUE;
        int i = Arrays.binarySearch(file.numbers, 0, file.size, FrameRef.number(ref));
        if (i < 0) i = later ? -i - 1 : -i - 2;
        return i < 0 || i >= file.size ? Long.MIN_VALUE : file.nanos[i];
    }
}
