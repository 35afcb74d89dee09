package org.dlminspect.locks;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.dlminspect.Severity;
import org.dlminspect.analysis.Finding;
import org.dlminspect.analysis.FindingCode;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;

/**
 * Builds lock-level {@link Finding}s about one message and hands them on: every one to the listener, and the
 * first {@value #KEPT_PER_CODE} of each code kept for the report, charged to the lock account. A capture that
 * makes more (a hostile or very long one) gets one {@code lock.limit} note per code instead of the rest; so does
 * a full memory budget.
 */
final class LockFindings {
    static final int KEPT_PER_CODE = 1000;

    private final List<Finding> all = new ArrayList<>();
    private final Map<FindingCode, Integer> kept = new EnumMap<>(FindingCode.class);
    private final Consumer<Finding> sink;
    private final Account account;
    private boolean budgetFull;

    LockFindings(Consumer<Finding> sink, Account account) {
        this.sink = sink;
        this.account = account;
    }

    /** A finding about message {@code at}, its frame first, then {@code otherFrames} (0 entries skipped). */
    void report(FindingCode code, Severity severity, Seen at, String message, long... otherFrames) {
        List<Long> frames = new ArrayList<>(1 + otherFrames.length);
        frames.add(at.frame());
        for (long f : otherFrames) {
            if (f > 0 && f != at.frame()) frames.add(f);
        }
        Finding f = new Finding(code, severity, at.from(), at.to(), at.fromAddress(), at.toAddress(), at.frame(),
                at.nanos(), frames, List.of(), at.stream(), message);
        if (sink != null) sink.accept(f);
        keep(code, f, at);
    }

    void report(FindingCode code, Seen at, String message, long... otherFrames) {
        report(code, code.defaultSeverity(), at, message, otherFrames);
    }

    private void keep(FindingCode code, Finding f, Seen at) {
        if (code == FindingCode.LOCK_LIMIT) {
            // Few (one per kind of limit) and the one thing a reader of a budget-bound report must see: kept uncharged.
            all.add(f);
            return;
        }
        int n = kept.merge(code, 1, Integer::sum);
        if (n > KEPT_PER_CODE || budgetFull) return;
        if (n == KEPT_PER_CODE) {
            limit(at, "more than " + KEPT_PER_CODE + " " + code.code() + " findings: the report keeps the first "
                    + KEPT_PER_CODE + ", later ones are not listed");
        }
        long cost = cost(f);
        if (!account.charge(cost)) {
            account.release(cost);
            budgetFull = true;
            limit(at, "memory budget reached: later lock findings are not kept for the report");
            return;
        }
        all.add(f);
    }

    /** A lock.limit note, kept without charge (at most one per code and one for the budget). */
    private void limit(Seen at, String message) {
        Finding f = new Finding(FindingCode.LOCK_LIMIT, FindingCode.LOCK_LIMIT.defaultSeverity(), at.from(), at.to(),
                at.fromAddress(), at.toAddress(), at.frame(), at.nanos(), List.of(at.frame()), List.of(), at.stream(), message);
        if (sink != null) sink.accept(f);
        all.add(f);
    }

    /** Estimated heap of a kept finding: the record, its message and frame list, the list slot. */
    private static long cost(Finding f) {
        return HeapCost.object(88) + HeapCost.object(16) + HeapCost.byteArray(f.message().length())
                + HeapCost.object(16) + f.frames().size() * (long) HeapCost.object(8) + HeapCost.REFERENCE;
    }

    List<Finding> all() {
        return all;
    }
}
