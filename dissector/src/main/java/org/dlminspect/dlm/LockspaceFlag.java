package org.dlminspect.dlm;

import java.util.EnumSet;

/**
 * {@code DLM_LSFL_*} lockspace flags, as in {@code rcom_config.rf_lsflags} (reference §2.8.2). These are
 * lockspace flags, not lock flags. NODIR (0x1) is historic and its value unverified; FS, NEWEXCL and SOFTIRQ
 * are node-local and masked off by senders, so they should never appear on the wire.
 */
public enum LockspaceFlag {
    NODIR(0x1),
    TIMEWARN(0x2),
    FS(0x4),
    NEWEXCL(0x8),
    SOFTIRQ(0x10);

    private final int bit;

    LockspaceFlag(int bit) {
        this.bit = bit;
    }

    /** The bit's value on the wire. */
    public int bit() {
        return bit;
    }

    private static final FlagTable<LockspaceFlag> TABLE = new FlagTable<>(LockspaceFlag.class, LockspaceFlag::bit);

    /** The names of the set bits joined with "|", unknown bits as one trailing 0x..; "" for 0. */
    public static String describe(long value) {
        return TABLE.describe(value);
    }

    /** The known bits set in {@code value}. */
    public static EnumSet<LockspaceFlag> of(long value) {
        return TABLE.of(value);
    }

    /** The bits of {@code value} that no constant names. */
    public static long unknownBits(long value) {
        return TABLE.unknownBits(value);
    }
}
