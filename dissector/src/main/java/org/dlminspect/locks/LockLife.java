package org.dlminspect.locks;

import org.dlminspect.memory.HeapCost;

/**
 * What the capture shows of one lock (one {@code lkb} on the process node and its master copy): its resource and
 * master, the mode granted, the exchange waiting for a reply, the request the master queued, and the operation
 * (request or conversion) whose total wait is being measured. Mutable; owned by {@link LockPairing}.
 */
final class LockLife {
    /** Estimated heap: this object, its {@link LockId} key and its entries in the lock map and the resource's set. */
    static final long COST = HeapCost.object(128) + HeapCost.object(20) + 2L * HeapCost.HASH_ENTRY;

    final LockId id;
    ResourceState resource;
    long master = -1;
    int masterLkid;
    /** Mode granted, -1 (IV) when none. */
    int grmode = -1;

    /** The exchange waiting for its reply, or null. */
    Exchange pending;
    long pendingTo = -1;
    long pendingFrame;
    long pendingNanos;
    int pendingRq = -1;

    /** REQUEST or CONVERT queued by the master (-EINPROGRESS): waiting for GRANT, or null. */
    Exchange queued;

    /** The operation being timed: from its first request to its grant or final reply; null when none. */
    Exchange op;
    long opFrame;
    long opNanos;
    int opRq = -1;
    int opGr = -1;

    /** Frame of the last down-conversion (which gets no CONVERT_REPLY), 0 when none since the last reply. */
    long downConversionFrame;
    long lastBastFrame;

    LockLife(LockId id) {
        this.id = id;
    }

    String resourceName() {
        return resource == null ? null : resource.name;
    }

    /** {@code "name" from node N (master M)}, or the lock id when the resource is not known, for findings. */
    String describe() {
        return (resource != null ? "\"" + resource.name + "\"" : "lock " + LockText.hex(id.lkid()))
                + " from node " + id.node() + (master >= 0 ? " (master " + master + ")" : "");
    }
}
