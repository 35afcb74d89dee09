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

    private static final AstFlag[] VALUES = values();
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
    public static EnumSet<AstFlag> of(long value) {
        EnumSet<AstFlag> set = EnumSet.noneOf(AstFlag.class);
        for (AstFlag f : VALUES) {
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
