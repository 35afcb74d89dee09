package org.dlminspect.dlm;

/**
 * {@code DLM_SBF_*} status block flags ({@code m_sbflags}; reference §2.11.3).
 */
public enum StatusBlockFlag implements FlagBit {
    DEMOTED(0x1),
    VALNOTVALID(0x2),
    ALTMODE(0x4);

    private final int bit;

    StatusBlockFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
