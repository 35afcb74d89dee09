package org.dlminspect.dlm;

import java.util.EnumSet;

/**
 * {@code DLM_LKF_*} lock flags ({@code m_exflags}, {@code rl_exflags}; reference §2.11.2). TIMEOUT is reserved since 6.4.
 */
public enum LockFlag {
    NOQUEUE(0x1),
    CANCEL(0x2),
    CONVERT(0x4),
    VALBLK(0x8),
    QUECVT(0x10),
    IVVALBLK(0x20),
    CONVDEADLK(0x40),
    PERSISTENT(0x80),
    NODLCKWT(0x100),
    NODLCKBLK(0x200),
    EXPEDITE(0x400),
    NOQUEUEBAST(0x800),
    HEADQUE(0x1000),
    NOORDER(0x2000),
    ORPHAN(0x4000),
    ALTPR(0x8000),
    ALTCW(0x10000),
    FORCEUNLOCK(0x20000),
    TIMEOUT(0x40000);

    private final int bit;

    LockFlag(int bit) {
        this.bit = bit;
    }

    /** The bit's value on the wire. */
    public int bit() {
        return bit;
    }

    private static final LockFlag[] VALUES = values();
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
    public static EnumSet<LockFlag> of(long value) {
        EnumSet<LockFlag> set = EnumSet.noneOf(LockFlag.class);
        for (LockFlag f : VALUES) {
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
