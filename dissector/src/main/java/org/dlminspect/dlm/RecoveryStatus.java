package org.dlminspect.dlm;

import java.util.EnumSet;

/**
 * {@code DLM_RS_*} recovery status bits, carried in {@code rc_result} of STATUS_REPLY (reference §2.11.6).
 */
public enum RecoveryStatus {
    NODES(0x1),
    NODES_ALL(0x2),
    DIR(0x4),
    DIR_ALL(0x8),
    LOCKS(0x10),
    LOCKS_ALL(0x20),
    DONE(0x40),
    DONE_ALL(0x80);

    private final int bit;

    RecoveryStatus(int bit) {
        this.bit = bit;
    }

    /** The bit's value on the wire. */
    public int bit() {
        return bit;
    }

    private static final FlagTable<RecoveryStatus> TABLE = new FlagTable<>(RecoveryStatus.class, RecoveryStatus::bit);

    /** The names of the set bits joined with "|", unknown bits as one trailing 0x..; "" for 0. */
    public static String describe(long value) {
        return TABLE.describe(value);
    }

    /** The known bits set in {@code value}. */
    public static EnumSet<RecoveryStatus> of(long value) {
        return TABLE.of(value);
    }

    /** The bits of {@code value} that no constant names. */
    public static long unknownBits(long value) {
        return TABLE.unknownBits(value);
    }
}
