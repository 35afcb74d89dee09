package org.dlminspect.dlm;

/**
 * {@code DLM_MSG_*}: {@code m_type} of a DLM_MSG (reference §2.6). Also the {@code rl_wait_type} of an rcom_lock.
 */
public enum DlmMessageType {
    REQUEST(1),
    CONVERT(2),
    UNLOCK(3),
    CANCEL(4),
    REQUEST_REPLY(5),
    CONVERT_REPLY(6),
    UNLOCK_REPLY(7),
    CANCEL_REPLY(8),
    GRANT(9),
    BAST(10),
    LOOKUP(11),
    REMOVE(12),
    LOOKUP_REPLY(13),
    PURGE(14);

    private final int wireValue;

    DlmMessageType(int wireValue) {
        this.wireValue = wireValue;
    }

    public int wireValue() {
        return wireValue;
    }

    private static final DlmMessageType[] VALUES = values();

    /** @return the constant, or null when {@code value} is outside 1..14 */
    public static DlmMessageType fromWire(long value) {
        return value >= 1 && value <= 14 ? VALUES[(int) value - (1)] : null;
    }

    /** The constant's name, or null when unknown. */
    public static String nameOf(long value) {
        DlmMessageType c = fromWire(value);
        return c == null ? null : c.name();
    }
}
