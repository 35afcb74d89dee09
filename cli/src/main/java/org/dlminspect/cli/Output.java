package org.dlminspect.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;

/** Standard output behind one large buffer, UTF-8: data goes here, everything else to stderr. */
final class Output {
    private static final String BROKEN_PIPE = "Broken pipe";

    private Output() { }

    static Writer stdout() {
        return new Utf8Writer(new Checked(System.out), 1 << 16);
    }

    /** Standard output as bytes (for {@code -w -}), its write errors reported as IOExceptions. */
    static OutputStream stdoutBytes() {
        return new Checked(System.out);
    }

    /** True for the error a write to a closed pipe gives: the reader went away, which is not our error. */
    static boolean isBrokenPipe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException && t.getMessage() != null && t.getMessage().contains(BROKEN_PIPE)) {
                return true;
            }
        }
        return false;
    }

    /**
     * System.out swallows write errors; this turns its error flag into an IOException after each
     * (64 KiB) write, so that {@code read | head} stops reading instead of running to the end.
     */
    private static final class Checked extends OutputStream {
        private final PrintStream out;

        Checked(PrintStream out) {
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
                throw new IOException(BROKEN_PIPE + " (standard output closed)");
            }
        }
    }
}
