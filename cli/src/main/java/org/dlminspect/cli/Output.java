package org.dlminspect.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** Standard output behind one large buffer, UTF-8: data goes here, everything else to stderr. */
final class Output {
    /** The JVM's own stdout; tests replace System.out to capture output. */
    private static final PrintStream JVM_STDOUT = System.out;

    private Output() { }

    static Writer stdout() {
        // The file descriptor itself, not the PrintStream, so a closed pipe (| head) raises an
        // IOException instead of being swallowed, and reading stops.
        OutputStream target = System.out == JVM_STDOUT ? new FileOutputStream(FileDescriptor.out) : System.out;
        return new BufferedWriter(new OutputStreamWriter(target, StandardCharsets.UTF_8), 1 << 16);
    }

    /** True for the error a write to a closed pipe gives: the reader went away, which is not our error. */
    static boolean isBrokenPipe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException && t.getMessage() != null && t.getMessage().contains("Broken pipe")) {
                return true;
            }
        }
        return false;
    }
}
