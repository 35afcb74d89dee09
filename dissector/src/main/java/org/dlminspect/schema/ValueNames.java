package org.dlminspect.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

/**
 * The names of a field's values: an enum's constants ({@code GRANT} is 9), or for a flag word its bits
 * ({@code VALBLK} is 0x8). Display filters accept the names wherever a number goes; the renderers show them.
 */
public final class ValueNames {
    private final Map<String, Long> byName;
    private final LongFunction<String> describe;
    private final boolean bits;

    private ValueNames(Map<String, Long> byName, LongFunction<String> describe, boolean bits) {
        this.byName = byName;
        this.describe = describe;
        this.bits = bits;
    }

    /** An enumeration: each constant with its wire value. */
    public static <E extends Enum<E>> ValueNames ofEnum(Class<E> type, ToLongFunction<E> wireValue) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (E e : type.getEnumConstants()) {
            m.put(e.name(), wireValue.applyAsLong(e));
        }
        Map<Long, String> byValue = new java.util.HashMap<>();
        m.forEach((n, v) -> byValue.putIfAbsent(v, n));
        return new ValueNames(Collections.unmodifiableMap(m), byValue::get, false);
    }

    /** An enumeration whose names are written differently from the constants (as {@code label}). */
    public static <E extends Enum<E>> ValueNames ofLabels(Class<E> type, ToLongFunction<E> wireValue,
                                                          java.util.function.Function<E, String> label) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (E e : type.getEnumConstants()) {
            m.put(label.apply(e), wireValue.applyAsLong(e));
        }
        Map<Long, String> byValue = new java.util.HashMap<>();
        m.forEach((n, v) -> byValue.putIfAbsent(v, n));
        return new ValueNames(Collections.unmodifiableMap(m), byValue::get, false);
    }

    /** An enumeration whose values are shown by {@code describe} (e.g. "-EAGAIN") but named as the constants. */
    public static <E extends Enum<E>> ValueNames ofEnum(Class<E> type, ToLongFunction<E> wireValue, LongFunction<String> describe) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (E e : type.getEnumConstants()) {
            m.put(e.name(), wireValue.applyAsLong(e));
        }
        return new ValueNames(Collections.unmodifiableMap(m), describe, false);
    }

    /** A flag word: each constant is one bit; {@code describe} names a whole word ("VALBLK|QUECVT"). */
    public static <E extends Enum<E>> ValueNames ofBits(Class<E> type, ToLongFunction<E> bit, LongFunction<String> describe) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (E e : type.getEnumConstants()) {
            m.put(e.name(), bit.applyAsLong(e));
        }
        return new ValueNames(Collections.unmodifiableMap(m), describe, true);
    }

    /** Names for display only (no constant can be named in a filter), e.g. "3.2" for a version word. */
    public static ValueNames describedBy(LongFunction<String> describe) {
        return new ValueNames(Map.of(), describe, false);
    }

    /** The name of {@code value} (for flags: the set bits joined with "|"), or null when it has none. */
    public String nameOf(long value) {
        return describe.apply(value);
    }

    /** The value a name stands for, case-insensitively, or null. */
    public Long valueOf(String name) {
        Long v = byName.get(name);
        if (v == null) {
            v = byName.get(name.toUpperCase(Locale.ROOT));
        }
        if (v == null) {
            for (Map.Entry<String, Long> e : byName.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
        }
        return v;
    }

    /** Every name, in declaration order. */
    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    /** True when the names are bits of a flag word. */
    public boolean bits() {
        return bits;
    }

    /** Name → value (bit for a flag word), in declaration order. */
    public Map<String, Long> entries() {
        return byName;
    }
}
