package org.dlminspect.pernode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.filter.DisplayFilter;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.pipeline.MessageFields;
import org.dlminspect.schema.FieldValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The receive-time fields of per-node captures, on the real {@code pernode3} files: every message both sides
 * saw has them, and the receiving frame they name is, in the receiver's own file (read here apart), the same
 * TCP segment (addresses, ports, sequence number) as the sender's frame.
 */
public class SightingFieldsTest {
    private static final List<String> FILES = List.of("pernode3.node1.pcap.gz", "pernode3.node2.pcap.gz", "pernode3.node3.pcap.gz");
    private static final List<String> NAMES = List.of("node1", "node2", "node3");

    /** Each message of the per-node run with its fields, receive fields included, and its segment's frame. */
    public interface Visit {
        void message(DissectedMessage m, FieldValues values);
    }

    @AfterEach
    void plainNumbersAgain() {
        FrameRef.useNames(null);
    }

    /**
     * The per-node run over pernode3, each message with its message fields and its receiver's sighting (frame
     * references name the files meanwhile: call {@code FrameRef.useNames(null)} after).
     */
    public static void each(Visit visit) throws IOException {
        FrameRef.useNames(NAMES);
        PerNodeInput.Opener opener = (i, sink) -> CaptureFiles.open(PerNodeHarness.sample(FILES.get(i)), sink);
        PerNodeInput.Settings settings = new PerNodeInput.Settings(0, 2_000_000_000L, 1_000_000_000L, 64 << 20,
                MemoryBudget.unlimited().account("pernode"));
        PerNodeInput in = PerNodeInput.open(NAMES, NAMES, settings, DissectorOptions.defaults(), opener, d -> { }, false);
        FieldValues values = new FieldValues();
        try (CaptureReader r = in.reader()) {
            new Dissector(DissectorOptions.defaults(), new DissectionListener() {
                @Override
                public void onMessage(DissectedMessage m) {
                    values.clear();
                    MessageFields.collect(m, 0, -1, values, false);
                    SightingFields.collect(in.matcher().sightings(), m, values);
                    visit.message(m, values);
                }
            }).run(r);
        }
    }

    @Test
    void theReceiveFieldsNameTheReceiversCopyOfTheSegment() throws IOException {
        List<List<PerNodeHarness.Frame>> files = new ArrayList<>();
        for (String f : FILES) files.add(PerNodeHarness.frames(f));
        DisplayFilter seenByBoth = DisplayFilter.compile("frame.received_time");
        DisplayFilter fast = DisplayFilter.compile("frame.one_way_delay < 0.01 && frame.received_file != \"node1\"");
        long[] n = new long[3]; // messages, received, to node 1's peers ... by the filter
        each((m, v) -> {
            n[0]++;
            int at = v.next(SightingFields.RECEIVED_NUMBER, 0);
            assertEquals(at >= 0, seenByBoth.matches(v));
            if (at < 0) return;
            n[1]++;
            long number = v.number(SightingFields.RECEIVED_NUMBER, at);
            String file = (String) v.object(v.next(SightingFields.RECEIVED_FILE, 0));
            int receiver = NAMES.indexOf(file);
            assertTrue(receiver >= 0 && receiver != FrameRef.file(m.frame()), file + " is another node's capture");
            PerNodeHarness.Frame sent = files.get(FrameRef.file(m.frame())).get((int) FrameRef.number(m.frame()) - 1);
            PerNodeHarness.Frame got = files.get(receiver).get((int) number - 1);
            String where = FrameRef.text(m.frame()) + " received as " + file + ":" + number;
            assertEquals(sent.tcp.source, got.tcp.source, where);
            assertEquals(sent.tcp.destination, got.tcp.destination, where);
            assertEquals(sent.tcp.sourcePort, got.tcp.sourcePort, where);
            assertEquals(sent.tcp.sequence, got.tcp.sequence, where);
            assertEquals(sent.tcp.payloadLength, got.tcp.payloadLength, where);
            long time = v.number(SightingFields.RECEIVED_TIME, v.next(SightingFields.RECEIVED_TIME, 0));
            assertEquals(time, v.number(SightingFields.RECEIVED_TIME_EPOCH, v.next(SightingFields.RECEIVED_TIME_EPOCH, 0)));
            long delay = v.number(SightingFields.ONE_WAY_DELAY, v.next(SightingFields.ONE_WAY_DELAY, 0));
            assertEquals(time - m.epochNanos(), delay, where);
            // Aligned within the 0.2 ms the offsets are estimated to: a one-way delay on one LAN is under 10 ms.
            assertTrue(delay > -200_000 && delay < 10_000_000, where + ": one-way delay " + delay + " ns");
            if (fast.matches(v)) n[2]++;
            assertEquals(!"node1".equals(file), fast.matches(v), where);
        });
        assertTrue(n[1] > n[0] / 2, n[1] + " of " + n[0] + " messages seen by both sides");
        assertTrue(n[2] > 0 && n[2] < n[1], n[2] + " received by node 2 or 3");
    }
}
