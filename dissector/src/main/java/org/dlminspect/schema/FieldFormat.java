package org.dlminspect.schema;

/**
 * A field's value as text, by its {@link Display}: the {@code -V} tree form ("0x00000008 (VALBLK)") and the
 * plain form that JSON and {@code -T fields} share ("GRANT", "8", "18446744073709551615"). Unsigned fields,
 * 64-bit ones included, always print unsigned.
 */
public final class FieldFormat {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private FieldFormat() { }

    /** {@code 0x} followed by exactly 8 hex digits of the low 32 bits. */
    public static String hex32(long value) {
        return hex32(new StringBuilder(10), value).toString();
    }

    /** Appends {@code 0x} and exactly 8 hex digits of the low 32 bits. */
    public static StringBuilder hex32(StringBuilder sb, long value) {
        sb.append('0').append('x');
        for (int shift = 28; shift >= 0; shift -= 4) {
            sb.append(HEX[(int) (value >>> shift) & 0xF]);
        }
        return sb;
    }

    /** Lower-case hex digits of {@code data[from, from+len)}, two per byte, no separator. */
    public static String hexBytes(byte[] data, int from, int len) {
        char[] text = new char[2 * len];
        return new String(text, 0, hexBytes(text, data, from, len));
    }

    /** {@link #hexBytes(byte[], int, int)} written into {@code into} from index 0 (room for 2 per byte); returns its length. */
    public static int hexBytes(char[] into, byte[] data, int from, int len) {
        int at = 0;
        for (int i = from; i < from + len; i++) {
            into[at++] = HEX[(data[i] >> 4) & 0xF];
            into[at++] = HEX[data[i] & 0xF];
        }
        return at;
    }

    /** Appends the hex of a word of {@code width} bytes: 8 digits up to 4 bytes, else as many as needed. */
    private static StringBuilder hexWord(StringBuilder sb, int width, long value) {
        return width <= 4 ? hex32(sb, value) : sb.append("0x").append(Long.toHexString(value));
    }

    /** The {@code -V} tree text of a numeric field's value. */
    public static String tree(FieldDef f, long value) {
        return tree(new StringBuilder(24), f, value).toString();
    }

    /** Appends the {@code -V} tree text of a numeric field's value ({@link #tree(FieldDef, long)}). */
    public static StringBuilder tree(StringBuilder sb, FieldDef f, long value) {
        switch (f.display()) {
            case HEX -> decimal(hexWord(sb, f.width(), value).append(" ("), f, value).append(')');
            case ENUM -> {
                String meaning = f.meaning(value);
                decimal(sb.append(meaning != null ? meaning : "Unknown").append(" ("), f, value).append(')');
            }
            case FLAGS -> {
                String meaning = f.meaning(value);
                hexWord(sb, f.width(), value);
                if (meaning != null && !meaning.isEmpty()) sb.append(" (").append(meaning).append(')');
            }
            case ERRNO -> {
                String meaning = f.meaning(value);
                decimal(sb, f, value);
                if (meaning != null) sb.append(" (").append(meaning).append(')');
            }
            case BOOLEAN -> sb.append(value != 0 ? "True" : "False");
            default -> decimal(sb, f, value);
        }
        return sb;
    }

    /** Appends {@link FieldDef#decimal}: unsigned for unsigned fields, signed otherwise. */
    private static StringBuilder decimal(StringBuilder sb, FieldDef f, long value) {
        return f.type() == FieldType.UNSIGNED && value < 0 ? sb.append(Long.toUnsignedString(value)) : sb.append(value);
    }

    /**
     * The plain text of a numeric value, as JSON writes it: an enum's name when it has one, otherwise the
     * decimal number (unsigned for unsigned fields).
     */
    public static String plain(FieldDef f, long value) {
        if (f.display() == Display.ENUM) {
            String n = f.meaning(value);
            if (n != null) {
                return n;
            }
        }
        return f.decimal(value);
    }
}
