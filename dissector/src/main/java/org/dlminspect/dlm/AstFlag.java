package org.dlminspect.dlm;

/**
 * {@code DLM_CB_*} AST bits ({@code m_asts}, {@code rl_asts}; reference §2.11.5).
 */
public enum AstFlag implements FlagBit {
    CAST(0x1),
    BAST(0x2);

    private final int bit;

    AstFlag(int bit) {
        this.bit = bit;
    }

    @Override
    public int bit() {
        return bit;
    }
}
