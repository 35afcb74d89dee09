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

    /** The byte forms the tree and the packet list write their lock links with: the same text as the String forms. */
    @Test
    void frameReferencesAndSecondsAsTheStringForms() {
        long[] nanos = {0, 499, 500, 1_000, 999_999_499, 999_999_500, 1_234_567_890_123L, -1, -500, -1_500_000_001L,
            Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        for (long n : nanos) {
            assertEquals(Text.seconds(new StringBuilder(), n).toString(), new TextLine().seconds(n).toString(), "" + n);
        }
        long[] refs = {1, 42, 9_999_999, org.dlminspect.capture.FrameRef.of(1, 7), org.dlminspect.capture.FrameRef.of(2, 123_456)};
        try {
            for (long r : refs) {
                assertEquals(org.dlminspect.capture.FrameRef.text(r), new TextLine().frameRef(r).toString(), "" + r);
            }
            org.dlminspect.capture.FrameRef.useNames(java.util.List.of("node1", "n\u00f6de2", "node3"));
            for (long r : refs) {
                Bytes sink = new Bytes();
                try {
                    new TextLine().frameRef(r).writeTo(sink);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                assertArrayEquals(org.dlminspect.capture.FrameRef.text(r).getBytes(StandardCharsets.UTF_8), sink.out.toByteArray(), "" + r);
            }
        } finally {
            org.dlminspect.capture.FrameRef.useNames(null);
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
        long[] values = {0, 7, 9, 10, 99, 100, 12345, -1, -10, 999_999_999, 1_000_000_000, Integer.MAX_VALUE,
            Integer.MAX_VALUE + 1L, 4_294_967_295L, 4_294_967_296L, 9_999_999_999L, 10_000_000_000L, Integer.MIN_VALUE,
            -4_294_967_296L, Long.MAX_VALUE, Long.MAX_VALUE / 10 + 1, Long.MIN_VALUE, Long.MIN_VALUE + 1};
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
        assertEquals(big + "request in frame ", new TextLine().appendAscii(big).appendAscii("request in frame ").toString());
        Bytes loneAscii = new Bytes();
        new TextLine().append("x\ud83d").appendAscii(", ").writeTo(loneAscii);
        assertArrayEquals("x\ud83d, ".getBytes(StandardCharsets.UTF_8), loneAscii.out.toByteArray());
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

    @Test
    void hexWithoutLeadingZerosAsLongToHexString() {
        long[] values = {0, 1, 0xf, 0x10, 0xff, 0x100, 0xffffffffL, 0x100000000L, 0x123456789abcdefL, Long.MAX_VALUE, -1, Long.MIN_VALUE};
        for (long v : values) {
            assertEquals("0x" + Long.toHexString(v), new TextLine().hex(v).toString());
        }
        for (int bit = 0; bit < 64; bit++) {
            assertEquals("0x" + Long.toHexString(1L << bit), new TextLine().hex(1L << bit).toString());
            assertEquals("0x" + Long.toHexString((1L << bit) - 1), new TextLine().hex((1L << bit) - 1).toString());
        }
    }

    @Test
    void digitsAtEveryPowerOfTen() {
        for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10; p *= 10) {
            for (long v : new long[] {p - 1, p, p + 1, 10 * p - 1}) {
                assertEquals(Long.toString(v), new TextLine().append(v).toString());
                assertEquals(Long.toString(-v), new TextLine().append(-v).toString());
            }
        }
    }

    @Test
    void utf8BytesAreCopiedAsTheyAre() throws IOException {
        byte[] arrow = " \u2192 ".getBytes(StandardCharsets.UTF_8);
        Bytes sink = new Bytes();
        new TextLine().append("a").appendUtf8(arrow).appendUtf8(new byte[] {'x', 'b', 'c', 'y'}, 1, 2).writeTo(sink);
        assertArrayEquals(("a \u2192 bc").getBytes(StandardCharsets.UTF_8), sink.out.toByteArray());
        // a high surrogate that meets encoded bytes instead of its low half is unpaired: a '?', as the encoder writes it
        sink = new Bytes();
        new TextLine().append("a\ud83d").appendUtf8(arrow).writeTo(sink);
        assertArrayEquals(("a\ud83d \u2192 ").getBytes(StandardCharsets.UTF_8), sink.out.toByteArray());
    }
}
