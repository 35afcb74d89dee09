package org.dlminspect.dlm;

import org.dlminspect.schema.AsciiText;

/**
 * Text helpers shared by the decoder, {@code info()} and the renderers. Nothing here uses regex or
 * {@code String.format}: they run once per displayed packet.
 */
public final class DlmText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private DlmText() { }

    /**
     * Resource and lockspace names for a terminal: printable ASCII as is, every other byte (and
     * {@code "} and {@code \}) as {@code \xNN}, so no control byte from a packet reaches a terminal.
     * Out-of-range arguments are clamped to the array.
     */
    public static String escapeName(byte[] data, int from, int len) {
        if (data == null) {
            return "";
        }
        return appendName(new StringBuilder(Math.min(Math.max(0, len), data.length) + 8), data, from, len).toString();
    }

    /** {@link #escapeName} of a whole array. */
    public static String escapeName(byte[] data) {
        return data == null ? "" : escapeName(data, 0, data.length);
    }

    /**
     * Text from outside (a file name) for a one-line message on a terminal, escaped like capture bytes: C0
     * and C1 controls, DEL and backslash as {@code \xNN}; other characters a terminal would act on or that
     * would hide text (format characters such as bidirectional overrides, line and paragraph separators,
     * unpaired surrogates) as a backslash, "u" and the code point in hex between braces; everything printable
     * as is (an ESC, an OSC 52 clipboard write, a BEL or a newline in a name cannot reach the terminal or split
     * the line).
     */
    public static String escapeText(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\\') {
                sb.append('\\').append('x').append(HEX[c >>> 4]).append(HEX[c & 0xF]);
                continue;
            }
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
            int cp = pair ? text.codePointAt(i) : c;
            int type = Character.getType(cp);
            if (type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.SURROGATE) {
                sb.append("\\u{").append(Integer.toHexString(cp)).append('}');
            } else {
                sb.appendCodePoint(cp);
            }
            if (pair) {
                i++;
            }
        }
        return sb.toString();
    }

    /** Appends {@link #escapeName(byte[], int, int)}. */
    public static StringBuilder appendName(StringBuilder sb, byte[] data, int from, int len) {
        if (data == null) {
            return sb;
        }
        int start = Math.max(0, Math.min(from, data.length));
        int end = Math.max(start, Math.min(data.length, start + Math.max(0, len)));
        appendEscaped(sb, data, start, end - start);
        return sb;
    }

    static void appendEscaped(StringBuilder sb, byte[] data, int from, int len) {
        for (int i = from; i < from + len; i++) {
            int c = data[i] & 0xFF;
            if (plain(c)) {
                sb.append((char) c);
            } else {
                sb.append('\\').append('x').append(HEX[c >>> 4]).append(HEX[c & 0xF]);
            }
        }
    }

    /** {@link #appendEscaped(StringBuilder, byte[], int, int)} into ASCII bytes (the Info text). */
    static void appendEscaped(AsciiText text, byte[] data, int from, int len) {
        for (int i = from; i < from + len; i++) {
            int c = data[i] & 0xFF;
            if (plain(c)) {
                text.append((char) c);
            } else {
                text.appendEscapedByte(c);
            }
        }
    }

    /** A name's byte that stands for itself: printable ASCII but the quote and the backslash. */
    private static boolean plain(int c) {
        return c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
    }

    /** {@code 0x} followed by the lower-case hex digits of the unsigned value, no leading zeros. */
    public static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    /** Appends {@link #hex(long)} without making a String. */
    public static StringBuilder appendHex(StringBuilder sb, long value) {
        sb.append('0').append('x');
        int shift = value == 0 ? 0 : (63 - Long.numberOfLeadingZeros(value)) & ~3;
        for (; shift >= 0; shift -= 4) {
            sb.append(HEX[(int) (value >>> shift) & 0xF]);
        }
        return sb;
    }

    /** {@code 0x} followed by exactly 8 hex digits of the low 32 bits. */
    public static String hex32(long value) {
        return org.dlminspect.schema.FieldFormat.hex32(value);
    }
}
