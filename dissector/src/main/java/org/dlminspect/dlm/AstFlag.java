package org.dlminspect.dlm;

import java.util.EnumSet;

/**
 * {@code DLM_CB_*} AST bits ({@code m_asts}, {@code rl_asts}; reference §2.11.5).
 */
public enum AstFlag {
    CAST(0x1),
    BAST(0x2);

    private final int bit;

    AstFlag(int bit) {
        this.bit = bit;
    }

    /** The bit's value on the wire. */
    public int bit() {
        return bit;
    }

    private static final FlagTable<AstFlag> TABLE = new FlagTable<>(AstFlag.class, AstFlag::bit);

    /** The names of the set bits joined with "|", unknown bits as one trailing 0x..; "" for 0. */
    public static String describe(long value) {
        return TABLE.describe(value);
    }

    /** The known bits set in {@code value}. */
    public static EnumSet<AstFlag> of(long value) {
        return TABLE.of(value);
    }

    /** The bits of {@code value} that no constant names. */
    public static long unknownBits(long value) {
        return TABLE.unknownBits(value);
    }
}
