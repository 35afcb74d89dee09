package org.dlminspect.cli.report;

import java.util.List;
import org.dlminspect.analysis.DirectionSummary;
import org.dlminspect.locks.LockReport;

/**
 * Everything the HTML report shows, as plain values: built by {@link ReportAdapter} from the analysis
 * results and the {@link TrafficCollector}, written into the page as JSON by {@link ReportJson}, drawn by
 * the page's script. Times are epoch nanoseconds; series are sparse {@code [bucket, value]} points on the
 * overview's shared axis ({@code originNanos + bucket * bucketNanos}).
 */
public record ReportModel(Overview overview, List<PairView> pairs, List<FindingView> findings,
                          List<EpisodeView> episodes, List<Ladder> ladders, LockViews locks) {

    public ReportModel {
        pairs = List.copyOf(pairs);
        findings = List.copyOf(findings);
        episodes = List.copyOf(episodes);
        ladders = List.copyOf(ladders);
    }

    /**
     * @param sources      capture files read
     * @param nodes        node labels ("node 1 (10.99.0.1)")
     * @param frames       frames read
     * @param messages     DLM messages dissected
     * @param untracked    messages in directions the report could not chart (limits)
     * @param captureGaps  TCP byte ranges the capture missed, and their bytes
     * @param ladderless   findings without a ladder diagram (too many, or reported at the end)
     * @param limits       sentences saying what the report left out
     */
    public record Overview(List<String> sources, List<String> nodes, long frames, long messages, long firstNanos,
                           long lastNanos, String verdict, String worst, long errors, long warnings, long notes,
                           long chats, long untracked, long captureGaps, long captureGapBytes, long ladderless,
                           long originNanos, long bucketNanos, int buckets, List<Lockspace> lockspaces,
                           List<String> limits) {
        public Overview {
            sources = List.copyOf(sources);
            nodes = List.copyOf(nodes);
            lockspaces = List.copyOf(lockspaces);
            limits = List.copyOf(limits);
        }
    }

    /** A lockspace by global id; {@code name} null while unresolved. */
    public record Lockspace(long id, String name, long messages) { }

    public record PairView(String id, String label, int connections, int reconnects, long refusedConnects,
                           List<DirectionView> directions) {
        public PairView {
            directions = List.copyOf(directions);
        }
    }

    /**
     * One direction: its analysis summary and its series.
     *
     * @param latencyMean    mean ACK latency per bucket, microseconds
     * @param latencyMax     max ACK latency per bucket, microseconds
     * @param retransmitted  {@code [nanos, seq]} of the retransmissions the analysis listed
     */
    public record DirectionView(String id, String label, DirectionSummary summary, List<long[]> messages,
                                List<long[]> bytes, List<long[]> seqSent, List<long[]> seqAcked,
                                List<long[]> latencyMean, List<long[]> latencyMax, List<long[]> retransmitted) { }

    /**
     * One finding.
     *
     * @param index     its position in the findings list (0 ..), the page's anchor
     * @param direction id of the {@link DirectionView} it concerns, null when none
     * @param frame     the main frame's number within its file
     * @param file      the short name of that file when several are read, else null
     * @param frames    its frames as text ({@code 1234}, or {@code node2:1234} with several inputs)
     * @param filters   {@code [capture, display filter]}: a {@code read -Y} filter per file holding its frames
     * @param ladder    id of the ladder showing its frames, -1 when none
     */
    public record FindingView(int index, String code, String title, String severity, String direction, String from,
                              String to, long frame, String file, long nanos, List<String> frames, List<Long> seqs,
                              int stream, String message, int episode, List<String[]> filters, int ladder) {
        public FindingView {
            frames = List.copyOf(frames);
            seqs = List.copyOf(seqs);
            filters = List.copyOf(filters);
        }
    }

    /**
     * An episode of the analysis ({@code analyze}'s timeline): a group of related findings over a time span, drawn
     * as a band on the charts of its direction (on every chart when it has none).
     *
     * @param kind      the episode kind's JSON name ({@code retransmissions}, {@code node_failure}, ...)
     * @param label     the kind in a few words
     * @param direction id of the {@link DirectionView} of its first finding, null when none
     * @param bandFirstNanos start of its band: its first finding, or an earlier frame its findings name
     * @param bandLastNanos  end of its band
     * @param seqs      its seq ranges, {@code [first, last]}
     * @param ladder    id of the ladder showing its first finding, -1 when none
     */
    public record EpisodeView(int id, String kind, String label, String code, String severity, String direction,
                              String firstFrame, String lastFrame, long firstNanos, long lastNanos,
                              long bandFirstNanos, long bandLastNanos, long findings, List<long[]> seqs, String summary,
                              int ladder) {
        public EpisodeView {
            seqs = List.copyOf(seqs);
        }
    }

    /** A ladder (flow) diagram: one vertical line per node, one arrow per message or TCP event. */
    public record Ladder(int id, List<String> nodes, List<Arrow> arrows, List<Integer> findings) {
        public Ladder {
            nodes = List.copyOf(nodes);
            arrows = List.copyOf(arrows);
            findings = List.copyOf(findings);
        }
    }

    /**
     * @param from   index into the ladder's nodes
     * @param kind   "data" (OPTS or unwrapped MSG/RCOM), "ack", "tcp"
     * @param marked true when a finding names this frame
     */
    public record Arrow(String frame, long nanos, int from, int to, int stream, String kind, String label, boolean marked) { }

    /**
     * Lock-level views: the result of the {@code locks} analysis run beside {@code analyze}'s.
     *
     * @param report     the lock analysis, null when it did not run
     * @param histograms response-time histograms per lockspace and exchange (all node pairs together)
     * @param findings   the lock-level findings ({@code lock.slow}, {@code lock.stuck}, ...), in time order
     * @param pairs      node pair ("1-2", lower node first) to the id of its {@link PairView}
     * @param top        rows listed of the slowest requests and resources
     */
    public record LockViews(LockReport report, List<ServiceHistogram> histograms, List<FindingView> findings,
                            java.util.Map<String, String> pairs, int top) {
        public LockViews {
            histograms = List.copyOf(histograms);
            findings = List.copyOf(findings);
            pairs = java.util.Map.copyOf(pairs);
        }
    }

    /**
     * How many service times fell in each of {@link ServiceHistograms#EDGES_NANOS}' intervals.
     *
     * @param grant  true for request to GRANT (queued requests), false for request to reply
     * @param counts one count per interval: below the first edge, between edges, at or above the last
     * @param approximate   some node pairs' samples were folded under the memory budget (drawn from their buckets)
     * @param approximation what that changes, when {@code approximate}; null otherwise
     */
    public record ServiceHistogram(long lockspace, String exchange, boolean grant, long samples, long medianNanos,
                                   long maxNanos, List<Long> counts, boolean approximate, String approximation) {
        public ServiceHistogram {
            counts = List.copyOf(counts);
        }
    }
}
