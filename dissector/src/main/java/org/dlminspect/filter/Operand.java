package org.dlminspect.filter;

import java.nio.charset.StandardCharsets;
import org.dlminspect.filter.Expr.Relation;
import org.dlminspect.net.IpAddress;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldFormat;
import org.dlminspect.schema.FieldType;
import org.dlminspect.schema.FieldValues;

/**
 * The right-hand side of a comparison, already converted to the type of what it is compared with when the
 * filter was compiled. {@link #test} reads a field's occurrence straight from the record (the common case,
 * no copy); {@link #holds} a value of any {@link Value} (a slice, a function, arithmetic).
 */
sealed interface Operand {
    /** Does occurrence {@code i} of {@code field} in {@code v} stand in {@code r} to this value? */
    default boolean test(FieldDef field, FieldValues v, int i, Relation r) {
        return field.type().numeric() ? holds(field.type(), v.number(field, i), null, r) : holds(field.type(), 0, v.object(i), r);
    }

    /** Does the value ({@code number} for a numeric {@code type}, else {@code object}) stand in {@code r} to this one? */
    boolean holds(FieldType type, long number, Object object, Relation r);

    /** A number (also enum values, flag bits, booleans, times in nanoseconds). */
    record Number(long value) implements Operand {
        @Override
        public boolean holds(FieldType type, long x, Object object, Relation r) {
            return r.holds(compareNumbers(type == FieldType.UNSIGNED, x, value));
        }
    }

    /** {@code lo..hi} inside a set: the value lies between them, both included. */
    record Range(long lo, long hi) implements Operand {
        @Override
        public boolean holds(FieldType type, long x, Object object, Relation r) {
            boolean unsigned = type == FieldType.UNSIGNED;
            return compareNumbers(unsigned, x, lo) >= 0 && compareNumbers(unsigned, x, hi) <= 0;
        }
    }

    /** An address, or a CIDR block ({@code prefix} bits; the full length for one address). */
    record Address(IpAddress address, int prefix) implements Operand {
        @Override
        public boolean holds(FieldType type, long number, Object object, Relation r) {
            if (!(object instanceof IpAddress a) || a.v6() != address.v6()) {
                return r == Relation.NE;
            }
            boolean inside = sameNetwork(a);
            if (r == Relation.EQ) {
                return inside;
            }
            if (r == Relation.NE) {
                return !inside;
            }
            return r.holds(a.compareTo(address));
        }

        private boolean sameNetwork(IpAddress a) {
            int bits = prefix;
            if (!address.v6()) {
                long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
                return (a.low() & mask) == (address.low() & mask);
            }
            long hiMask = bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
            long loMask = bits <= 64 ? 0 : bits >= 128 ? -1L : -1L << (128 - bits);
            return (a.high() & hiMask) == (address.high() & hiMask) && (a.low() & loMask) == (address.low() & loMask);
        }
    }

    /** Text or bytes; compared byte for byte (text as Latin-1, as names are on the wire). */
    record Bytes(byte[] value) implements Operand {
        @Override
        public boolean holds(FieldType type, long number, Object object, Relation r) {
            return compareBytes(bytesOf(object), value, r);
        }
    }

    /** Two numbers, unsigned (64-bit included) when both sides are. */
    static int compareNumbers(boolean unsigned, long a, long b) {
        return unsigned ? Long.compareUnsigned(a, b) : Long.compare(a, b);
    }

    /** {@code a r b} for text or bytes: {@code contains}, or the unsigned byte order. */
    static boolean compareBytes(byte[] a, byte[] b, Relation r) {
        if (r == Relation.CONTAINS) {
            return indexOf(a, b) >= 0;
        }
        return r.holds(java.util.Arrays.compareUnsigned(a, b));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The bytes of a stored text or bytes value. */
    static byte[] bytesOf(Object o) {
        if (o instanceof byte[] b) {
            return b;
        }
        return o == null ? new byte[0] : o.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Occurrence {@code i} as text, for {@code matches}: names as they are, bytes as hex, numbers as JSON writes them. */
    static String text(FieldDef field, FieldValues v, int i) {
        return field.type().numeric() ? text(field.type(), field, v.number(field, i), null) : text(field.type(), field, 0, v.object(i));
    }

    /**
     * A value as text ({@code matches}, {@code string()}): an enum of {@code field} by its name and other numbers
     * in decimal (unsigned when unsigned), bytes as hex digits, names as they are, addresses as written.
     */
    static String text(FieldType type, FieldDef field, long number, Object object) {
        if (type.numeric()) {
            return field != null ? FieldFormat.plain(field, number)
                    : type == FieldType.UNSIGNED ? Long.toUnsignedString(number) : Long.toString(number);
        }
        if (object instanceof byte[] b) {
            return type == FieldType.BYTES ? FieldFormat.hexBytes(b, 0, b.length) : new String(b, StandardCharsets.ISO_8859_1);
        }
        return String.valueOf(object);
    }
}
