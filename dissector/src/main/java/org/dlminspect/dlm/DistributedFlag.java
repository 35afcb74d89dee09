package org.dlminspect.dlm;

/**
 * {@code m_flags} / {@code rl_flags} bits (reference §2.11.4). USER and ORPHAN are the distributed flags
 * ({@code DLM_DFL_*}, all a ≥ 6.4 kernel sends); the others are the sender-private {@code DLM_IFL_*} bits that
 * ≤ 6.3 kernels (6.1 included) leak in the high 16 bits. Receivers ignore those, so they are not errors.
 */
public enum DistributedFlag implements FlagBit {
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

    @Override
    public int bit() {
        return bit;
    }

    /** True for the sender-private {@code DLM_IFL_*} bits (high 16 bits) of ≤ 6.3 senders. */
    public boolean isInternal() {
        return bit > 0xFFFF;
    }
}
