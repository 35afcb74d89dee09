package org.dlminspect.analysis;

import java.util.Arrays;

/**
 * The recent sequenced messages of one direction, indexed by {@code seq mod capacity} in parallel arrays
 * (no allocation per message). It grows by doubling, up to a bound, while unacknowledged messages would
 * otherwise overwrite each other; at the bound the oldest entry is overwritten and the caller is told.
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

    private static final byte F_COMPLETE = 1;
    private static final byte F_FIN = 2;

    private final int maxCapacity;
    private int mask;
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
    /** Unacknowledged entries overwritten because the ring was at its bound. */
    long overwrittenUnacked;

    SeqRing(int initialCapacity, int maxCapacity) {
        this.maxCapacity = Integer.highestOneBit(Math.max(16, maxCapacity));
        allocate(Math.min(Integer.highestOneBit(Math.max(16, initialCapacity)), this.maxCapacity));
    }

    private void allocate(int capacity) {
        mask = capacity - 1;
        seqs = new long[capacity];
        Arrays.fill(seqs, -1L);
        frames = new long[capacity];
        nanos = new long[capacity];
        hashes = new long[capacity];
        deliverNanos = new long[capacity];
        streams = new int[capacity];
        deliverStreams = new int[capacity];
        repeats = new int[capacity];
        states = new byte[capacity];
        flags = new byte[capacity];
    }

    int capacity() {
        return mask + 1;
    }

    void clear() {
        Arrays.fill(seqs, -1L);
    }

    /** The slot holding {@code seq}, or -1. */
    int find(long seq) {
        int i = (int) (seq & mask);
        return seqs[i] == seq ? i : -1;
    }

    /**
     * Stores a new entry for {@code seq}. {@code unackedFrom} is the lowest sequence number still
     * unacknowledged: an older occupant below it may be overwritten freely, one at or above it makes the ring
     * grow, or, at the bound, is overwritten and counted in {@link #overwrittenUnacked}.
     *
     * @return the slot, or -1 when a newer sequence number already occupies it (nothing stored)
     */
    int put(long seq, long unackedFrom, long frame, long epochNanos, int stream, long hash, boolean complete,
            boolean fin, byte state) {
        int i = (int) (seq & mask);
        long occupant = seqs[i];
        while (occupant >= 0 && occupant != seq && !Seq.before(occupant, unackedFrom) && capacity() < maxCapacity) {
            grow();
            i = (int) (seq & mask);
            occupant = seqs[i];
        }
        if (occupant >= 0 && occupant != seq) {
            if (Seq.after(occupant, seq)) return -1;
            if (!Seq.before(occupant, unackedFrom)) overwrittenUnacked++;
        }
        seqs[i] = seq;
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

    private void grow() {
        long[] oSeqs = seqs, oFrames = frames, oNanos = nanos, oHashes = hashes, oDeliver = deliverNanos;
        int[] oStreams = streams, oRepeats = repeats, oDeliverStreams = deliverStreams;
        byte[] oStates = states, oFlags = flags;
        allocate(capacity() * 2);
        for (int j = 0; j < oSeqs.length; j++) {
            long s = oSeqs[j];
            if (s < 0) continue;
            int i = (int) (s & mask);
            seqs[i] = s;
            frames[i] = oFrames[j];
            nanos[i] = oNanos[j];
            hashes[i] = oHashes[j];
            deliverNanos[i] = oDeliver[j];
            streams[i] = oStreams[j];
            deliverStreams[i] = oDeliverStreams[j];
            repeats[i] = oRepeats[j];
            states[i] = oStates[j];
            flags[i] = oFlags[j];
        }
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
