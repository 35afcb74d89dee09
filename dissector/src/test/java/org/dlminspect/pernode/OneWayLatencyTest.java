package org.dlminspect.pernode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OneWayLatencyTest {
    @Test
    void quantilesWithinOnePercentMinAndMaxExact() {
        OneWayLatency l = new OneWayLatency();
        for (int i = 1; i <= 1000; i++) l.add(i * 10_000L); // 10 µs .. 10 ms
        assertEquals(1000, l.count());
        assertEquals(10_000, l.min());
        assertEquals(10_000_000, l.max());
        assertEquals(5_000_000, l.quantile(0.5), 50_000);
        assertEquals(9_900_000, l.quantile(0.99), 99_000);
        assertEquals(10_000, l.quantile(0.0001));
    }

    @Test
    void negativeDelaysFromClockErrorCountAsZero() {
        OneWayLatency l = new OneWayLatency();
        l.add(-500);
        l.add(250);
        assertEquals(0, l.min());
        assertEquals(250, l.max());
        assertEquals(0, l.quantile(0.5));
        assertEquals(0, new OneWayLatency().quantile(0.5));
    }
}
