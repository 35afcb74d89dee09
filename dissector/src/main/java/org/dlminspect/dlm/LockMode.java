package org.dlminspect.dlm;

/**
 * Lock modes {@code DLM_LOCK_*} (reference §2.11.1): signed 32-bit in {@code m_grmode}/{@code m_rqmode}/
 * {@code m_bastmode}, s8 in {@code rl_rqmode}/{@code rl_grmode}.
 */
public enum LockMode {
    IV(-1),
    NL(0),
    CR(1),
    CW(2),
    PR(3),
    PW(4),
    EX(5);

    private final int wireValue;

    LockMode(int wireValue) {
        this.wireValue = wireValue;
    }

    public int wireValue() {
        return wireValue;
    }

    private static final LockMode[] VALUES = values();

    /** @return the constant, or null when {@code value} is outside -1..5 */
    public static LockMode fromWire(long value) {
        return value >= -1 && value <= 5 ? VALUES[(int) value - (-1)] : null;
    }

    /** The constant's name, or null when unknown. */
    public static String nameOf(long value) {
        LockMode c = fromWire(value);
        return c == null ? null : c.name();
    }
}
