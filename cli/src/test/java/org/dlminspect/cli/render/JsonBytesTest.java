package org.dlminspect.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * JsonBytes writes byte for byte what --json wrote before it: {@link JsonOutput}'s Jackson generator (terminal-safe
 * escapes) on a UTF-8 Writer (which writes supplementary characters as 4-byte UTF-8, where Jackson's byte
 * generator would escape them).
 */
class JsonBytesTest {
    private static final String[] STRINGS = {"", "plain", "q\"uote", "back\\slash", "tab\tnl\ncr\rff\fbs\b", "\u0000\u0001\u001f",
            "\u007f", "\u0080\u009b\u009f\u00a0", "é ß ÿ", "→ arrow", "😀 emoji", "slash/ok", "hot005", "NL|CR|EX"};
    private static final long[] NUMBERS = {0, 1, -1, 9, 10, 99, 100, 4096, 1795554056L, Long.MAX_VALUE, Long.MIN_VALUE,
            Integer.MIN_VALUE, 4294967295L};

    /** One random document, written through both writers by the same sequence of calls. */
    private static void document(Random r, JsonBytes b, JsonGenerator j, int depth) throws IOException {
        b.startObject();
        j.writeStartObject();
        for (int i = 0, n = r.nextInt(6); i < n; i++) {
            String key = STRINGS[r.nextInt(STRINGS.length)] + i;
            b.name(key);
            j.writeFieldName(key);
            value(r, b, j, depth);
        }
        b.endObject();
        j.writeEndObject();
    }

    private static void value(Random r, JsonBytes b, JsonGenerator j, int depth) throws IOException {
        switch (depth > 3 ? r.nextInt(4) : r.nextInt(6)) {
            case 0 -> {
                long v = r.nextBoolean() ? NUMBERS[r.nextInt(NUMBERS.length)] : r.nextLong();
                b.number(v);
                j.writeNumber(v);
            }
            case 1 -> {
                String s = STRINGS[r.nextInt(STRINGS.length)];
                b.string(s);
                j.writeString(s);
            }
            case 2 -> {
                boolean v = r.nextBoolean();
                b.bool(v);
                j.writeBoolean(v);
            }
            case 3 -> {
                b.numberText("1795554056.196138000");
                j.writeNumber("1795554056.196138000");
            }
            case 4 -> document(r, b, j, depth + 1);
            default -> {
                b.startArray();
                j.writeStartArray();
                for (int i = 0, n = r.nextInt(4); i < n; i++) value(r, b, j, depth + 1);
                b.endArray();
                j.writeEndArray();
            }
        }
    }

    @Test
    void sameBytesAsJacksonForRandomDocuments() throws IOException {
        Random r = new Random(21064);
        for (int round = 0; round < 500; round++) {
            ByteArrayOutputStream mine = new ByteArrayOutputStream();
            ByteArrayOutputStream jackson = new ByteArrayOutputStream();
            JsonBytes b = new JsonBytes(mine);
            JsonGenerator j = JsonOutput.create(new java.io.OutputStreamWriter(jackson, StandardCharsets.UTF_8));
            for (int doc = 0, n = 1 + r.nextInt(3); doc < n; doc++) {
                document(r, b, j, 0);
                b.raw('\n');
                j.writeRaw('\n');
            }
            b.flush();
            j.flush();
            assertEquals(jackson.toString(StandardCharsets.UTF_8), mine.toString(StandardCharsets.UTF_8), "round " + round);
        }
    }

    @Test
    void jacksonWritingIntoTheSameBufferStaysInOrder() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        JsonBytes b = new JsonBytes(sink);
        JsonGenerator j = new JsonFactory().createGenerator(b.asOutputStream(), JsonEncoding.UTF8);
        j.setRootValueSeparator(null);
        for (int i = 0; i < 3000; i++) {
            j.flush();
            b.startObject();
            b.name("frame");
            b.number(i);
            b.endObject();
            b.raw('\n');
            if (i % 7 == 0) {
                j.writeStartObject();
                j.writeStringField("finding", "f" + i);
                j.writeEndObject();
                j.writeRaw('\n');
            }
        }
        j.flush();
        b.flush();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            expected.append("{\"frame\":").append(i).append("}\n");
            if (i % 7 == 0) expected.append("{\"finding\":\"f").append(i).append("\"}\n");
        }
        assertEquals(expected.toString(), sink.toString(StandardCharsets.UTF_8));
    }
}
