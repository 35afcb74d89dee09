package org.dlminspect.cli.render;

import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import org.dlminspect.schema.Display;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldFormat;
import org.dlminspect.schema.FieldType;

/**
 * The {@code -V} tree's text of a field line, written into a {@link TextLine} as UTF-8 bytes encoded once: the
 * {@code [offset+size] } prefix, each label, and the whole value text of a named value (an enum constant, a
 * flag word's names, an errno). Numbers are written as digits. The text is {@link FieldFormat#tree}'s, byte for
 * byte. With 14 M field lines on a 365 k-frame capture, making each line's label, value and prefix as Strings
 * and copying them out as characters was most of {@code read -V}.
 *
 * <p>Every table is bounded whatever the capture holds: the labels are the walk's constants (one entry per
 * field or literal), the named values and prefixes sit in fixed direct-mapped tables where a newcomer replaces
 * the entry in its slot. Not thread-safe.
 */
final class TreeFieldText {
    private static final byte[] TRUE = "True".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "False".getBytes(StandardCharsets.US_ASCII);
    /** Slots of the named-value and prefix tables: 512. */
    private static final int SLOT_BITS = 9;
    private static final int SLOTS = 1 << SLOT_BITS;
    /** Most labels kept by identity (those not the field's own; the walk's are a few dozen literals). */
    private static final int MAX_LABELS = 4096;

    /** {@code label + ": "} per field id, for the field's own label. */
    private byte[][] ownLabels = new byte[256][];
    /** {@code label + ": "} (field lines) or {@code label} (group lines) of any other label, by identity. */
    private final IdentityHashMap<String, byte[]> fieldLabels = new IdentityHashMap<>();
    private final IdentityHashMap<String, byte[]> groupLabels = new IdentityHashMap<>();

    private final FieldDef[] namedField = new FieldDef[SLOTS];
    private final long[] namedValue = new long[SLOTS];
    private final byte[][] namedText = new byte[SLOTS][];

    private final long[] prefixKey = new long[SLOTS];
    private final byte[][] prefixText = new byte[SLOTS][];

    private final StringBuilder scratch = new StringBuilder(64);
    private final TextLine made = new TextLine();

    /** {@code [offset+size] } (offset padded left and size right to 4) and two spaces per depth. */
    void prefix(TextLine line, int offset, int size, int depth) {
        if (size < 0 || size > 0xFFFFFF || depth < 0 || depth > 0xFF) {
            prefixText(line, offset, size, depth);
            return;
        }
        long key = ((long) offset << 32) | ((long) size << 8) | depth;
        int slot = slot(key);
        byte[] text = prefixText[slot];
        if (text == null || prefixKey[slot] != key) {
            text = utf8(prefixText(made.clear(), offset, size, depth).toString());
            prefixKey[slot] = key;
            prefixText[slot] = text;
        }
        line.appendUtf8(text);
    }

    private static TextLine prefixText(TextLine line, int offset, int size, int depth) {
        return line.append('[').padLeft(offset, 4).append('+').padRight(size, 4).append("] ").spaces(2 * depth);
    }

    /** {@code label: value} of a numeric field (no newline). */
    void number(TextLine line, FieldDef f, String label, long value) {
        line.appendUtf8(fieldLabel(f, label));
        switch (f.display()) {
            case HEX -> decimal(hexWord(line, f, value).append(' ').append('('), f, value).append(')');
            case ENUM, FLAGS, ERRNO -> line.appendUtf8(named(f, value));
            case BOOLEAN -> line.appendUtf8(value != 0 ? TRUE : FALSE);
            default -> decimal(line, f, value);
        }
    }

    /** {@code label: } of a field line. */
    byte[] fieldLabel(FieldDef f, String label) {
        if (label == f.label()) {
            int id = f.id();
            if (id >= ownLabels.length) {
                ownLabels = java.util.Arrays.copyOf(ownLabels, Math.max(id + 1, 2 * ownLabels.length));
            }
            byte[] text = ownLabels[id];
            if (text == null) {
                text = utf8(label + ": ");
                ownLabels[id] = text;
            }
            return text;
        }
        return cached(fieldLabels, label, ": ");
    }

    /** The label of a group or list line. */
    byte[] groupLabel(String label) {
        return cached(groupLabels, label, "");
    }

    private static byte[] cached(IdentityHashMap<String, byte[]> labels, String label, String suffix) {
        byte[] text = labels.get(label);
        if (text == null) {
            if (labels.size() >= MAX_LABELS) labels.clear();
            text = utf8(label + suffix);
            labels.put(label, text);
        }
        return text;
    }

    /** The tree text of an enum, flag word or errno value, made by {@link FieldFormat#tree} once per slot. */
    private byte[] named(FieldDef f, long value) {
        int slot = slot(((long) f.id() << 48) ^ value);
        if (namedField[slot] != f || namedValue[slot] != value) {
            scratch.setLength(0);
            namedText[slot] = utf8(FieldFormat.tree(scratch, f, value).toString());
            namedField[slot] = f;
            namedValue[slot] = value;
        }
        return namedText[slot];
    }

    /** As FieldFormat's hexWord: 8 digits up to 4 bytes, else as many as needed. */
    private static TextLine hexWord(TextLine line, FieldDef f, long value) {
        return f.width() <= 4 ? line.hex32(value) : line.hex(value);
    }

    /** As {@link FieldDef#decimal}: unsigned for unsigned fields, signed otherwise. */
    private static TextLine decimal(TextLine line, FieldDef f, long value) {
        return f.type() == FieldType.UNSIGNED ? line.appendUnsigned(value) : line.append(value);
    }

    /** UTF-8 bytes as the standard output's encoder makes them (an unpaired surrogate a '?'). */
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Fibonacci hashing: the top bits of the product depend on every bit of the key. */
    private static int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - SLOT_BITS));
    }
}
