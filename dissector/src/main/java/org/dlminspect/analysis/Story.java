package org.dlminspect.analysis;

import java.util.List;

/**
 * A connection failure of one node pair told from start to end, as the timeline's story line shows it: "node 1
 * resets node 2's connection -> 9,042 connects refused -> reconnected -> node 2 retransmits seqs 2765..2768, node 1
 * drops the copies it has".
 *
 * @param nodeA  one node of the pair (-1: unknown)
 * @param nodeB  the other
 * @param steps  in time order
 */
public record Story(long nodeA, long nodeB, List<StoryStep> steps) {

    public Story {
        steps = List.copyOf(steps);
    }

    public long firstNanos() {
        return steps.get(0).nanos();
    }
}
