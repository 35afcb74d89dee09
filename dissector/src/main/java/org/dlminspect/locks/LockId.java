package org.dlminspect.locks;

/**
 * A lock as the kernel names it: its id ({@code lkb_id}) on the node holding the process copy, in one lockspace.
 * Requests carry it in {@code m_lkid}; the master's replies, GRANT and BAST carry it in {@code m_remid}, and
 * LOOKUP_REPLY echoes it in {@code m_lkid} (reference §2.5, §2.6).
 */
record LockId(long lockspace, long node, int lkid) {
    // equals and hashCode written out, with the values the record's own would have (its hash: 31 * h + each
    // component's, in order), so that hash maps keep their order: the generated ones run a method-handle chain
    // per call, slow under C1 (the launcher's JIT for short runs) on this per-message key.
    @Override
    public boolean equals(Object o) {
        return o instanceof LockId l && l.lockspace == lockspace && l.node == node && l.lkid == lkid;
    }

    @Override
    public int hashCode() {
        return (31 * Long.hashCode(lockspace) + Long.hashCode(node)) * 31 + lkid;
    }

}
