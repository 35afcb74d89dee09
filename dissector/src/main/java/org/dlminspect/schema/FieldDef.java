package org.dlminspect.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One field dlm-inspect decodes, registered once (as a Wireshark {@code hf_} entry): its display-filter
 * name, label, type, where it sits in its structure, how it is shown, the protocol versions it exists in and
 * its tshark name. The decoder reads it at {@link #offset()} with {@link #width()}; the {@code -V} tree, the
 * JSON writer, {@code -T fields}, the display filter and the test encoder all take it from here.
 *
 * <p>A flag word with named bits has one {@link #bits() boolean child} per bit ({@code dlm.msg.exflags.valblk}),
 * present whenever the word is, with value 1 when the bit is set (as tshark's bit fields).
 *
 * <p>Make one with {@link #builder}; list it in a {@link FieldContributor} so that {@link FieldRegistry} knows it.
 */
public final class FieldDef {
    private static final AtomicInteger IDS = new AtomicInteger();

    private final int id;
    private final String name;
    private final String label;
    private final FieldType type;
    private final Display display;
    private final int offset;
    private final int width;
    private final String jsonKey;
    private final String tsharkName;
    private final ValueNames names;
    private final String versions;
    private final String description;
    private final FieldDef parent;
    private final long mask;
    private final List<FieldDef> bits;

    private FieldDef(Builder b, FieldDef parent, long mask) {
        this.id = IDS.getAndIncrement();
        this.name = b.name;
        this.label = b.label;
        this.type = b.type;
        this.display = b.display;
        this.offset = b.offset;
        this.width = b.width;
        this.jsonKey = b.jsonKey;
        this.tsharkName = b.tsharkName;
        this.names = b.names;
        this.versions = b.versions;
        this.description = b.description != null ? b.description : b.label;
        this.parent = parent;
        this.mask = mask;
        if (parent == null && b.display == Display.FLAGS && b.names != null && b.names.bits()) {
            List<FieldDef> children = new ArrayList<>();
            b.names.entries().forEach((bitName, bit) -> {
                Builder c = builder(b.name + "." + bitName.toLowerCase(Locale.ROOT), bitName, FieldType.BOOLEAN)
                        .display(Display.BOOLEAN).at(b.offset, b.width).versions(b.versions)
                        .description(b.label + ": " + bitName + " (0x" + Long.toHexString(bit) + ")");
                children.add(new FieldDef(c, this, bit));
            });
            this.bits = List.copyOf(children);
        } else {
            this.bits = List.of();
        }
    }

    /** Starts a field: its filter name ({@code dlm.msg.lkid}), tree label and value type. */
    public static Builder builder(String name, String label, FieldType type) {
        return new Builder(name, label, type);
    }

    /** A small dense number unique to this field (for arrays indexed by field). */
    public int id() {
        return id;
    }

    /** The display-filter name, e.g. {@code dlm.msg.lkid}. */
    public String name() {
        return name;
    }

    /** The {@code -V} tree label. */
    public String label() {
        return label;
    }

    public FieldType type() {
        return type;
    }

    public Display display() {
        return display;
    }

    /** Byte offset within its structure (the message, or the payload struct it belongs to); -1 when not on the wire. */
    public int offset() {
        return offset;
    }

    /** Size on the wire in bytes; 0 when variable or not on the wire. */
    public int width() {
        return width;
    }

    /** The JSON key ({@code --json}, {@code -T json}); null when the field is not written as its own key. */
    public String jsonKey() {
        return jsonKey;
    }

    /** Wireshark's name for the same field ({@code dlm3.m.lkid}), or null when tshark has none. */
    public String tsharkName() {
        return tsharkName;
    }

    /** Names of the values (enum constants or flag bits), or null. */
    public ValueNames names() {
        return names;
    }

    /** Protocol versions the field exists in ("3.1 3.2"), or "" when it is not a DLM field. */
    public String versions() {
        return versions;
    }

    /** One line for {@code dlm-inspect fields}. */
    public String description() {
        return description;
    }

    /** The flag word this boolean is a bit of, or null. */
    public FieldDef parent() {
        return parent;
    }

    /** The bit within {@link #parent()}; 0 when not a bit. */
    public long mask() {
        return mask;
    }

    /** One boolean field per named bit of this flag word (empty otherwise). */
    public List<FieldDef> bits() {
        return bits;
    }

    /** The name of {@code value} (enum constant, set bits), or null. */
    public String meaning(long value) {
        return names == null ? null : names.nameOf(value);
    }

    /**
     * The value of this field from the raw bits read on the wire: masked to the width when unsigned,
     * sign-extended from the width when signed; 64-bit values are their bit pattern.
     */
    public long normalise(long raw) {
        if (width <= 0 || width >= 8) {
            return raw;
        }
        int shift = 64 - 8 * width;
        return type == FieldType.SIGNED ? (raw << shift) >> shift : raw & (-1L >>> shift);
    }

    /** The value as decimal text: unsigned for unsigned fields (also 64-bit), signed otherwise. */
    public String decimal(long value) {
        return type == FieldType.UNSIGNED ? Long.toUnsignedString(value) : Long.toString(value);
    }

    /** True when the value does not fit a JavaScript number exactly (beyond 2^53). */
    public boolean beyondDouble(long value) {
        return type == FieldType.UNSIGNED ? Long.compareUnsigned(value, 1L << 53) > 0 : Math.abs(value) > (1L << 53);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Builds a {@link FieldDef}. */
    public static final class Builder {
        private final String name;
        private final String label;
        private final FieldType type;
        private Display display;
        private int offset = -1;
        private int width;
        private String jsonKey;
        private String tsharkName;
        private ValueNames names;
        private String versions = "";
        private String description;

        private Builder(String name, String label, FieldType type) {
            this.name = name;
            this.label = label;
            this.type = type;
            this.display = switch (type) {
                case UNSIGNED, SIGNED -> Display.DEC;
                case BOOLEAN -> Display.BOOLEAN;
                case BYTES -> Display.BYTES;
                case STRING -> Display.TEXT;
                case ADDRESS -> Display.ADDRESS;
                case TIME, DURATION -> Display.TIME;
            };
        }

        /** Offset within its structure and width in bytes. */
        public Builder at(int offset, int width) {
            this.offset = offset;
            this.width = width;
            return this;
        }

        public Builder display(Display d) {
            this.display = d;
            return this;
        }

        public Builder hex() {
            return display(Display.HEX);
        }

        /** An enumeration with these names. */
        public Builder enumOf(ValueNames n) {
            this.names = n;
            return display(Display.ENUM);
        }

        /** A flag word with these bits (each also a boolean field). */
        public Builder flags(ValueNames n) {
            this.names = n;
            return display(Display.FLAGS);
        }

        /** A negated errno with these names. */
        public Builder errno(ValueNames n) {
            this.names = n;
            return display(Display.ERRNO);
        }

        /** Names shown beside the value (not an enumeration). */
        public Builder names(ValueNames n) {
            this.names = n;
            return this;
        }

        public Builder json(String key) {
            this.jsonKey = key;
            return this;
        }

        public Builder tshark(String name) {
            this.tsharkName = name;
            return this;
        }

        public Builder versions(String v) {
            this.versions = v;
            return this;
        }

        public Builder description(String d) {
            this.description = d;
            return this;
        }

        public FieldDef build() {
            return new FieldDef(this, null, 0);
        }
    }
}
