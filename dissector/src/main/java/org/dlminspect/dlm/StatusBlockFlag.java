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

    private static final FlagTable<StatusBlockFlag> TABLE = new FlagTable<>(StatusBlockFlag.class, StatusBlockFlag::bit);

    /** The names of the set bits joined with "|", unknown bits as one trailing 0x..; "" for 0. */
    public static String describe(long value) {
        return TABLE.describe(value);
    }

    /** The known bits set in {@code value}. */
    public static EnumSet<StatusBlockFlag> of(long value) {
        return TABLE.of(value);
    }

    /** The bits of {@code value} that no constant names. */
    public static long unknownBits(long value) {
        return TABLE.unknownBits(value);
    }
}
