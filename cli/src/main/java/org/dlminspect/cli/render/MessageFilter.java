package org.dlminspect.cli.render;

import org.dlminspect.analysis.Finding;
import org.dlminspect.analysis.FindingFields;
import org.dlminspect.dlm.DlmFields;
import org.dlminspect.filter.DisplayFilter;
import org.dlminspect.locks.LockFields;
import org.dlminspect.locks.LockLink;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pernode.SightingFields;
import org.dlminspect.pernode.Sightings;
import org.dlminspect.pipeline.MessageFields;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldValues;

/**
 * The display filter of {@code read}, {@code live} and {@code analyze} ({@code -Y} and the shorthands
 * {@code --node}, {@code --cmd}, {@code --type}, {@code --lockspace}, {@code --stream}), applied to a message or a
 * finding. Only the fields the filter reads are gathered, and the DLM fields only when it reads one (no full
 * decode otherwise). One instance serves one thread.
 */
public final class MessageFilter {
    /** Lets everything through. */
    public static final MessageFilter ALL = new MessageFilter(null);

    private final DisplayFilter filter;
    private final FieldValues values;
    private final FieldValues findingValues;
    private final boolean decode;
    private final boolean findings;
    private final boolean locks;
    private final boolean received;

    public MessageFilter(DisplayFilter filter) {
        this.filter = filter;
        this.values = filter == null ? null : new FieldValues(filter.fields());
        this.findingValues = filter == null ? null : new FieldValues(filter.fields());
        boolean dlm = false;
        boolean finding = false;
        if (filter != null) {
            java.util.List<FieldDef> dlmFields = DlmFields.all();
            for (FieldDef f : filter.fields()) {
                FieldDef word = f.parent() != null ? f.parent() : f;
                dlm |= dlmFields.contains(word);
                finding |= word == FindingFields.CODE || word == FindingFields.SEVERITY || word == FindingFields.MESSAGE;
            }
        }
        this.decode = dlm;
        this.findings = finding;
        this.locks = filter != null && LockFields.any(filter.fields());
        this.received = filter != null && SightingFields.any(filter.fields());
    }

    /** True when there is no filter. */
    public boolean isAll() {
        return filter == null;
    }

    /** True when the filter reads a finding field ({@code dlm.finding...}). */
    public boolean readsFindings() {
        return findings;
    }

    public boolean matches(DissectedMessage m, MessageContext ctx) {
        return matches(m, ctx.nodes(), ctx.firstEpochNanos(m.epochNanos()), null, ctx.sightings());
    }

    /**
     * @param nodes           node ids learnt so far (for dlm.dstnode)
     * @param firstEpochNanos the capture's first frame time (for frame.time_relative)
     */
    public boolean matches(DissectedMessage m, NodeMap nodes, long firstEpochNanos) {
        return matches(m, nodes, firstEpochNanos, null);
    }

    /** @param lock the message's request/response link ({@code dlm.lock.*} fields), or null */
    public boolean matches(DissectedMessage m, NodeMap nodes, long firstEpochNanos, LockLink lock) {
        return matches(m, nodes, firstEpochNanos, lock, null);
    }

    /** @param sightings per-node captures: the receivers' sightings ({@code frame.received_*} fields), or null */
    public boolean matches(DissectedMessage m, NodeMap nodes, long firstEpochNanos, LockLink lock, Sightings sightings) {
        if (filter == null) {
            return true;
        }
        values.clear();
        MessageFields.collect(m, firstEpochNanos, nodes.nodeOf(m.direction().destination().address()), values, decode);
        if (locks) LockFields.collect(lock, values);
        if (received) SightingFields.collect(sightings, m, values);
        return filter.matches(values);
    }

    /** True when the filter reads a {@code dlm.lock.*} field. */
    public boolean readsLocks() {
        return locks;
    }

    /** Whether a finding is shown: only filters that name a finding field select findings; others show them all. */
    public boolean matches(Finding f, long firstEpochNanos) {
        if (filter == null || !findings) {
            return true;
        }
        findingValues.clear();
        FindingFields.collect(f, firstEpochNanos, findingValues);
        return filter.matches(findingValues);
    }

    @Override
    public String toString() {
        return filter == null ? "" : filter.text();
    }
}
