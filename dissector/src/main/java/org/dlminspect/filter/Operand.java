package org.dlminspect.filter;

import java.nio.charset.StandardCharsets;
import org.dlminspect.filter.Expr.Relation;
import org.dlminspect.net.IpAddress;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldFormat;
import org.dlminspect.schema.FieldType;
import org.dlminspect.schema.FieldValues;

/** The right-hand side of a comparison, already converted to the field's type when the filter was compiled. */
sealed interface Operand {
    /** Does occurrence {@code i} of {@code field} in {@code v} stand in {@code r} to this value? */
    boolean test(FieldDef field, FieldValues v, int i, Relation r);

    /** A number (also enum values, flag bits, booleans, times in nanoseconds). */
    record Number(long value) implements Operand {
        @Override
        public boolean test(FieldDef field, FieldValues v, int i, Relation r) {
            long x = v.number(field, i);
            int cmp = field.type() == FieldType.UNSIGNED ? Long.compareUnsigned(x, value) : Long.compare(x, value);
            return r.holds(cmp);
        }
    }

    /** {@code lo..hi} inside a set: the value lies between them, both included. */
    record Range(long lo, long hi) implements Operand {
        @Override
        public boolean test(FieldDef field, FieldValues v, int i, Relation r) {
            long x = v.number(field, i);
            boolean unsigned = field.type() == FieldType.UNSIGNED;
            int a = unsigned ? Long.compareUnsigned(x, lo) : Long.compare(x, lo);
            int b = unsigned ? Long.compareUnsigned(x, hi) : Long.compare(x, hi);
            return a >= 0 && b <= 0;
        }
    }

    /** An address, or a CIDR block ({@code prefix} bits; the full length for one address). */
    record Address(IpAddress address, int prefix) implements Operand {
        @Override
        public boolean test(FieldDef field, FieldValues v, int i, Relation r) {
            if (!(v.object(i) instanceof IpAddress a) || a.v6() != address.v6()) {
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
        public boolean test(FieldDef field, FieldValues v, int i, Relation r) {
            byte[] x = bytesOf(v.object(i));
            if (r == Relation.CONTAINS) {
                return indexOf(x, value) >= 0;
            }
            return r.holds(java.util.Arrays.compareUnsigned(x, value));
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
        if (field.type().numeric()) {
            return FieldFormat.plain(field, v.number(field, i));
        }
        Object o = v.object(i);
        if (o instanceof byte[] b) {
            return field.type() == FieldType.BYTES ? FieldFormat.hexBytes(b, 0, b.length) : new String(b, StandardCharsets.ISO_8859_1);
        }
        return String.valueOf(o);
    }
}
