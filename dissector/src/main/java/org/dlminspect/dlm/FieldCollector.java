package org.dlminspect.dlm;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldType;
import org.dlminspect.schema.FieldValues;

/**
 * Puts every field a walk visits into {@link FieldValues}, for the display filter and {@code -T fields}:
 * numbers as they are, names as Latin-1 text, other bytes as a copy. Fields the values do not want are skipped.
 * The message an OPTS encapsulates is one protocol layer deeper than the OPTS ({@link FieldValues#layer}).
 */
public final class FieldCollector implements FieldVisitor {
    private final FieldValues out;
    /** Group nesting depth, and the depths at which an encapsulated message began. */
    private int depth;
    private int[] innerDepths = new int[4];
    private int inner;

    public FieldCollector(FieldValues out) {
        this.out = out;
    }

    /** Walks {@code pdu} into the values. */
    public void collect(DlmPdu pdu) {
        pdu.accept(this);
        // What is added after the message (its lock link, its receiver's sighting) is layer 1 again, even when
        // a truncated message's walk left a group open.
        depth = 0;
        inner = 0;
        out.layer(1);
    }

    @Override
    public boolean wants(FieldDef field) {
        return out.wants(field);
    }

    @Override
    public void number(FieldDef field, String label, int offset, long value) {
        out.add(field, value);
    }

    @Override
    public void bytes(FieldDef field, String label, int offset, int size, byte[] data, int from) {
        if (out.wants(field)) {
            out.addObject(field, field.type() == FieldType.STRING
                    ? new String(data, from, size, StandardCharsets.ISO_8859_1)
                    : Arrays.copyOfRange(data, from, from + size));
        }
    }

    @Override
    public void beginGroup(String key, String label, int offset, int size) {
        depth++;
        if ("inner".equals(key)) {
            if (inner == innerDepths.length) innerDepths = Arrays.copyOf(innerDepths, inner * 2);
            innerDepths[inner++] = depth;
            out.layer(inner + 1);
        }
    }

    @Override
    public void endGroup() {
        if (inner > 0 && innerDepths[inner - 1] == depth) {
            inner--;
            out.layer(inner + 1);
        }
        depth--;
    }

    @Override
    public void beginList(String key, String label, int offset, int size) {
    }

    @Override
    public void endList() {
    }

    @Override
    public void error(int offset, String message) {
    }
}
