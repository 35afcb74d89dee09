package org.dlminspect.analysis;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.dlminspect.Severity;
import org.dlminspect.net.IpAddress;

/**
 * Where every part of the analysis reports what it decided: counts severities for the verdict, assigns each finding
 * its {@link Episode}, and lists at most {@code maxPerCode} findings per code and direction (the rest are counted
 * and summarised by {@link #end()}).
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

    /** Counts of one code's findings that exceeded the per-direction limit. */
    private static final class Suppressed {
        long count;
        Severity worst;
        long firstFrame;
        long firstNanos;
        long lastFrame;
    }

    FindingSink(Consumer<Finding> out, int maxPerCode) {
        this.out = out;
        this.maxPerCode = maxPerCode;
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
        Finding f = new Finding(code, sev, from.nodeid, to == null ? -1 : to.nodeid, from.address,
                to == null ? null : to.address, frame, nanos, list(frames), list(seqs), stream, message, 0);
        out.accept(f.inEpisode(episodes.assign(f)));
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
                                + s.firstFrame + " and frame " + s.lastFrame + " are counted but not listed (limit "
                                + maxPerCode + " per code and direction)", 0);
                int id = episodes.openId(code, from, to);
                out.accept(f.inEpisode(id > 0 ? id : episodes.assign(f)));
            }
        }
        suppressed.clear();
    }

    /** Findings of severity {@code s} so far, including ones only counted. */
    long count(Severity s) {
        return severityCounts[s.ordinal()];
    }

    List<Episode> episodes() {
        return episodes.episodes();
    }
}
