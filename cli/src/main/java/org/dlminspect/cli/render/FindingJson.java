package org.dlminspect.cli.render;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import org.dlminspect.analysis.DirectionSummary;
import org.dlminspect.analysis.Episode;
import org.dlminspect.analysis.SeqRange;
import org.dlminspect.analysis.Finding;
import org.dlminspect.analysis.PairSummary;
import org.dlminspect.analysis.Verdict;
import org.dlminspect.capture.FrameRef;

/** The JSON forms of analysis output: one object per finding, and the closing summary object. */
public final class FindingJson {
    private FindingJson() { }

    public static void finding(JsonGenerator json, Finding f) throws IOException {
        json.writeStartObject();
        json.writeStringField("finding", f.code());
        json.writeStringField("severity", f.severity().label());
        json.writeNumberField("frame", FrameRef.number(f.frame()));
        if (FrameRef.named() && f.frame() > 0) json.writeStringField("file", FrameRef.fileName(f.frame()));
        json.writeFieldName("time");
        json.writeNumber(Text.epochSeconds(f.epochNanos()));
        if (f.stream() >= 0) json.writeNumberField("stream", f.stream());
        if (f.fromNode() >= 0) json.writeNumberField("from_node", f.fromNode());
        if (f.toNode() >= 0) json.writeNumberField("to_node", f.toNode());
        if (f.fromAddress() != null) json.writeStringField("from", f.fromAddress().toString());
        if (f.toAddress() != null) json.writeStringField("to", f.toAddress().toString());
        json.writeArrayFieldStart("frames");
        for (long fr : f.frames()) json.writeNumber(FrameRef.number(fr));
        json.writeEndArray();
        if (FrameRef.named()) {
            json.writeArrayFieldStart("frame_refs");
            for (long fr : f.frames()) json.writeString(FrameRef.text(fr));
            json.writeEndArray();
        }
        json.writeArrayFieldStart("seqs");
        for (long s : f.seqs()) json.writeNumber(s);
        json.writeEndArray();
        json.writeStringField("message", f.message());
        if (f.episode() > 0) json.writeNumberField("episode", f.episode());
        json.writeEndObject();
        json.writeRaw('\n');
    }

    public static void summary(JsonGenerator json, List<PairSummary> pairs, Verdict verdict, long messages) throws IOException {
        summary(json, pairs, List.of(), verdict, messages);
    }

    /** The closing summary object, with the episodes (the timeline) when given. */
    public static void summary(JsonGenerator json, List<PairSummary> pairs, List<Episode> episodes, Verdict verdict,
                               long messages) throws IOException {
        json.writeStartObject();
        json.writeStringField("summary", verdict.text());
        json.writeStringField("worst", verdict.worst() == null ? "none" : verdict.worst().label());
        json.writeNumberField("errors", verdict.errors());
        json.writeNumberField("warnings", verdict.warnings());
        json.writeNumberField("notes", verdict.notes());
        json.writeNumberField("chats", verdict.chats());
        json.writeNumberField("messages", messages);
        json.writeArrayFieldStart("pairs");
        for (PairSummary p : pairs) {
            json.writeStartObject();
            json.writeNumberField("node_a", p.nodeA());
            json.writeNumberField("node_b", p.nodeB());
            json.writeStringField("address_a", p.addressA());
            json.writeStringField("address_b", p.addressB());
            json.writeNumberField("connections", p.connections());
            json.writeNumberField("reconnects", p.reconnects());
            json.writeNumberField("refused_connects", p.refusedConnects());
            json.writeArrayFieldStart("directions");
            direction(json, p.aToB());
            direction(json, p.bToA());
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
        if (!episodes.isEmpty()) {
            json.writeArrayFieldStart("episodes");
            for (Episode e : episodes) episode(json, e);
            json.writeEndArray();
        }
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private static void episode(JsonGenerator json, Episode e) throws IOException {
        json.writeStartObject();
        json.writeNumberField("episode", e.id());
        json.writeStringField("kind", e.kind().wireName());
        json.writeStringField("finding", e.code().code());
        json.writeStringField("severity", e.severity().label());
        if (e.fromNode() >= 0) json.writeNumberField("from_node", e.fromNode());
        if (e.toNode() >= 0) json.writeNumberField("to_node", e.toNode());
        json.writeNumberField("first_frame", e.firstFrame());
        json.writeNumberField("last_frame", e.lastFrame());
        json.writeFieldName("first_time");
        json.writeNumber(Text.epochSeconds(e.firstNanos()));
        json.writeFieldName("last_time");
        json.writeNumber(Text.epochSeconds(e.lastNanos()));
        json.writeNumberField("findings", e.findings());
        seqRanges(json, e.seqs());
        json.writeStringField("summary", e.summary());
        json.writeEndObject();
    }

    /** {@code "seq_ranges":[[first, last], ...]}, as episodes and story steps write them. */
    static void seqRanges(JsonGenerator json, List<SeqRange> ranges) throws IOException {
        json.writeArrayFieldStart("seq_ranges");
        for (SeqRange r : ranges) {
            json.writeStartArray();
            json.writeNumber(r.first());
            json.writeNumber(r.last());
            json.writeEndArray();
        }
        json.writeEndArray();
    }

    private static void direction(JsonGenerator json, DirectionSummary d) throws IOException {
        if (d == null) return;
        json.writeStartObject();
        json.writeNumberField("from_node", d.fromNode());
        json.writeNumberField("to_node", d.toNode());
        json.writeStringField("from", d.fromAddress());
        json.writeStringField("to", d.toAddress());
        json.writeNumberField("messages", d.messages());
        json.writeNumberField("bytes", d.bytes());
        json.writeNumberField("sequenced", d.sequenced());
        json.writeNumberField("acks", d.acks());
        json.writeStringField("version", d.version());
        json.writeNumberField("first_seq", d.firstSeq());
        json.writeNumberField("last_seq", d.lastSeq());
        json.writeNumberField("sessions", d.sessions());
        json.writeNumberField("retransmissions", d.retransmissions());
        json.writeNumberField("retransmissions_after_reconnect", d.retransmissionsAfterReconnect());
        json.writeNumberField("gaps", d.gaps());
        json.writeNumberField("not_captured", d.notCaptured());
        json.writeNumberField("duplicate_acks", d.duplicateAcks());
        json.writeNumberField("unacked_at_end", d.unackedAtEnd());
        json.writeNumberField("ack_latency_median_ns", d.ackLatencyMedianNanos());
        json.writeNumberField("ack_latency_max_ns", d.ackLatencyMaxNanos());
        json.writeStringField("ack_cadence", String.valueOf(d.ackCadence()));
        json.writeStringField("fin_state", String.valueOf(d.finState()));
        json.writeStringField("end_state", d.endState().wireName());
        json.writeEndObject();
    }
}
