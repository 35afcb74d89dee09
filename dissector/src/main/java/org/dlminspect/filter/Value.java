package org.dlminspect.filter;

import java.util.List;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldType;
import org.dlminspect.schema.FieldValues;
import org.dlminspect.schema.ValueNames;

/**
 * A value in a display filter, as Wireshark 4 allows on either side of a comparison: a field, a slice of one
 * ({@code dlm.msg.name[0:3]}), a function ({@code len(dlm.msg.name)}), arithmetic ({@code dlm.msg.lkid + 1},
 * {@code dlm.msg.exflags & VALBLK}) or a constant that arithmetic met. Each yields zero or more values per
 * record (a field: one per occurrence); a comparison holds when some pair of values satisfies it.
 */
sealed interface Value {
    /** The kind of the values (how a literal compared with them is read, how they compare). */
    FieldType type();

    /** The names a literal compared with this may use ({@code GRANT}, {@code VALBLK}), or null. */
    default ValueNames names() {
        return null;
    }

    /** How the value is written in an error message. */
    String shown();

    /** Appends this record's values to {@code out}. */
    void eval(FieldValues v, Vals out);

    /**
     * A field: each occurrence, or with {@code layers} ({@code field#N}, {@code field#[ranges]}: Wireshark's layer
     * operator) those in these protocol layers only ({@link FieldValues#layerAt}); {@code layers} null: all.
     */
    record Field(FieldDef field, Slice layers) implements Value {
        Field(FieldDef field) {
            this(field, null);
        }

        @Override
        public FieldType type() {
            return field.type();
        }

        @Override
        public ValueNames names() {
            return field.names();
        }

        @Override
        public String shown() {
            if (layers == null) {
                return field.name();
            }
            String t = layers.text();
            return field.name() + "#" + (t.matches("\\d+") ? t : "[" + t + "]");
        }

        @Override
        public void eval(FieldValues v, Vals out) {
            boolean numeric = field.type().numeric();
            for (int i = v.next(field, 0); i >= 0; i = v.next(field, i + 1)) {
                if (layers != null && !layers.containsLayer(v.layerAt(i))) {
                    continue;
                }
                if (numeric) {
                    out.add(v.number(field, i));
                } else {
                    out.add(v.object(i));
                }
            }
        }
    }

    /**
     * The field of {@code v} when it is a field in every layer (read straight from the record, and what
     * {@code count()} and {@code len()} of a number take), else null: a layered field is evaluated as any value.
     */
    static FieldDef wholeField(Value v) {
        return v instanceof Field f && f.layers() == null ? f.field() : null;
    }

    /** A number that arithmetic met ({@code 1} in {@code dlm.msg.lkid + 1}), read as the other side's type. */
    record Constant(long value, FieldType type) implements Value {
        @Override
        public String shown() {
            return Long.toString(value);
        }

        @Override
        public void eval(FieldValues v, Vals out) {
            out.add(value);
        }
    }

    /** {@code inner[ranges]}: the bytes of each value the ranges pick, joined; none when a range falls outside. */
    record Sliced(Value inner, Slice slice) implements Value {
        @Override
        public FieldType type() {
            return FieldType.BYTES;
        }

        @Override
        public String shown() {
            return inner.shown() + "[" + slice.text() + "]";
        }

        @Override
        public void eval(FieldValues v, Vals out) {
            Vals in = new Vals();
            inner.eval(v, in);
            for (int i = 0; i < in.size(); i++) {
                byte[] picked = slice.apply(Operand.bytesOf(in.object(i)));
                if (picked != null) {
                    out.add(picked);
                }
            }
        }
    }

    /** {@code name(args)}: one of {@link Function}. */
    record Call(Function function, List<Value> args, FieldType type) implements Value {
        @Override
        public String shown() {
            StringBuilder sb = new StringBuilder(function.wireName()).append('(');
            for (int i = 0; i < args.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(args.get(i).shown());
            }
            return sb.append(')').toString();
        }

        @Override
        public void eval(FieldValues v, Vals out) {
            function.apply(this, v, out);
        }
    }

    /**
     * {@code left OP right} on numbers, for every pair of values ({@code + - * / %} and the bitwise {@code &});
     * a division by zero gives no value. Signed when either side is signed, else unsigned (64-bit included).
     */
    record Arith(char op, Value left, Value right, FieldType type) implements Value {
        @Override
        public String shown() {
            return left.shown() + " " + op + " " + right.shown();
        }

        @Override
        public void eval(FieldValues v, Vals out) {
            Vals a = new Vals();
            Vals b = new Vals();
            left.eval(v, a);
            if (a.size() == 0) {
                return;
            }
            right.eval(v, b);
            boolean unsigned = type == FieldType.UNSIGNED;
            for (int i = 0; i < a.size(); i++) {
                for (int j = 0; j < b.size(); j++) {
                    long x = a.number(i);
                    long y = b.number(j);
                    switch (op) {
                        case '+' -> out.add(x + y);
                        case '-' -> out.add(x - y);
                        case '*' -> out.add(x * y);
                        case '&' -> out.add(x & y);
                        case '/' -> {
                            if (y != 0) out.add(unsigned ? Long.divideUnsigned(x, y) : x / y);
                        }
                        default -> {
                            if (y != 0) out.add(unsigned ? Long.remainderUnsigned(x, y) : x % y);
                        }
                    }
                }
            }
        }
    }

    /** {@code -value}: each value negated (signed). */
    record Negated(Value inner) implements Value {
        @Override
        public FieldType type() {
            return inner.type() == FieldType.UNSIGNED || inner.type() == FieldType.BOOLEAN ? FieldType.SIGNED : inner.type();
        }

        @Override
        public String shown() {
            return "-" + inner.shown();
        }

        @Override
        public void eval(FieldValues v, Vals out) {
            Vals in = new Vals();
            inner.eval(v, in);
            for (int i = 0; i < in.size(); i++) {
                out.add(-in.number(i));
            }
        }
    }
}
