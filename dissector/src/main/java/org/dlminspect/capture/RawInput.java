package org.dlminspect.capture;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The compressed bytes as read from the file or pipe, for {@link CompressedData}: marks its own
 * I/O failures (so they are not taken for corrupt data) and remembers whether the input has ended.
 */
final class RawInput extends FilterInputStream {
    private boolean ended;

    RawInput(InputStream in) {
        super(in);
    }

    boolean ended() {
        return ended;
    }

    @Override
    public int read() throws IOException {
        try {
            int c = super.read();
            if (c < 0) ended = true;
            return c;
        } catch (IOException e) {
            throw new Failure(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            int n = super.read(b, off, len);
            if (n < 0) ended = true;
            return n;
        } catch (IOException e) {
            throw new Failure(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return super.skip(n);
        } catch (IOException e) {
            throw new Failure(e);
        }
    }

    /** An I/O failure of the raw input, carried through the decoder. */
    static final class Failure extends IOException {
        private static final long serialVersionUID = 1L;

        Failure(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }
}
