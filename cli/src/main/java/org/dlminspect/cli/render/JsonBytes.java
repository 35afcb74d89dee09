package org.dlminspect.cli.render;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;

/**
 * A minimal streaming JSON writer for {@code read --json}: UTF-8 straight into one byte buffer, field
 * names encoded once. It writes exactly the bytes {@link JsonOutput}'s Jackson generator writes for the
 * same calls (same separators; the same escapes: {@code \" \\ \b \t \n \f \r}, other C0 controls, DEL
 * and the C1 controls U+0080..U+009F as {@code \}{@code u00XX} with upper-case hex ({@link TerminalSafeEscapes});
 * everything else as UTF-8), so that the output did not change when it replaced Jackson on the
 * per-message path, where Jackson's checks per token were half the time.
 * Jackson keeps writing the rarer objects (findings) through {@link #asOutputStream()}, into the same
 * buffer and so in order. Not thread-safe.
 */
public final class JsonBytes {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** 0: as is; otherwise the letter after the backslash, or 'u' for \\u00XX. */
    private static final byte[] ESCAPE = new byte[128];

    static {
        for (int c = 0; c < 32; c++) ESCAPE[c] = 'u';
        ESCAPE[0x7F] = 'u';
        ESCAPE['"'] = '"';
        ESCAPE['\\'] = '\\';
        ESCAPE['\b'] = 'b';
        ESCAPE['\t'] = 't';
        ESCAPE['\n'] = 'n';
        ESCAPE['\f'] = 'f';
        ESCAPE['\r'] = 'r';
    }

    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int count;
    /** Per nesting level: true once the container holds an element (a comma goes before the next). */
    private boolean[] filled = new boolean[16];
    private int depth;
    private boolean afterName;
    private final HashMap<String, byte[]> names = new HashMap<>();
    private final OutputStream view = new OutputStream() {
        @Override
        public void write(int b) {
            ensure(1);
            buf[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > buf.length - count) {
                flushBuffer();
                if (len > buf.length) {
                    out.write(b, off, len);
                    return;
                }
            }
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        @Override
        public void flush() {
            // Jackson flushes into this buffer only; JsonBytes.flush() pushes it on.
        }
    };

    public JsonBytes(OutputStream out) {
        this.out = out;
    }

    /** Bytes written here land in this writer's buffer, after what it holds: for a Jackson generator. */
    public OutputStream asOutputStream() {
        return view;
    }

    public void startObject() {
        beforeValue();
        ensure(1);
        buf[count++] = '{';
        push();
    }

    public void endObject() {
        ensure(1);
        buf[count++] = '}';
        depth--;
    }

    public void startArray() {
        beforeValue();
        ensure(1);
        buf[count++] = '[';
        push();
    }

    public void endArray() {
        ensure(1);
        buf[count++] = ']';
        depth--;
    }

    /** A field name (its encoding is kept: names come from a small set of constants). */
    public void name(String key) {
        byte[] encoded = encoded(key);
        if (filled[depth]) {
            ensure(1);
            buf[count++] = ',';
        }
        filled[depth] = true;
        ensure(encoded.length + 1);
        System.arraycopy(encoded, 0, buf, count, encoded.length);
        count += encoded.length;
        buf[count++] = ':';
        afterName = true;
    }

    /** The quoted, escaped bytes of {@code s}, encoded once per distinct name. */
    private byte[] encoded(String s) {
        byte[] encoded = names.get(s);
        if (encoded == null) {
            if (names.size() >= 4096) names.clear();
            encoded = quoted(s);
            names.put(s, encoded);
        }
        return encoded;
    }

    public void number(long v) {
        beforeValue();
        ensure(20);
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                ascii("-9223372036854775808");
                return;
            }
            buf[count++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) digits++;
        int end = count + digits;
        for (int i = end - 1; i >= count; i--) {
            buf[i] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        }
        count = end;
    }

    /** A number given as its text (Jackson's writeNumber(String)): written as it is. */
    public void numberText(String text) {
        beforeValue();
        ascii(text);
    }

    public void bool(boolean b) {
        beforeValue();
        ascii(b ? "true" : "false");
    }

    public void string(String s) {
        beforeValue();
        writeQuoted(s);
    }

    /** One byte outside the JSON structure (the newline after each message). */
    public void raw(char c) {
        ensure(1);
        buf[count++] = (byte) c;
    }

    public void flush() throws IOException {
        flushBuffer();
        out.flush();
    }

    // ---- internals ----

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (depth > 0) {
            if (filled[depth]) {
                ensure(1);
                buf[count++] = ',';
            }
            filled[depth] = true;
        }
    }

    private void push() {
        depth++;
        if (depth == filled.length) filled = java.util.Arrays.copyOf(filled, depth * 2);
        filled[depth] = false;
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) buf[count++] = (byte) s.charAt(i);
    }

    private void writeQuoted(String s) {
        int n = s.length();
        ensure(2);
        buf[count++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 128) {
                byte e = ESCAPE[c];
                if (e == 0) {
                    ensure(1);
                    buf[count++] = (byte) c;
                } else if (e == 'u') {
                    ensure(6);
                    buf[count++] = '\\';
                    buf[count++] = 'u';
                    buf[count++] = '0';
                    buf[count++] = '0';
                    buf[count++] = HEX[c >> 4];
                    buf[count++] = HEX[c & 0xF];
                } else {
                    ensure(2);
                    buf[count++] = '\\';
                    buf[count++] = e;
                }
            } else if (c <= 0x9F) {
                // C1 controls: escaped like TerminalSafeEscapes does, a terminal may act on them.
                ensure(6);
                buf[count++] = '\\';
                buf[count++] = 'u';
                buf[count++] = '0';
                buf[count++] = '0';
                buf[count++] = HEX[c >> 4];
                buf[count++] = HEX[c & 0xF];
            } else if (c < 0x800) {
                ensure(2);
                buf[count++] = (byte) (0xC0 | (c >> 6));
                buf[count++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                ensure(4);
                buf[count++] = (byte) (0xF0 | (cp >> 18));
                buf[count++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[count++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[count++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                ensure(3);
                buf[count++] = (byte) (0xE0 | (c >> 12));
                buf[count++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[count++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        ensure(1);
        buf[count++] = '"';
    }

    private byte[] quoted(String key) {
        // Encoded at the end of the buffer (room made first), then taken out again.
        ensure(key.length() * 6 + 2);
        int start = count;
        writeQuoted(key);
        byte[] encoded = java.util.Arrays.copyOfRange(buf, start, count);
        count = start;
        return encoded;
    }

    private void ensure(int n) {
        if (count + n > buf.length) {
            try {
                flushBuffer();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private void flushBuffer() throws IOException {
        if (count > 0) {
            out.write(buf, 0, count);
            count = 0;
        }
    }
}
