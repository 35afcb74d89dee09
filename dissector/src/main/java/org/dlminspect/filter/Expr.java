package org.dlminspect.filter;

import java.util.List;
import java.util.regex.Pattern;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldValues;

/** A compiled display filter expression, tested against the field values of one record. */
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

    /** A bare field: true when the record has it. */
    record Present(FieldDef field) implements Expr {
        @Override
        public boolean test(FieldValues v) {
            return v.next(field, 0) >= 0;
        }
    }

    /**
     * {@code field OP value}. {@code any}: some occurrence satisfies it ({@code == < ...}, {@code ~=});
     * otherwise every occurrence must ({@code ===}, and {@code !=}, which is "no occurrence equals", as in
     * Wireshark 4). An absent field satisfies nothing.
     */
    record Compare(FieldDef field, Relation relation, Operand value, boolean any) implements Expr {
        @Override
        public boolean test(FieldValues v) {
            int i = v.next(field, 0);
            if (i < 0) {
                return false;
            }
            for (; i >= 0; i = v.next(field, i + 1)) {
                boolean ok = value.test(field, v, i, relation);
                if (any && ok) {
                    return true;
                }
                if (!any && !ok) {
                    return false;
                }
            }
            return !any;
        }
    }

    /** {@code field in {a b c..d}}: some occurrence equals a member or lies in a range. */
    record In(FieldDef field, List<Operand> members) implements Expr {
        @Override
        public boolean test(FieldValues v) {
            for (int i = v.next(field, 0); i >= 0; i = v.next(field, i + 1)) {
                for (Operand m : members) {
                    if (m.test(field, v, i, Relation.EQ)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** {@code field matches "regex"}: the text of some occurrence matches (search, not whole-string). */
    record Matches(FieldDef field, Pattern pattern) implements Expr {
        @Override
        public boolean test(FieldValues v) {
            for (int i = v.next(field, 0); i >= 0; i = v.next(field, i + 1)) {
                if (pattern.matcher(Operand.text(field, v, i)).find()) {
                    return true;
                }
            }
            return false;
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
    }
}
