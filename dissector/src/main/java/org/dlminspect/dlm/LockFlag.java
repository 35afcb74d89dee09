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

    private static final FlagTable<LockFlag> TABLE = new FlagTable<>(LockFlag.class, LockFlag::bit);

    /** The names of the set bits joined with "|", unknown bits as one trailing 0x..; "" for 0. */
    public static String describe(long value) {
        return TABLE.describe(value);
    }

    /** The known bits set in {@code value}. */
    public static EnumSet<LockFlag> of(long value) {
        return TABLE.of(value);
    }

    /** The bits of {@code value} that no constant names. */
    public static long unknownBits(long value) {
        return TABLE.unknownBits(value);
    }
}
