package org.dlminspect.schema;

import java.nio.charset.StandardCharsets;

/**
 * ASCII text built as bytes and reused from message to message: the packet-list Info text
 * ({@code DlmPdu.appendInfo}) goes from here into the output line with one array copy. A StringBuilder would
 * cost a copy and a loop per character on the way to the UTF-8 line (its chars inflated, then encoded): a
 * quarter of {@code read}'s time went there (README, Performance).
 *
 * <p>Only ASCII goes in: the names of the reference's tables (message types, modes, errnos, flags), digits, and
 * packet bytes escaped as {@code \xNN}. Not thread-safe.
 */
public final class AsciiText {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf;
    private int count;

    public AsciiText() {
        this(128);
    }

    public AsciiText(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    /** Empties the text. */
    public AsciiText clear() {
        count = 0;
        return this;
    }

    /** Characters (bytes) in the text. */
    public int length() {
        return count;
    }

    /** The bytes, valid up to {@link #length()}; the array is reused, copy what must outlive the next append. */
    public byte[] array() {
        return buf;
    }

    /** An ASCII character. */
    public AsciiText append(char c) {
        ensure(1);
        buf[count++] = (byte) c;
        return this;
    }

    /**
     * An ASCII string (a table's name, digits): its bytes in one copy (a Latin-1 String's array copied as it is;
     * each character's low 8 bits, which for ASCII are the character).
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): exactly the copy wanted for ASCII
    public AsciiText append(String s) {
        int n = s.length();
        ensure(n);
        s.getBytes(0, n, buf, count);
        count += n;
        return this;
    }

    /** The decimal digits of {@code v} (as {@link Long#toString(long)}). */
    public AsciiText append(long v) {
        if (v < 0) {
            if (v == Long.MIN_VALUE) return append(Long.toString(v));
            append('-');
            v = -v;
        }
        int digits = DecimalDigits.count(v);
        ensure(digits);
        count = DecimalDigits.putBefore(buf, count + digits, v);
        return this;
    }

    /** The decimal digits of {@code v} (not negative), zeros in front up to {@code width} digits. */
    public AsciiText appendZeroPadded(long v, int width) {
        ensure(width);
        for (int i = DecimalDigits.count(v); i < width; i++) buf[count++] = '0';
        return append(v);
    }

    /** The decimal digits of {@code v} read as unsigned (as {@link Long#toUnsignedString(long)}). */
    public AsciiText appendUnsigned(long v) {
        return v >= 0 ? append(v) : append(Long.toUnsignedString(v));
    }

    /** {@code 0x} and the lower-case hex digits of the unsigned value, no leading zeros (as {@code DlmText.hex}). */
    public AsciiText appendHex(long v) {
        ensure(18);
        buf[count++] = '0';
        buf[count++] = 'x';
        int shift = v == 0 ? 0 : (63 - Long.numberOfLeadingZeros(v)) & ~3;
        for (; shift >= 0; shift -= 4) {
            buf[count++] = HEX[(int) (v >>> shift) & 0xF];
        }
        return this;
    }

    /** A byte as {@code \xNN} (two lower-case hex digits). */
    public AsciiText appendEscapedByte(int b) {
        ensure(4);
        buf[count++] = '\\';
        buf[count++] = 'x';
        buf[count++] = HEX[(b >>> 4) & 0xF];
        buf[count++] = HEX[b & 0xF];
        return this;
    }

    /** Appends the text to {@code sb}. */
    public StringBuilder appendTo(StringBuilder sb) {
        return sb.append(toString());
    }

    @Override
    public String toString() {
        return new String(buf, 0, count, StandardCharsets.ISO_8859_1);
    }

    private void ensure(int more) {
        if (count + more > buf.length) {
            byte[] bigger = new byte[Math.max(count + more, 2 * buf.length)];
            System.arraycopy(buf, 0, bigger, 0, count);
            buf = bigger;
        }
    }
}
