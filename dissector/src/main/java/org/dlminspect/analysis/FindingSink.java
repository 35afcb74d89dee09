package org.dlminspect.analysis;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.dlminspect.Severity;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;
import org.dlminspect.memory.MemorySize;
import org.dlminspect.net.IpAddress;

/**
 * Where every part of the analysis reports what it decided: counts severities for the verdict, assigns each finding
 * its {@link Episode}, and lists at most {@code maxPerCode} findings per code and direction (the rest are counted
 * and summarised by {@link #end()}). The findings it lists are kept until the report, so each is charged to the
 * analysis account of the memory budget; when the budget is reached, further findings are counted (the verdict
 * still has them) and summarised at the end as one {@code analysis.limit} finding instead of listed.
 */
final class FindingSink {
    private static final FindingCode[] CODES = FindingCode.values();

    private final Consumer<Finding> out;
    private final int maxPerCode;
    private final long[] severityCounts = new long[Severity.values().length];
    private final int[] globalCounts = new int[CODES.length];
    private final Map<DirectionState, int[]> counts = new IdentityHashMap<>();
    /** First-suppressed order: identity-hash order varied between runs. */
    private final Map<DirectionState, Suppressed[]> suppressed = new LinkedHashMap<>();
    private final Episodes episodes = new Episodes();
    /** Listed findings stay until the report: each is charged here. */
    private final Account memory;
    private long budgetDropped;
    private Severity budgetDroppedWorst;
    private long budgetDroppedFirstFrame;
    private long budgetDroppedFirstNanos;
    private long budgetDroppedLastFrame;

    /** Counts of one code's findings that exceeded the per-direction limit. */
    private static final class Suppressed {
        long count;
        Severity worst;
        long firstFrame;
        long firstNanos;
        long lastFrame;
    }

    /** Findings listed are charged to {@code memory} (the consumer keeps them for the report). */
    FindingSink(Consumer<Finding> out, int maxPerCode, Account memory) {
        this.out = out;
        this.maxPerCode = maxPerCode;
        this.memory = memory;
    }

    /**
     * What a listed finding costs while kept for the report: the record, its message (Latin-1 bytes), its frame
     * and seq lists of boxed longs, and its share of the episode it joins.
     */
    static long cost(String message, int frames, int seqs) {
        return HeapCost.object(64) + HeapCost.object(12) + HeapCost.byteArray(message.length())
                + 2 * HeapCost.object(16) + HeapCost.referenceArray(frames) + HeapCost.referenceArray(seqs)
                + 16L * (frames + seqs) + HeapCost.object(48);
    }

    /** A finding about direction {@code d} (null: about no one direction). */
    void report(DirectionState d, FindingCode code, Severity sev, long frame, long nanos, int stream, long[] frames,
                long[] seqs, String message) {
        severityCounts[sev.ordinal()]++;
        if (d == null) {
            if (globalCounts[code.ordinal()]++ >= maxPerCode) return;
        } else if (counts.computeIfAbsent(d, k -> new int[CODES.length])[code.ordinal()]++ >= maxPerCode) {
            suppress(d, code, sev, frame, nanos);
            return;
        }
        if (!charged(sev, frame, nanos, message, frames.length, seqs.length)) return;
        Finding f = new Finding(code, sev, d == null ? -1 : d.sender.nodeid, d == null ? -1 : d.receiver.nodeid,
                d == null ? null : d.sender.address, d == null ? null : d.receiver.address, frame, nanos, list(frames),
                list(seqs),
                stream, message, 0);
        out.accept(f.inEpisode(episodes.assign(f)));
    }

    /**
     * A finding about node {@code from} (and {@code to}, or null) rather than one direction: counted per code like
     * the findings about no direction.
     */
    void report(Node from, Node to, FindingCode code, Severity sev, long frame, long nanos, int stream, long[] frames,
                long[] seqs, String message) {
        severityCounts[sev.ordinal()]++;
        if (globalCounts[code.ordinal()]++ >= maxPerCode) return;
        if (!charged(sev, frame, nanos, message, frames.length, seqs.length)) return;
        Finding f = new Finding(code, sev, from.nodeid, to == null ? -1 : to.nodeid, from.address,
                to == null ? null : to.address, frame, nanos, list(frames), list(seqs), stream, message, 0);
        out.accept(f.inEpisode(episodes.assign(f)));
    }

    /**
     * Charges a finding about to be listed; when the memory budget is reached it is only counted (the verdict
     * already has it) and summarised at the end.
     */
    private boolean charged(Severity sev, long frame, long nanos, String message, int frames, int seqs) {
        long bytes = cost(message, frames, seqs);
        if (memory.charge(bytes)) return true;
        memory.release(bytes);
        if (budgetDropped++ == 0) {
            budgetDroppedFirstFrame = frame;
            budgetDroppedFirstNanos = nanos;
            budgetDroppedWorst = sev;
        }
        if (sev.atLeast(budgetDroppedWorst)) budgetDroppedWorst = sev;
        budgetDroppedLastFrame = frame;
        return false;
    }

    private static List<Long> list(long[] values) {
        List<Long> l = new ArrayList<>(values.length);
        for (long v : values) l.add(v);
        return l;
    }

    private void suppress(DirectionState d, FindingCode code, Severity sev, long frame, long nanos) {
        Suppressed[] sup = suppressed.computeIfAbsent(d, k -> new Suppressed[CODES.length]);
        Suppressed s = sup[code.ordinal()];
        if (s == null) {
            s = sup[code.ordinal()] = new Suppressed();
            s.firstFrame = frame;
            s.firstNanos = nanos;
            s.worst = sev;
        }
        s.count++;
        if (sev.atLeast(s.worst)) s.worst = sev;
        s.lastFrame = frame;
        episodes.countSuppressed(code, sev, d.sender.address, d.receiver.address, frame, nanos);
    }

    /** One summary finding per code and direction whose findings were only counted. */
    void end() {
        for (Map.Entry<DirectionState, Suppressed[]> e : suppressed.entrySet()) {
            DirectionState d = e.getKey();
            Suppressed[] sup = e.getValue();
            for (int i = 0; i < sup.length; i++) {
                Suppressed s = sup[i];
                if (s == null) continue;
                FindingCode code = CODES[i];
                IpAddress from = d.sender.address;
                IpAddress to = d.receiver.address;
                Finding f = new Finding(code, s.worst, d.sender.nodeid, d.receiver.nodeid, from, to, s.firstFrame,
                        s.firstNanos, List.of(s.firstFrame, s.lastFrame), List.of(), -1,
                        Text.plural(s.count, "more " + code.code() + " finding", "more " + code.code() + " findings")
                                + " from " + d.sender.label() + " to " + d.receiver.label() + " between frame "
                                + FrameRef.text(s.firstFrame) + " and frame " + FrameRef.text(s.lastFrame) + " are counted but not listed (limit "
                                + maxPerCode + " per code and direction)", 0);
                int id = episodes.openId(code, from, to);
                out.accept(f.inEpisode(id > 0 ? id : episodes.assign(f)));
            }
        }
        suppressed.clear();
        if (budgetDropped > 0) {
            Finding f = new Finding(FindingCode.ANALYSIS_LIMIT, budgetDroppedWorst, -1, -1, null, null,
                    budgetDroppedFirstFrame, budgetDroppedFirstNanos, List.of(budgetDroppedFirstFrame,
                    budgetDroppedLastFrame), List.of(), -1, "memory budget of " + MemorySize.format(memory.budget()
                    .limit()) + " reached: " + Text.plural(budgetDropped, "more finding", "more findings")
                    + " between frame " + FrameRef.text(budgetDroppedFirstFrame) + " and frame " + FrameRef.text(budgetDroppedLastFrame)
                    + " are counted in the verdict but not listed (see --memory-budget)", 0);
            budgetDropped = 0;
            out.accept(f.inEpisode(episodes.assign(f)));
        }
    }

    /** Findings of severity {@code s} so far, including ones only counted. */
    long count(Severity s) {
        return severityCounts[s.ordinal()];
    }

    List<Episode> episodes() {
        return episodes.episodes();
    }
}
