package org.dlminspect.dlm;

/** {@code h_cmd} values (protocol reference §2.4). */
public enum DlmCommand {
    MSG(1),
    RCOM(2),
    OPTS(3),
    ACK(4),
    FIN(5);

    private final int wireValue;

    DlmCommand(int wireValue) {
        this.wireValue = wireValue;
    }

    public int wireValue() {
        return wireValue;
    }

    private static final DlmCommand[] BY_VALUE = {null, MSG, RCOM, OPTS, ACK, FIN};

    /** @return the command, or null for a value outside 1..5 */
    public static DlmCommand fromWire(int value) {
        return value >= 1 && value <= 5 ? BY_VALUE[value] : null;
    }

    /** The name, or the number when unknown (as in the JSON {@code cmd} key). */
    public static String nameOf(int value) {
        DlmCommand c = fromWire(value);
        return c == null ? Integer.toString(value) : c.name();
    }
}
