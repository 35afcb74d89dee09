package org.dlminspect.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecimalDigitsTest {
    /** Every length boundary (10^k - 1, 10^k, 10^k + 1), the int/long edge where the fast loop takes over. */
    private static List<Long> values() {
        List<Long> vs = new ArrayList<>(List.of(0L, 1L, 9L, Integer.MAX_VALUE - 1L, (long) Integer.MAX_VALUE,
                Integer.MAX_VALUE + 1L, 0xFFFF_FFFFL, 0x1_0000_0000L, Long.MAX_VALUE - 1, Long.MAX_VALUE));
        for (long p = 10; ; p *= 10) {
            vs.add(p - 1);
            vs.add(p);
            vs.add(p + 1);
            if (p > Long.MAX_VALUE / 10) break;
        }
        return vs;
    }

    @Test
    void writesWhatLongToStringWrites() {
        for (long v : values()) {
            String want = Long.toString(v);
            assertEquals(want.length(), DecimalDigits.count(v), "count of " + want);
            byte[] b = new byte[24];
            b[0] = '<';
            int end = DecimalDigits.putBefore(b, 1 + want.length(), v);
            b[end] = '>';
            assertEquals("<" + want + ">", new String(b, 0, end + 1, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void asciiTextWritesSignedUnsignedAndPaddedNumbersAsTheJdk() {
        for (long v : values()) {
            AsciiText t = new AsciiText();
            t.append(v).append(' ').append(-v).append(' ').appendUnsigned(-v).append(' ').appendZeroPadded(v, 20);
            String padded = "0".repeat(Math.max(0, 20 - Long.toString(v).length())) + v;
            assertEquals(v + " " + (-v) + " " + Long.toUnsignedString(-v) + " " + padded, t.toString());
        }
        assertEquals(Long.toString(Long.MIN_VALUE), new AsciiText().append(Long.MIN_VALUE).toString());
    }
}
