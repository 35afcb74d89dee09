package org.dlminspect.locks;

/**
 * A lock as the kernel names it: its id ({@code lkb_id}) on the node holding the process copy, in one lockspace.
 * Requests carry it in {@code m_lkid}; the master's replies, GRANT and BAST carry it in {@code m_remid}, and
 * LOOKUP_REPLY echoes it in {@code m_lkid} (reference §2.5, §2.6).
 */
record LockId(long lockspace, long node, int lkid) {
}
