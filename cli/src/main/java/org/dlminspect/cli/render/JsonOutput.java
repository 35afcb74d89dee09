package org.dlminspect.cli.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;

/** The newline-delimited JSON writer every command uses, escaped for terminals ({@link TerminalSafeEscapes}). */
public final class JsonOutput {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonOutput() { }

    public static JsonGenerator create(Writer out) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.setRootValueSeparator(null);
        g.setCharacterEscapes(TerminalSafeEscapes.INSTANCE);
        return g;
    }
}
