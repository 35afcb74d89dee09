package org.dlminspect.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextTest {
    /** The text epochSeconds had as a StringBuilder: floor seconds, a point, the 9-digit floor remainder. */
    private static String reference(long nanos) {
        StringBuilder sb = new StringBuilder();
        sb.append(Math.floorDiv(nanos, 1_000_000_000L)).append('.');
        String frac = Long.toString(Math.floorMod(nanos, 1_000_000_000L));
        for (int i = frac.length(); i < 9; i++) sb.append('0');
        return sb.append(frac).toString();
    }

    @Test
    void epochSecondsWithNineDecimals() {
        long[] values = {0, 1, 999_999_999, 1_000_000_000, 1_795_554_056_196_138_000L, 1_700_000_000_126_457_000L, -1,
            -999_999_999, -1_000_000_000, -1_000_000_001, 9_999_999_999_999_999L, 1_000_000_000_000_000_000L,
            Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        char[] into = new char[Text.EPOCH_SECONDS_CHARS];
        for (long v : values) {
            assertEquals(reference(v), Text.epochSeconds(v), Long.toString(v));
            assertEquals(reference(v), new String(into, 0, Text.epochSeconds(into, v)), Long.toString(v));
        }
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10; p *= 10) {
            for (long v : new long[] {p - 1, p, -p, -p + 1}) {
                assertEquals(reference(v), Text.epochSeconds(v), Long.toString(v));
            }
        }
    }
}
