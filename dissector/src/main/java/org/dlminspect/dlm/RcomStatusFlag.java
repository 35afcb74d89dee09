package org.dlminspect.dlm;

/**
 * {@code DLM_RSF_*} bits of {@code rcom_status.rs_flags} (reference §2.8.1).
 */
public enum RcomStatusFlag implements FlagBit {
    NEED_SLOTS(0x1);

    private final int bit;

    RcomStatusFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
