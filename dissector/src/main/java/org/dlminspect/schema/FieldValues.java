package org.dlminspect.schema;

import java.util.Arrays;

/**
 * The field values of one record (a DLM message with its frame, or a finding), as the display filter and
 * {@code -T fields} read them: each occurrence of a field in order, numbers as {@code long}, everything else
 * as an object (bytes as {@code byte[]}, names as {@code String}, addresses as {@code IpAddress}).
 * Reused from record to record ({@link #clear}); only the fields {@link #wants wanted} are kept.
 *
 * <p>A bit field of a flag word is not stored: it is read from its word ({@link FieldDef#parent()}).
 *
 * <p>Each occurrence has a protocol layer, counted from 1 as Wireshark's layer operator does ({@code ip.addr#2}):
 * the frame, IP, TCP or SCTP and the DLM message itself are layer 1, the message an OPTS carries is layer 2 of the
 * DLM fields. Collectors say which layer they are in ({@link #layer(int)}).
 */
public final class FieldValues {
    private final boolean[] wanted;
    private FieldDef[] fields = new FieldDef[32];
    private long[] numbers = new long[32];
    private Object[] objects = new Object[32];
    private int[] layers = new int[32];
    private int layer = 1;
    private int size;
    /** The list {@link #wantsAny} was last asked about, and its answer. */
    private java.util.List<FieldDef> anyOf;
    private boolean anyOfWanted;

    /** Keeps every field. */
    public FieldValues() {
        this.wanted = null;
    }

    /** Keeps only these fields (a bit field keeps its word). */
    public FieldValues(Iterable<FieldDef> keep) {
        int max = 0;
        for (FieldDef f : keep) {
            max = Math.max(max, f.id() + 1);
            if (f.parent() != null) {
                max = Math.max(max, f.parent().id() + 1);
            }
        }
        this.wanted = new boolean[max];
        for (FieldDef f : keep) {
            wanted[(f.parent() != null ? f.parent() : f).id()] = true;
        }
    }

    /** True when {@code field} would be kept: collectors may skip the work of making its value. */
    public boolean wants(FieldDef field) {
        return wanted == null || (field.id() < wanted.length && wanted[field.id()]);
    }

    /**
     * True when some field of {@code fields} would be kept: a collector skips a whole group of fields with one
     * test. The answer for the list last asked about is remembered, so ask with a constant list.
     */
    public boolean wantsAny(java.util.List<FieldDef> fields) {
        if (fields != anyOf) {
            boolean any = false;
            for (FieldDef f : fields) any |= wants(f);
            anyOfWanted = any;
            anyOf = fields;
        }
        return anyOfWanted;
    }

    public void clear() {
        Arrays.fill(objects, 0, size, null);
        size = 0;
        layer = 1;
    }

    /** The layer of the occurrences added from now on (1 after {@link #clear}). */
    public void layer(int n) {
        layer = n;
    }

    /** The protocol layer of the occurrence at {@code index}, from 1. */
    public int layerAt(int index) {
        return layers[index];
    }

    /** Adds an occurrence of a numeric field. */
    public void add(FieldDef field, long value) {
        if (wants(field)) {
            grow();
            fields[size] = field;
            numbers[size] = value;
            layers[size] = layer;
            size++;
        }
    }

    /** Adds an occurrence of a field whose value is an object. */
    public void addObject(FieldDef field, Object value) {
        if (wants(field)) {
            grow();
            fields[size] = field;
            objects[size] = value;
            layers[size] = layer;
            size++;
        }
    }

    private void grow() {
        if (size == fields.length) {
            fields = Arrays.copyOf(fields, size * 2);
            numbers = Arrays.copyOf(numbers, size * 2);
            objects = Arrays.copyOf(objects, size * 2);
            layers = Arrays.copyOf(layers, size * 2);
        }
    }

    /** How many occurrences of {@code field} there are. */
    public int count(FieldDef field) {
        FieldDef stored = field.parent() != null ? field.parent() : field;
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (fields[i] == stored) {
                n++;
            }
        }
        return n;
    }

    /** The index of the next occurrence of {@code field} at or after {@code from}, or -1. */
    public int next(FieldDef field, int from) {
        FieldDef stored = field.parent() != null ? field.parent() : field;
        for (int i = from; i < size; i++) {
            if (fields[i] == stored) {
                return i;
            }
        }
        return -1;
    }

    /** The numeric value at {@code index} as {@code field} sees it (a bit field: 1 when its bit is set). */
    public long number(FieldDef field, int index) {
        long v = numbers[index];
        return field.parent() != null ? ((v & field.mask()) != 0 ? 1 : 0) : v;
    }

    /** The object value at {@code index}. */
    public Object object(int index) {
        return objects[index];
    }

    /** The field stored at {@code index}. */
    public FieldDef field(int index) {
        return fields[index];
    }

    public int size() {
        return size;
    }
}
