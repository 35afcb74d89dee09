package org.dlminspect.cli.render;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.dlminspect.analysis.Story;
import org.dlminspect.analysis.StoryStep;

/**
 * The JSON form of a connection failure's story ({@code analyze}'s "Connection failures" lines): one object per
 * story, its steps typed, each with the sentence the text report shows for it.
 */
public final class StoryJson {
    private StoryJson() { }

    /** {@code {"story":N,"node_a":..,"node_b":..,"first_time":..,"last_time":..,"steps":[...]}} and a newline. */
    public static void story(JsonGenerator json, int id, Story story) throws IOException {
        json.writeStartObject();
        json.writeNumberField("story", id);
        if (story.nodeA() >= 0) json.writeNumberField("node_a", story.nodeA());
        if (story.nodeB() >= 0) json.writeNumberField("node_b", story.nodeB());
        long last = story.firstNanos();
        for (StoryStep s : story.steps()) last = Math.max(last, s.endNanos());
        json.writeFieldName("first_time");
        json.writeNumber(Text.epochSeconds(story.firstNanos()));
        json.writeFieldName("last_time");
        json.writeNumber(Text.epochSeconds(last));
        json.writeArrayFieldStart("steps");
        for (StoryStep s : story.steps()) step(json, s);
        json.writeEndArray();
        json.writeEndObject();
        json.writeRaw('\n');
    }

    private static void step(JsonGenerator json, StoryStep s) throws IOException {
        json.writeStartObject();
        json.writeStringField("step", s.kind().wireName());
        json.writeFieldName("time");
        json.writeNumber(Text.epochSeconds(s.nanos()));
        json.writeFieldName("end_time");
        json.writeNumber(Text.epochSeconds(s.endNanos()));
        if (s.fromNode() >= 0) json.writeNumberField("from_node", s.fromNode());
        if (s.toNode() >= 0) json.writeNumberField("to_node", s.toNode());
        switch (s.kind()) {
            case REFUSED -> json.writeNumberField("count", s.count());
            case RETRANSMITTED -> {
                json.writeNumberField("count", s.count());
                FindingJson.seqRanges(json, s.seqs());
                json.writeNumberField("dropped", s.dropped());
            }
            case RESET, RECONNECTED -> { }
        }
        json.writeStringField("text", s.text());
        json.writeEndObject();
    }
}
