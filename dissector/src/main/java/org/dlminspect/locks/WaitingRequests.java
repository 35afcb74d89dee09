package org.dlminspect.locks;

import java.util.ArrayList;
import java.util.List;

/** Builds the {@link LockReport.WaitingRequest} rows from a lock's state. */
final class WaitingRequests {
    private static final int MAX_HOLDERS = 16;

    private WaitingRequests() {
    }

    /** The open exchange of {@code life} (its pending request, else the request the master queued). */
    static LockReport.WaitingRequest of(LockLife life, String state, long age, long resentFrame,
                                        List<LockReport.Holder> holders) {
        boolean pending = life.pending != null;
        Exchange e = pending ? life.pending : life.queued;
        return new LockReport.WaitingRequest(life.id.lockspace(), e.label(), life.resourceName(), life.id.node(),
                pending ? life.pendingTo : life.master, Integer.toUnsignedLong(life.id.lkid()),
                Modes.name(pending ? life.pendingRq : life.opRq), state, pending ? life.pendingFrame : life.opFrame,
                pending ? life.pendingNanos : life.opNanos, age, resentFrame, holders);
    }

    /** Locks granted on the same resource in a mode that blocks this one's request (at most 16). */
    static List<LockReport.Holder> holders(LockLife life) {
        if (life.resource == null) return List.of();
        int wanted = life.pending != null ? life.pendingRq : life.opRq;
        List<LockReport.Holder> out = new ArrayList<>();
        for (LockLife other : life.resource.locks) {
            if (other != life && Modes.blocks(other.grmode, wanted) && out.size() < MAX_HOLDERS) {
                out.add(new LockReport.Holder(other.id.node(), Integer.toUnsignedLong(other.id.lkid()),
                        Modes.name(other.grmode), other.lastBastFrame));
            }
        }
        return out;
    }
}
