package org.dlminspect.locks;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** One recovery episode being built by {@link RecoveryTracker}. */
final class RecoveryEpisodeState {
    static final String[] PHASES = {"STATUS", "NAMES", "LOOKUP", "LOCK"};
    private static final int MAX_WAITING_FRAMES = 100;

    final long lockspace;
    final long start;
    final long firstFrame;
    long end;
    long lastFrame;
    boolean complete;
    boolean open = true;
    final Set<Long> members = new TreeSet<>();
    final Set<Long> done = new TreeSet<>();
    /** Nodes that answered "lockspace not ready" in this episode (A37, reported once each). */
    final Set<Long> notReady = new TreeSet<>();
    final long[] phaseStart = new long[4];
    final long[] phaseEnd = new long[4];
    final long[] requests = new long[4];
    final long[] replies = new long[4];
    final long[] slowestNode = {-1, -1, -1, -1};
    final long[] slowestNanos = new long[4];
    final List<Long> waitingFrames = new ArrayList<>();
    long waitingCount;

    RecoveryEpisodeState(long lockspace, long start, long frame) {
        this.lockspace = lockspace;
        this.start = start;
        this.end = start;
        this.firstFrame = frame;
        this.lastFrame = frame;
    }

    void saw(Seen s, int phase, boolean reply) {
        end = s.nanos();
        lastFrame = s.frame();
        if (s.from() >= 0) members.add(s.from());
        if (s.to() >= 0) members.add(s.to());
        if (requests[phase] + replies[phase] == 0) phaseStart[phase] = s.nanos();
        phaseEnd[phase] = s.nanos();
        if (reply) replies[phase]++;
        else requests[phase]++;
    }

    void answered(int phase, long replier, long nanos) {
        if (nanos > slowestNanos[phase] || slowestNode[phase] < 0) {
            slowestNanos[phase] = nanos;
            slowestNode[phase] = replier;
        }
    }

    /** Whether a lock request waiting from {@code from} to {@code to} overlaps this episode. */
    boolean overlaps(long from, long to) {
        return from <= (open ? Long.MAX_VALUE : end) && to >= start;
    }

    void waited(long frame) {
        waitingCount++;
        if (waitingFrames.size() < MAX_WAITING_FRAMES) waitingFrames.add(frame);
    }

    LockReport.RecoveryEpisode toRecord() {
        List<LockReport.RecoveryPhase> phases = new ArrayList<>();
        long slowNode = -1;
        long slow = 0;
        for (int i = 0; i < 4; i++) {
            if (requests[i] + replies[i] == 0) continue;
            phases.add(new LockReport.RecoveryPhase(PHASES[i], phaseStart[i], phaseEnd[i], requests[i], replies[i],
                    slowestNode[i], slowestNanos[i]));
            if (slowestNode[i] >= 0 && (slowNode < 0 || slowestNanos[i] > slow)) {
                slowNode = slowestNode[i];
                slow = slowestNanos[i];
            }
        }
        List<Long> frames = new ArrayList<>(waitingFrames);
        frames.sort(null);
        return new LockReport.RecoveryEpisode(lockspace, start, end, end - start, complete, List.copyOf(members),
                firstFrame, lastFrame, phases, slowNode, slow, frames, waitingCount);
    }
}
