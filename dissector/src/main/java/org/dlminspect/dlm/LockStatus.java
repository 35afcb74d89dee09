package org.dlminspect.dlm;

/**
 * {@code DLM_LKSTS_*} lock status ({@code m_status}, {@code rl_status}; reference §2.5, §2.8.4). Not the
 * recovery status {@code DLM_RS_*} (which Wireshark wrongly uses for {@code rl_status}).
 */
public enum LockStatus {
    WAITING(1),
    GRANTED(2),
    CONVERT(3);

    private final int wireValue;

    LockStatus(int wireValue) {
        this.wireValue = wireValue;
    }

    public int wireValue() {
        return wireValue;
    }

    private static final LockStatus[] VALUES = values();

    /** @return the constant, or null when {@code value} is outside 1..3 */
    public static LockStatus fromWire(long value) {
        return value >= 1 && value <= 3 ? VALUES[(int) value - (1)] : null;
    }

    /** The constant's name, or null when unknown. */
    public static String nameOf(long value) {
        LockStatus c = fromWire(value);
        return c == null ? null : c.name();
    }
}
