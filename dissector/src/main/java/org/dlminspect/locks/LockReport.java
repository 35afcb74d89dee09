package org.dlminspect.locks;

import java.util.List;
import org.dlminspect.analysis.Finding;

/**
 * Everything {@code dlm-inspect locks} reports, as plain records (the text, JSON and HTML renderers read them).
 * Times are epoch nanoseconds, durations nanoseconds; node ids are -1 when unknown; a lockspace is its
 * {@code h_lockspace} id.
 *
 * @param firstNanos   time of the first frame of the capture (0 when empty)
 * @param lastNanos    time of the last frame
 * @param lockspaces   each lockspace seen, with its name when a candidate matched
 * @param counts       how many messages and exchanges were seen and paired
 * @param serviceTimes request to reply, per lockspace, exchange and node pair (then one row over all pairs)
 * @param grantTimes   request to GRANT of the requests and conversions the master queued
 * @param slowest      the slowest requests and conversions, slowest first
 * @param resources    resources by total wait, most first
 * @param waiting      requests without their reply or grant: still waiting at the end, or never answered
 * @param recoveries   recovery episodes found in the RCOM exchanges, in time order
 * @param findings     lock-level findings in time order
 */
public record LockReport(long firstNanos, long lastNanos, List<Lockspace> lockspaces, Counts counts,
                         List<ServiceTime> serviceTimes, List<ServiceTime> grantTimes, List<SlowRequest> slowest,
                         List<ResourceStat> resources, List<WaitingRequest> waiting, List<RecoveryEpisode> recoveries,
                         List<Finding> findings) {

    public LockReport {
        lockspaces = List.copyOf(lockspaces);
        serviceTimes = List.copyOf(serviceTimes);
        grantTimes = List.copyOf(grantTimes);
        slowest = List.copyOf(slowest);
        resources = List.copyOf(resources);
        waiting = List.copyOf(waiting);
        recoveries = List.copyOf(recoveries);
        findings = List.copyOf(findings);
    }

    /**
     * @param id       {@code h_lockspace}
     * @param name     the candidate name whose id matched, or null
     * @param messages DLM_MSG and DLM_RCOM messages of this lockspace
     * @param nodes    nodes that sent them, ascending
     * @param lvblen   {@code rf_lvblen} from STATUS_REPLY, -1 when not seen
     */
    public record Lockspace(long id, String name, long messages, List<Long> nodes, long lvblen) {
        public Lockspace {
            nodes = List.copyOf(nodes);
        }
    }

    /**
     * @param messages      DLM_MSG messages analysed (each once)
     * @param duplicates    midcomms retransmissions skipped (same OPTS seq and bytes seen before on the node pair)
     * @param requests      requests that expect a reply (REQUEST, non-down CONVERT, UNLOCK, CANCEL, LOOKUP)
     * @param paired        of those, answered by their reply
     * @param downConversions CONVERTs to a lower mode: no reply by design
     * @param unmatchedReplies replies (and GRANT/BAST) whose request or lock the capture does not explain (A33)
     * @param edgeReplies   replies to requests sent before the capture started (not findings)
     * @param unanswered    requests that never got a reply (waiting at the end or resent elsewhere)
     * @param grants        GRANT messages
     * @param basts         BAST messages
     * @param removes       REMOVE messages
     * @param evicted       locks forgotten under the memory budget
     * @param evictedResources resources (with their counters) forgotten under the memory budget
     */
    public record Counts(long messages, long duplicates, long requests, long paired, long downConversions,
                         long unmatchedReplies, long edgeReplies, long unanswered, long grants, long basts,
                         long removes, long evicted, long evictedResources) { }

    /**
     * Service response time of one exchange type, like {@code tshark -z rpc,srt}. Percentiles are nearest-rank
     * over the exact samples (p50 = the sample at rank ceil(n/2)), unless the row is {@code approximate}.
     *
     * @param fromNode    requester, -1 in the row over all node pairs
     * @param toNode      replier, -1 in the row over all node pairs
     * @param approximate true when some of the row's samples were folded into a histogram under the memory
     *                    budget: median, p90 and p99 are then up to 1/32 above the exact ones (count, min, max exact)
     * @param approximation why and by how much, when {@code approximate}; null otherwise
     */
    public record ServiceTime(long lockspace, String exchange, long fromNode, long toNode, long count,
                              long minNanos, long medianNanos, long p90Nanos, long p99Nanos, long maxNanos,
                              boolean approximate, String approximation) {
        public ServiceTime {
            if (approximate != (approximation != null)) {
                throw new IllegalArgumentException("an approximate row says why, an exact one does not");
            }
        }
    }

    /**
     * One slow request or conversion.
     *
     * @param exchange     REQUEST, CONVERT, LOOKUP, ...
     * @param resource     resource name (escaped), or null when the capture never showed it
     * @param fromNode     requesting node
     * @param master       master node (the node that replied or granted)
     * @param lkid         the lock's id on the requesting node
     * @param rqmode       requested mode name
     * @param grmode       mode held before (conversions), or null
     * @param requestFrame frame of the request
     * @param replyFrame   frame of the reply
     * @param grantFrame   frame of the GRANT when it was queued, else 0
     * @param sentNanos    time of the request
     * @param waitNanos    request to reply, or to GRANT when queued
     * @param result       the reply's result (errno name or 0)
     */
    public record SlowRequest(long lockspace, String exchange, String resource, long fromNode, long master, long lkid,
                              String rqmode, String grmode, long requestFrame, long replyFrame, long grantFrame,
                              long sentNanos, long waitNanos, String result) { }

    /**
     * One resource's activity.
     *
     * @param master       master node last learnt (LOOKUP_REPLY, the node replying to REQUEST), -1 unknown
     * @param users        nodes that requested it, ascending
     * @param requests     REQUESTs and CONVERTs for it
     * @param conversions  CONVERTs (down-conversions included)
     * @param queued       requests and conversions the master queued (-EINPROGRESS)
     * @param totalWaitNanos sum over its requests and conversions of request to grant (or final reply)
     * @param maxWaitNanos the longest of them
     * @param basts        blocking ASTs sent to its holders
     */
    public record ResourceStat(long lockspace, String name, long master, List<Long> users, long requests,
                               long conversions, long queued, long totalWaitNanos, long maxWaitNanos, long basts) {
        public ResourceStat {
            users = List.copyOf(users);
        }
    }

    /**
     * A request that got no reply or no grant, like {@code dlm_tool lockdebug -w}.
     *
     * @param state    {@code "no reply"}, {@code "queued"} (-EINPROGRESS, no GRANT yet) or {@code "resent"}
     *                 (no reply; the requester sent it again after recovery)
     * @param toNode   the node it was sent to (master or directory node)
     * @param ageNanos from the request to the end of the capture, or to the resend
     * @param resentFrame frame of the resend, 0 when none
     * @param holders  what the capture shows of the locks on the resource that block it
     */
    public record WaitingRequest(long lockspace, String exchange, String resource, long fromNode, long toNode,
                                 long lkid, String rqmode, String state, long requestFrame, long sentNanos,
                                 long ageNanos, long resentFrame, List<Holder> holders) {
        public WaitingRequest {
            holders = List.copyOf(holders);
        }
    }

    /**
     * A lock granted on the same resource in a mode that blocks the waiting request.
     *
     * @param lastBastFrame the last BAST the master sent it, 0 when none
     */
    public record Holder(long node, long lkid, String grmode, long lastBastFrame) { }

    /**
     * A recovery episode: the RCOM exchanges after a membership change (reference §3.12).
     *
     * @param complete      true when the low node's DONE_ALL reached every member
     * @param members       nodes that took part, ascending
     * @param phases        STATUS, NAMES, LOOKUP, LOCK (those seen)
     * @param slowestNode   the node slowest to answer an RCOM request, -1 when none answered
     * @param slowestNanos  its slowest reply
     * @param waitingFrames request frames of lock requests that were waiting while it ran (at most 100)
     * @param waitingCount  how many lock requests waited while it ran
     */
    public record RecoveryEpisode(long lockspace, long startNanos, long endNanos, long durationNanos,
                                  boolean complete, List<Long> members, long firstFrame, long lastFrame,
                                  List<RecoveryPhase> phases, long slowestNode, long slowestNanos,
                                  List<Long> waitingFrames, long waitingCount) {
        public RecoveryEpisode {
            members = List.copyOf(members);
            phases = List.copyOf(phases);
            waitingFrames = List.copyOf(waitingFrames);
        }
    }

    /** One phase of a recovery: its first and last message, request and reply counts, slowest replier. */
    public record RecoveryPhase(String name, long startNanos, long endNanos, long requests, long replies,
                                long slowestNode, long slowestNanos) { }
}
