package org.dlminspect.dlm;

/**
 * {@code DLM_RCOM_*}: {@code rc_type} of a DLM_RCOM (reference §2.7, §2.11.6).
 */
public enum RcomType {
    STATUS(1),
    NAMES(2),
    LOOKUP(3),
    LOCK(4),
    STATUS_REPLY(5),
    NAMES_REPLY(6),
    LOOKUP_REPLY(7),
    LOCK_REPLY(8);

    private final int wireValue;

    RcomType(int wireValue) {
        this.wireValue = wireValue;
    }

    public int wireValue() {
        return wireValue;
    }

    private static final RcomType[] VALUES = values();

    /** @return the constant, or null when {@code value} is outside 1..8 */
    public static RcomType fromWire(long value) {
        return value >= 1 && value <= 8 ? VALUES[(int) value - (1)] : null;
    }

    /** The constant's name, or null when unknown. */
    public static String nameOf(long value) {
        RcomType c = fromWire(value);
        return c == null ? null : c.name();
    }
}
