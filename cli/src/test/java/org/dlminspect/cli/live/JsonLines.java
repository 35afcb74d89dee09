package org.dlminspect.cli.live;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Set;

/** Small helpers over the newline-delimited JSON of {@code read --json} and {@code live --json}. */
final class JsonLines {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonLines() { }

    /** The object on {@code line} re-serialised without the top-level fields named in {@code drop}. */
    static String without(String line, Set<String> drop) {
        try (JsonParser p = FACTORY.createParser(line)) {
            StringWriter sw = new StringWriter(line.length());
            try (JsonGenerator g = FACTORY.createGenerator(sw)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IllegalArgumentException("not a JSON object: " + line);
                }
                g.writeStartObject();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    if (drop.contains(name)) {
                        p.skipChildren();
                    } else {
                        g.writeFieldName(name);
                        g.copyCurrentStructure(p);
                    }
                }
                g.writeEndObject();
            }
            return sw.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("bad JSON line: " + line, e);
        }
    }

    /** The object on {@code line} re-serialised without the fields named in {@code drop}, at any depth. */
    static String withoutDeep(String line, Set<String> drop) {
        try (JsonParser p = FACTORY.createParser(line)) {
            StringWriter sw = new StringWriter(line.length());
            try (JsonGenerator g = FACTORY.createGenerator(sw)) {
                p.nextToken();
                copyWithout(p, g, drop);
            }
            return sw.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("bad JSON line: " + line, e);
        }
    }

    /** Copies the value at the parser's current token, leaving out object fields named in {@code drop}. */
    private static void copyWithout(JsonParser p, JsonGenerator g, Set<String> drop) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            g.writeStartObject();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (drop.contains(name)) {
                    p.skipChildren();
                } else {
                    g.writeFieldName(name);
                    copyWithout(p, g, drop);
                }
            }
            g.writeEndObject();
        } else if (t == JsonToken.START_ARRAY) {
            g.writeStartArray();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                copyWithout(p, g, drop);
            }
            g.writeEndArray();
        } else {
            g.copyCurrentEvent(p);
        }
    }

    /** The name of the first field of the object on {@code line}: "frame" for a message, "finding", "summary". */
    static String firstKey(String line) {
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME) {
                throw new IllegalArgumentException("not a JSON object with fields: " + line);
            }
            return p.currentName();
        } catch (IOException e) {
            throw new UncheckedIOException("bad JSON line: " + line, e);
        }
    }

    /** A top-level number field of the object on {@code line}, or -1 when absent. */
    static long number(String line, String field) {
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object: " + line);
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals(field)) {
                    return p.getLongValue();
                }
                p.skipChildren();
            }
            return -1;
        } catch (IOException e) {
            throw new UncheckedIOException("bad JSON line: " + line, e);
        }
    }
}
