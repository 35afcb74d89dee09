package org.dlminspect.cli.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON text into Maps, Lists, Strings, Booleans, nulls and numbers, with jackson-core (tests only): an
 * integer as a Long (a BigDecimal beyond 64 bits, such as an unsigned RCOM id), any other number as the exact
 * BigDecimal of its digits, so that a time keeps its 9 decimals ({@code 0.042906000}) and its nanoseconds.
 */
public final class JsonTree {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonTree() { }

    public static Object parse(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            p.nextToken();
            return value(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every value of newline-delimited JSON. */
    public static List<Object> parseLines(String text) {
        List<Object> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) out.add(parse(line));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object o) {
        return (Map<String, Object>) o;
    }

    /** One JSON object's text, parsed. */
    public static Map<String, Object> parseObject(String text) {
        return object(parse(text));
    }

    /** A number as its exact decimal (a Long or a BigDecimal as {@link #parse} gives them). */
    public static BigDecimal exact(Object number) {
        return number instanceof BigDecimal b ? b : BigDecimal.valueOf((Long) number);
    }

    @SuppressWarnings("unchecked")
    public static List<Object> array(Object o) {
        return (List<Object>) o;
    }

    private static Object value(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() != JsonToken.END_OBJECT) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, value(p));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) l.add(value(p));
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                JsonParser.NumberType n = p.getNumberType();
                return n == JsonParser.NumberType.INT || n == JsonParser.NumberType.LONG ? p.getLongValue() : new BigDecimal(p.getText());
            }
            case VALUE_NUMBER_FLOAT -> {
                return new BigDecimal(p.getText());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return p.getBooleanValue();
            }
            default -> {
                return null;
            }
        }
    }
}
