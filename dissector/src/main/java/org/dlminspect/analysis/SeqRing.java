package org.dlminspect.analysis;

import java.util.Arrays;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;
import org.dlminspect.memory.MemoryBudget;

/**
 * The recent sequenced messages of one direction, oldest first, in parallel arrays used as a circular buffer
 * (no allocation per message) with an open-addressing index from seq to slot.
 *
 * <p>Its memory follows the number of messages it holds, never the spacing of their sequence numbers: nine
 * unacknowledged messages cost nine entries whether their seqs are consecutive or 4,096 apart (issue #16: an
 * index by {@code seq mod capacity} doubled up to 65,536 slots for nine seqs 256 apart, and 1,024 node pairs of
 * that ran the heap out). It keeps the newest {@link #capacity()} messages: when full, the oldest one goes if it
 * is acknowledged; if not, the ring doubles, up to a bound; at the bound, or when the {@link Account} refuses
 * the memory, the oldest unacknowledged one is dropped and counted ({@link #overwrittenUnacked},
 * {@link #budgetRefused}), so the caller can say what the analysis no longer tracks.
 *
 * <p>The arrays start small ({@link #INITIAL_SLOTS}) and grow with the entries held; growth beyond them is
 * charged to the account (the first arrays are part of the pair's fixed cost, {@link #INITIAL_BYTES}).
 *
 * <p>A sender numbers its messages one after the other, so the ring nearly always holds a run of consecutive seqs:
 * while it does ({@link #breaks} == 0), a seq's slot is its distance from the oldest and the index is neither kept
 * nor read; the first entry that breaks the run builds it. Keeping the index for every message (link, and the
 * backward-shift unlink of the oldest) was a fifth of the analysis on real captures.
 */
final class SeqRing {
    /** The receiver accepted the copy (as far as the capture shows). */
    static final byte DELIVERED = 1;
    /** The receiver dropped it as out of order (seq ahead of what it expected). */
    static final byte DROPPED_FUTURE = 2;
    /** The receiver's end answered the connection with RST right after it: rejected, never received. */
    static final byte UNDELIVERED_RESET = 3;
    /** Sent on a connection that was already reset (or whose framing was lost): never received. */
    static final byte UNDELIVERED_DEAD = 4;
    /** The receiver's later ACK showed it never accepted it. */
    static final byte UNDELIVERED_LOST = 5;
    /** Malformed OPTS: the receiver drops it before sequence handling. */
    static final byte DROPPED_INVALID = 6;

    /** Acknowledged messages are remembered (to recognise repeats) up to this many before the oldest goes. */
    static final int INITIAL_CAPACITY = 256;
    /** Slots allocated before the first growth. */
    static final int INITIAL_SLOTS = 16;
    /** What a ring costs before it grows: its object and its first arrays. */
    static final long INITIAL_BYTES = HeapCost.object(64) + arraysBytes(INITIAL_SLOTS);

    private static final byte F_COMPLETE = 1;
    private static final byte F_FIN = 2;
    /** Fibonacci hashing of the mixed seq into the index (the top bits of the product). */
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final Account account;
    private final int maxCapacity;
    /**
     * Mixed into every seq before hashing, different per ring: seqs crafted to collide in the index (which
     * would make each lookup walk all entries) cannot be chosen without knowing it. Lookups find the same entries
     * whatever its value, so the analysis stays deterministic.
     */
    private final long salt = java.util.concurrent.ThreadLocalRandom.current().nextLong();
    /** Entries held before the oldest is dropped (acknowledged or not); doubles while the oldest is unacknowledged. */
    private int capacity;
    /** Position of the oldest entry, and how many there are. */
    private int head;
    private int count;
    /** {@code slots - 1}; the arrays hold {@code slots} (a power of two, at most {@link #capacity}). */
    private int mask;
    /** Open addressing, linear probing: slot + 1, 0 for empty; twice the slots, so at most half full. */
    private int[] index;
    private int indexShift;
    private long[] seqs;
    private long[] frames;
    private long[] nanos;
    private long[] hashes;
    private long[] deliverNanos;
    private int[] streams;
    private int[] deliverStreams;
    private int[] repeats;
    private byte[] states;
    private byte[] flags;
    /**
     * Neighbouring entries (in ring order) whose seqs are not consecutive; while 0 the entries are one run of
     * consecutive seqs and {@link #find} computes the slot.
     */
    private int breaks;
    /** The index holds every entry (kept whenever {@link #breaks} > 0; left stale while the entries are one run). */
    private boolean indexed;
    /** Unacknowledged entries dropped because the ring was at its bound or the memory budget refused more. */
    long overwrittenUnacked;
    /** The memory budget refused growth at least once (some of {@link #overwrittenUnacked} are its doing). */
    boolean budgetRefused;

    SeqRing(Account account, int maxCapacity) {
        this.account = account;
        this.maxCapacity = Integer.highestOneBit(Math.max(INITIAL_SLOTS, maxCapacity));
        this.capacity = Math.min(INITIAL_CAPACITY, this.maxCapacity);
        allocate(INITIAL_SLOTS);
    }

    /** Heap bytes of the arrays for {@code slots} entries (and their index). */
    static long arraysBytes(int slots) {
        return 5 * HeapCost.longArray(slots) + 3 * HeapCost.intArray(slots) + 2 * HeapCost.byteArray(slots)
                + HeapCost.intArray(2L * slots);
    }

    private void allocate(int slots) {
        mask = slots - 1;
        index = new int[2 * slots];
        indexShift = 64 - Integer.numberOfTrailingZeros(2 * slots);
        seqs = new long[slots];
        frames = new long[slots];
        nanos = new long[slots];
        hashes = new long[slots];
        deliverNanos = new long[slots];
        streams = new int[slots];
        deliverStreams = new int[slots];
        repeats = new int[slots];
        states = new byte[slots];
        flags = new byte[slots];
    }

    /** How many messages the ring holds before it drops the oldest. */
    int capacity() {
        return capacity;
    }

    /** How many messages it holds. */
    int size() {
        return count;
    }

    /** Heap bytes charged to the account beyond {@link #INITIAL_BYTES}. */
    long chargedBytes() {
        return arraysBytes(mask + 1) - arraysBytes(INITIAL_SLOTS);
    }

    /** Forgets every entry (a new session) and gives back the memory of any growth. */
    void clear() {
        head = 0;
        count = 0;
        breaks = 0;
        indexed = false;
        capacity = Math.min(INITIAL_CAPACITY, maxCapacity);
        if (mask + 1 > INITIAL_SLOTS) {
            account.release(chargedBytes());
            allocate(INITIAL_SLOTS);
        }
    }

    /** The slot holding {@code seq}, or -1. */
    int find(long seq) {
        if (!indexed) {
            if (count == 0) return -1;
            int k = Seq.diff(seq, seqs[head]);
            if (k < 0 || k >= count) return -1;
            int slot = (head + k) & mask;
            return seqs[slot] == seq ? slot : -1;
        }
        for (int i = home(seq); ; i = (i + 1) & (index.length - 1)) {
            int e = index[i];
            if (e == 0) return -1;
            if (seqs[e - 1] == seq) return e - 1;
        }
    }

    private int home(long seq) {
        long z = (seq ^ salt) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 32)) * GOLDEN;
        return (int) (z >>> indexShift);
    }

    /**
     * Stores a new entry for {@code seq} (or replaces the one it has). {@code unackedFrom} is the lowest sequence
     * number still unacknowledged: when the ring is full, an oldest entry below it goes freely, one at or above it
     * makes the ring grow, or, at the bound or when the budget refuses, goes and is counted in
     * {@link #overwrittenUnacked}.
     *
     * @return the slot, or -1 when the ring is full of unacknowledged messages newer than {@code seq} (nothing
     *     stored: an older seq never displaces a newer one)
     */
    int put(long seq, long unackedFrom, long frame, long epochNanos, int stream, long hash, boolean complete,
            boolean fin, byte state) {
        int i = find(seq);
        if (i < 0) {
            if (count == capacity || count == mask + 1) makeRoom(seq, unackedFrom);
            if (count == capacity || count == mask + 1) return -1;
            if (count > 0 && seq != Seq.next(seqs[(head + count - 1) & mask])) breaks++;
            if (breaks > 0 && !indexed) reindex();
            i = (head + count) & mask;
            count++;
            seqs[i] = seq;
            if (indexed) link(i);
        }
        frames[i] = frame;
        nanos[i] = epochNanos;
        streams[i] = stream;
        hashes[i] = hash;
        deliverNanos[i] = state == DELIVERED ? epochNanos : 0;
        deliverStreams[i] = stream;
        repeats[i] = 0;
        states[i] = state;
        flags[i] = (byte) ((complete ? F_COMPLETE : 0) | (fin ? F_FIN : 0));
        return i;
    }

    /** Full: grow (within the capacity, or the capacity itself while the oldest is unacknowledged) or drop the oldest. */
    private void makeRoom(long seq, long unackedFrom) {
        long oldest = seqs[head];
        boolean acked = Seq.before(oldest, unackedFrom);
        if (count < capacity) {
            if (grow()) return; // the arrays catch up with the capacity: acknowledged history is kept too
        } else if (!acked && capacity < maxCapacity && grow()) {
            capacity *= 2;
            return;
        }
        if (!acked) {
            if (Seq.after(oldest, seq)) return;
            overwrittenUnacked++;
        }
        if (indexed) unlink(head);
        if (count > 1 && seqs[(head + 1) & mask] != Seq.next(seqs[head])) breaks--;
        head = (head + 1) & mask;
        count--;
        if (breaks == 0) indexed = false;
    }

    /** Builds the index of every entry (the entries stop being one run of consecutive seqs). */
    private void reindex() {
        Arrays.fill(index, 0);
        for (int k = 0; k < count; k++) link((head + k) & mask);
        indexed = true;
    }

    /** Doubles the arrays if the account allows it; false (nothing changed) when it refuses. */
    private boolean grow() {
        int slots = mask + 1;
        long more = arraysBytes(2 * slots);
        // the new arrays are large (up to 8 MiB): asked for only when they fit, so that a refused charge does
        // not push the budget's peak (or another stage's eviction) by more than a small charge would
        MemoryBudget budget = account.budget();
        boolean fits = budget.used() + more <= budget.limit();
        if (!fits || !account.charge(more)) {
            if (fits) account.release(more);
            budgetRefused = true;
            return false;
        }
        long[] oSeqs = seqs, oFrames = frames, oNanos = nanos, oHashes = hashes, oDeliver = deliverNanos;
        int[] oStreams = streams, oRepeats = repeats, oDeliverStreams = deliverStreams;
        byte[] oStates = states, oFlags = flags;
        int oMask = mask;
        allocate(2 * slots);
        for (int k = 0; k < count; k++) {
            int j = (head + k) & oMask;
            seqs[k] = oSeqs[j];
            frames[k] = oFrames[j];
            nanos[k] = oNanos[j];
            hashes[k] = oHashes[j];
            deliverNanos[k] = oDeliver[j];
            streams[k] = oStreams[j];
            deliverStreams[k] = oDeliverStreams[j];
            repeats[k] = oRepeats[j];
            states[k] = oStates[j];
            flags[k] = oFlags[j];
            if (indexed) link(k);
        }
        head = 0;
        account.release(arraysBytes(slots));
        return true;
    }

    private void link(int slot) {
        int i = home(seqs[slot]);
        while (index[i] != 0) i = (i + 1) & (index.length - 1);
        index[i] = slot + 1;
    }

    /** Removes {@code slot} from the index, shifting later entries of its probe run back (no tombstones). */
    private void unlink(int slot) {
        int m = index.length - 1;
        int i = home(seqs[slot]);
        while (index[i] != slot + 1) i = (i + 1) & m;
        for (int j = (i + 1) & m; index[j] != 0; j = (j + 1) & m) {
            int h = home(seqs[index[j] - 1]);
            // the entry at j may move to the hole at i if its home is not in (i, j] (cyclically)
            if (((j - h) & m) >= ((j - i) & m)) {
                index[i] = index[j];
                i = j;
            }
        }
        index[i] = 0;
    }

    long frame(int slot) {
        return frames[slot];
    }

    long nanos(int slot) {
        return nanos[slot];
    }

    int stream(int slot) {
        return streams[slot];
    }

    long hash(int slot) {
        return hashes[slot];
    }

    boolean complete(int slot) {
        return (flags[slot] & F_COMPLETE) != 0;
    }

    boolean fin(int slot) {
        return (flags[slot] & F_FIN) != 0;
    }

    byte state(int slot) {
        return states[slot];
    }

    long deliverNanos(int slot) {
        return deliverNanos[slot];
    }

    int repeats(int slot) {
        return repeats[slot];
    }

    void setState(int slot, byte state) {
        states[slot] = state;
    }

    /** Stream of the copy the receiver accepted (the first copy's stream until a repeat is delivered). */
    int deliverStream(int slot) {
        return deliverStreams[slot];
    }

    void markDelivered(int slot, long epochNanos, int stream) {
        states[slot] = DELIVERED;
        deliverNanos[slot] = epochNanos;
        deliverStreams[slot] = stream;
    }

    void countRepeat(int slot) {
        repeats[slot]++;
    }
}
