package org.dlminspect.cli.render;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Locale;
import org.dlminspect.analysis.Finding;

/**
 * Writes result records as JSON: a record is an object whose keys are its component names in snake_case
 * ({@code waitNanos} -> {@code wait_nanos}), a list an array, null is left out. A {@link Finding} is written as
 * {@code analyze --json} writes it. One generic writer, so the JSON always says what the record says.
 */
public final class RecordJson {
    private RecordJson() { }

    public static void write(JsonGenerator json, Object value) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof Finding f) {
            finding(json, f);
        } else if (value instanceof Record r) {
            json.writeStartObject();
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                Object v = get(c, r);
                if (v == null) continue;
                json.writeFieldName(snake(c.getName()));
                write(json, v);
            }
            json.writeEndObject();
        } else if (value instanceof Collection<?> list) {
            json.writeStartArray();
            for (Object o : list) write(json, o);
            json.writeEndArray();
        } else if (value instanceof Long || value instanceof Integer) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number n) {
            json.writeNumber(n.doubleValue());
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else {
            json.writeString(value.toString());
        }
    }

    private static void finding(JsonGenerator json, Finding f) throws IOException {
        json.writeStartObject();
        json.writeStringField("finding", f.code());
        json.writeStringField("severity", f.severity().label());
        json.writeNumberField("frame", f.frame());
        json.writeFieldName("time");
        json.writeNumber(Text.epochSeconds(f.epochNanos()));
        if (f.stream() >= 0) json.writeNumberField("stream", f.stream());
        if (f.fromNode() >= 0) json.writeNumberField("from_node", f.fromNode());
        if (f.toNode() >= 0) json.writeNumberField("to_node", f.toNode());
        json.writeFieldName("frames");
        write(json, f.frames());
        json.writeStringField("message", f.message());
        json.writeEndObject();
    }

    private static Object get(RecordComponent c, Record r) {
        try {
            return c.getAccessor().invoke(r);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("record component " + c.getName(), e);
        }
    }

    static String snake(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char ch = camel.charAt(i);
            if (Character.isUpperCase(ch)) {
                sb.append('_').append(Character.toLowerCase(ch));
            } else {
                sb.append(ch);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
