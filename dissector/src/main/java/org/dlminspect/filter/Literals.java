package org.dlminspect.filter;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.dlminspect.net.IpAddress;
import org.dlminspect.schema.FieldType;
import org.dlminspect.schema.Suggestions;
import org.dlminspect.schema.ValueNames;

/**
 * Converts a filter value to the type of what it is compared with (a field, or any {@link Value}: a literal
 * compared with {@code len(...)} is a number, with a slice bytes), or says at which column it is wrong. Value
 * names ({@code GRANT}, {@code VALBLK}) are those of the field on the other side.
 */
final class Literals {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern BYTES = Pattern.compile("[0-9A-Fa-f]{2}([:.-]?[0-9A-Fa-f]{2})*");

    private Literals() { }

    static Operand operand(Value field, Token v) {
        return switch (field.type()) {
            case UNSIGNED, SIGNED, BOOLEAN, TIME, DURATION -> new Operand.Number(number(field, v));
            case ADDRESS -> address(v);
            case STRING, BYTES -> bytes(field, v);
        };
    }

    /** A number for a numeric field: decimal, 0x hex, a value name, true/false, seconds for times. */
    static long number(Value field, Token v) {
        String s = v.text();
        if (field.type() == FieldType.TIME || field.type() == FieldType.DURATION) {
            return time(field, v);
        }
        if (field.type() == FieldType.BOOLEAN) {
            if (s.equalsIgnoreCase("true")) return 1;
            if (s.equalsIgnoreCase("false")) return 0;
        }
        Long n = integer(s);
        if (n != null) {
            if (field.type() == FieldType.UNSIGNED && n < 0 && !s.startsWith("-") ) {
                return n; // beyond Long.MAX_VALUE: an unsigned 64-bit value
            }
            if (field.type() == FieldType.UNSIGNED && s.startsWith("-")) {
                throw new FilterSyntaxException(field.shown() + " is unsigned: " + s + " at " + v.pos() + " can never match", v.pos());
            }
            return n;
        }
        ValueNames names = field.names();
        if (names != null && v.kind() == Token.Kind.WORD) {
            String name = s.startsWith("-") ? s.substring(1) : s;
            Long value = names.valueOf(name);
            if (value != null) {
                return value;
            }
            if (!names.names().isEmpty()) {
                String near = Suggestions.closest(name, names.names());
                throw new FilterSyntaxException("'" + s + "' at " + v.pos() + " is not a value of " + field.shown()
                        + (near != null ? "; did you mean " + near + "?" : " (" + String.join(", ", names.names()) + ")"), v.pos());
            }
        }
        throw new FilterSyntaxException("expected a number for " + field.shown() + " at " + v.pos() + ", found "
                + v.shown(), v.pos());
    }

    /** Decimal, {@code 0x} hex or {@code -} decimal, up to unsigned 64 bits; null when not a number. */
    static Long integer(String s) {
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return Long.parseUnsignedLong(s.substring(2), 16);
            }
            if (s.startsWith("-")) {
                return Long.parseLong(s);
            }
            if (!s.isEmpty() && Character.isDigit(s.charAt(0))) {
                return Long.parseUnsignedLong(s);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    /** Seconds (decimal fraction allowed) or, for an absolute time, a quoted UTC date "2026-12-01 21:00:00.5". */
    private static long time(Value field, Token v) {
        String s = v.text().trim();
        try {
            return new BigDecimal(s).movePointRight(9).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            if (field.type() == FieldType.TIME) {
                try {
                    LocalDateTime t = LocalDateTime.parse(s.replace(' ', 'T'));
                    return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L + t.getNano();
                } catch (DateTimeParseException | ArithmeticException e2) {
                    throw new FilterSyntaxException("expected epoch seconds or a UTC date like \"2026-12-01 21:00:00\" for "
                            + field.shown() + " at " + v.pos() + ", found " + v.shown(), v.pos());
                }
            }
            throw new FilterSyntaxException("expected seconds for " + field.shown() + " at " + v.pos() + ", found "
                    + v.shown(), v.pos());
        }
    }

    private static Operand address(Token v) {
        String s = v.text();
        int slash = s.indexOf('/');
        String host = slash >= 0 ? s.substring(0, slash) : s;
        boolean v4 = IPV4.matcher(host).matches();
        if (!v4 && !IPV6.matcher(host).matches()) {
            throw new FilterSyntaxException("expected an IP address or CIDR block (10.99.0.0/24) at " + v.pos() + ", found "
                    + v.shown(), v.pos());
        }
        IpAddress a;
        try {
            a = IpAddress.parse(host); // a literal address: no name lookup (checked above)
        } catch (IllegalArgumentException e) {
            throw new FilterSyntaxException("not an IP address: '" + host + "' at " + v.pos(), v.pos());
        }
        int max = a.v6() ? 128 : 32;
        int prefix = max;
        if (slash >= 0) {
            Long p = integer(s.substring(slash + 1));
            if (p == null || p < 0 || p > max) {
                throw new FilterSyntaxException("prefix length '" + s.substring(slash + 1) + "' at " + (v.pos() + slash + 1)
                        + " is not 0.." + max, v.pos() + slash + 1);
            }
            prefix = (int) (long) p;
        }
        return new Operand.Address(a, prefix);
    }

    /** Text or bytes: a quoted string (Latin-1 bytes), {@code aa:bb:cc} bytes for a bytes field, or a bare word. */
    static Operand.Bytes bytes(Value field, Token v) {
        String s = v.text();
        if (v.kind() == Token.Kind.WORD && field.type() == FieldType.BYTES && BYTES.matcher(s).matches()) {
            String hex = s.replaceAll("[:.-]", "");
            byte[] out = new byte[hex.length() / 2];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
            }
            return new Operand.Bytes(out);
        }
        return new Operand.Bytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
