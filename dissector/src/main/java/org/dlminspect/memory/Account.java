package org.dlminspect.memory;

/**
 * One stage's share of the {@link MemoryBudget}. Charge what you keep, release what you free; when
 * {@link #charge} returns false, evict your own state until {@link #overLimit()} is false (or you hold
 * nothing more) and report what was dropped.
 */
public final class Account {

    private final MemoryBudget budget;
    private final String stage;
    private long used;
    private long evicted;

    Account(MemoryBudget budget, String stage) {
        this.budget = budget;
        this.stage = stage;
    }

    /** Charges {@code bytes}; false when the whole budget is now over its limit (the caller must evict). */
    public boolean charge(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("negative charge");
        used += bytes;
        return budget.add(bytes);
    }

    /** Releases {@code bytes} previously charged (never more than this account holds). */
    public void release(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("negative release");
        long b = Math.min(bytes, used);
        used -= b;
        budget.subtract(b);
    }

    /** Releases {@code bytes} because they were evicted under pressure (counted for the statistics). */
    public void evicted(long bytes) {
        long b = Math.min(bytes, used);
        evicted += b;
        release(b);
    }

    /** Whether the whole budget (all accounts together) is over its limit. */
    public boolean overLimit() {
        return budget.overLimit();
    }

    /** Whether the whole budget is above its low-water mark ({@link MemoryBudget#overLowWater()}). */
    public boolean overLowWater() {
        return budget.overLowWater();
    }

    public long used() {
        return used;
    }

    public long evictedBytes() {
        return evicted;
    }

    public String stage() {
        return stage;
    }

    public MemoryBudget budget() {
        return budget;
    }
}
