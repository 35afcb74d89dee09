package org.dlminspect.analysis;

import java.util.List;
import org.dlminspect.Severity;

/**
 * One line of the story a capture tells: a group of related findings (a retransmission burst, a run of refused
 * connects, a node failure) or one finding of its own. Complete after the analyzer's end.
 *
 * @param id          1, 2, ... in order of the first finding; {@link Finding#episode()} refers to it
 * @param kind        how its findings are related
 * @param code        the code shared by its findings (the first finding's code)
 * @param severity    the highest severity among its findings
 * @param fromNode    sender node of the direction concerned, -1 when none or unknown
 * @param toNode      receiver node, -1 when none or unknown
 * @param firstFrame  frame of its first finding
 * @param lastFrame   frame of its last finding
 * @param firstNanos  time of its first finding
 * @param lastNanos   time of its last finding
 * @param findings    how many findings it groups (including ones only counted beyond the listing limit)
 * @param seqs        sequence numbers concerned, merged into ranges, ascending in finding order
 * @param summary     one line saying what happened, in the kernel's terms
 */
public record Episode(
        int id,
        EpisodeKind kind,
        FindingCode code,
        Severity severity,
        long fromNode,
        long toNode,
        long firstFrame,
        long lastFrame,
        long firstNanos,
        long lastNanos,
        long findings,
        List<SeqRange> seqs,
        String summary) {

    public Episode {
        seqs = List.copyOf(seqs);
    }
}
