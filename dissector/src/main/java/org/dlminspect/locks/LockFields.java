package org.dlminspect.locks;

import java.util.List;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.schema.FieldContributor;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldType;
import org.dlminspect.schema.FieldValues;

/**
 * The request/response links of {@code read} as fields, for the display filter and {@code -T fields}
 * ({@code -Y 'dlm.lock.time > 0.01'}), like Wireshark's {@code rpc.repframe}/{@code rpc.time}.
 */
public final class LockFields implements FieldContributor {
    public static final FieldDef REQUEST_IN = FieldDef.builder("dlm.lock.request_in", "Request in frame", FieldType.UNSIGNED)
            .json("request_in").description("on a reply or GRANT: the frame of the request it answers").build();
    public static final FieldDef RESPONSE_IN = FieldDef.builder("dlm.lock.response_in", "Response in frame", FieldType.UNSIGNED)
            .json("response_in").description("on a request: the frame of its reply (read -2 only: known after a first pass, as tshark -2)").build();
    public static final FieldDef TIME = FieldDef.builder("dlm.lock.time", "Time since request", FieldType.DURATION)
            .json("time").description("on a reply: seconds since its request; on a GRANT: since the request the master queued").build();
    public static final FieldDef EXCHANGE = FieldDef.builder("dlm.lock.exchange", "Exchange", FieldType.STRING)
            .json("exchange").description("the exchange a reply ends: REQUEST, CONVERT, UNLOCK, CANCEL, LOOKUP, LOOKUP>REQUEST_REPLY, GRANT").build();
    public static final FieldDef RESOURCE = FieldDef.builder("dlm.lock.resource", "Resource", FieldType.STRING)
            .json("resource").description("the resource name, also on messages that do not carry it (replies, CONVERT, GRANT, BAST)").build();

    private static final List<FieldDef> ALL = List.of(REQUEST_IN, RESPONSE_IN, TIME, EXCHANGE, RESOURCE);

    @Override
    public List<FieldDef> fields() {
        return ALL;
    }

    /** True when the filter reads any of these fields. */
    public static boolean any(Iterable<FieldDef> fields) {
        for (FieldDef f : fields) {
            if (ALL.contains(f)) return true;
        }
        return false;
    }

    /** Gathers the fields of {@code link} (nothing when null). */
    public static void collect(LockLink link, FieldValues out) {
        if (link == null) return;
        // Frame numbers as frame.number gives them (within their file when several are read).
        if (link.requestFrame() > 0) out.add(REQUEST_IN, FrameRef.number(link.requestFrame()));
        if (link.responseFrame() > 0) out.add(RESPONSE_IN, FrameRef.number(link.responseFrame()));
        if (link.timeNanos() >= 0) out.add(TIME, link.timeNanos());
        if (link.exchange() != null) out.addObject(EXCHANGE, link.exchange());
        if (link.resource() != null) out.addObject(RESOURCE, link.resource());
    }
}
