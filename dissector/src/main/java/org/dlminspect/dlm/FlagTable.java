package org.dlminspect.dlm;

import java.util.EnumSet;
import java.util.function.ToLongFunction;

/** The bit values and names of one flag enum, for describing a flag word from the wire. */
final class FlagTable<E extends Enum<E>> {
    private final Class<E> type;
    private final E[] constants;
    private final long[] bits;
    private final String[] names;
    private final long known;

    FlagTable(Class<E> type, ToLongFunction<E> bit) {
        this.type = type;
        this.constants = type.getEnumConstants();
        this.bits = new long[constants.length];
        this.names = new String[constants.length];
        long all = 0;
        for (int i = 0; i < constants.length; i++) {
            bits[i] = bit.applyAsLong(constants[i]);
            names[i] = constants[i].name();
            all |= bits[i];
        }
        this.known = all;
    }

    /** The names of the set bits joined with "|", unknown bits as one trailing 0x..; "" for 0. */
    String describe(long value) {
        return DlmText.flagNames(value, bits, names);
    }

    /** The known bits set in {@code value}. */
    EnumSet<E> of(long value) {
        EnumSet<E> set = EnumSet.noneOf(type);
        for (int i = 0; i < constants.length; i++) {
            if ((value & bits[i]) != 0) {
                set.add(constants[i]);
            }
        }
        return set;
    }

    /** The bits of {@code value} that no constant names. */
    long unknownBits(long value) {
        return value & ~known;
    }
}
