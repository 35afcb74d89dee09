package org.dlminspect.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * A decompressed stream read on a thread of its own, so that inflating runs on a second core while the reader
 * parses what was inflated before. The thread fills a fixed set of recycled chunks (bounded memory: {@link #CHUNKS}
 * of {@link #CHUNK_BYTES}); the reader takes them in order.
 *
 * <p>The bytes and failures arrive exactly as the decoder gave them: everything the decoder returned before it
 * failed, then the same exception (an {@link java.io.EOFException} or {@link java.util.zip.ZipException} of
 * {@link CompressedData}, an I/O failure of the raw input), thrown by the read that reaches it. So
 * {@link ByteSource} sees the same stream and reports the same diagnostic as when it inflates itself.
 *
 * <p>{@link #close} stops the thread (interrupting a wait for a free chunk or a read of a file channel, which
 * then closes) and waits for it before closing the decoder, so that the inflater is never ended under it. Only
 * for files: a thread blocked reading a pipe cannot be interrupted.
 */
final class ReadAhead extends InputStream {
    static final int CHUNK_BYTES = 1 << 18;
    static final int CHUNKS = 4;

    private final InputStream in;
    /** Never full: it can hold every chunk, so the thread waits only for a free one. */
    private final ArrayBlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(CHUNKS + 1);
    private final ArrayBlockingQueue<Chunk> free = new ArrayBlockingQueue<>(CHUNKS);
    private final Thread thread;
    private volatile boolean closed;
    private Chunk current;
    private int pos;
    /** The byte of {@link #read()} (the reader's thread only). */
    private final byte[] one = new byte[1];

    /** Inflated bytes, or where the stream ended (end, or failure with what the decoder threw). */
    private static final class Chunk {
        final byte[] data;
        int length;
        boolean end;
        Throwable failure;

        Chunk(int size) {
            data = new byte[size];
        }
    }

    /** Starts reading {@code in} (the decoder) on a daemon thread named after {@code name}. */
    ReadAhead(InputStream in, String name) {
        this(in, name, CHUNK_BYTES);
    }

    ReadAhead(InputStream in, String name, int chunkBytes) {
        this.in = in;
        for (int i = 0; i < CHUNKS; i++) free.add(new Chunk(chunkBytes));
        thread = new Thread(this::fill, "dlm-inspect decompress " + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void fill() {
        try {
            while (!closed) {
                Chunk c = free.take();
                try {
                    int n = in.read(c.data, 0, c.data.length);
                    if (n < 0) {
                        c.length = 0;
                        c.end = true;
                    } else {
                        c.length = n;
                    }
                } catch (Throwable t) { // handed to the reader, which throws it where the stream breaks
                    c.length = 0;
                    c.failure = t;
                }
                filled.add(c);
                if (c.end || c.failure != null) return;
            }
        } catch (InterruptedException e) {
            // closed: the reader is gone
        }
    }

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1); // never 0: a read of one byte waits for one
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (closed) throw new IOException("Stream closed");
        if (len == 0) return 0;
        while (current == null || pos == current.length) {
            if (current != null) {
                if (current.end) return -1;
                if (current.failure != null) throw rethrow(current.failure);
                free.add(current);
                current = null;
            }
            try {
                current = filled.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while decompressing");
            }
            pos = 0;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current.data, pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public int available() {
        return 0;
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        thread.interrupt();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        in.close();
    }

    /** Whether the thread has ended (for tests). */
    boolean threadEnded() {
        return !thread.isAlive();
    }

    private static IOException rethrow(Throwable t) {
        if (t instanceof IOException io) return io;
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        return new IOException(t);
    }
}
