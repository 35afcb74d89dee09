package org.dlminspect.cli.report;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.locks.LockReport;

/**
 * The lock views of the report as the {@code locks} member of its JSON: the {@code locks} command's sections,
 * with times after the axis origin and frames as the report names them (with a {@code read -Y} filter per row).
 * Long lists are cut to what a page can show, with their full count beside.
 */
final class LockViewJson {
    /** Waiting requests listed at most (oldest first); the rest are counted. */
    static final int MAX_WAITING = 200;

    private final ReportJson parent;
    private final JsonGenerator g;
    private final FrameFilters filters;

    LockViewJson(ReportJson parent, JsonGenerator g, FrameFilters filters) {
        this.parent = parent;
        this.g = g;
        this.filters = filters;
    }

    void write(ReportModel.LockViews v) throws IOException {
        g.writeObjectFieldStart("locks");
        LockReport r = v.report();
        g.writeBooleanField("available", r != null);
        g.writeObjectFieldStart("pairs");
        for (var e : new java.util.TreeMap<>(v.pairs()).entrySet()) g.writeStringField(e.getKey(), e.getValue());
        g.writeEndObject();
        if (r != null) {
            g.writeNumberField("top", v.top());
            g.writeArrayFieldStart("edges");
            for (long e : ServiceHistograms.EDGES_NANOS) g.writeNumber(e);
            g.writeEndArray();
            lockspaces(r.lockspaces());
            counts(r.counts());
            times("serviceTimes", r.serviceTimes());
            times("grantTimes", r.grantTimes());
            histograms(v.histograms());
            slowest(r.slowest());
            resources(r.resources(), v.top());
            waiting(r.waiting());
            recoveries(r.recoveries());
            g.writeArrayFieldStart("findings");
            for (ReportModel.FindingView f : v.findings()) parent.finding(f);
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private void lockspaces(List<LockReport.Lockspace> all) throws IOException {
        g.writeArrayFieldStart("lockspaces");
        for (LockReport.Lockspace l : all) {
            g.writeStartObject();
            g.writeNumberField("id", l.id());
            if (l.name() != null) g.writeStringField("name", l.name());
            g.writeNumberField("messages", l.messages());
            parent.longs("nodes", l.nodes());
            g.writeNumberField("lvblen", l.lvblen());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void counts(LockReport.Counts c) throws IOException {
        g.writeObjectFieldStart("counts");
        g.writeNumberField("messages", c.messages());
        g.writeNumberField("duplicates", c.duplicates());
        g.writeNumberField("requests", c.requests());
        g.writeNumberField("paired", c.paired());
        g.writeNumberField("downConversions", c.downConversions());
        g.writeNumberField("unmatchedReplies", c.unmatchedReplies());
        g.writeNumberField("edgeReplies", c.edgeReplies());
        g.writeNumberField("unanswered", c.unanswered());
        g.writeNumberField("grants", c.grants());
        g.writeNumberField("basts", c.basts());
        g.writeNumberField("removes", c.removes());
        g.writeNumberField("evicted", c.evicted());
        g.writeEndObject();
    }

    private void times(String name, List<LockReport.ServiceTime> rows) throws IOException {
        g.writeArrayFieldStart(name);
        for (LockReport.ServiceTime t : rows) {
            g.writeStartObject();
            g.writeNumberField("lockspace", t.lockspace());
            g.writeStringField("exchange", t.exchange());
            g.writeNumberField("from", t.fromNode());
            g.writeNumberField("to", t.toNode());
            g.writeNumberField("count", t.count());
            g.writeNumberField("min", t.minNanos());
            g.writeNumberField("median", t.medianNanos());
            g.writeNumberField("p90", t.p90Nanos());
            g.writeNumberField("p99", t.p99Nanos());
            g.writeNumberField("max", t.maxNanos());
            g.writeBooleanField("approximate", t.approximate());
            if (t.approximate()) g.writeStringField("approximation", t.approximation());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void histograms(List<ReportModel.ServiceHistogram> all) throws IOException {
        g.writeArrayFieldStart("histograms");
        for (ReportModel.ServiceHistogram h : all) {
            g.writeStartObject();
            g.writeNumberField("lockspace", h.lockspace());
            g.writeStringField("exchange", h.exchange());
            g.writeBooleanField("grant", h.grant());
            g.writeNumberField("samples", h.samples());
            g.writeNumberField("median", h.medianNanos());
            g.writeNumberField("max", h.maxNanos());
            parent.longs("counts", h.counts());
            g.writeBooleanField("approximate", h.approximate());
            if (h.approximate()) g.writeStringField("approximation", h.approximation());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void slowest(List<LockReport.SlowRequest> rows) throws IOException {
        g.writeArrayFieldStart("slowest");
        for (LockReport.SlowRequest s : rows) {
            g.writeStartObject();
            g.writeNumberField("lockspace", s.lockspace());
            g.writeStringField("exchange", s.exchange());
            if (s.resource() != null) g.writeStringField("resource", s.resource());
            g.writeNumberField("from", s.fromNode());
            g.writeNumberField("master", s.master());
            g.writeNumberField("lkid", s.lkid());
            g.writeStringField("rqmode", s.rqmode());
            if (s.grmode() != null) g.writeStringField("grmode", s.grmode());
            frame("requestFrame", s.requestFrame());
            frame("replyFrame", s.replyFrame());
            frame("grantFrame", s.grantFrame());
            parent.time("sent", s.sentNanos());
            g.writeNumberField("wait", s.waitNanos());
            g.writeStringField("result", s.result());
            parent.filters(filters.of(List.of(s.requestFrame(), s.replyFrame(), s.grantFrame())));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void resources(List<LockReport.ResourceStat> rows, int top) throws IOException {
        g.writeNumberField("resourceCount", rows.size());
        g.writeArrayFieldStart("resources");
        for (LockReport.ResourceStat r : rows.subList(0, Math.min(top, rows.size()))) {
            g.writeStartObject();
            g.writeNumberField("lockspace", r.lockspace());
            g.writeStringField("name", r.name());
            g.writeNumberField("master", r.master());
            parent.longs("users", r.users());
            g.writeNumberField("requests", r.requests());
            g.writeNumberField("conversions", r.conversions());
            g.writeNumberField("queued", r.queued());
            g.writeNumberField("totalWait", r.totalWaitNanos());
            g.writeNumberField("maxWait", r.maxWaitNanos());
            g.writeNumberField("basts", r.basts());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void waiting(List<LockReport.WaitingRequest> rows) throws IOException {
        g.writeNumberField("waitingCount", rows.size());
        g.writeArrayFieldStart("waiting");
        for (LockReport.WaitingRequest w : rows.subList(0, Math.min(MAX_WAITING, rows.size()))) {
            g.writeStartObject();
            g.writeNumberField("lockspace", w.lockspace());
            g.writeStringField("exchange", w.exchange());
            if (w.resource() != null) g.writeStringField("resource", w.resource());
            g.writeNumberField("from", w.fromNode());
            g.writeNumberField("to", w.toNode());
            g.writeNumberField("lkid", w.lkid());
            g.writeStringField("rqmode", w.rqmode());
            g.writeStringField("state", w.state());
            frame("requestFrame", w.requestFrame());
            parent.time("sent", w.sentNanos());
            g.writeNumberField("age", w.ageNanos());
            frame("resentFrame", w.resentFrame());
            g.writeArrayFieldStart("holders");
            List<Long> frames = new ArrayList<>(List.of(w.requestFrame(), w.resentFrame()));
            for (LockReport.Holder h : w.holders()) {
                g.writeStartObject();
                g.writeNumberField("node", h.node());
                g.writeNumberField("lkid", h.lkid());
                g.writeStringField("grmode", h.grmode());
                frame("lastBastFrame", h.lastBastFrame());
                g.writeEndObject();
                frames.add(h.lastBastFrame());
            }
            g.writeEndArray();
            parent.filters(filters.of(frames));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void recoveries(List<LockReport.RecoveryEpisode> rows) throws IOException {
        g.writeArrayFieldStart("recoveries");
        for (LockReport.RecoveryEpisode e : rows) {
            g.writeStartObject();
            g.writeNumberField("lockspace", e.lockspace());
            parent.time("start", e.startNanos());
            parent.time("end", e.endNanos());
            g.writeNumberField("duration", e.durationNanos());
            g.writeBooleanField("complete", e.complete());
            parent.longs("members", e.members());
            frame("firstFrame", e.firstFrame());
            frame("lastFrame", e.lastFrame());
            g.writeArrayFieldStart("phases");
            for (LockReport.RecoveryPhase p : e.phases()) {
                g.writeStartObject();
                g.writeStringField("name", p.name());
                parent.time("start", p.startNanos());
                parent.time("end", p.endNanos());
                g.writeNumberField("requests", p.requests());
                g.writeNumberField("replies", p.replies());
                g.writeNumberField("slowestNode", p.slowestNode());
                g.writeNumberField("slowest", p.slowestNanos());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("slowestNode", e.slowestNode());
            g.writeNumberField("slowest", e.slowestNanos());
            g.writeNumberField("waitingCount", e.waitingCount());
            List<String> waitingFrames = new ArrayList<>();
            for (long f : e.waitingFrames()) waitingFrames.add(FrameRef.text(f));
            parent.strings("waitingFrames", waitingFrames);
            parent.filters(filters.range(e.firstFrame(), e.lastFrame()));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** A frame as the report names it, "" for none (0). */
    private void frame(String name, long ref) throws IOException {
        g.writeStringField(name, ref > 0 ? FrameRef.text(ref) : "");
    }
}
