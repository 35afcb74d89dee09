package org.dlminspect.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one memory budget for all state a run keeps (reassembly, framing, time ordering, analysis, lock
 * pairing, per-node matching), counted in estimated real heap bytes ({@link HeapCost}).
 *
 * <p>Each stage takes an {@link Account} and charges what it keeps, releases what it frees. When a charge
 * takes the whole budget over its limit, {@link Account#charge} returns {@code false}: the charging stage then
 * evicts its own oldest or least useful state (releasing it) until {@link #overLimit()} is false, and reports
 * what it dropped as a finding. A stage only ever evicts its own state, on its own thread, so stages running on
 * different threads need no locking beyond the shared counter. The stage that grows pays: a flood that fills
 * one stage cannot make another forget its state.
 */
public final class MemoryBudget {

    /** Default budget: fits a small host (with the launcher's heap set to match). */
    public static final long DEFAULT_LIMIT_BYTES = 256L << 20;

    private final long limit;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong peak = new AtomicLong();
    private final List<Account> accounts = new ArrayList<>();

    public MemoryBudget(long limitBytes) {
        if (limitBytes < (1 << 20)) throw new IllegalArgumentException("memory budget must be at least 1 MiB");
        this.limit = limitBytes;
    }

    public static MemoryBudget defaults() {
        return new MemoryBudget(DEFAULT_LIMIT_BYTES);
    }

    /** A budget no ordinary test reaches (for unit tests of one stage). */
    public static MemoryBudget unlimited() {
        return new MemoryBudget(Long.MAX_VALUE / 4);
    }

    /** An account for one stage; {@code stage} names it in findings and statistics ("tcp", "analysis", ...). */
    public synchronized Account account(String stage) {
        Account a = new Account(this, stage);
        accounts.add(a);
        return a;
    }

    public long limit() {
        return limit;
    }

    public long used() {
        return used.get();
    }

    public long peak() {
        return peak.get();
    }

    public boolean overLimit() {
        return used.get() > limit;
    }

    /**
     * Whether the budget is above its low-water mark (15/16 of the limit). A stage that evicts many small
     * pieces evicts down to it, not just below the limit, so that the next charge does not start a new
     * round of eviction at once: the cost of finding what to evict is paid once per batch, not per piece.
     */
    public boolean overLowWater() {
        return used.get() > limit - limit / 16;
    }

    /** A snapshot of the accounts, for statistics and tests. */
    public synchronized List<Account> accounts() {
        return List.copyOf(accounts);
    }

    boolean add(long bytes) {
        long now = used.addAndGet(bytes);
        long p;
        while (now > (p = peak.get()) && !peak.compareAndSet(p, now)) {
            // retry
        }
        return now <= limit;
    }

    void subtract(long bytes) {
        used.addAndGet(-bytes);
    }
}
