package org.dlminspect.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.dlminspect.cli.render.Utf8Chars;
import org.dlminspect.cli.render.Utf8Sink;

/**
 * A buffered UTF-8 Writer for standard output. Replaces BufferedWriter + OutputStreamWriter, whose
 * encoder drops to a slow loop for the rest of a buffer once it meets a non-ASCII character (every
 * packet-list line has an arrow) and whose {@code append(CharSequence)} copies each line into a new
 * String: together a third of {@code read}'s time. Bytes written are the same: an unpaired surrogate
 * becomes {@code ?}, as with the JDK encoder's default replacement. Not thread-safe.
 */
final class Utf8Writer extends Writer implements Utf8Sink {
    private final OutputStream out;
    private final byte[] buf;
    private int count;
    private final char[] chars = new char[512];
    /** Non-ASCII characters, and a high surrogate written last waiting for its low half. */
    private final Utf8Chars encoder = new Utf8Chars();

    Utf8Writer(OutputStream out, int bufferSize) {
        this.out = out;
        this.buf = new byte[Math.max(bufferSize, 16)];
    }

    @Override
    public void write(int c) throws IOException {
        if (count + 4 > buf.length) flushBuffer();
        count = encoder.put(buf, count, (char) c);
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
            // ASCII straight into the buffer; anything else (and a pending surrogate) through Utf8Chars.
            while (off < stop) {
                char c = cbuf[off++];
                if (c < 0x80 && !encoder.pending()) {
                    b[n++] = (byte) c;
                } else {
                    n = encoder.put(b, n, c);
                }
            }
            count = n;
        }
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        if (!encoder.pending()) {
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
        writeUtf8(bytes, 0, bytes.length);
    }

    /** UTF-8 bytes made elsewhere ({@link org.dlminspect.cli.render.TextLine}), copied as they are. */
    @Override
    public void writeUtf8(byte[] bytes, int offset, int length) throws IOException {
        if (encoder.take() != 0) {
            if (count + 1 > buf.length) flushBuffer();
            buf[count++] = '?';
        }
        if (length > buf.length - count) {
            flushBuffer();
            if (length > buf.length) {
                out.write(bytes, offset, length);
                return;
            }
        }
        System.arraycopy(bytes, offset, buf, count, length);
        count += length;
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
        if (encoder.take() != 0) {
            if (count + 1 > buf.length) flushBuffer();
            buf[count++] = '?';
        }
        flush();
        out.close();
    }
}
