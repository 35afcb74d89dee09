package org.dlminspect.cli.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import org.dlminspect.analysis.DirectionSummary;

/**
 * The report model as one JSON object, for the page's script. Epoch nanoseconds exceed what a JavaScript number
 * holds exactly (2^53), so every time is written as nanoseconds after the axis origin ({@code t0}), and the
 * origin itself as epoch milliseconds ({@code t0ms}, for the clock labels) and as exact epoch seconds text.
 * Written HTML-safe ({@link HtmlSafeEscapes}).
 */
final class ReportJson {
    private static final JsonFactory FACTORY = JsonFactory.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private final JsonGenerator g;
    private final long origin;

    private ReportJson(JsonGenerator g, long origin) {
        this.g = g;
        this.origin = origin;
    }

    static void write(Writer out, ReportModel model) throws IOException {
        JsonGenerator g = FACTORY.createGenerator(out);
        g.setCharacterEscapes(HtmlSafeEscapes.INSTANCE);
        new ReportJson(g, model.overview().originNanos()).model(model);
        g.flush();
    }

    private void model(ReportModel m) throws IOException {
        g.writeStartObject();
        overview(m.overview());
        g.writeArrayFieldStart("pairs");
        for (ReportModel.PairView p : m.pairs()) pair(p);
        g.writeEndArray();
        g.writeArrayFieldStart("findings");
        for (ReportModel.FindingView f : m.findings()) finding(f);
        g.writeEndArray();
        g.writeArrayFieldStart("episodes");
        for (ReportModel.EpisodeView e : m.episodes()) episode(e);
        g.writeEndArray();
        g.writeArrayFieldStart("ladders");
        for (ReportModel.Ladder l : m.ladders()) ladder(l);
        g.writeEndArray();
        new LockViewJson(this, g, new FrameFilters(m.overview().sources())).write(m.locks());
        g.writeEndObject();
    }

    private void overview(ReportModel.Overview o) throws IOException {
        g.writeObjectFieldStart("overview");
        strings("sources", o.sources());
        strings("nodes", o.nodes());
        g.writeNumberField("frames", o.frames());
        g.writeNumberField("messages", o.messages());
        g.writeStringField("t0", org.dlminspect.cli.render.Text.epochSeconds(origin));
        g.writeNumberField("t0ms", Math.floorDiv(origin, 1_000_000L));
        time("first", o.firstNanos());
        time("last", o.lastNanos());
        g.writeStringField("verdict", o.verdict());
        g.writeStringField("worst", o.worst());
        g.writeNumberField("errors", o.errors());
        g.writeNumberField("warnings", o.warnings());
        g.writeNumberField("notes", o.notes());
        g.writeNumberField("chats", o.chats());
        g.writeNumberField("untracked", o.untracked());
        g.writeNumberField("captureGaps", o.captureGaps());
        g.writeNumberField("captureGapBytes", o.captureGapBytes());
        g.writeNumberField("ladderless", o.ladderless());
        g.writeNumberField("bucket", o.bucketNanos());
        g.writeNumberField("buckets", o.buckets());
        g.writeArrayFieldStart("lockspaces");
        for (ReportModel.Lockspace l : o.lockspaces()) {
            g.writeStartObject();
            g.writeNumberField("id", l.id());
            if (l.name() != null) g.writeStringField("name", l.name());
            g.writeNumberField("messages", l.messages());
            g.writeEndObject();
        }
        g.writeEndArray();
        strings("limits", o.limits());
        g.writeEndObject();
    }

    private void pair(ReportModel.PairView p) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", p.id());
        g.writeStringField("label", p.label());
        g.writeNumberField("connections", p.connections());
        g.writeNumberField("reconnects", p.reconnects());
        g.writeNumberField("refused", p.refusedConnects());
        g.writeArrayFieldStart("directions");
        for (ReportModel.DirectionView d : p.directions()) direction(d);
        g.writeEndArray();
        g.writeEndObject();
    }

    private void direction(ReportModel.DirectionView d) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", d.id());
        g.writeStringField("label", d.label());
        summary(d.summary());
        points("messages", d.messages());
        points("bytes", d.bytes());
        points("seqSent", d.seqSent());
        points("seqAcked", d.seqAcked());
        points("latencyMean", d.latencyMean());
        points("latencyMax", d.latencyMax());
        g.writeArrayFieldStart("retransmitted");
        for (long[] p : d.retransmitted()) {
            g.writeStartArray();
            g.writeNumber(p[0] - origin);
            g.writeNumber(p[1]);
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private void summary(DirectionSummary s) throws IOException {
        g.writeObjectFieldStart("summary");
        g.writeNumberField("messages", s.messages());
        g.writeNumberField("bytes", s.bytes());
        g.writeNumberField("sequenced", s.sequenced());
        g.writeNumberField("acks", s.acks());
        g.writeStringField("version", s.version());
        g.writeNumberField("firstSeq", s.firstSeq());
        g.writeNumberField("lastSeq", s.lastSeq());
        g.writeNumberField("sessions", s.sessions());
        g.writeNumberField("retransmissions", s.retransmissions());
        g.writeNumberField("gaps", s.gaps());
        g.writeNumberField("notCaptured", s.notCaptured());
        g.writeNumberField("unackedAtEnd", s.unackedAtEnd());
        g.writeNumberField("ackMedianNs", s.ackLatencyMedianNanos());
        g.writeNumberField("ackMaxNs", s.ackLatencyMaxNanos());
        g.writeStringField("finState", String.valueOf(s.finState()));
        g.writeStringField("state", s.stateLabel()); // the FIN state, or how a silent node's connection ended
        g.writeEndObject();
    }

    void finding(ReportModel.FindingView f) throws IOException {
        g.writeStartObject();
        g.writeNumberField("index", f.index());
        g.writeStringField("code", f.code());
        g.writeStringField("title", f.title());
        g.writeStringField("severity", f.severity());
        if (f.direction() != null) g.writeStringField("direction", f.direction());
        if (f.from() != null) g.writeStringField("from", f.from());
        if (f.to() != null) g.writeStringField("to", f.to());
        g.writeNumberField("frame", f.frame());
        if (f.file() != null) g.writeStringField("file", f.file());
        time("time", f.nanos());
        strings("frames", f.frames());
        longs("seqs", f.seqs());
        g.writeNumberField("stream", f.stream());
        g.writeStringField("message", f.message());
        g.writeNumberField("episode", f.episode());
        filters(f.filters());
        g.writeNumberField("ladder", f.ladder());
        g.writeEndObject();
    }

    private void episode(ReportModel.EpisodeView e) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", e.id());
        g.writeStringField("kind", e.kind());
        g.writeStringField("label", e.label());
        g.writeStringField("code", e.code());
        g.writeStringField("severity", e.severity());
        if (e.direction() != null) g.writeStringField("direction", e.direction());
        g.writeStringField("firstFrame", e.firstFrame());
        g.writeStringField("lastFrame", e.lastFrame());
        time("first", e.firstNanos());
        time("last", e.lastNanos());
        time("bandFirst", e.bandFirstNanos());
        time("bandLast", e.bandLastNanos());
        g.writeNumberField("findings", e.findings());
        points("seqs", e.seqs());
        g.writeStringField("summary", e.summary());
        g.writeNumberField("ladder", e.ladder());
        g.writeEndObject();
    }

    private void ladder(ReportModel.Ladder l) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", l.id());
        strings("nodes", l.nodes());
        g.writeArrayFieldStart("findings");
        for (int i : l.findings()) g.writeNumber(i);
        g.writeEndArray();
        g.writeArrayFieldStart("arrows");
        for (ReportModel.Arrow a : l.arrows()) {
            g.writeStartObject();
            g.writeStringField("frame", a.frame());
            time("time", a.nanos());
            g.writeNumberField("from", a.from());
            g.writeNumberField("to", a.to());
            g.writeNumberField("stream", a.stream());
            g.writeStringField("kind", a.kind());
            g.writeStringField("label", a.label());
            if (a.marked()) g.writeBooleanField("marked", true);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    void time(String name, long nanos) throws IOException {
        g.writeNumberField(name, nanos - origin);
    }

    private void points(String name, List<long[]> points) throws IOException {
        g.writeArrayFieldStart(name);
        for (long[] p : points) {
            g.writeStartArray();
            for (long v : p) g.writeNumber(v);
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    /** {@code [capture, display filter]} pairs. */
    void filters(List<String[]> filters) throws IOException {
        g.writeArrayFieldStart("filters");
        for (String[] cf : filters) {
            g.writeStartArray();
            g.writeString(cf[0]);
            g.writeString(cf[1]);
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    void strings(String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String s : values) g.writeString(s);
        g.writeEndArray();
    }

    void longs(String name, List<Long> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (long v : values) g.writeNumber(v);
        g.writeEndArray();
    }
}
