package org.dlminspect.cli.render;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * JSON string escapes for output that may reach a terminal: besides what JSON requires (C0 controls,
 * {@code "} and {@code \}), DEL and the C1 controls U+0080..U+009F are written as {@code \}{@code u00XX},
 * since some terminals act on 0x9b (CSI) and its kin even inside UTF-8 text. Resource names are bytes
 * read as ISO-8859-1, so every byte of a hostile name stays escaped and still reads back unchanged.
 */
public final class TerminalSafeEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    public static final TerminalSafeEscapes INSTANCE = new TerminalSafeEscapes();

    private static final int[] ASCII = standardAsciiEscapesForJSON();
    private static final SerializedString[] C1 = new SerializedString[0x20];

    static {
        ASCII[0x7F] = ESCAPE_STANDARD;
        for (int c = 0x80; c <= 0x9F; c++) {
            C1[c - 0x80] = new SerializedString("\\u00" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT));
        }
    }

    private TerminalSafeEscapes() { }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ASCII;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        return ch >= 0x80 && ch <= 0x9F ? C1[ch - 0x80] : null;
    }
}
