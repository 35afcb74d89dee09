package org.dlminspect.cli.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;

/** The newline-delimited JSON writer every command uses, escaped for terminals ({@link TerminalSafeEscapes}). */
public final class JsonOutput {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonOutput() { }

    /** UTF-8 bytes straight to a stream (the fast path of read --json). */
    public static JsonGenerator create(java.io.OutputStream out) throws IOException {
        return configure(FACTORY.createGenerator(out, com.fasterxml.jackson.core.JsonEncoding.UTF8));
    }

    public static JsonGenerator create(Writer out) throws IOException {
        return configure(FACTORY.createGenerator(out));
    }

    private static JsonGenerator configure(JsonGenerator g) {
        g.setRootValueSeparator(null);
        g.setCharacterEscapes(TerminalSafeEscapes.INSTANCE);
        return g;
    }
}
