package org.dlminspect.dlm;

/**
 * {@code struct rcom_status} (16 bytes), the payload of RCOM STATUS from a slots-aware (minor ≥ 1) sender.
 *
 * @param flags   {@code rs_flags}: {@link RcomStatusFlag} bits
 * @param unused1 {@code rs_unused1}
 * @param unused2 {@code rs_unused2}
 */
public record RcomStatus(int flags, int unused1, long unused2) implements RcomPayload {
    public static final int SIZE = 16;
}
