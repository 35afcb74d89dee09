package org.dlminspect.dlm;

import java.util.EnumSet;

/**
 * {@code DLM_RSF_*} bits of {@code rcom_status.rs_flags} (reference §2.8.1).
 */
public enum RcomStatusFlag {
    NEED_SLOTS(0x1);

    private final int bit;

    RcomStatusFlag(int bit) {
        this.bit = bit;
    }

    /** The bit's value on the wire. */
    public int bit() {
        return bit;
    }

    private static final FlagTable<RcomStatusFlag> TABLE = new FlagTable<>(RcomStatusFlag.class, RcomStatusFlag::bit);

    /** The names of the set bits joined with "|", unknown bits as one trailing 0x..; "" for 0. */
    public static String describe(long value) {
        return TABLE.describe(value);
    }

    /** The known bits set in {@code value}. */
    public static EnumSet<RcomStatusFlag> of(long value) {
        return TABLE.of(value);
    }

    /** The bits of {@code value} that no constant names. */
    public static long unknownBits(long value) {
        return TABLE.unknownBits(value);
    }
}
