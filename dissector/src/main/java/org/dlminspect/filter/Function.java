package org.dlminspect.filter;

import java.util.List;
import java.util.Locale;
import org.dlminspect.net.IpAddress;
import org.dlminspect.schema.FieldType;
import org.dlminspect.schema.FieldValues;

/**
 * The display filter functions of Wireshark 4 that apply here. What each accepts is checked when the filter
 * is compiled ({@link #resultType}), so a wrong argument is an error at its column.
 */
enum Function {
    /** Bytes of each value: a name's or bytes' length, a number field's width on the wire, 4 or 16 for an address. */
    LEN(1, 1),
    /** How many times the field occurs (no value when it does not, as in Wireshark). */
    COUNT(1, 1),
    /** A name in upper case. */
    UPPER(1, 1),
    /** A name in lower case. */
    LOWER(1, 1),
    /** Each value as text, as {@code -T fields} writes it (an enum by its name, bytes as hex). */
    STRING(1, 1),
    /** The absolute value of each number. */
    ABS(1, 1),
    /** The largest number among all values of all arguments. */
    MAX(1, 8),
    /** The smallest. */
    MIN(1, 8);

    private final int minArgs;
    private final int maxArgs;

    Function(int minArgs, int maxArgs) {
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
    }

    /** The name written in a filter. */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Function named(String word) {
        for (Function f : values()) {
            if (f.wireName().equalsIgnoreCase(word)) {
                return f;
            }
        }
        return null;
    }

    static String list() {
        StringBuilder sb = new StringBuilder();
        for (Function f : values()) {
            sb.append(sb.length() > 0 ? ", " : "").append(f.wireName()).append("()");
        }
        return sb.toString();
    }

    /** The type of the result for these arguments, or a compile error at {@code pos}. */
    FieldType resultType(List<Value> args, int pos) {
        if (args.size() < minArgs || args.size() > maxArgs) {
            throw new FilterSyntaxException(wireName() + "() at " + pos + " takes "
                    + (minArgs == maxArgs ? "one argument" : minArgs + " to " + maxArgs + " arguments") + ", not " + args.size(), pos);
        }
        Value a = args.get(0);
        switch (this) {
            case LEN -> {
                if (Value.wholeField(a) == null && !(a instanceof Value.Sliced) && !text(a.type())) {
                    throw wrong(pos, "a field or a slice", a);
                }
                return FieldType.UNSIGNED;
            }
            case COUNT -> {
                if (Value.wholeField(a) == null) {
                    throw wrong(pos, "a field", a);
                }
                return FieldType.UNSIGNED;
            }
            case UPPER, LOWER -> {
                if (a.type() != FieldType.STRING) {
                    throw wrong(pos, "a string (a name)", a);
                }
                return FieldType.STRING;
            }
            case STRING -> {
                return FieldType.STRING;
            }
            default -> {
                for (Value v : args) {
                    if (!v.type().numeric()) {
                        throw wrong(pos, "numbers", v);
                    }
                }
                return this == ABS ? (a.type() == FieldType.UNSIGNED ? FieldType.UNSIGNED : FieldType.SIGNED) : a.type();
            }
        }
    }

    private FilterSyntaxException wrong(int pos, String needs, Value got) {
        return new FilterSyntaxException(wireName() + "() at " + pos + " needs " + needs + "; " + got.shown() + " is "
                + FilterParser.article(got.type()), pos);
    }

    private static boolean text(FieldType t) {
        return t == FieldType.STRING || t == FieldType.BYTES;
    }

    void apply(Value.Call call, FieldValues v, Vals out) {
        Value a = call.args().get(0);
        if (this == COUNT) {
            int n = v.count(Value.wholeField(a));
            if (n > 0) {
                out.add((long) n);
            }
            return;
        }
        if (this == MAX || this == MIN) {
            extreme(call, v, out);
            return;
        }
        Vals in = new Vals();
        a.eval(v, in);
        for (int i = 0; i < in.size(); i++) {
            switch (this) {
                case LEN -> out.add((long) length(a, in, i));
                case UPPER -> out.add(in.object(i).toString().toUpperCase(Locale.ROOT));
                case LOWER -> out.add(in.object(i).toString().toLowerCase(Locale.ROOT));
                case STRING -> out.add(text(a, in, i));
                default -> out.add(a.type() == FieldType.UNSIGNED ? in.number(i) : Math.abs(in.number(i)));
            }
        }
    }

    private static int length(Value a, Vals in, int i) {
        if (a.type().numeric()) {
            return Value.wholeField(a).width();
        }
        Object o = in.object(i);
        if (o instanceof IpAddress ip) {
            return ip.v6() ? 16 : 4;
        }
        return Operand.bytesOf(o).length;
    }

    private static String text(Value a, Vals in, int i) {
        org.dlminspect.schema.FieldDef field = Value.wholeField(a);
        return a.type().numeric() ? Operand.text(a.type(), field, in.number(i), null) : Operand.text(a.type(), field, 0, in.object(i));
    }

    private void extreme(Value.Call call, FieldValues v, Vals out) {
        boolean unsigned = call.type() == FieldType.UNSIGNED;
        boolean found = false;
        long best = 0;
        Vals in = new Vals();
        for (Value arg : call.args()) {
            arg.eval(v, in);
        }
        for (int i = 0; i < in.size(); i++) {
            long x = in.number(i);
            int cmp = unsigned ? Long.compareUnsigned(x, best) : Long.compare(x, best);
            if (!found || (this == MAX ? cmp > 0 : cmp < 0)) {
                best = x;
                found = true;
            }
        }
        if (found) {
            out.add(best);
        }
    }
}
