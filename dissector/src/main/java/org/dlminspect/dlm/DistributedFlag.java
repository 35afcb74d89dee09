package org.dlminspect.dlm;

import java.util.EnumSet;

/**
 * {@code m_flags} / {@code rl_flags} bits (reference §2.11.4). USER and ORPHAN are the distributed flags
 * ({@code DLM_DFL_*}, all a ≥ 6.4 kernel sends); the others are the sender-private {@code DLM_IFL_*} bits that
 * ≤ 6.3 kernels (6.1 included) leak in the high 16 bits. Receivers ignore those, so they are not errors.
 */
public enum DistributedFlag {
    USER(0x1),
    ORPHAN(0x2),
    MSTCPY(0x10000),
    RESEND(0x20000),
    DEAD(0x40000),
    OVERLAP_UNLOCK(0x80000),
    OVERLAP_CANCEL(0x100000),
    ENDOFLIFE(0x200000),
    WATCH_TIMEWARN(0x400000),
    TIMEOUT_CANCEL(0x800000),
    DEADLOCK_CANCEL(0x1000000);

    private final int bit;

    DistributedFlag(int bit) {
        this.bit = bit;
    }

    /** The bit's value on the wire. */
    public int bit() {
        return bit;
    }

    /** True for the sender-private {@code DLM_IFL_*} bits (high 16 bits) of ≤ 6.3 senders. */
    public boolean isInternal() {
        return bit > 0xFFFF;
    }

    private static final FlagTable<DistributedFlag> TABLE = new FlagTable<>(DistributedFlag.class, DistributedFlag::bit);

    /** The names of the set bits joined with "|", unknown bits as one trailing 0x..; "" for 0. */
    public static String describe(long value) {
        return TABLE.describe(value);
    }

    /** The known bits set in {@code value}. */
    public static EnumSet<DistributedFlag> of(long value) {
        return TABLE.of(value);
    }

    /** The bits of {@code value} that no constant names. */
    public static long unknownBits(long value) {
        return TABLE.unknownBits(value);
    }
}
