package org.dlminspect.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.memory.MemoryBudget;
import org.junit.jupiter.api.Test;

/**
 * {@link TimeOrder} releases frames in (timestamp, file order) whether they arrive in order (its FIFO) or
 * stepped back (its heap), mixed in any proportion; frames stepped back by more than the window pass as
 * they are and are counted late.
 */
class TimeOrderTest {
    private static final long MS = 1_000_000L;

    /** One input frame: its file number, its time and its bytes (the number in its first byte). */
    private record In(long number, long nanos) { }

    /** Reads the given frames in file order. */
    private static final class ListReader implements CaptureReader {
        private final List<In> frames;
        private int next;

        ListReader(List<In> frames) {
            this.frames = frames;
        }

        @Override
        public boolean next(CaptureFrame frame) {
            if (next == frames.size()) return false;
            In f = frames.get(next++);
            int length = 20 + (int) (f.number % 50);
            byte[] d = frame.ensureCapacity(length);
            Arrays.fill(d, 0, length, (byte) f.number);
            frame.set(f.number, f.nanos, 1, (int) (f.number % 3), length, length + 4);
            return true;
        }

        @Override
        public String format() {
            return "test";
        }

        @Override
        public void close() { }
    }

    private static List<long[]> drain(TimeOrder order) throws Exception {
        List<long[]> out = new ArrayList<>();
        CaptureFrame f = new CaptureFrame();
        while (order.next(f)) {
            int n = f.capturedLength();
            byte[] expected = new byte[n];
            Arrays.fill(expected, (byte) f.number());
            assertArrayEquals(expected, Arrays.copyOf(f.data(), n), "bytes of frame " + f.number());
            assertEquals(n + 4, f.originalLength());
            assertEquals(f.number() % 3, f.interfaceId());
            out.add(new long[] {f.number(), f.epochNanos()});
        }
        return out;
    }

    /** Frames mostly in order, with runs stepped back by up to {@code maxStep}, like a capture of two interfaces. */
    private static List<In> mixed(long seed, int count, long maxStep) {
        Random r = new Random(seed);
        List<In> in = new ArrayList<>();
        long t = 1_000 * MS;
        for (int i = 1; i <= count; i++) {
            t += r.nextInt(3) * MS / 10; // equal times too: file order must break ties
            long at = t;
            if (r.nextInt(10) == 0) at -= 1 + (long) (r.nextDouble() * maxStep);
            in.add(new In(i, at));
        }
        return in;
    }

    @Test
    void releasesEveryFrameInTimeThenFileOrderWithinTheWindow() throws Exception {
        for (long seed = 1; seed <= 20; seed++) {
            List<In> in = mixed(seed, 3_000, 50 * MS);
            AtomicReference<CaptureOrder> report = new AtomicReference<>();
            TimeOrder order = new TimeOrder(new ListReader(in), new TimeOrderOptions(100 * MS, 64L << 20),
                    MemoryBudget.unlimited().account("order"), report::set);
            List<long[]> out = drain(order);

            List<In> sorted = new ArrayList<>(in);
            sorted.sort(Comparator.comparingLong(In::nanos)); // stable: file order among equal times
            assertEquals(sorted.size(), out.size());
            for (int i = 0; i < out.size(); i++) {
                assertEquals(sorted.get(i).number(), out.get(i)[0], "seed " + seed + " position " + i);
                assertEquals(sorted.get(i).nanos(), out.get(i)[1]);
            }
            CaptureOrder o = report.get();
            assertEquals(3_000, o.frames());
            assertEquals(0, o.late());
            assertEquals(stepsBack(in), o.reordered());
            assertFalse(o.inOrder());
        }
    }

    @Test
    void aFrameSteppedBackBeyondTheWindowPassesAsItIsAndIsLate() throws Exception {
        List<In> in = List.of(new In(1, 10 * MS), new In(2, 20 * MS), new In(3, 400 * MS), new In(4, 15 * MS),
                new In(5, 390 * MS), new In(6, 401 * MS));
        AtomicReference<CaptureOrder> report = new AtomicReference<>();
        TimeOrder order = new TimeOrder(new ListReader(in), new TimeOrderOptions(100 * MS, 64L << 20),
                MemoryBudget.unlimited().account("order"), report::set);
        long[] numbers = drain(order).stream().mapToLong(f -> f[0]).toArray();
        // 1 and 2 leave when 3 (300 ms later) is read; 4 is then late; 5 steps back within the window
        assertArrayEquals(new long[] {1, 2, 4, 5, 3, 6}, numbers);
        CaptureOrder o = report.get();
        assertEquals(1, o.late());
        assertEquals(5 * MS, o.largestLateNanos());
        assertEquals(4, o.firstLateFrame());
        assertEquals(2, o.reordered());
        assertEquals(385 * MS, o.largestStepNanos());
        assertEquals(4, o.largestStepFrame());
    }

    @Test
    void chargesWhatItHoldsAndReleasesItAll() throws Exception {
        MemoryBudget budget = MemoryBudget.unlimited();
        var account = budget.account("order");
        TimeOrder order = new TimeOrder(new ListReader(mixed(7, 20_000, 10 * MS)), TimeOrderOptions.DEFAULTS, account, null);
        CaptureFrame f = new CaptureFrame();
        assertEquals(true, order.next(f)); // 5 s window: all 20,000 frames (2 s of traffic) are held now
        long held = account.used();
        assertEquals(true, held > 19_999L * (20 + FrameRing.SLOT_BYTES), "charged " + held);
        while (order.next(f)) { }
        assertEquals(true, account.used() < held, "the large arrays are given back once empty: " + account.used());
        order.close();
        assertEquals(0, account.used());
    }

    private static long stepsBack(List<In> in) {
        long newest = Long.MIN_VALUE;
        long n = 0;
        for (In f : in) {
            if (f.nanos < newest) n++;
            else newest = f.nanos;
        }
        return n;
    }
}
