package org.dlminspect.dlm;

/**
 * {@code DLM_LSFL_*} lockspace flags, as in {@code rcom_config.rf_lsflags} (reference §2.8.2). These are
 * lockspace flags, not lock flags. NODIR (0x1) is historic and its value unverified; FS, NEWEXCL and SOFTIRQ
 * are node-local and masked off by senders, so they should never appear on the wire.
 */
public enum LockspaceFlag implements FlagBit {
    NODIR(0x1),
    TIMEWARN(0x2),
    FS(0x4),
    NEWEXCL(0x8),
    SOFTIRQ(0x10);

    private final int bit;

    LockspaceFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
