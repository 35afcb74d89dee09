package org.dlminspect.dlm;

/**
 * {@code struct rcom_slot} (16 bytes), one entry of the slot table after {@code rcom_config}.
 *
 * @param nodeid  {@code ro_nodeid}
 * @param slot    {@code ro_slot} (1-based)
 * @param unused1 {@code ro_unused1}
 * @param unused2 {@code ro_unused2}
 */
public record RcomSlot(int nodeid, int slot, int unused1, long unused2) {
    public static final int SIZE = 16;
}
