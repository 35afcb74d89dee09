package org.dlminspect.filter;

import java.util.Set;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldRegistry;
import org.dlminspect.schema.FieldValues;

/**
 * A compiled {@code -Y} display filter (Wireshark syntax, see {@link FilterParser}), tested against the
 * {@link FieldValues} of one record. Immutable and thread-safe.
 */
public final class DisplayFilter {
    private final String text;
    private final Expr expr;
    private final Set<FieldDef> fields;

    DisplayFilter(String text, Expr expr, Set<FieldDef> fields) {
        this.text = text;
        this.expr = expr;
        this.fields = Set.copyOf(fields);
    }

    /** Compiles {@code text} against the registry; a bad filter throws {@link FilterSyntaxException}. */
    public static DisplayFilter compile(String text) {
        return FilterParser.parse(FieldRegistry.get(), text);
    }

    /** Both filters: what passes this one and {@code other} (the shorthand options with {@code -Y}). */
    public DisplayFilter and(DisplayFilter other) {
        java.util.Set<FieldDef> both = new java.util.LinkedHashSet<>(fields);
        both.addAll(other.fields);
        return new DisplayFilter("(" + text + ") and (" + other.text + ")", new Expr.And(expr, other.expr), both);
    }

    /** True when the record's values satisfy the filter. */
    public boolean matches(FieldValues values) {
        return expr.test(values);
    }

    /** The fields the filter reads (collect only these). */
    public Set<FieldDef> fields() {
        return fields;
    }

    /** True when the filter reads a field whose name starts with {@code prefix}. */
    public boolean reads(String prefix) {
        for (FieldDef f : fields) {
            if (f.name().startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
