package org.dlminspect.cli.render;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.dlminspect.schema.AsciiText;
import org.dlminspect.schema.DecimalDigits;

/**
 * One line (or a few) of text output built as UTF-8 bytes, for the packet list and the {@code -V} tree: numbers
 * are written as digits straight into the buffer and the bytes go to standard output without becoming a String
 * ({@link Utf8Sink}). A StringBuilder line that holds one non-Latin-1 character (the arrow) turns into UTF-16, and
 * every append after it, its {@code toString} and the encoding then cost a copy and a loop per character: half of
 * {@code read -V}'s time.
 *
 * <p>The bytes are those the standard output's encoder makes of the same text: a surrogate pair is one 4-byte
 * character, an unpaired surrogate a {@code ?}. Not thread-safe; reused line after line.
 */
public final class TextLine {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf = new byte[1024];
    private char[] chars = new char[256];
    private int count;
    /** Non-ASCII characters, and a high surrogate appended last waiting for its low half. */
    private final Utf8Chars encoder = new Utf8Chars();

    /** Empties the line. */
    public TextLine clear() {
        count = 0;
        encoder.take();
        return this;
    }

    /** Bytes in the line (the number of characters while they are ASCII). */
    public int length() {
        return count;
    }

    public TextLine append(String s) {
        int n = s.length();
        char[] c = chars(n);
        s.getChars(0, n, c, 0);
        return append(c, n);
    }

    public TextLine append(CharSequence s) {
        int n = s.length();
        char[] c = chars(n);
        if (s instanceof StringBuilder sb) {
            sb.getChars(0, n, c, 0);
        } else {
            for (int i = 0; i < n; i++) c[i] = s.charAt(i);
        }
        return append(c, n);
    }

    /**
     * The first {@code n} characters of {@code c}. Copied out in one go and looped over as an array: under C1
     * (the launcher's JIT for short runs) a loop of {@code charAt} calls costs twice as much.
     */
    private TextLine append(char[] c, int n) {
        ensure(n);
        byte[] b = buf;
        int at = count;
        int i = 0;
        if (!encoder.pending()) {
            // the ASCII run, in a loop that touches nothing but the two arrays
            for (; i < n; i++) {
                char x = c[i];
                if (x >= 0x80) break;
                b[at + i] = (byte) x;
            }
            at += i;
        }
        for (; i < n; i++) {
            char x = c[i];
            if (x < 0x80 && !encoder.pending()) {
                b[at++] = (byte) x;
            } else {
                at = encoder.put(b, at, x);
            }
        }
        count = at;
        return this;
    }

    /**
     * A string the caller knows to be ASCII (a literal, an escaped name): its bytes in one copy, no character loop.
     * Each character's low 8 bits go in, which for ASCII are its UTF-8 byte; anything else must go through
     * {@link #append(String)}.
     */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): exactly the copy wanted for ASCII
    public TextLine appendAscii(String s) {
        int n = s.length();
        ensure(n);
        if (encoder.take() != 0) buf[count++] = '?'; // a high surrogate that never got its low half
        s.getBytes(0, n, buf, count);
        count += n;
        return this;
    }

    /** An {@link AsciiText}'s bytes (the Info text), copied in one go. */
    public TextLine append(AsciiText text) {
        return appendUtf8(text.array(), 0, text.length());
    }

    private char[] chars(int n) {
        if (chars.length < n) chars = new char[Math.max(n, 2 * chars.length)];
        return chars;
    }

    public TextLine append(char c) {
        ensure(1);
        if (c < 0x80 && !encoder.pending()) {
            buf[count++] = (byte) c;
        } else {
            count = encoder.put(buf, count, c);
        }
        return this;
    }

    /** Text already encoded as UTF-8 (encoded once, e.g. a field's label), copied as it is. */
    public TextLine appendUtf8(byte[] utf8) {
        return appendUtf8(utf8, 0, utf8.length);
    }

    /** {@code utf8[from, from+len)}, text already encoded as UTF-8, copied as it is. */
    public TextLine appendUtf8(byte[] utf8, int from, int len) {
        ensure(len);
        if (encoder.take() != 0) buf[count++] = '?'; // a high surrogate that never got its low half
        System.arraycopy(utf8, from, buf, count, len);
        count += len;
        return this;
    }

    /** A frame reference as {@link org.dlminspect.capture.FrameRef#text} writes it, without the String. */
    public TextLine frameRef(long ref) {
        String file = org.dlminspect.capture.FrameRef.fileName(ref);
        return file == null ? append(ref) : append(file).append(':').append(org.dlminspect.capture.FrameRef.number(ref));
    }

    /** Seconds with 6 decimals from a nanosecond count, as {@link Text#seconds} writes them, without the String. */
    public TextLine seconds(long nanos) {
        if (nanos == Long.MIN_VALUE) return append(Text.seconds(new StringBuilder(), nanos));
        if (nanos < 0) {
            append('-');
            nanos = -nanos;
        }
        long micros = (nanos + 500) / 1000;
        return append(micros / 1_000_000).append('.').zeroPadded(micros % 1_000_000, 6);
    }

    /** The decimal digits of {@code v} (as {@link Long#toString(long)}). */
    public TextLine append(long v) {
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

    /** The decimal digits of {@code v} read as unsigned (as {@link Long#toUnsignedString(long)}). */
    public TextLine appendUnsigned(long v) {
        return v >= 0 ? append(v) : append(Long.toUnsignedString(v));
    }

    /** {@code n} spaces (none when {@code n <= 0}). */
    public TextLine spaces(int n) {
        if (n <= 0) return this;
        ensure(n);
        byte[] b = buf;
        int at = count;
        for (int end = at + n; at < end; at++) b[at] = ' ';
        count = at;
        return this;
    }

    /** The digits of {@code v} (not negative), zeros in front up to {@code width} digits. */
    public TextLine zeroPadded(long v, int width) {
        for (int i = digits(v); i < width; i++) append('0');
        return append(v);
    }

    /** {@code s} right-aligned in {@code width} characters (as {@link Text#padLeft}). */
    public TextLine padLeft(String s, int width) {
        return spaces(width - s.length()).append(s);
    }

    /** The digits of {@code v} right-aligned in {@code width} characters. */
    public TextLine padLeft(long v, int width) {
        return spaces(width - digits(v)).append(v);
    }

    /** {@code s} left-aligned in {@code width} characters (as {@link Text#padRight}). */
    public TextLine padRight(String s, int width) {
        return append(s).spaces(width - s.length());
    }

    /** The digits of {@code v} left-aligned in {@code width} characters. */
    public TextLine padRight(long v, int width) {
        return append(v).spaces(width - digits(v));
    }

    /** {@code 0x} and exactly 8 hex digits of the low 32 bits (as {@code FieldFormat.hex32}). */
    public TextLine hex32(long value) {
        ensure(10);
        buf[count++] = '0';
        buf[count++] = 'x';
        for (int shift = 28; shift >= 0; shift -= 4) {
            buf[count++] = HEX[(int) (value >>> shift) & 0xF];
        }
        return this;
    }

    /** {@code 0x} and the lower-case hex digits of {@code value} without leading zeros (as {@link Long#toHexString}). */
    public TextLine hex(long value) {
        int digits = Math.max(1, (67 - Long.numberOfLeadingZeros(value)) / 4);
        ensure(2 + digits);
        byte[] b = buf;
        int at = count;
        b[at++] = '0';
        b[at++] = 'x';
        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
            b[at++] = HEX[(int) (value >>> shift) & 0xF];
        }
        count = at;
        return this;
    }

    /** Lower-case hex digits of {@code data[from, from+len)}, two per byte (as {@code FieldFormat.hexBytes}). */
    public TextLine hexBytes(byte[] data, int from, int len) {
        ensure(2 * len);
        for (int i = from; i < from + len; i++) {
            buf[count++] = HEX[(data[i] >> 4) & 0xF];
            buf[count++] = HEX[data[i] & 0xF];
        }
        return this;
    }

    /**
     * Writes the line to {@code out} (as bytes when it takes them) and empties it. A high surrogate left waiting
     * at the end goes to {@code out} as a character, for it to pair with what follows.
     */
    public void writeTo(Writer out) throws IOException {
        if (out instanceof Utf8Sink sink) {
            sink.writeUtf8(buf, 0, count);
        } else {
            out.write(new String(buf, 0, count, StandardCharsets.UTF_8));
        }
        count = 0;
        char high = encoder.take();
        if (high != 0) out.write(high);
    }

    @Override
    public String toString() {
        return new String(buf, 0, count, StandardCharsets.UTF_8);
    }

    /** The length of {@code v}'s decimal text, its sign included. */
    private static int digits(long v) {
        return v < 0 ? Long.toString(v).length() : DecimalDigits.count(v);
    }

    private void ensure(int more) {
        // 3 bytes per character covers UTF-8 (a surrogate pair: 4 bytes for 2 characters), plus a pending '?'.
        long need = count + 3L * more + 1;
        if (need > buf.length) {
            byte[] bigger = new byte[(int) Math.max(need, 2L * buf.length)];
            System.arraycopy(buf, 0, bigger, 0, count);
            buf = bigger;
        }
    }
}
