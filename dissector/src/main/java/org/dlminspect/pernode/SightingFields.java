package org.dlminspect.pernode;

import java.util.List;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.schema.Display;
import org.dlminspect.schema.FieldContributor;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldType;
import org.dlminspect.schema.FieldValues;

/**
 * With per-node captures, the receiver's sighting of a message as fields: the frame that carried it into the
 * receiving node's capture, that capture's name, when it arrived (on the reference clock, as every time is)
 * and the one-way delay from its send time. They exist only on a message seen by both its sender's and its
 * receiver's capture, so {@code -Y 'frame.received_time'} selects the messages both sides saw and
 * {@code -Y '!frame.received_time'} those only one side did.
 */
public final class SightingFields implements FieldContributor {
    public static final FieldDef RECEIVED_TIME = FieldDef.builder("frame.received_time", "Receive time", FieldType.TIME)
            .description("per-node captures: when the receiver's capture saw the message (a UTC date, as frame.time)").build();
    public static final FieldDef RECEIVED_TIME_EPOCH = FieldDef.builder("frame.received_time_epoch", "Receive epoch time",
            FieldType.TIME).display(Display.DEC).json("received_time")
            .description("per-node captures: the receive time in seconds since 1970").build();
    public static final FieldDef RECEIVED_NUMBER = FieldDef.builder("frame.received_number", "Receiving frame number",
            FieldType.UNSIGNED).json("received_frame")
            .description("per-node captures: the frame of the receiver's capture that carried the message").build();
    public static final FieldDef RECEIVED_FILE = FieldDef.builder("frame.received_file", "Receiving capture", FieldType.STRING)
            .json("received_file").description("per-node captures: the name of the receiver's capture").build();
    public static final FieldDef ONE_WAY_DELAY = FieldDef.builder("frame.one_way_delay", "One-way delay", FieldType.DURATION)
            .description("per-node captures: receive time minus send time, in seconds, on the aligned clocks").build();

    private static final List<FieldDef> ALL = List.of(RECEIVED_TIME, RECEIVED_TIME_EPOCH, RECEIVED_NUMBER, RECEIVED_FILE,
            ONE_WAY_DELAY);

    @Override
    public List<FieldDef> fields() {
        return ALL;
    }

    /** Gathers the receive fields of {@code m} that {@code out} wants, when {@code sightings} knows its frame. */
    public static void collect(Sightings sightings, DissectedMessage m, FieldValues out) {
        if (sightings == null) return;
        long[] seen = sightings.get(m.frame());
        if (seen == null) return;
        out.add(RECEIVED_TIME, seen[1]);
        out.add(RECEIVED_TIME_EPOCH, seen[1]);
        out.add(RECEIVED_NUMBER, FrameRef.number(seen[0]));
        String file = FrameRef.fileName(seen[0]);
        if (file != null) out.addObject(RECEIVED_FILE, file);
        out.add(ONE_WAY_DELAY, seen[1] - m.epochNanos());
    }

    /** True when {@code fields} holds one of these (a collector need not look them up otherwise). */
    public static boolean any(Iterable<FieldDef> fields) {
        for (FieldDef f : fields) {
            if (ALL.contains(f)) return true;
        }
        return false;
    }
}
