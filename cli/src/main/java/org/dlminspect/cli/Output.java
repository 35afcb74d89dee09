package org.dlminspect.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;

/**
 * Standard output behind one large buffer, UTF-8: data goes here, everything else to stderr.
 *
 * <p>Written to file descriptor 1 directly, not through {@code System.out} (a PrintStream swallows every
 * write error), so that a failed write is an {@link OutputError} that says why: a full disk
 * ({@code > /dev/full}), an I/O error or a closed stdout ({@code >&-}) end the run with one line on stderr
 * and exit status 2; a closed pipe ({@code | head -1}) is the one write error that is not an error (the
 * reader has what it wanted), exit status 0.
 */
final class Output {
    private static final String BROKEN_PIPE = "Broken pipe";

    /** Set by {@link Main#main}: the process's own stdout. Tests calling {@link Main#execute} capture System.out instead. */
    private static volatile boolean processStdout;

    private Output() { }

    static void useProcessStdout() {
        processStdout = true;
    }

    static Writer stdout() {
        OutputStream out = processStdout ? new Descriptor(StandardStreams.stdoutClosed()) : new Checked(System.out);
        return new Utf8Writer(out, 1 << 16);
    }

    /** Standard output as bytes (for {@code -w -}), its write errors reported as IOExceptions. */
    static OutputStream stdoutBytes() {
        return new Checked(System.out);
    }

    /** True for the error a write to a closed pipe gives: the reader went away, which is not our error. */
    static boolean isBrokenPipe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutputError o) {
                return o.brokenPipe;
            }
            if (t instanceof IOException && t.getMessage() != null && t.getMessage().contains(BROKEN_PIPE)) {
                return true;
            }
        }
        return false;
    }

    /** The {@link OutputError} in {@code e}'s causes, or null. */
    static OutputError outputError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutputError o) {
                return o;
            }
        }
        return null;
    }

    /** A write to standard output failed; the message says why, for one line on stderr. */
    static final class OutputError extends IOException {
        final boolean brokenPipe;

        OutputError(String message, boolean brokenPipe, Throwable cause) {
            super(message, cause);
            this.brokenPipe = brokenPipe;
        }

        static OutputError of(IOException e) {
            if (e instanceof OutputError o) {
                return o;
            }
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new OutputError("cannot write to standard output: " + why, why.contains(BROKEN_PIPE), e);
        }
    }

    /**
     * System.out as replaced by a test: a PrintStream swallows errors, so its error flag becomes an OutputError
     * after each write (taken for a closed pipe, as it cannot say why).
     */
    private static final class Checked extends OutputStream {
        private final java.io.PrintStream out;

        Checked(java.io.PrintStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            check();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            check();
        }

        @Override
        public void flush() throws IOException {
            out.flush();
            check();
        }

        private void check() throws IOException {
            if (out.checkError()) {
                throw new OutputError("cannot write to standard output: " + BROKEN_PIPE, true, null);
            }
        }
    }

    /** File descriptor 1; every failure becomes an {@link OutputError}. */
    private static final class Descriptor extends OutputStream {
        private final FileOutputStream out = new FileOutputStream(FileDescriptor.out);
        private final boolean closed;

        Descriptor(boolean closed) {
            this.closed = closed;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new OutputError("cannot write to standard output: it is closed", false, null);
            }
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw OutputError.of(e);
            }
        }

        @Override
        public void flush() {
            // FileOutputStream holds no buffer.
        }
    }
}
