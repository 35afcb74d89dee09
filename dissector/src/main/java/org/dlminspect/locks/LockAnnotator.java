package org.dlminspect.locks;

import java.util.HashMap;
import java.util.Map;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;
import org.dlminspect.pipeline.DissectedMessage;

/**
 * The links {@code read} shows beside each message ({@code [request in frame N]}, {@code [time since request]},
 * the resource): a {@link LockTracker} run message by message, in capture order. Reading is streaming, so a
 * request's reply is only known later: {@link #responses()} collects, on a first pass over a file, the reply frame
 * of every request (as {@code tshark -2} does), and an annotator given that map adds {@code [response in frame N]}.
 */
public final class LockAnnotator {
    private static final long RESPONSE_COST = 2L * HeapCost.object(8) + HeapCost.HASH_ENTRY;

    private final LockTracker tracker;
    private final Map<Long, Long> responses;
    private final Account account;
    private boolean full;
    private LockLink current;

    /** @param responses request frame to reply frame from a first pass, or null (replies annotated only) */
    public LockAnnotator(Account account, Map<Long, Long> responses) {
        this.tracker = new LockTracker(LockOptions.defaults(), account, null);
        this.responses = responses;
        this.account = account;
    }

    /** Runs the analysis over {@code m} and returns its link (also {@link #current()}), or null. */
    public LockLink annotate(DissectedMessage m) {
        tracker.onMessage(m);
        LockLink link = tracker.lastLink();
        if (responses != null) {
            Long reply = responses.get(m.frame());
            if (reply != null) {
                link = (link != null ? link : new LockLink(0, 0, -1, null, null)).withResponse(reply);
            }
        }
        current = link;
        return link;
    }

    /** The link of the message last annotated. */
    public LockLink current() {
        return current;
    }

    /**
     * First pass: after each {@link #annotate}, records the request frame of a reply. The map is charged to the
     * account; when the budget is full, later requests get no {@code response in} (reported by {@link #full()}).
     */
    public void recordResponse(DissectedMessage m, Map<Long, Long> into) {
        LockLink link = annotate(m);
        if (link == null || link.requestFrame() <= 0 || full) return;
        if (!account.charge(RESPONSE_COST)) {
            account.release(RESPONSE_COST);
            full = true;
            return;
        }
        into.putIfAbsent(link.requestFrame(), m.frame());
    }

    /** Whether the first pass stopped recording because the memory budget was full. */
    public boolean full() {
        return full;
    }

    /** A fresh map for {@link #recordResponse}. */
    public static Map<Long, Long> responses() {
        return new HashMap<>();
    }
}
