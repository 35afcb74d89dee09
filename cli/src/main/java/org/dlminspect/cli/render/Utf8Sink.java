package org.dlminspect.cli.render;

import java.io.IOException;

/**
 * A writer that also takes text already encoded as UTF-8 ({@link TextLine}), copied as it is: the standard
 * output's writer. What it was written before as characters comes first, a high surrogate left waiting there
 * as a {@code ?}.
 */
public interface Utf8Sink {
    void writeUtf8(byte[] bytes, int offset, int length) throws IOException;

    /**
     * The UTF-8 bytes of a code point that is not a surrogate (1 to 3 bytes) or of a supplementary one (4 bytes),
     * at {@code b[at]} (room for 4 is there); returns the index after them.
     */
    static int put(byte[] b, int at, int cp) {
        if (cp < 0x80) {
            b[at++] = (byte) cp;
        } else if (cp < 0x800) {
            b[at++] = (byte) (0xC0 | (cp >> 6));
            b[at++] = (byte) (0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            b[at++] = (byte) (0xE0 | (cp >> 12));
            b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            b[at++] = (byte) (0x80 | (cp & 0x3F));
        } else {
            b[at++] = (byte) (0xF0 | (cp >> 18));
            b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
            b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            b[at++] = (byte) (0x80 | (cp & 0x3F));
        }
        return at;
    }
}
