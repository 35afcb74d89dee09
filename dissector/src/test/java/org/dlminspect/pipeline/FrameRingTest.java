package org.dlminspect.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;
import org.dlminspect.capture.CaptureFrame;
import org.junit.jupiter.api.Test;

/** {@link FrameRing} gives back every frame as it was added, in order, across wraps of its byte ring and growth. */
class FrameRingTest {

    private static byte[] bytesOf(long number, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) b[i] = (byte) (number * 31 + i);
        return b;
    }

    @Test
    void aFifoAcrossWrapsAndGrowth() {
        Random r = new Random(15);
        FrameRing ring = new FrameRing();
        ArrayDeque<long[]> expected = new ArrayDeque<>();
        CaptureFrame in = new CaptureFrame();
        CaptureFrame out = new CaptureFrame();
        long next = 1;
        long growths = 0;
        long lastCapacity = ring.capacityBytes();
        for (int step = 0; step < 200_000; step++) {
            // phases that fill (growing the arrays), drain and hover (wrapping the byte ring)
            int phase = (step / 20_000) % 3;
            boolean add = expected.isEmpty() || (phase == 0 ? r.nextInt(10) < 8 : phase == 1 ? r.nextInt(10) < 2 : r.nextBoolean());
            if (add) {
                int length = r.nextInt(100) == 0 ? 20_000 + r.nextInt(60_000) : r.nextInt(400);
                long number = next++;
                byte[] d = in.ensureCapacity(length);
                System.arraycopy(bytesOf(number, length), 0, d, 0, length);
                in.set(number, number * 1000, 1 + (int) (number % 2), (int) (number % 5), length, length + 7);
                ring.add(in, number + 100);
                expected.addLast(new long[] {number, length});
                assertEquals(number * 1000, ring.lastNanos());
            } else {
                long[] e = expected.pollFirst();
                assertEquals(e[0] * 1000, ring.headNanos());
                assertEquals(e[0] + 100, ring.headArrival());
                ring.removeHead(out);
                int length = (int) e[1];
                assertEquals(e[0], out.number());
                assertEquals(e[0] * 1000, out.epochNanos());
                assertEquals(1 + (int) (e[0] % 2), out.linkType());
                assertEquals((int) (e[0] % 5), out.interfaceId());
                assertEquals(length, out.capturedLength());
                assertEquals(length + 7, out.originalLength());
                assertArrayEquals(bytesOf(e[0], length), Arrays.copyOf(out.data(), length), "frame " + e[0]);
            }
            assertEquals(expected.size(), ring.size());
            assertTrue(ring.heldBytes() <= ring.capacityBytes(), "held " + ring.heldBytes() + " of " + ring.capacityBytes());
            if (ring.capacityBytes() > lastCapacity) growths++;
            lastCapacity = ring.capacityBytes();
        }
        assertTrue(growths >= 3, "the arrays grew " + growths + " times");
        long big = ring.capacityBytes();
        while (!ring.isEmpty()) ring.removeHead(out);
        ring.clear();
        assertTrue(ring.capacityBytes() < big, "clear gives the large arrays back");
        assertEquals(0, ring.heldBytes());
    }
}
