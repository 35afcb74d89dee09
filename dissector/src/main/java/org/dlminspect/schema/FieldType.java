package org.dlminspect.schema;

/** What kind of value a field holds, which decides how a display filter compares it. */
public enum FieldType {
    /** An unsigned integer of the field's width (64-bit values compare unsigned). */
    UNSIGNED("unsigned integer"),
    /** A signed integer (results, lock modes, node ids the kernel keeps in an int). */
    SIGNED("signed integer"),
    /** 0 or 1: a flag bit of a flag word, or a yes/no fact. */
    BOOLEAN("boolean"),
    /** Raw bytes (LVBs, opaque buffers): compared as bytes, {@code aa:bb:cc} literals. */
    BYTES("bytes"),
    /** Text: resource and lockspace names (bytes read as Latin-1), finding codes. */
    STRING("string"),
    /** An IPv4 or IPv6 address; compared with an address or a CIDR block. */
    ADDRESS("address"),
    /** An absolute time, nanoseconds since the epoch; compared with epoch seconds or a UTC date. */
    TIME("absolute time"),
    /** A time difference in nanoseconds; compared with seconds. */
    DURATION("relative time");

    private final String description;

    FieldType(String description) {
        this.description = description;
    }

    /** What {@code dlm-inspect fields} prints in its type column. */
    public String description() {
        return description;
    }

    /** True for the types whose values are carried as a {@code long}. */
    public boolean numeric() {
        return this == UNSIGNED || this == SIGNED || this == BOOLEAN || this == TIME || this == DURATION;
    }
}
