package org.dlminspect;

/** Wireshark's expert-info severity scale; {@code expertValue} is Wireshark's PI_* constant. */
public enum Severity {
    CHAT(0x200000),
    NOTE(0x400000),
    WARN(0x600000),
    ERROR(0x800000);

    private final int expertValue;

    Severity(int expertValue) {
        this.expertValue = expertValue;
    }

    public int expertValue() {
        return expertValue;
    }

    /** Lower-case name as shown to users and in JSON ("warn"). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }
}
