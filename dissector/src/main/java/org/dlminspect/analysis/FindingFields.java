package org.dlminspect.analysis;

import java.util.List;
import org.dlminspect.Severity;
import org.dlminspect.dlm.DlmFields;
import org.dlminspect.pipeline.MessageFields;
import org.dlminspect.schema.FieldContributor;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldType;
import org.dlminspect.schema.FieldValues;
import org.dlminspect.schema.ValueNames;

/**
 * An analysis finding as fields, so that a display filter selects findings as it selects messages
 * ({@code read --analyze -Y 'dlm.finding.severity >= warn'}). A finding also has the frame, address, stream,
 * node and sequence fields it concerns ({@code frame.number}, {@code ip.src}, {@code dlm.seq} ...).
 */
public final class FindingFields implements FieldContributor {
    public static final FieldDef CODE = FieldDef.builder("dlm.finding", "Finding", FieldType.STRING)
            .json("code").description("a finding's code, e.g. seq.gap (analyze --help and the README list them)").build();
    public static final FieldDef SEVERITY = FieldDef.builder("dlm.finding.severity", "Severity", FieldType.UNSIGNED)
            .enumOf(ValueNames.ofLabels(Severity.class, Severity::ordinal, Severity::label))
            .json("severity").description("a finding's severity: chat < note < warn < error").build();
    public static final FieldDef MESSAGE = FieldDef.builder("dlm.finding.message", "Finding text", FieldType.STRING)
            .json("message").description("a finding's sentence").build();

    @Override
    public List<FieldDef> fields() {
        return List.of(CODE, SEVERITY, MESSAGE);
    }

    /** Gathers the fields of {@code f} that {@code out} wants. */
    public static void collect(Finding f, long firstEpochNanos, FieldValues out) {
        out.addObject(CODE, f.code());
        out.add(SEVERITY, f.severity().ordinal());
        out.addObject(MESSAGE, f.message());
        for (long frame : f.frames()) {
            out.add(MessageFields.FRAME_NUMBER, frame);
        }
        if (f.frame() > 0) {
            out.add(MessageFields.FRAME_TIME, f.epochNanos());
            out.add(MessageFields.FRAME_TIME_EPOCH, f.epochNanos());
            out.add(MessageFields.FRAME_TIME_RELATIVE, f.epochNanos() - firstEpochNanos);
        }
        if (f.fromAddress() != null) {
            out.addObject(MessageFields.IP_SRC, f.fromAddress());
            out.addObject(MessageFields.IP_ADDR, f.fromAddress());
        }
        if (f.toAddress() != null) {
            out.addObject(MessageFields.IP_DST, f.toAddress());
            out.addObject(MessageFields.IP_ADDR, f.toAddress());
        }
        if (f.stream() >= 0) {
            out.add(MessageFields.TCP_STREAM, f.stream());
        }
        if (f.fromNode() >= 0) {
            out.add(MessageFields.SRC_NODE, f.fromNode());
            out.add(MessageFields.NODE, f.fromNode());
        }
        if (f.toNode() >= 0) {
            out.add(MessageFields.DST_NODE, f.toNode());
            out.add(MessageFields.NODE, f.toNode());
        }
        for (long seq : f.seqs()) {
            out.add(DlmFields.SEQ, seq);
        }
    }
}
