package org.dlminspect.locks;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import org.dlminspect.memory.HeapCost;

/** One resource (lockspace + name): master, users, counters and the locks on it that are alive. */
final class ResourceState {
    static long cost(String name) {
        return HeapCost.object(96) + HeapCost.object(24) + HeapCost.byteArray(name.length()) + HeapCost.HASH_ENTRY
                + 2 * HeapCost.object(48);
    }

    /** Cost of one more user node in {@link #users}. */
    static final long USER_COST = HeapCost.HASH_ENTRY + HeapCost.object(8);

    final long lockspace;
    final String name;
    long master = -1;
    final Set<Long> users = new TreeSet<>();
    final Set<LockLife> locks = new LinkedHashSet<>();
    long requests;
    long conversions;
    long queued;
    long totalWait;
    long maxWait;
    long basts;

    ResourceState(long lockspace, String name) {
        this.lockspace = lockspace;
        this.name = name;
    }

    LockReport.ResourceStat stat() {
        return new LockReport.ResourceStat(lockspace, name, master, users.stream().toList(), requests, conversions,
                queued, totalWait, maxWait, basts);
    }
}
