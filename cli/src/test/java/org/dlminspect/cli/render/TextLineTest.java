package org.dlminspect.cli.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.dlminspect.schema.AsciiText;
import org.junit.jupiter.api.Test;

/** TextLine makes the bytes the standard output's encoder made of the same text, numbers and padding included. */
class TextLineTest {
    /** A Utf8Sink that keeps the bytes, as the standard output's writer does. */
    private static final class Bytes extends Writer implements Utf8Sink {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        @Override
        public void writeUtf8(byte[] bytes, int offset, int length) {
            out.write(bytes, offset, length);
        }

        @Override
        public void write(char[] cbuf, int off, int len) {
            out.writeBytes(new String(cbuf, off, len).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void flush() { }

        @Override
        public void close() { }
    }

    @Test
    void textIsEncodedAsUtf8() throws IOException {
        String[] texts = {"", "RCOM ls=0x4c41424c  STATUS id=6359968414954710459", " \u2192 ", "caf\u00e9 \u00b5s \u00b1",
            "\ud83d\ude00 pair", "lone \ud800 high", "lone \udc00 low", "x".repeat(3000) + "\u2192"};
        for (String t : texts) {
            Bytes sink = new Bytes();
            new TextLine().append(t).append('\n').writeTo(sink);
            assertArrayEquals((t + "\n").getBytes(StandardCharsets.UTF_8), sink.out.toByteArray(), t);
            StringWriter plain = new StringWriter();
            new TextLine().append(new StringBuilder(t)).writeTo(plain);
            assertEquals(new String(t.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), plain.toString(), t);
        }
    }

    @Test
    void aPairSplitAcrossAppendsIsOneCharacter() throws IOException {
        Bytes sink = new Bytes();
        new TextLine().append("a\ud83d").append('\ude00').writeTo(sink);
        assertArrayEquals("a\ud83d\ude00".getBytes(StandardCharsets.UTF_8), sink.out.toByteArray());
    }

    @Test
    void numbersAndPaddingAsTheStringForms() {
        long[] values = {0, 7, 9, 10, 99, 100, 12345, -1, -10, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long v : values) {
            assertEquals(Long.toString(v), new TextLine().append(v).toString());
            assertEquals(Long.toUnsignedString(v), new TextLine().appendUnsigned(v).toString());
            assertEquals(Text.padLeft(new StringBuilder(), Long.toString(v), 7).toString(), new TextLine().padLeft(v, 7).toString());
            assertEquals(Text.padRight(new StringBuilder(), Long.toString(v), 4).toString(), new TextLine().padRight(v, 4).toString());
        }
        assertEquals("   abc", new TextLine().padLeft("abc", 6).toString());
        assertEquals("abc |", new TextLine().padRight("abc", 4).append('|').toString());
        assertEquals("0x0000002a 0x4c41424c", new TextLine().hex32(42).append(' ').hex32(0x1234c41424cL).toString());
        assertEquals("00ff10", new TextLine().hexBytes(new byte[] {9, 0, (byte) 0xff, 0x10}, 1, 3).toString());
    }

    @Test
    void utf8BytesAndAsciiTextAreCopiedAsTheyAre() throws IOException {
        byte[] arrow = " \u2192 ".getBytes(StandardCharsets.UTF_8);
        Bytes sink = new Bytes();
        new TextLine().append("a").appendUtf8(arrow, 0, arrow.length).append(new AsciiText().append("lkid=").appendHex(0x2a))
                .appendUtf8(arrow, 1, 0).append('\n').writeTo(sink);
        assertArrayEquals("a \u2192 lkid=0x2a\n".getBytes(StandardCharsets.UTF_8), sink.out.toByteArray());
        // a high surrogate waiting before bytes is unpaired: a '?', as before any other character
        Bytes lone = new Bytes();
        new TextLine().append("x\ud83d").appendUtf8(arrow, 0, arrow.length).writeTo(lone);
        assertArrayEquals(("x\ud83d" + " \u2192 ").getBytes(StandardCharsets.UTF_8), lone.out.toByteArray());
        String big = "y".repeat(5000);
        assertEquals(big, new TextLine().append(new AsciiText(4).append(big)).toString());
    }

    @Test
    void zeroPaddedAsTheStringForm() {
        long[] values = {0, 5, 42, 999999, 1000000, 123456789012L};
        for (long v : values) {
            for (int width = 0; width <= 8; width++) {
                String digits = Long.toString(v);
                String expected = "0".repeat(Math.max(0, width - digits.length())) + digits;
                assertEquals(expected, new TextLine().zeroPadded(v, width).toString());
                assertEquals(expected, new AsciiText().appendZeroPadded(v, width).toString());
            }
        }
    }
}
