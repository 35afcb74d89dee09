package org.dlminspect.cli.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.Writer;

/**
 * The newline-delimited JSON writer every command uses. Besides what JSON requires (U+0000..U+001F),
 * it escapes DEL and the C1 controls U+0080..U+009F: packet bytes become Latin-1 characters, and an
 * 8-bit CSI (0x9B) must not reach a terminal that prints the JSON raw.
 */
public final class JsonOutput {
    private static final JsonFactory FACTORY = new JsonFactory();

    private static final CharacterEscapes CONTROL_ESCAPES = new CharacterEscapes() {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = ascii();

        private int[] ascii() {
            int[] table = standardAsciiEscapesForJSON();
            table[0x7F] = ESCAPE_STANDARD;
            return table;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch >= 0x80 && ch <= 0x9F) {
                return new SerializedString("\\u00" + Character.forDigit(ch >> 4, 16) + Character.forDigit(ch & 0xF, 16));
            }
            return null;
        }
    };

    private JsonOutput() { }

    public static JsonGenerator create(Writer out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.setRootValueSeparator(null);
        g.setCharacterEscapes(CONTROL_ESCAPES);
        return g;
    }
}
