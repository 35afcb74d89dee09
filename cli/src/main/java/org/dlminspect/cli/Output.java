package org.dlminspect.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** Standard output (System.out, so tests can capture it) behind one large buffer, UTF-8: data goes here, everything else to stderr. */
final class Output {
    private Output() { }

    static Writer stdout() {
        return new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
    }
}
