package org.dlminspect.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldFormat;
import org.dlminspect.schema.FieldRegistry;
import org.dlminspect.schema.FieldType;
import org.junit.jupiter.api.Test;

/** The -V field line text made from bytes encoded once is FieldFormat.tree's text, whatever was cached before. */
class TreeFieldTextTest {
    private static List<Long> values(FieldDef f) {
        List<Long> v = new ArrayList<>(List.of(0L, 1L, 2L, 7L, 255L, 65535L, -1L, -2L, Long.MAX_VALUE, Long.MIN_VALUE,
                0xffffffffL, 0x100000000L));
        for (int bit = 0; bit < 64; bit++) v.add(1L << bit);
        if (f.names() != null) {
            for (long named : f.names().entries().values()) {
                v.add(named);
                v.add(named | 1);
                v.add(named | 0x80000000L);
            }
        }
        List<Long> normalised = new ArrayList<>();
        for (long x : v) normalised.add(f.normalise(x));
        return normalised;
    }

    @Test
    void everyNumericFieldAsFieldFormatTree() {
        TreeFieldText text = new TreeFieldText();
        TextLine line = new TextLine();
        int checked = 0;
        // twice: the first round fills the tables, the second reads them back (after every other field's values)
        for (int round = 0; round < 2; round++) {
            for (FieldDef f : FieldRegistry.get().all()) {
                if (f.type() != FieldType.UNSIGNED && f.type() != FieldType.SIGNED && f.type() != FieldType.BOOLEAN) continue;
                for (long v : values(f)) {
                    text.number(line.clear(), f, f.label(), v);
                    assertEquals(f.label() + ": " + FieldFormat.tree(f, v), line.toString(), f.name() + " = " + v);
                    text.number(line.clear(), f, "Another label", v);
                    assertEquals("Another label: " + FieldFormat.tree(f, v), line.toString(), f.name() + " = " + v);
                    checked++;
                }
            }
        }
        assertTrue(checked > 1000, "fields checked: " + checked);
    }

    @Test
    void prefixAsTheOffsetAndSizePadded() {
        TreeFieldText text = new TreeFieldText();
        TextLine line = new TextLine();
        int[] sizes = {0, 1, 4, 8, 64, 4096, 12345, 0xFFFFFF, 0x1000000, Integer.MAX_VALUE, -1};
        for (int round = 0; round < 2; round++) {
            for (int offset : new int[] {0, 1, 4, 16, 48, 100, 999, 1000, 4096, 65535, 123456, -1}) {
                for (int size : sizes) {
                    for (int depth = 0; depth < 6; depth++) {
                        text.prefix(line.clear(), offset, size, depth);
                        String expected = TreeRenderer.offsetText(offset, size) + "  ".repeat(depth);
                        assertEquals(expected, line.toString(), offset + "+" + size + " at depth " + depth);
                    }
                }
            }
        }
        text.prefix(line.clear(), 8, 4, 300);
        assertEquals("[   8+4   ] " + "  ".repeat(300), line.toString());
    }

    @Test
    void groupLabelsAsTheyAre() {
        TreeFieldText text = new TreeFieldText();
        assertEquals("Encapsulated message", new String(text.groupLabel("Encapsulated message"), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("caf\u00e9 \u2192", new String(text.groupLabel("caf\u00e9 \u2192"), java.nio.charset.StandardCharsets.UTF_8));
    }
}
