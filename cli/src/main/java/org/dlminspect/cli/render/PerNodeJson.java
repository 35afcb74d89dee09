package org.dlminspect.cli.render;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.dlminspect.pernode.Captures;
import org.dlminspect.pernode.LossTracker;
import org.dlminspect.pernode.OneWayLatency;
import org.dlminspect.pernode.PerNodeMatcher;
import org.dlminspect.pernode.Segment;

/** The JSON form of the per-node section of {@code analyze}: one {"captures": ...} object after the summary. */
public final class PerNodeJson {
    private PerNodeJson() { }

    public static void write(JsonGenerator json, List<String> names, Captures c, PerNodeMatcher m) throws IOException {
        json.writeStartObject();
        json.writeArrayFieldStart("captures");
        for (Captures.File f : c.files()) {
            json.writeStartObject();
            json.writeStringField("file", names.get(f.index()));
            json.writeBooleanField("matched", f.matched());
            json.writeBooleanField("aligned", f.aligned());
            json.writeBooleanField("reference", f.index() == c.reference());
            if (f.aligned()) {
                json.writeNumberField("offset_ns", f.offsetNanos());
                json.writeNumberField("uncertainty_ns", f.uncertaintyNanos());
            }
            json.writeFieldName("start");
            json.writeNumber(Text.epochSeconds(f.alignedStart()));
            json.writeFieldName("stop");
            json.writeNumber(Text.epochSeconds(f.alignedStop()));
            json.writeNumberField("frames", f.frames());
            json.writeArrayFieldStart("node_pairs");
            for (Segment.AddressPair p : f.nodePairs()) {
                json.writeStartArray();
                json.writeString(p.a().toString());
                json.writeString(p.b().toString());
                json.writeEndArray();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeArrayFieldStart("one_way_latency");
        for (Map.Entry<Segment.Direction, OneWayLatency> e : m.latency().entrySet()) {
            Segment.Direction d = e.getKey();
            OneWayLatency l = e.getValue();
            json.writeStartObject();
            json.writeStringField("from", d.source().toString());
            json.writeStringField("to", d.destination().toString());
            json.writeNumberField("segments", l.count());
            json.writeNumberField("median_ns", l.quantile(0.5));
            json.writeNumberField("p99_ns", l.quantile(0.99));
            json.writeNumberField("max_ns", l.max());
            json.writeEndObject();
        }
        json.writeEndArray();
        LossTracker t = m.losses();
        json.writeNumberField("matched_segments", m.matchedSegments());
        json.writeNumberField("lost_segments", t.lostSegments());
        json.writeNumberField("recovered_segments", t.recoveredSegments());
        json.writeNumberField("sender_missed_segments", t.missedBySender());
        json.writeNumberField("one_sided_segments", t.oneSided());
        json.writeEndObject();
        json.writeRaw('\n');
    }
}
