package org.dlminspect.dlm;

import java.util.List;

/**
 * {@code struct rcom_config} (32 bytes, the post-2012 "slots" layout), the payload of RCOM STATUS_REPLY,
 * followed by {@code slots} (reference §2.8.2, §2.8.3).
 *
 * @param lvblen     {@code rf_lvblen}; 0xFFFFFFFF in the "lockspace not ready" reply
 * @param lsflags    {@code rf_lsflags}: lockspace flags {@link LockspaceFlag}, not lock flags
 * @param flags      {@code rf_flags} (unused)
 * @param ourSlot    {@code rf_our_slot}
 * @param numSlots   {@code rf_num_slots} as sent (not trusted: see {@code slots})
 * @param generation {@code rf_generation}
 * @param unused1    {@code rf_unused1}
 * @param unused2    {@code rf_unused2}
 * @param slots      the {@code rcom_slot} entries actually present: at most {@code numSlots}, and no more than the
 *                   bytes hold
 */
public record RcomConfig(int lvblen, int lsflags, int flags, int ourSlot, int numSlots, int generation,
                         int unused1, long unused2, List<RcomSlot> slots) implements RcomPayload {
    public static final int SIZE = 32;

    /** The "lockspace not ready" marker in {@code rf_lvblen}. */
    public boolean notReady() {
        return lvblen == -1;
    }
}
