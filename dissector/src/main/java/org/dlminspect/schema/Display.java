package org.dlminspect.schema;

/** How a field's value is shown in the {@code -V} tree, in JSON and in {@code -T fields}. */
public enum Display {
    /** Decimal. */
    DEC,
    /** Hex in the tree (with the decimal value beside it); a plain number in JSON. */
    HEX,
    /** An enumeration: the value's name (the number when it has none). */
    ENUM,
    /** A bit set: hex, with the set bits' names; JSON adds {@code <key>_names}. */
    FLAGS,
    /** A negated errno: the number, with its name; JSON adds {@code <key>_name}. */
    ERRNO,
    /** Bytes as hex digits. */
    BYTES,
    /** Bytes that are a name: escaped text. */
    NAME,
    /** Plain text. */
    TEXT,
    /** An IP address. */
    ADDRESS,
    /** A time. */
    TIME,
    /** True or false (1 or 0). */
    BOOLEAN
}
