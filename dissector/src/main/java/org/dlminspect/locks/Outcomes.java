package org.dlminspect.locks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.dlminspect.dlm.DlmErrno;

/**
 * The results the pairing hands over as operations end: the slowest ones (a bounded heap), the requests that
 * never got their reply, and the counters. Bounded: the heap keeps {@code top} entries, the unanswered list
 * {@code maxListed} (the count goes on).
 */
final class Outcomes {
    private static final Comparator<LockReport.SlowRequest> BY_WAIT =
            Comparator.comparingLong(LockReport.SlowRequest::waitNanos).thenComparingLong(r -> -r.requestFrame());

    private final int top;
    private final int maxListed;
    private final PriorityQueue<LockReport.SlowRequest> slowest = new PriorityQueue<>(BY_WAIT);
    private final List<LockReport.WaitingRequest> unanswered = new ArrayList<>();

    long messages;
    long duplicates;
    long requests;
    long paired;
    long downConversions;
    long unmatched;
    long edge;
    long unansweredCount;
    long grants;
    long basts;
    long removes;
    long evicted;
    long evictedResources;

    Outcomes(int top, int maxListed) {
        this.top = top;
        this.maxListed = maxListed;
    }

    /** An operation ended after {@code waitNanos}: a candidate for the slowest list. */
    void ended(LockLife life, Seen end, long replyFrame, long grantFrame, int result) {
        long wait = end.nanos() - life.opNanos;
        if (slowest.size() >= top && top > 0 && BY_WAIT.compare(slowest.peek(), probe(wait)) >= 0) return;
        String res = DlmErrno.nameOf(result);
        slowest.add(new LockReport.SlowRequest(life.id.lockspace(), life.op.label(), life.resourceName(),
                life.id.node(), end.from(), Integer.toUnsignedLong(life.id.lkid()), Modes.name(life.opRq),
                life.op == Exchange.CONVERT ? Modes.name(life.opGr) : null, life.opFrame, replyFrame, grantFrame,
                life.opNanos, wait, res != null ? res : Integer.toString(result)));
        while (slowest.size() > Math.max(top, 0)) slowest.poll();
    }

    private static LockReport.SlowRequest probe(long wait) {
        return new LockReport.SlowRequest(0, "", null, 0, 0, 0, "", null, Long.MAX_VALUE, 0, 0, 0, wait, "");
    }

    void unanswered(LockReport.WaitingRequest w) {
        unansweredCount++;
        if (unanswered.size() < maxListed) unanswered.add(w);
    }

    List<LockReport.SlowRequest> slowest() {
        List<LockReport.SlowRequest> out = new ArrayList<>(slowest);
        out.sort(BY_WAIT.reversed());
        return out;
    }

    List<LockReport.WaitingRequest> unansweredList() {
        return unanswered;
    }

    LockReport.Counts counts() {
        return new LockReport.Counts(messages, duplicates, requests, paired, downConversions, unmatched, edge,
                unansweredCount, grants, basts, removes, evicted,
                evictedResources);
    }
}
