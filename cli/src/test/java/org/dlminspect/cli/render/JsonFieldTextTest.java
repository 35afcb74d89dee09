package org.dlminspect.cli.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.dlminspect.schema.Display;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldRegistry;
import org.junit.jupiter.api.Test;

/** The --json strings encoded once are the field's meaning, and write the bytes the generator writes for the String. */
class JsonFieldTextTest {
    private static List<Long> values(FieldDef f) {
        List<Long> v = new ArrayList<>(List.of(0L, 1L, 2L, 7L, 255L, -1L, -2L, -11L, -110L, 0xffffffffL));
        for (int bit = 0; bit < 32; bit++) v.add(1L << bit);
        if (f.names() != null) {
            for (long named : f.names().entries().values()) {
                v.add(named);
                v.add(named | 0x80000000L);
            }
        }
        return v;
    }

    @Test
    void namesAreTheFieldsMeaning() {
        JsonFieldText text = new JsonFieldText();
        int checked = 0;
        for (int round = 0; round < 2; round++) {
            for (FieldDef f : FieldRegistry.get().all()) {
                for (long v : values(f)) {
                    long value = f.normalise(v);
                    String meaning = f.meaning(value);
                    if (f.display() == Display.FLAGS) {
                        Object[] names = text.bitNames(f, value);
                        String joined = String.join("|", java.util.Arrays.stream(names).map(Object::toString).toList());
                        assertEquals(meaning == null ? "" : meaning, joined, f.name() + " = " + value);
                        checked++;
                    } else if (f.display() == Display.ENUM || f.display() == Display.ERRNO) {
                        Object name = text.name(f, value);
                        if (meaning == null) {
                            assertNull(name, f.name() + " = " + value);
                        } else {
                            assertEquals(meaning, name.toString(), f.name() + " = " + value);
                        }
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 500, "values checked: " + checked);
    }

    @Test
    void keysAreMadeOncePerField() {
        JsonFieldText text = new JsonFieldText();
        for (FieldDef f : FieldRegistry.get().all()) {
            if (f.jsonKey() == null) continue;
            SerializedString key = text.key(f, JsonFieldText.KEY);
            assertEquals(f.jsonKey(), key.getValue());
            assertEquals(f.jsonKey() + "_names", text.key(f, JsonFieldText.NAMES).getValue());
            assertEquals(f.jsonKey() + "_str", text.key(f, JsonFieldText.STR).getValue());
            assertSame(key, text.key(f, JsonFieldText.KEY));
        }
        assertSame(text.key("inner"), text.key("inner"));
    }

    @Test
    void onlyTextThatNeedsNoEscapeIsPreEncoded() throws IOException {
        String[] texts = {"GRANT", "10.0.0.1", "fe80::1", "VALBLK", "-EAGAIN", "a b", "", "quote\"", "back\\slash", "tab\t",
            "del\u007f", "c1\u009b[31m", "caf\u00e9", "\u2192", "nul\u0000"};
        for (String t : texts) {
            Object s = JsonFieldText.serialized(t);
            boolean plain = t.chars().allMatch(c -> c >= 0x20 && c <= 0x7e && c != '"' && c != '\\');
            if (plain) {
                assertInstanceOf(SerializedString.class, s, t);
            } else {
                assertSame(t, s, t);
            }
            // either way, the bytes are the generator's for the String
            assertArrayEquals(written(t), s instanceof SerializedString ss ? written(ss) : written((String) s), t);
        }
        assertNull(JsonFieldText.serialized(null));
    }

    private static byte[] written(Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonOutput.create(out)) {
            if (value instanceof SerializedString s) {
                g.writeString(s);
            } else {
                g.writeString((String) value);
            }
        }
        return out.toByteArray();
    }
}
