package org.dlminspect.capture;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;

/**
 * The capture's bytes, streamed through one reusable buffer. Readers look at buffered bytes in place
 * ({@link #require}) so that a whole record header or pcapng block can be parsed without copying it.
 *
 * <p>A damaged gzip stream is not an I/O failure of the machine but bad input: it ends the stream
 * and is kept in {@link #streamProblem()} for the reader to report as a Diagnostic.
 */
final class ByteSource implements Closeable {
    private static final int INITIAL_CAPACITY = 1 << 18;

    private final InputStream in;
    private final String compression;
    private byte[] buf = new byte[INITIAL_CAPACITY];
    private int pos;
    private int limit;
    /** Stream offset of buf[0]. */
    private long bufferStart;
    private boolean eof;
    private IOException streamProblem;

    /** @param compression the compression's name ("gzip", "zstd", ...), "" for none */
    ByteSource(InputStream in, String compression) {
        this.in = in;
        this.compression = compression;
    }

    byte[] buffer() {
        return buf;
    }

    /** Index in {@link #buffer()} of the next unread byte. */
    int position() {
        return pos;
    }

    /** Offset in the (decompressed) stream of the next unread byte. */
    long offset() {
        return bufferStart + pos;
    }

    /**
     * Makes {@code n} unread bytes contiguous in the buffer from {@link #position()}, reading more as needed.
     *
     * @return how many are there: {@code n}, or fewer when the stream ends first
     */
    int require(int n) throws IOException {
        if (limit - pos >= n) {
            return n;
        }
        if (n > buf.length - pos) {
            compact(n);
        }
        while (limit - pos < n && !eof) {
            int r = fromStream(buf, limit, buf.length - limit);
            if (r > 0) {
                limit += r;
            }
        }
        return Math.min(n, limit - pos);
    }

    /** Consumes {@code n} bytes that {@link #require} made available. */
    void advance(int n) {
        pos += n;
    }

    /**
     * Copies the next {@code n} bytes of the stream into {@code dst}, consuming them; large reads go
     * straight from the stream into {@code dst}.
     *
     * @return bytes copied: {@code n}, or fewer when the stream ends first
     */
    int read(byte[] dst, int off, int n) throws IOException {
        int done = 0;
        while (done < n) {
            if (pos == limit) {
                if (eof) {
                    break;
                }
                bufferStart += limit;
                pos = 0;
                limit = 0;
                if (n - done >= buf.length) {
                    int r = fromStream(dst, off + done, n - done);
                    if (r > 0) {
                        done += r;
                        bufferStart += r;
                    }
                    continue;
                }
                int r = fromStream(buf, 0, buf.length);
                if (r > 0) {
                    limit = r;
                }
                continue;
            }
            int c = Math.min(n - done, limit - pos);
            System.arraycopy(buf, pos, dst, off + done, c);
            pos += c;
            done += c;
        }
        return done;
    }

    /**
     * Skips the next {@code n} bytes of the stream.
     *
     * @return bytes skipped: {@code n}, or fewer when the stream ends first
     */
    long skip(long n) throws IOException {
        long done = 0;
        while (done < n) {
            if (pos == limit) {
                if (eof) {
                    break;
                }
                bufferStart += limit;
                pos = 0;
                limit = 0;
                int r = fromStream(buf, 0, buf.length);
                if (r > 0) {
                    limit = r;
                }
                continue;
            }
            int c = (int) Math.min(n - done, limit - pos);
            pos += c;
            done += c;
        }
        return done;
    }

    /** True when every byte has been consumed and the stream has ended. */
    boolean exhausted() throws IOException {
        return require(1) == 0;
    }

    /** Why a compressed stream ended before its proper end, or null. */
    IOException streamProblem() {
        return streamProblem;
    }

    boolean compressed() {
        return !compression.isEmpty();
    }

    /** The compression's name ("gzip", "zstd", ...), "" for none. */
    String compression() {
        return compression;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void compact(int needed) {
        int unread = limit - pos;
        byte[] target = buf;
        if (needed > buf.length) {
            target = new byte[Math.max(needed, buf.length * 2)];
        }
        System.arraycopy(buf, pos, target, 0, unread);
        buf = target;
        bufferStart += pos;
        pos = 0;
        limit = unread;
    }

    private int fromStream(byte[] dst, int off, int len) throws IOException {
        if (eof || len == 0) {
            return 0;
        }
        int r;
        try {
            r = in.read(dst, off, len);
        } catch (EOFException | ZipException e) {
            if (compression.isEmpty()) {
                throw e;
            }
            streamProblem = e;
            eof = true;
            return 0;
        }
        if (r < 0) {
            eof = true;
            return 0;
        }
        return r;
    }
}
