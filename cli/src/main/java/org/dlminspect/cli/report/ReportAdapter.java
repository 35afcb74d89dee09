package org.dlminspect.cli.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.dlminspect.analysis.DirectionSummary;
import org.dlminspect.analysis.Episode;
import org.dlminspect.analysis.EpisodeKind;
import org.dlminspect.analysis.Finding;
import org.dlminspect.analysis.FindingCode;
import org.dlminspect.analysis.PairSummary;
import org.dlminspect.analysis.SeqRange;
import org.dlminspect.analysis.Verdict;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.dlm.DlmMessageType;
import org.dlminspect.dlm.RcomType;
import org.dlminspect.locks.LockReport;
import org.dlminspect.locks.LockTracker;
import org.dlminspect.net.IpAddress;

/**
 * The one place that knows both the analysis' result types and the report model: everything the page shows
 * about findings, pairs and episodes goes through here, so that changes in the analysis touch one class.
 */
public final class ReportAdapter {
    private final TrafficCollector traffic;
    private final FrameFilters filters;
    private final Map<String, String> nodeLabels = new HashMap<>();

    private ReportAdapter(TrafficCollector traffic, List<String> sources) {
        this.traffic = traffic;
        this.filters = new FrameFilters(sources);
    }

    /**
     * What the analysis found, as {@code analyze} reports it.
     *
     * @param findings  the findings in time order, as {@code analyze} lists them
     * @param episodes  the episodes of its timeline
     * @param episodeOf the episode of a finding (its {@link Finding#episode()}, or the one given to a finding
     *                  about the captures)
     */
    public record Analysis(List<PairSummary> pairs, Verdict verdict, long messages, List<Finding> findings,
                           List<Episode> episodes, ToIntFunction<Finding> episodeOf) { }

    /**
     * The model of one run.
     *
     * @param locks    the lock analysis run beside, null when none
     * @param lockTop  rows listed of the slowest requests and resources
     */
    public static ReportModel build(List<String> sources, Analysis analysis, TrafficCollector traffic,
                                    LockTracker locks, int lockTop) {
        return new ReportAdapter(traffic, sources).model(sources, analysis, locks, lockTop);
    }

    private ReportModel model(List<String> sources, Analysis a, LockTracker locks, int lockTop) {
        LinkedHashSet<String> nodes = new LinkedHashSet<>();
        for (PairSummary p : a.pairs()) {
            nodes.add(label(p.nodeA(), p.addressA()));
            nodes.add(label(p.nodeB(), p.addressB()));
        }
        List<Finding> findings = a.findings();
        List<ReportModel.Ladder> ladders = ladders(findings);
        List<ReportModel.FindingView> views = new ArrayList<>();
        for (int i = 0; i < findings.size(); i++) {
            views.add(finding(i, findings.get(i), a.episodeOf().applyAsInt(findings.get(i)), ladder(i, ladders)));
        }
        List<ReportModel.PairView> pairViews = new ArrayList<>();
        for (PairSummary p : a.pairs()) pairViews.add(pair(p, findings));
        TimeBuckets axis = traffic.axis();
        LockReport lockReport = locks == null ? null : locks.report();
        Map<Long, String> names = new HashMap<>();
        if (lockReport != null) lockReport.lockspaces().forEach(l -> names.put(l.id(), l.name()));
        List<ReportModel.Lockspace> lockspaces = new ArrayList<>();
        traffic.lockspaces().forEach((id, n) -> lockspaces.add(new ReportModel.Lockspace(id, names.get(id), n)));
        List<String> limits = new ArrayList<>();
        if (traffic.untracked() > 0) {
            limits.add(traffic.untracked() + " messages in directions beyond the " + TrafficCollector.MAX_DIRECTIONS
                    + " the report charts (or beyond its memory budget) are not charted");
        }
        if (traffic.ladders().withoutLadder() > 0) {
            limits.add(traffic.ladders().withoutLadder() + " findings have no ladder diagram (at most "
                    + LadderRecorder.MAX_LADDERS + " ladders; findings reported at the end of the capture"
                    + " concern messages no longer held)");
        }
        Verdict verdict = a.verdict();
        ReportModel.Overview overview = new ReportModel.Overview(sources, List.copyOf(nodes), traffic.frames(),
                a.messages(), traffic.firstNanos(), traffic.lastNanos(), verdict.text(),
                verdict.worst() == null ? "none" : verdict.worst().label(), verdict.errors(), verdict.warnings(),
                verdict.notes(), verdict.chats(), traffic.untracked(), traffic.captureGaps(), traffic.captureGapBytes(),
                traffic.ladders().withoutLadder(), axis.originNanos(), axis.widthNanos(), axis.used(), lockspaces,
                limits);
        return new ReportModel(overview, pairViews, views, episodes(a, views), ladders,
                lockViews(lockReport, locks, a.pairs(), lockTop));
    }

    private ReportModel.LockViews lockViews(LockReport report, LockTracker locks, List<PairSummary> pairs, int top) {
        Map<String, String> byNodes = new HashMap<>();
        for (PairSummary p : pairs) {
            if (p.nodeA() >= 0 && p.nodeB() >= 0) {
                byNodes.put(Math.min(p.nodeA(), p.nodeB()) + "-" + Math.max(p.nodeA(), p.nodeB()),
                        p.addressA() + "-" + p.addressB());
            }
        }
        if (report == null) return new ReportModel.LockViews(null, List.of(), List.of(), byNodes, top);
        List<ReportModel.ServiceHistogram> histograms = new ArrayList<>(ServiceHistograms.of(locks, false));
        histograms.addAll(ServiceHistograms.of(locks, true));
        List<ReportModel.FindingView> findings = new ArrayList<>();
        for (int i = 0; i < report.findings().size(); i++) findings.add(finding(i, report.findings().get(i), 0, -1));
        return new ReportModel.LockViews(report, histograms, findings, byNodes, top);
    }

    // ------------------------------------------------------------------ pairs and directions

    private ReportModel.PairView pair(PairSummary p, List<Finding> findings) {
        List<ReportModel.DirectionView> dirs = new ArrayList<>(2);
        for (DirectionSummary d : new DirectionSummary[] {p.aToB(), p.bToA()}) {
            if (d != null) dirs.add(direction(d, findings));
        }
        return new ReportModel.PairView(p.addressA() + "-" + p.addressB(), label(p.nodeA(), p.addressA()) + " \u2194 "
                + label(p.nodeB(), p.addressB()), p.connections(), p.reconnects(), p.refusedConnects(), dirs);
    }

    private ReportModel.DirectionView direction(DirectionSummary d, List<Finding> findings) {
        String id = directionId(d.fromAddress(), d.toAddress());
        DirectionTraffic t = null;
        for (DirectionTraffic c : traffic.directions()) {
            if (c.from.toString().equals(d.fromAddress()) && c.to.toString().equals(d.toAddress())) t = c;
        }
        List<long[]> retransmitted = new ArrayList<>();
        for (Finding f : findings) {
            if (f.kind() == FindingCode.SEQ_RETRANSMISSION && id.equals(directionId(f))) {
                for (long s : f.seqs()) retransmitted.add(new long[] {f.epochNanos(), s});
            }
        }
        String label = label(d.fromNode(), d.fromAddress()) + " \u2192 " + label(d.toNode(), d.toAddress());
        if (t == null) {
            List<long[]> none = List.of();
            return new ReportModel.DirectionView(id, label, d, none, none, none, none, none, none, retransmitted);
        }
        int n = traffic.axis().used();
        List<long[]> mean = new ArrayList<>();
        List<long[]> max = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            long count = t.latencyCount.get(b);
            if (count > 0) {
                mean.add(new long[] {b, t.latencySum.get(b) / count / 1000});
                max.add(new long[] {b, t.latencyMax.get(b) / 1000});
            }
        }
        return new ReportModel.DirectionView(id, label, d, points(t.messages, n, 1), points(t.bytes, n, 1),
                points(t.seqSent, n, 0), points(t.seqAcked, n, 0), mean, max, retransmitted);
    }

    /** Sparse points: buckets holding at least {@code min} (1 for counts, 0 for seqs where -1 means none). */
    private static List<long[]> points(TimeBuckets.Series s, int n, long min) {
        List<long[]> out = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            if (s.get(b) >= min) out.add(new long[] {b, s.get(b)});
        }
        return out;
    }

    // ------------------------------------------------------------------ findings and episodes

    private static int ladder(int finding, List<ReportModel.Ladder> ladders) {
        for (ReportModel.Ladder l : ladders) {
            if (l.findings().contains(finding)) return l.id();
        }
        return -1;
    }

    private ReportModel.FindingView finding(int index, Finding f, int episode, int ladder) {
        List<String> refs = new ArrayList<>();
        for (long fr : f.frames()) refs.add(FrameRef.text(fr));
        return new ReportModel.FindingView(index, f.code(), f.kind().title(), f.severity().label(),
                f.fromAddress() == null ? null : directionId(f), f.fromAddress() == null ? null
                : label(f.fromNode(), f.fromAddress().toString()), f.toAddress() == null ? null
                : label(f.toNode(), f.toAddress().toString()), FrameRef.number(f.frame()),
                f.frame() > 0 && FrameRef.named() ? FrameRef.fileName(f.frame()) : null, f.epochNanos(), refs, f.seqs(),
                f.stream(), f.message(), episode, filters.of(f.frames()), ladder);
    }

    /**
     * The analysis' episodes, each placed in the direction of its first finding and linked to that finding's
     * ladder. Its band spans its findings; for refused connects also the run their finding names by its first and
     * last frame (reported once, at its end), for a node failure the silence until the last frame it names; as far
     * as the frame clock bounds their times.
     */
    private List<ReportModel.EpisodeView> episodes(Analysis a, List<ReportModel.FindingView> views) {
        List<ReportModel.EpisodeView> out = new ArrayList<>();
        for (Episode e : a.episodes()) {
            ReportModel.FindingView first = null;
            long bandFirst = e.firstNanos();
            long bandLast = e.lastNanos();
            for (int i = 0; i < views.size(); i++) {
                if (views.get(i).episode() != e.id()) continue;
                if (first == null) first = views.get(i);
                // A refused-connects finding names the first and last frame of its run; a node failure is found at
                // the node's last message and names what followed (the recovery, the peers' closing): the silence
                // lasts until them. Other findings name frames for reference (a connection's SYN), not a span.
                boolean earlier = e.kind() == EpisodeKind.REFUSED_CONNECTS;
                if (!earlier && e.kind() != EpisodeKind.NODE_FAILURE) continue;
                for (long frame : a.findings().get(i).frames()) {
                    // bounds that keep the band inside the truth: no earlier, no later than the frame
                    long atOrAfter = traffic.nanosOf(frame, true);
                    long atOrBefore = traffic.nanosOf(frame, false);
                    if (earlier && atOrAfter != Long.MIN_VALUE) bandFirst = Math.min(bandFirst, atOrAfter);
                    if (atOrBefore != Long.MIN_VALUE) bandLast = Math.max(bandLast, atOrBefore);
                }
            }
            List<long[]> seqs = new ArrayList<>();
            for (SeqRange r : e.seqs()) seqs.add(new long[] {r.first(), r.last()});
            out.add(new ReportModel.EpisodeView(e.id(), e.kind().wireName(), e.kind().label(), e.code().code(),
                    e.severity().label(), first == null ? null : first.direction(), FrameRef.text(e.firstFrame()),
                    FrameRef.text(e.lastFrame()), e.firstNanos(), e.lastNanos(), bandFirst, bandLast, e.findings(), seqs,
                    e.summary(), first == null ? -1 : first.ladder()));
        }
        return out;
    }

    // ------------------------------------------------------------------ ladders

    private List<ReportModel.Ladder> ladders(List<Finding> findings) {
        List<ReportModel.Ladder> out = new ArrayList<>();
        for (LadderRecorder.Window w : traffic.ladders().windows()) {
            List<String> nodes = new ArrayList<>();
            List<Integer> members = new ArrayList<>();
            java.util.Set<Long> marked = new java.util.HashSet<>();
            for (int i = 0; i < findings.size(); i++) {
                Finding f = findings.get(i);
                if (f.epochNanos() >= w.firstNanos() && f.epochNanos() <= w.lastNanos()) {
                    members.add(i);
                    marked.addAll(f.frames());
                }
            }
            List<ReportModel.Arrow> arrows = new ArrayList<>();
            for (LadderRecorder.Event e : w.events) {
                int from = index(nodes, e.from());
                int to = index(nodes, e.to());
                arrows.add(new ReportModel.Arrow(FrameRef.text(e.frame()), e.nanos(), from, to, e.stream(), kind(e),
                        arrowLabel(e), marked.contains(e.frame())));
            }
            out.add(new ReportModel.Ladder(out.size() + 1, nodes, arrows, members));
        }
        return out;
    }

    private int index(List<String> nodes, IpAddress address) {
        String label = nodeLabels.getOrDefault(address.toString(), address.toString());
        int i = nodes.indexOf(label);
        if (i >= 0) return i;
        nodes.add(label);
        return nodes.size() - 1;
    }

    private static String kind(LadderRecorder.Event e) {
        if (e.tcp() != null) return "tcp";
        return e.shape().cmd() == MessageShape.CMD_ACK ? "ack" : "data";
    }

    /** "seq 12 REQUEST", "ACK 13", "RCOM STATUS", "TCP RST": the arrow's text, as Wireshark's flow graph. */
    static String arrowLabel(LadderRecorder.Event e) {
        if (e.tcp() != null) return "TCP " + e.tcp();
        MessageShape s = e.shape();
        return switch (s.cmd()) {
            case MessageShape.CMD_ACK -> "ACK " + s.seq();
            case MessageShape.CMD_OPTS -> "seq " + s.seq() + " " + inner(s.innerCmd(), s.type());
            default -> inner(s.cmd(), s.type());
        };
    }

    private static String inner(int cmd, long type) {
        return switch (cmd) {
            case MessageShape.CMD_MSG -> orNumber(DlmMessageType.nameOf(type), type);
            case MessageShape.CMD_RCOM -> "RCOM " + orNumber(rcomName(type), type);
            case 5 -> "FIN";
            case -1 -> "OPTS";
            default -> "cmd " + cmd;
        };
    }

    private static String rcomName(long type) {
        for (RcomType t : RcomType.values()) {
            if (t.wireValue() == type) return t.name();
        }
        return null;
    }

    private static String orNumber(String name, long type) {
        return name != null ? name : type < 0 ? "?" : Long.toString(type);
    }

    // ------------------------------------------------------------------ labels

    private String label(long node, String address) {
        String l = node >= 0 ? "node " + node + " (" + address + ")" : address;
        nodeLabels.put(address, l);
        return l;
    }

    private static String directionId(String from, String to) {
        return from + ">" + to;
    }

    private static String directionId(Finding f) {
        return f.fromAddress() == null || f.toAddress() == null ? null
                : directionId(f.fromAddress().toString(), f.toAddress().toString());
    }
}
