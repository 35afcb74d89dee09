package org.dlminspect.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * A buffered UTF-8 Writer for standard output. Replaces BufferedWriter + OutputStreamWriter, whose
 * encoder drops to a slow loop for the rest of a buffer once it meets a non-ASCII character (every
 * packet-list line has an arrow) and whose {@code append(CharSequence)} copies each line into a new
 * String: together a third of {@code read}'s time. Bytes written are the same: an unpaired surrogate
 * becomes {@code ?}, as with the JDK encoder's default replacement. Not thread-safe.
 */
final class Utf8Writer extends Writer {
    private final OutputStream out;
    private final byte[] buf;
    private int count;
    private final char[] chars = new char[512];
    /** A high surrogate written last, waiting for its low half. */
    private char pendingHigh;

    Utf8Writer(OutputStream out, int bufferSize) {
        this.out = out;
        this.buf = new byte[Math.max(bufferSize, 16)];
    }

    @Override
    public void write(int c) throws IOException {
        if (count + 4 > buf.length) flushBuffer();
        encode((char) c);
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        int end = off + len;
        while (off < end) {
            int room = (buf.length - count - 4) / 3;
            if (room <= 0) {
                flushBuffer();
                continue;
            }
            int stop = Math.min(end, off + room);
            byte[] b = buf;
            int n = count;
            // ASCII straight into the buffer; anything else (and a pending surrogate) through encode().
            while (off < stop) {
                char c = cbuf[off++];
                if (c < 0x80 && pendingHigh == 0) {
                    b[n++] = (byte) c;
                } else {
                    count = n;
                    encode(c);
                    n = count;
                }
            }
            count = n;
        }
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        if (pendingHigh == 0) {
            // String.getBytes(UTF_8) checks a Latin-1 string for non-ASCII bytes with a vectorised
            // intrinsic and copies it: far cheaper than encoding char by char.
            writeBytes((off == 0 && len == s.length() ? s : s.substring(off, off + len)).getBytes(StandardCharsets.UTF_8));
            return;
        }
        while (len > 0) {
            int n = Math.min(len, chars.length);
            s.getChars(off, off + n, chars, 0);
            write(chars, 0, n);
            off += n;
            len -= n;
        }
    }

    @Override
    public Writer append(CharSequence csq) throws IOException {
        String s = String.valueOf(csq);
        write(s, 0, s.length());
        return this;
    }

    private void writeBytes(byte[] bytes) throws IOException {
        int len = bytes.length;
        if (len > buf.length - count) {
            flushBuffer();
            if (len > buf.length) {
                out.write(bytes, 0, len);
                return;
            }
        }
        System.arraycopy(bytes, 0, buf, count, len);
        count += len;
    }

    /** One char; the caller made room for 4 bytes. */
    private void encode(char c) {
        byte[] b = buf;
        if (pendingHigh != 0) {
            char high = pendingHigh;
            pendingHigh = 0;
            if (Character.isLowSurrogate(c)) {
                int cp = Character.toCodePoint(high, c);
                b[count++] = (byte) (0xF0 | (cp >> 18));
                b[count++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                b[count++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                b[count++] = (byte) (0x80 | (cp & 0x3F));
                return;
            }
            b[count++] = '?';
        }
        if (c < 0x80) {
            b[count++] = (byte) c;
        } else if (c < 0x800) {
            b[count++] = (byte) (0xC0 | (c >> 6));
            b[count++] = (byte) (0x80 | (c & 0x3F));
        } else if (Character.isHighSurrogate(c)) {
            pendingHigh = c;
        } else if (Character.isLowSurrogate(c)) {
            b[count++] = '?';
        } else {
            b[count++] = (byte) (0xE0 | (c >> 12));
            b[count++] = (byte) (0x80 | ((c >> 6) & 0x3F));
            b[count++] = (byte) (0x80 | (c & 0x3F));
        }
    }

    /**
     * The byte stream underneath, for a writer of its own (Jackson's UTF-8 generator), after what was
     * written here so far. The caller keeps the two from interleaving (flushes one before using the other).
     */
    OutputStream stream() throws IOException {
        flushBuffer();
        return out;
    }

    private void flushBuffer() throws IOException {
        if (count > 0) {
            out.write(buf, 0, count);
            count = 0;
        }
    }

    @Override
    public void flush() throws IOException {
        flushBuffer();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (pendingHigh != 0) {
            pendingHigh = 0;
            if (count + 1 > buf.length) flushBuffer();
            buf[count++] = '?';
        }
        flush();
        out.close();
    }
}
