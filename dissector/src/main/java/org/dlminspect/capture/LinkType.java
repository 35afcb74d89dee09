package org.dlminspect.capture;

/** The LINKTYPE_* values we decode (tcpdump.org/linktypes.html). */
public enum LinkType {
    NULL(0),
    ETHERNET(1),
    RAW(101),
    LOOP(108),
    LINUX_SLL(113),
    IPV4(228),
    IPV6(229),
    LINUX_SLL2(276);

    private final int wireValue;

    LinkType(int wireValue) {
        this.wireValue = wireValue;
    }

    public int wireValue() {
        return wireValue;
    }

    /** @return the link type with that value, or null when we do not decode it */
    public static LinkType fromWire(int value) {
        for (LinkType t : values()) {
            if (t.wireValue == value) {
                return t;
            }
        }
        return null;
    }
}
