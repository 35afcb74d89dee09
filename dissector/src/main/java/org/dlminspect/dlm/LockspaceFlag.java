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

    private static final LockspaceFlag[] VALUES = values();
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
    public static EnumSet<LockspaceFlag> of(long value) {
        EnumSet<LockspaceFlag> set = EnumSet.noneOf(LockspaceFlag.class);
        for (LockspaceFlag f : VALUES) {
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
