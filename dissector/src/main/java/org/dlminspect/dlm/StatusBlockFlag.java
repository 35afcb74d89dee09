package org.dlminspect.dlm;

import java.util.EnumSet;

/**
 * {@code DLM_SBF_*} status block flags ({@code m_sbflags}; reference §2.11.3).
 */
public enum StatusBlockFlag {
    DEMOTED(0x1),
    VALNOTVALID(0x2),
    ALTMODE(0x4);

    private final int bit;

    StatusBlockFlag(int bit) {
        this.bit = bit;
    }

    /** The bit's value on the wire. */
    public int bit() {
        return bit;
    }

    private static final StatusBlockFlag[] VALUES = values();
    private static final long[] BITS = new long[VALUES.length];
    private static final String[] NAMES = new String[VALUES.length];

    static {
        for (int i = 0; i < VALUES.length; i++) {
            BITS[i] = VALUES[i].bit;
            NAMES[i] = VALUES[i].name();
        }
    }

    /** The names of the set bits joined with "|", unknown bits as one trailing 0x..; "" for 0. */
    public static String describe(long value) {
        return DlmText.flagNames(value, BITS, NAMES);
    }

    /** The known bits set in {@code value}. */
    public static EnumSet<StatusBlockFlag> of(long value) {
        EnumSet<StatusBlockFlag> set = EnumSet.noneOf(StatusBlockFlag.class);
        for (StatusBlockFlag f : VALUES) {
            if ((value & f.bit) != 0) {
                set.add(f);
            }
        }
        return set;
    }

    /** The bits of {@code value} that no constant names. */
    public static long unknownBits(long value) {
        long rest = value;
        for (long b : BITS) {
            rest &= ~b;
        }
        return rest;
    }
}
