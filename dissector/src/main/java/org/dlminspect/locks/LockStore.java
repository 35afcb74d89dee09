package org.dlminspect.locks;

import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import org.dlminspect.analysis.FindingCode;
import org.dlminspect.memory.Account;

/**
 * The locks and resources the pairing follows, charged to the lock {@link Account} of the one memory budget.
 * Both maps are in access order: under memory pressure the least recently used resources that no live lock is
 * on are forgotten first (their counters leave the resource ranking), then the least recently used locks (their
 * open exchanges are lost). Reported once with a {@code lock.limit} finding.
 */
final class LockStore {
    private final Account account;
    private final LockFindings findings;
    private final Outcomes outcomes;
    private final LinkedHashMap<LockId, LockLife> lives = new LinkedHashMap<>(256, 0.75f, true);
    private final LinkedHashMap<ResourceKey, ResourceState> resources = new LinkedHashMap<>(256, 0.75f, true);

    /** A resource's key: its lockspace and name (a record, not a "ls/name" string built per message). */
    private record ResourceKey(long lockspace, String name) {
        // written out: the record's generated ones are slow under C1 on this per-message key
        @Override
        public boolean equals(Object o) {
            return o instanceof ResourceKey k && k.lockspace == lockspace && name.equals(k.name);
        }

        @Override
        public int hashCode() {
            return 31 * Long.hashCode(lockspace) + name.hashCode();
        }
    }
    private boolean limitReported;
    /** The message being handled: where a limit finding is reported. */
    private Seen at = new Seen(0, 0, -1, -1, null, null, -1);

    LockStore(Account account, LockFindings findings, Outcomes outcomes) {
        this.account = account;
        this.findings = findings;
        this.outcomes = outcomes;
    }

    /** The message being handled from now on (a limit reached while handling it is reported there). */
    void handling(Seen s) {
        at = s;
    }

    /** The lock {@code id}, or null (a look-up makes it the most recently used). */
    LockLife get(LockId id) {
        return lives.get(id);
    }

    /** A new lock {@code id}, replacing one with the same id (the kernel freed the id and allocated it again). */
    LockLife create(LockId id) {
        LockLife old = lives.remove(id);
        if (old != null) detach(old, false);
        LockLife life = new LockLife(id);
        lives.put(id, life);
        charge(LockLife.COST);
        return life;
    }

    /** The lock ended (unlocked, refused, cancelled): forgotten. */
    void forget(LockLife life) {
        if (lives.remove(life.id) == life) detach(life, false);
    }

    /** Every lock, least recently used first; {@link Iterator#remove} through {@link #removeCurrent}. */
    Collection<LockLife> lives() {
        return lives.values();
    }

    /** Removes the lock {@code it} just returned and releases it. */
    void removeCurrent(Iterator<LockLife> it, LockLife life) {
        it.remove();
        detach(life, false);
    }

    /** Moves {@code life} to resource {@code r}. */
    void attach(LockLife life, ResourceState r) {
        if (life.resource == r) return;
        if (life.resource != null) life.resource.locks.remove(life);
        life.resource = r;
        r.locks.add(life);
    }

    /** The resource {@code name} of lockspace {@code ls}, made when first seen. */
    ResourceState resource(long ls, String name) {
        ResourceKey k = new ResourceKey(ls, name);
        ResourceState r = resources.get(k);
        if (r == null) {
            r = new ResourceState(ls, name);
            resources.put(k, r);
            charge(ResourceState.cost(name));
        }
        return r;
    }

    /** Node {@code node} uses resource {@code r}. */
    void user(ResourceState r, long node) {
        if (r.users.add(node)) charge(ResourceState.USER_COST);
    }

    Collection<ResourceState> resources() {
        return resources.values();
    }

    /** Charges {@code bytes} kept elsewhere by the lock analysis; over the budget, evicts. */
    void charge(long bytes) {
        if (!account.charge(bytes)) evict();
    }

    /**
     * Over budget: forget the least recently used resources no lock is on (only counters for the ranking), then
     * the least recently used locks (their open exchanges), until under the limit. The lock used last is kept:
     * it is the one being worked on.
     */
    void evict() {
        long locksBefore = outcomes.evicted;
        long resourcesBefore = outcomes.evictedResources;
        Iterator<ResourceState> rs = resources.values().iterator();
        while (account.overLimit() && rs.hasNext()) {
            ResourceState r = rs.next();
            if (!r.locks.isEmpty()) continue;
            rs.remove();
            account.evicted(ResourceState.cost(r.name) + r.users.size() * ResourceState.USER_COST);
            outcomes.evictedResources++;
        }
        Iterator<LockLife> it = lives.values().iterator();
        for (int left = lives.size(); account.overLimit() && left > 1; left--) {
            LockLife l = it.next();
            it.remove();
            detach(l, true);
            outcomes.evicted++;
        }
        boolean any = outcomes.evicted > locksBefore || outcomes.evictedResources > resourcesBefore;
        if (any && !limitReported) {
            limitReported = true;
            findings.report(FindingCode.LOCK_LIMIT, at,
                    "memory budget reached: the least recently used resources no lock is on, then the least recently "
                            + "used locks are forgotten from here on (their counters leave the resource ranking; replies to "
                            + "forgotten locks will look unmatched); raise --memory-budget to keep them");
        }
    }

    private void detach(LockLife life, boolean evicted) {
        if (life.resource != null) life.resource.locks.remove(life);
        if (evicted) {
            account.evicted(LockLife.COST);
        } else {
            account.release(LockLife.COST);
        }
    }
}
