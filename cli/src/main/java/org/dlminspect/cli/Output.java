package org.dlminspect.cli;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** Standard output as one large buffered UTF-8 writer: data goes here, everything else to stderr. */
final class Output {
    private Output() { }

    static Writer stdout() {
        return new BufferedWriter(new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16);
    }
}
