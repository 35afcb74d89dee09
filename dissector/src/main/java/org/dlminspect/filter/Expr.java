package org.dlminspect.filter;

import java.util.List;
import java.util.regex.Pattern;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldType;
import org.dlminspect.schema.FieldValues;

/**
 * A compiled display filter expression, tested against the field values of one record. A test whose left side
 * is a plain field reads the record directly (no copy: the common {@code dlm.msg.type == GRANT}); any other
 * {@link Value} is evaluated into its values first.
 */
sealed interface Expr {
    boolean test(FieldValues v);

    record Or(Expr left, Expr right) implements Expr {
        @Override
        public boolean test(FieldValues v) {
            return left.test(v) || right.test(v);
        }
    }

    record And(Expr left, Expr right) implements Expr {
        @Override
        public boolean test(FieldValues v) {
            return left.test(v) && right.test(v);
        }
    }

    record Not(Expr inner) implements Expr {
        @Override
        public boolean test(FieldValues v) {
            return !inner.test(v);
        }
    }

    /** A bare field: true when the record has it; a bare slice or function: when it has a value. */
    record Present(Value value) implements Expr {
        @Override
        public boolean test(FieldValues v) {
            FieldDef field = Value.wholeField(value);
            if (field != null) {
                return v.next(field, 0) >= 0;
            }
            Vals vals = new Vals();
            value.eval(v, vals);
            return vals.size() > 0;
        }
    }

    /** A bare {@code field & mask} (Wireshark's bit test): true when some value is not zero. */
    record NonZero(Value value) implements Expr {
        @Override
        public boolean test(FieldValues v) {
            Vals vals = new Vals();
            value.eval(v, vals);
            for (int i = 0; i < vals.size(); i++) {
                if (vals.number(i) != 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * {@code value OP constant}. {@code any}: some value satisfies it ({@code == < ...}, {@code ~=}); otherwise
     * every value must ({@code ===}, and {@code !=}, which is "no value equals", as in Wireshark 4). No value
     * satisfies nothing.
     */
    record Compare(Value left, Relation relation, Operand value, boolean any) implements Expr {
        @Override
        public boolean test(FieldValues v) {
            FieldDef field = Value.wholeField(left);
            if (field != null) {
                int i = v.next(field, 0);
                if (i < 0) {
                    return false;
                }
                for (; i >= 0; i = v.next(field, i + 1)) {
                    boolean ok = value.test(field, v, i, relation);
                    if (any == ok) {
                        return any;
                    }
                }
                return !any;
            }
            Vals vals = new Vals();
            left.eval(v, vals);
            if (vals.size() == 0) {
                return false;
            }
            FieldType type = left.type();
            for (int i = 0; i < vals.size(); i++) {
                boolean ok = value.holds(type, vals.number(i), vals.object(i), relation);
                if (any == ok) {
                    return any;
                }
            }
            return !any;
        }
    }

    /**
     * {@code left OP right} between two values with fields in them ({@code dlm.msg.lkid == dlm.msg.remid}): some
     * pair satisfies it ({@code any}), or every pair must; no value on either side satisfies nothing.
     */
    record Relate(Value left, Relation relation, Value right, boolean any) implements Expr {
        @Override
        public boolean test(FieldValues v) {
            Vals a = new Vals();
            left.eval(v, a);
            if (a.size() == 0) {
                return false;
            }
            Vals b = new Vals();
            right.eval(v, b);
            if (b.size() == 0) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                for (int j = 0; j < b.size(); j++) {
                    boolean ok = holds(a, i, b, j);
                    if (any == ok) {
                        return any;
                    }
                }
            }
            return !any;
        }

        private boolean holds(Vals a, int i, Vals b, int j) {
            FieldType t = left.type();
            if (t.numeric()) {
                boolean unsigned = t == FieldType.UNSIGNED && right.type() == FieldType.UNSIGNED;
                return relation.holds(Operand.compareNumbers(unsigned, a.number(i), b.number(j)));
            }
            if (t == FieldType.ADDRESS) {
                if (!(a.object(i) instanceof org.dlminspect.net.IpAddress x) || !(b.object(j) instanceof org.dlminspect.net.IpAddress y)
                        || x.v6() != y.v6()) {
                    return relation == Relation.NE;
                }
                return relation.holds(x.compareTo(y));
            }
            return Operand.compareBytes(Operand.bytesOf(a.object(i)), Operand.bytesOf(b.object(j)), relation);
        }
    }

    /**
     * {@code value in {a b c..d}}: some value equals a member or lies in a range; with {@code all} (the {@code all}
     * quantifier) every value must, and no value satisfies nothing.
     */
    record In(Value left, List<Operand> members, boolean all) implements Expr {
        @Override
        public boolean test(FieldValues v) {
            FieldDef field = Value.wholeField(left);
            if (field != null) {
                int i = v.next(field, 0);
                if (i < 0) {
                    return false;
                }
                for (; i >= 0; i = v.next(field, i + 1)) {
                    boolean member = false;
                    for (Operand m : members) {
                        if (m.test(field, v, i, Relation.EQ)) {
                            member = true;
                            break;
                        }
                    }
                    if (member != all) {
                        return member;
                    }
                }
                return all;
            }
            Vals vals = new Vals();
            left.eval(v, vals);
            if (vals.size() == 0) {
                return false;
            }
            for (int i = 0; i < vals.size(); i++) {
                boolean member = false;
                for (Operand m : members) {
                    if (m.holds(left.type(), vals.number(i), vals.object(i), Relation.EQ)) {
                        member = true;
                        break;
                    }
                }
                if (member != all) {
                    return member;
                }
            }
            return all;
        }
    }

    /**
     * {@code value matches "regex"}: the text of some value matches (search, not whole-string); with {@code all}
     * every value's must, and no value matches nothing.
     */
    record Matches(Value left, Pattern pattern, boolean all) implements Expr {
        @Override
        public boolean test(FieldValues v) {
            FieldDef field = Value.wholeField(left);
            if (field != null) {
                int i = v.next(field, 0);
                if (i < 0) {
                    return false;
                }
                for (; i >= 0; i = v.next(field, i + 1)) {
                    boolean found = pattern.matcher(Operand.text(field, v, i)).find();
                    if (found != all) {
                        return found;
                    }
                }
                return all;
            }
            Vals vals = new Vals();
            left.eval(v, vals);
            if (vals.size() == 0) {
                return false;
            }
            for (int i = 0; i < vals.size(); i++) {
                boolean found = pattern.matcher(Operand.text(left.type(), null, vals.number(i), vals.object(i))).find();
                if (found != all) {
                    return found;
                }
            }
            return all;
        }
    }

    /** The comparison of a relation. */
    enum Relation {
        EQ, NE, LT, LE, GT, GE, CONTAINS;

        boolean holds(int cmp) {
            return switch (this) {
                case EQ -> cmp == 0;
                case NE -> cmp != 0;
                case LT -> cmp < 0;
                case LE -> cmp <= 0;
                case GT -> cmp > 0;
                case GE -> cmp >= 0;
                case CONTAINS -> false;
            };
        }

        /** The relation with its sides swapped ({@code 5 < x} is {@code x > 5}). */
        Relation mirrored() {
            return switch (this) {
                case LT -> GT;
                case LE -> GE;
                case GT -> LT;
                case GE -> LE;
                default -> this;
            };
        }
    }
}
