package org.dlminspect.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Every registered field by its display-filter name: what {@code -Y}, {@code -e} and {@code dlm-inspect fields}
 * know. Loaded once from the {@link FieldContributor}s on the class path.
 */
public final class FieldRegistry {
    private static volatile FieldRegistry instance;

    private final Map<String, FieldDef> byName;
    private final Map<String, FieldDef> byTshark;
    private final List<FieldDef> all;

    private FieldRegistry(List<FieldDef> fields) {
        Map<String, FieldDef> names = new LinkedHashMap<>();
        Map<String, FieldDef> tshark = new LinkedHashMap<>();
        for (FieldDef f : fields) {
            add(names, tshark, f);
            for (FieldDef bit : f.bits()) {
                add(names, tshark, bit);
            }
        }
        this.byName = Collections.unmodifiableMap(names);
        this.byTshark = Collections.unmodifiableMap(tshark);
        this.all = List.copyOf(names.values());
    }

    private static void add(Map<String, FieldDef> names, Map<String, FieldDef> tshark, FieldDef f) {
        FieldDef old = names.putIfAbsent(f.name(), f);
        if (old != null && old != f) {
            throw new IllegalStateException("field " + f.name() + " is registered twice");
        }
        if (f.tsharkName() != null) {
            tshark.putIfAbsent(f.tsharkName(), f);
        }
    }

    /** The registry of every field on the class path. */
    public static FieldRegistry get() {
        FieldRegistry r = instance;
        if (r == null) {
            synchronized (FieldRegistry.class) {
                r = instance;
                if (r == null) {
                    List<FieldDef> fields = new ArrayList<>();
                    for (FieldContributor c : ServiceLoader.load(FieldContributor.class, FieldRegistry.class.getClassLoader())) {
                        fields.addAll(c.fields());
                    }
                    r = new FieldRegistry(fields);
                    instance = r;
                }
            }
        }
        return r;
    }

    /** The field of that name, or null. */
    public FieldDef field(String name) {
        return byName.get(name);
    }

    /** Our field for a tshark field name ({@code dlm3.m.lkid}), or null. */
    public FieldDef byTsharkName(String tsharkName) {
        return byTshark.get(tsharkName);
    }

    /** Every field, in registration order (bit fields after their word). */
    public List<FieldDef> all() {
        return all;
    }

    /** Field names starting with {@code prefix} followed by a dot, for "is this a protocol name" checks. */
    public boolean isPrefix(String prefix) {
        String p = prefix + ".";
        for (String n : byName.keySet()) {
            if (n.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** The registered name closest to {@code name} (edit distance), or null when none is close. */
    public String closest(String name) {
        return Suggestions.closest(name, byName.keySet());
    }
}
