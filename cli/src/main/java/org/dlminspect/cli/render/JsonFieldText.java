package org.dlminspect.cli.render;

import com.fasterxml.jackson.core.io.SerializedString;
import java.util.IdentityHashMap;
import org.dlminspect.schema.FieldDef;

/**
 * The {@code --json} strings of registered fields, encoded once: each field's key and its {@code _str},
 * {@code _names} and {@code _name} keys, the name of an enum value, the bit names of a flag word and the name
 * of an errno. Jackson copies a String's characters and encodes them on every write; a {@link SerializedString}
 * keeps its UTF-8 bytes. A value goes through SerializedString only when it holds nothing the generator's
 * {@link TerminalSafeEscapes} would escape differently from plain JSON (only printable ASCII other than {@code "}
 * and {@code \}); anything else stays a String for the generator to escape.
 *
 * <p>Bounded whatever the capture holds: keys are one entry per field (or key constant), named values sit in a
 * fixed direct-mapped table where a newcomer replaces the entry in its slot. Not thread-safe.
 */
final class JsonFieldText {
    static final int KEY = 0;
    static final int STR = 1;
    static final int NAMES = 2;
    static final int NAME = 3;
    private static final String[] SUFFIXES = {"", "_str", "_names", "_name"};
    private static final Object[] NO_NAMES = {};
    private static final int SLOT_BITS = 9;
    private static final int SLOTS = 1 << SLOT_BITS;
    private static final int MAX_KEYS = 4096;

    private SerializedString[][] fieldKeys = new SerializedString[256][];
    private final IdentityHashMap<String, SerializedString> otherKeys = new IdentityHashMap<>();
    private final IdentityHashMap<String, Object> constants = new IdentityHashMap<>();

    private final FieldDef[] namedField = new FieldDef[SLOTS];
    private final long[] namedValue = new long[SLOTS];
    /** Per slot: the value's name (SerializedString or String), or for a flag word its names (Object[]); null: none. */
    private final Object[] named = new Object[SLOTS];

    /** The field's JSON key ({@link FieldDef#jsonKey()}, not null) with one of the suffixes ({@link #KEY}: none). */
    SerializedString key(FieldDef f, int suffix) {
        int id = f.id();
        if (id >= fieldKeys.length) {
            fieldKeys = java.util.Arrays.copyOf(fieldKeys, Math.max(id + 1, 2 * fieldKeys.length));
        }
        SerializedString[] keys = fieldKeys[id];
        if (keys == null) {
            keys = new SerializedString[SUFFIXES.length];
            fieldKeys[id] = keys;
        }
        if (keys[suffix] == null) keys[suffix] = new SerializedString(f.jsonKey() + SUFFIXES[suffix]);
        return keys[suffix];
    }

    /** A constant key (a group's or list's from the walk, the lock link's), by identity. */
    SerializedString key(String key) {
        SerializedString s = otherKeys.get(key);
        if (s == null) {
            if (otherKeys.size() >= MAX_KEYS) otherKeys.clear();
            s = new SerializedString(key);
            otherKeys.put(key, s);
        }
        return s;
    }

    /** A constant String value (the transport), by identity, as {@link #serialized}. */
    Object constant(String value) {
        Object s = constants.get(value);
        if (s == null) {
            if (constants.size() >= MAX_KEYS) constants.clear();
            s = serialized(value);
            constants.put(value, s);
        }
        return s;
    }

    /**
     * The name of an enum or errno value ({@link FieldDef#meaning}) as a SerializedString or, when it needs the
     * generator's escaping, a String; null when it has none.
     */
    Object name(FieldDef f, long value) {
        int slot = slot(f, value);
        if (namedField[slot] != f || namedValue[slot] != value) {
            put(slot, f, value, serialized(f.meaning(value)));
        }
        return named[slot];
    }

    /**
     * The set bits' names of a flag word, in the order of {@link FieldDef#meaning} ("VALBLK|0x100" gives two),
     * each a SerializedString or String; empty when none is set.
     */
    Object[] bitNames(FieldDef f, long value) {
        int slot = slot(f, value);
        if (namedField[slot] != f || namedValue[slot] != value) {
            String meaning = f.meaning(value);
            Object[] names = NO_NAMES;
            if (meaning != null && !meaning.isEmpty()) {
                String[] parts = meaning.split("\\|", -1);
                names = new Object[parts.length];
                for (int i = 0; i < parts.length; i++) names[i] = serialized(parts[i]);
            }
            put(slot, f, value, names);
        }
        return (Object[]) named[slot];
    }

    private void put(int slot, FieldDef f, long value, Object text) {
        namedField[slot] = f;
        namedValue[slot] = value;
        named[slot] = text;
    }

    /** {@code s} as a SerializedString when plain JSON and the terminal-safe escapes agree on it, else itself. */
    static Object serialized(String s) {
        if (s == null) return null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') return s;
        }
        return new SerializedString(s);
    }

    /** Fibonacci hashing of the field and value: the top bits of the product depend on every bit. */
    private static int slot(FieldDef f, long value) {
        return (int) (((((long) f.id() << 48) ^ value) * 0x9E3779B97F4A7C15L) >>> (64 - SLOT_BITS));
    }
}
