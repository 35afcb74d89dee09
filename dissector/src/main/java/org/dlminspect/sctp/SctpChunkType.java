package org.dlminspect.sctp;

/** SCTP chunk types (RFC 9260 §3.2, RFC 8260 I-DATA, RFC 3758 FORWARD TSN), with their wire values. */
public enum SctpChunkType {
    DATA(0), INIT(1), INIT_ACK(2), SACK(3), HEARTBEAT(4), HEARTBEAT_ACK(5), ABORT(6), SHUTDOWN(7),
    SHUTDOWN_ACK(8), ERROR(9), COOKIE_ECHO(10), COOKIE_ACK(11), ECNE(12), CWR(13), SHUTDOWN_COMPLETE(14),
    AUTH(15), I_DATA(64), ASCONF_ACK(128), RE_CONFIG(130), PAD(132), FORWARD_TSN(192), ASCONF(193),
    I_FORWARD_TSN(194);

    private static final SctpChunkType[] BY_VALUE = new SctpChunkType[256];

    static {
        for (SctpChunkType t : values()) BY_VALUE[t.value] = t;
    }

    private final int value;

    SctpChunkType(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** The type of wire value {@code v}, or null for a type this list does not name. */
    public static SctpChunkType of(int v) {
        return v >= 0 && v < 256 ? BY_VALUE[v] : null;
    }

    /** The name as RFC 9260 writes it ("INIT ACK"), or "type N" for an unknown one. */
    public static String name(int v) {
        SctpChunkType t = of(v);
        return t == null ? "type " + v : t.name().replace('_', ' ');
    }
}
