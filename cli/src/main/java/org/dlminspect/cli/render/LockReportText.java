package org.dlminspect.cli.render;

import java.io.IOException;
import java.io.Writer;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import org.dlminspect.analysis.Finding;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.locks.LockReport;

/** The text form of {@code dlm-inspect locks}: one section per question, times in ms, frames to look at. */
public final class LockReportText {
    private final Writer out;
    private final Ansi ansi;
    private final int top;
    private LockReport report;

    public LockReportText(Writer out, Ansi ansi, int top) {
        this.out = out;
        this.ansi = ansi;
        this.top = top;
    }

    public void write(LockReport r) throws IOException {
        this.report = r;
        lockspaces();
        counts();
        times("Service response time, request to reply (ms)", r.serviceTimes());
        times("Time to grant, request to GRANT of queued requests (ms)", r.grantTimes());
        slowest();
        resources("Resources by total wait", LockReport.ResourceStat::totalWaitNanos);
        resources("Resources by blocking ASTs (contention)", LockReport.ResourceStat::basts);
        resources("Resources by conversions", LockReport.ResourceStat::conversions);
        waiting();
        recoveries();
        findings();
        out.flush();
    }

    private void heading(String text) throws IOException {
        out.append('\n').append(ansi.bold(text)).append('\n');
    }

    private void lockspaces() throws IOException {
        out.append(ansi.bold("Lockspaces")).append('\n');
        if (report.lockspaces().isEmpty()) out.append("  (no DLM_MSG or DLM_RCOM traffic)\n");
        for (LockReport.Lockspace l : report.lockspaces()) {
            out.append(String.format(Locale.ROOT, "  %s %-16s %8d messages, nodes %s%s%n", hex(l.id()),
                    l.name() != null ? "(" + l.name() + ")" : "(name unknown)", l.messages(), l.nodes(),
                    l.lvblen() >= 0 ? ", lvblen " + l.lvblen() : ""));
        }
    }

    private void counts() throws IOException {
        LockReport.Counts c = report.counts();
        heading("Pairing");
        out.append(String.format(Locale.ROOT, "  %d DLM_MSG messages (%d midcomms retransmissions skipped)%n",
                c.messages(), c.duplicates()));
        out.append(String.format(Locale.ROOT, "  %d requests expecting a reply: %d paired, %d never answered%n",
                c.requests(), c.paired(), c.unanswered()));
        out.append(String.format(Locale.ROOT,
                "  %d down-conversions (no reply by design), %d GRANT, %d BAST, %d REMOVE%n",
                c.downConversions(), c.grants(), c.basts(), c.removes()));
        out.append(String.format(Locale.ROOT, "  %d replies unmatched (A33/A34), %d answering requests sent before the capture%s%n",
                c.unmatchedReplies(), c.edgeReplies(), c.evicted() > 0 ? ", " + c.evicted() + " locks evicted (memory budget)" : ""));
    }

    private void times(String title, List<LockReport.ServiceTime> rows) throws IOException {
        heading(title);
        if (rows.isEmpty()) {
            out.append("  (none)\n");
            return;
        }
        out.append(String.format(Locale.ROOT, "  %-10s %-22s %-7s %7s %9s %9s %9s %9s %9s%n",
                "lockspace", "exchange", "nodes", "count", "min", "median", "p90", "p99", "max"));
        long approximate = 0;
        for (LockReport.ServiceTime t : rows) {
            String pair = t.fromNode() < 0 ? "all" : t.fromNode() + ">" + t.toNode();
            if (t.approximate()) approximate++;
            out.append(String.format(Locale.ROOT, "  %-10s %-22s %-7s %7d %9s %9s %9s %9s %9s%s%n", hex(t.lockspace()),
                    t.exchange(), pair, t.count(), ms(t.minNanos()), ms(t.medianNanos()), ms(t.p90Nanos()),
                    ms(t.p99Nanos()), ms(t.maxNanos()), t.approximate() ? "  ~" : ""));
        }
        if (approximate > 0) {
            out.append("  ~ approximate: samples folded into log-linear histograms under the memory budget; median, p90"
                    + " and p99 up to 1/32 above the exact values (count, min, max exact)\n");
        }
    }

    private void slowest() throws IOException {
        heading("Slowest requests (request to grant or final reply)");
        if (report.slowest().isEmpty()) out.append("  (none)\n");
        for (LockReport.SlowRequest s : report.slowest()) {
            String grant = s.grantFrame() > 0 ? " granted in " + FrameRef.text(s.grantFrame()) : "";
            String reply = s.replyFrame() > 0 ? " reply in " + FrameRef.text(s.replyFrame()) : "";
            out.append(String.format(Locale.ROOT, "  %10s ms  %-8s %-24s node %d > master %d  lkid %s  %s%s  frames %s%s%s  %s%n",
                    ms(s.waitNanos()), s.exchange(), quote(s.resource()), s.fromNode(), s.master(), hex(s.lkid()),
                    s.grmode() != null ? s.grmode() + ">" : "", s.rqmode(), FrameRef.text(s.requestFrame()), reply, grant,
                    s.result()));
        }
    }

    private void resources(String title, ToLongFunction<LockReport.ResourceStat> key) throws IOException {
        heading(title);
        List<LockReport.ResourceStat> sorted = report.resources().stream().filter(r -> key.applyAsLong(r) > 0)
                .sorted(Comparator.comparingLong(key).reversed().thenComparing(LockReport.ResourceStat::name)).limit(top).toList();
        if (sorted.isEmpty()) {
            out.append("  (none)\n");
            return;
        }
        out.append(String.format(Locale.ROOT, "  %-24s %6s %-9s %8s %6s %6s %11s %10s %6s%n", "resource", "master", "users",
                "requests", "conv", "queued", "total wait", "max wait", "BASTs"));
        for (LockReport.ResourceStat r : sorted) {
            out.append(String.format(Locale.ROOT, "  %-24s %6s %-9s %8d %6d %6d %11s %10s %6d%n", quote(r.name()),
                    r.master() < 0 ? "?" : Long.toString(r.master()), r.users(), r.requests(), r.conversions(),
                    r.queued(), ms(r.totalWaitNanos()), ms(r.maxWaitNanos()), r.basts()));
        }
    }

    private void waiting() throws IOException {
        heading("Requests without reply or grant (waiting at the end, or resent after recovery)");
        if (report.waiting().isEmpty()) out.append("  (none)\n");
        for (LockReport.WaitingRequest w : report.waiting()) {
            out.append(String.format(Locale.ROOT, "  %-8s %-3s %-24s node %d > %d  lkid %s  frame %s  %s: %s s%s%n",
                    w.exchange(), w.rqmode(), quote(w.resource()), w.fromNode(), w.toNode(), hex(w.lkid()),
                    FrameRef.text(w.requestFrame()), w.state(), seconds(w.ageNanos()),
                    w.resentFrame() > 0 ? ", resent in frame " + FrameRef.text(w.resentFrame()) : ""));
            for (LockReport.Holder h : w.holders()) {
                out.append(String.format(Locale.ROOT, "      blocked by node %d lkid %s holding %s%s%n", h.node(),
                        hex(h.lkid()), h.grmode(), h.lastBastFrame() > 0 ? " (BAST in frame " + FrameRef.text(h.lastBastFrame()) + ")" : ""));
            }
        }
    }

    private void recoveries() throws IOException {
        heading("Recovery episodes (RCOM)");
        if (report.recoveries().isEmpty()) out.append("  (none)\n");
        for (LockReport.RecoveryEpisode e : report.recoveries()) {
            out.append(String.format(Locale.ROOT, "  %s  +%s s to +%s s  %s s  %s  members %s  frames %s-%s%n",
                    hex(e.lockspace()), seconds(e.startNanos() - report.firstNanos()), seconds(e.endNanos() - report.firstNanos()),
                    seconds(e.durationNanos()), e.complete() ? "complete" : "unfinished", e.members(), FrameRef.text(e.firstFrame()),
                    FrameRef.text(e.lastFrame())));
            for (LockReport.RecoveryPhase p : e.phases()) {
                out.append(String.format(Locale.ROOT, "      %-7s +%s s to +%s s  %d requests, %d replies%s%n", p.name(),
                        seconds(p.startNanos() - report.firstNanos()), seconds(p.endNanos() - report.firstNanos()),
                        p.requests(), p.replies(), p.slowestNode() >= 0
                                ? ", slowest reply " + ms(p.slowestNanos()) + " ms from node " + p.slowestNode() : ""));
            }
            if (e.waitingCount() > 0) {
                out.append(String.format(Locale.ROOT, "      %d lock requests waited during it (request frames %s%s)%n",
                        e.waitingCount(), e.waitingFrames().stream().limit(10).map(FrameRef::text).toList(),
                        e.waitingCount() > 10 ? " ..." : ""));
            }
        }
    }

    private void findings() throws IOException {
        heading("Findings");
        if (report.findings().isEmpty()) out.append("  (none)\n");
        for (Finding f : report.findings()) {
            out.append("  ").append(f.frame() > 0 ? "frame " + FrameRef.text(f.frame()) + " " : "")
                    .append(ansi.severity(f.severity(), f.severity().label() + " " + f.code())).append(": ")
                    .append(f.message()).append('\n');
        }
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static String quote(String name) {
        return name == null ? "(resource unknown)" : "\"" + name + "\"";
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.6f", nanos / 1e9);
    }
}
