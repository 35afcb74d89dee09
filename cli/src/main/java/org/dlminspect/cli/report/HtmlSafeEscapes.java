package org.dlminspect.cli.report;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;

/**
 * JSON escapes for data inside an HTML {@code <script type="application/json">} element: besides what JSON
 * requires, {@code <}, {@code >}, {@code &}, {@code '} and DEL are written as {@code \}{@code u00XX}, so that no
 * capture byte can close the element ({@code </script>}) or open a comment; with
 * {@link com.fasterxml.jackson.core.json.JsonWriteFeature#ESCAPE_NON_ASCII} everything above ASCII is escaped too
 * (including U+2028/U+2029 and the C1 controls), and the page is plain ASCII.
 */
final class HtmlSafeEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    static final HtmlSafeEscapes INSTANCE = new HtmlSafeEscapes();

    private static final int[] ASCII = standardAsciiEscapesForJSON();

    static {
        for (char c : new char[] {'<', '>', '&', '\'', 0x7F}) ASCII[c] = ESCAPE_STANDARD;
    }

    private HtmlSafeEscapes() { }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ASCII;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return null;
    }
}
