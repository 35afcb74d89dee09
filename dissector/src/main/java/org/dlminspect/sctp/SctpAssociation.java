package org.dlminspect.sctp;

import org.dlminspect.net.Endpoint;

/**
 * One SCTP association, numbered from 0 in order of first appearance (tshark's {@code sctp.assoc_index}).
 * Side A is the endpoint that sent INIT (or the first packet seen, when the capture starts mid-association).
 * Its verification tags say which packets belong to it whatever address pair they use (multi-homing).
 */
public final class SctpAssociation {
    private final int index;
    private final Endpoint a;
    private final Endpoint b;
    private final long firstFrame;
    private final long firstEpochNanos;
    private final boolean sawInit;
    /** Verification tag of packets sent to A (A's initiate tag) and to B; -1 while unknown. */
    long tagToA = -1;
    long tagToB = -1;
    boolean ended;
    /** Per direction: the last frame with a HEARTBEAT not yet answered by a HEARTBEAT ACK (0: none). */
    final long[] heartbeatPending = new long[2];

    SctpAssociation(int index, Endpoint a, Endpoint b, long firstFrame, long firstEpochNanos, boolean sawInit) {
        this.index = index;
        this.a = a;
        this.b = b;
        this.firstFrame = firstFrame;
        this.firstEpochNanos = firstEpochNanos;
        this.sawInit = sawInit;
    }

    public int index() {
        return index;
    }

    public Endpoint a() {
        return a;
    }

    public Endpoint b() {
        return b;
    }

    public long firstFrame() {
        return firstFrame;
    }

    public long firstEpochNanos() {
        return firstEpochNanos;
    }

    public boolean sawInit() {
        return sawInit;
    }

    public boolean ended() {
        return ended;
    }

    /** Records a HEARTBEAT sent in direction {@code dir} in {@code frame}, or its answer ({@code frame} 0). */
    public void heartbeat(int dir, long frame) {
        heartbeatPending[dir] = frame;
    }

    /** Frame of the last HEARTBEAT in direction {@code dir} not answered yet, 0 if none. */
    public long heartbeatPending(int dir) {
        return heartbeatPending[dir];
    }
}
