package org.dlminspect.dlm;

/**
 * {@code DLM_RS_*} recovery status bits, carried in {@code rc_result} of STATUS_REPLY (reference §2.11.6).
 */
public enum RecoveryStatus implements FlagBit {
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

    @Override
    public int bit() {
        return bit;
    }
}
