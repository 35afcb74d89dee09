package org.dlminspect.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** AsciiText writes what the StringBuilder forms write: numbers, hex, escapes, and every -t time format. */
class AsciiTextTest {
    private static final long[] NUMBERS = {0, 1, 9, 10, 15, 16, 255, 256, 0x10003, 99999, 0x7FFFFFFFL, 0xFFFFFFFFL,
        Long.MAX_VALUE, -1, -10, Integer.MIN_VALUE, Long.MIN_VALUE};

    @Test
    void numbersAsTheStringForms() {
        for (long v : NUMBERS) {
            assertEquals(Long.toString(v), new AsciiText(1).append(v).toString());
            assertEquals(Long.toUnsignedString(v), new AsciiText(1).appendUnsigned(v).toString());
            assertEquals("0x" + Long.toHexString(v), new AsciiText(1).appendHex(v).toString());
        }
    }

    @Test
    void textCharactersAndEscapesGrowTheBuffer() {
        AsciiText t = new AsciiText(1);
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            t.append("ab").append('c').appendEscapedByte(i & 0xFF);
            expected.append("abc").append(String.format("\\x%02x", i & 0xFF));
        }
        assertEquals(expected.toString(), t.toString());
        assertEquals(expected.length(), t.length());
        assertEquals("> " + expected, t.appendTo(new StringBuilder("> ")).toString());
        assertEquals("", t.clear().toString());
    }

    @Test
    void timesAsTheStringBuilderForm() {
        long[] times = {0, 1, 999, 1_000_000_000L, 1_795_554_056_196_138_123L, -1, -1_500_000_001L, 86_400_000_000_123L,
            Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        for (TimeFormat.Mode mode : TimeFormat.Mode.values()) {
            for (int precision = 0; precision <= 9; precision++) {
                TimeFormat f = new TimeFormat(mode, precision, ZoneId.of("UTC"));
                for (long t : times) {
                    for (long other : new long[] {0, t, 1_000_000_000L, Long.MIN_VALUE}) {
                        String expected;
                        try {
                            expected = f.append(new StringBuilder(), t, other, other).toString();
                        } catch (RuntimeException e) { // a difference of Long.MIN_VALUE nanoseconds: the same failure
                            assertThrows(e.getClass(), () -> f.append(new AsciiText(2), t, other, other));
                            continue;
                        }
                        assertEquals(expected, f.append(new AsciiText(2), t, other, other).toString(), f + " " + t + " " + other);
                    }
                }
            }
        }
    }
}
