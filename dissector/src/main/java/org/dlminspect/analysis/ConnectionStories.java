package org.dlminspect.analysis;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects, per node pair, the steps of each connection failure (reset, refused connects, reconnect, the
 * retransmissions that follow) into {@link Story}s: steps further apart than {@link #GAP_NANOS} start a new story.
 * Bounded: at most {@link #MAX_STORIES} stories are kept (later ones are counted in the findings anyway), and a
 * story keeps at most {@link #MAX_STEPS} steps.
 */
final class ConnectionStories {
    static final long GAP_NANOS = 10_000_000_000L;
    private static final int MAX_STORIES = 64;
    private static final int MAX_STEPS = 32;
    private static final int MAX_RANGES = 8;

    private static final class Open {
        final Link link;
        final List<StoryStep> steps = new ArrayList<>();
        long lastNanos;

        Open(Link link) {
            this.link = link;
        }
    }

    private final List<Open> all = new ArrayList<>();
    private final Map<Link, Open> open = new IdentityHashMap<>();

    void reset(Link l, Node rstSender, Node reset, long nanos) {
        add(l, step(StoryStep.Kind.RESET, nanos, nanos, rstSender, reset, 0), true);
    }

    void refused(Link l, Node initiator, Node refuser, long count, long firstNanos, long lastNanos) {
        add(l, step(StoryStep.Kind.REFUSED, firstNanos, lastNanos, initiator, refuser, count), true);
    }

    void reconnected(Link l, Node initiator, Node acceptor, long nanos) {
        add(l, step(StoryStep.Kind.RECONNECTED, nanos, nanos, initiator, acceptor, 0), false);
    }

    /** A copy of {@code seq} from {@code d}'s sender after a connection failure; {@code dropped}: R already had it. */
    void retransmitted(DirectionState d, long seq, boolean dropped, long nanos) {
        Open o = open.get(d.link);
        if (o == null || nanos - o.lastNanos > GAP_NANOS) return;
        o.lastNanos = Math.max(o.lastNanos, nanos);
        List<StoryStep> steps = o.steps;
        StoryStep last = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        if (last != null && last.kind() == StoryStep.Kind.RETRANSMITTED && last.fromNode() == d.sender.nodeid) {
            List<SeqRange> ranges = new ArrayList<>(last.seqs());
            SeqRange r = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
            if (r != null && seq == Seq.next(r.last())) ranges.set(ranges.size() - 1, new SeqRange(r.first(), seq));
            else if (ranges.size() < MAX_RANGES) ranges.add(new SeqRange(seq, seq));
            steps.set(steps.size() - 1, new StoryStep(last.kind(), last.nanos(), nanos, last.fromNode(), last.toNode(),
                    last.count() + 1, ranges, last.dropped() + (dropped ? 1 : 0)));
            return;
        }
        if (steps.size() >= MAX_STEPS) return;
        steps.add(new StoryStep(StoryStep.Kind.RETRANSMITTED, nanos, nanos, d.sender.nodeid, d.receiver.nodeid, 1,
                List.of(new SeqRange(seq, seq)), dropped ? 1 : 0));
    }

    private static StoryStep step(StoryStep.Kind kind, long nanos, long endNanos, Node from, Node to, long count) {
        return new StoryStep(kind, nanos, endNanos, from == null ? -1 : from.nodeid, to == null ? -1 : to.nodeid,
                count, List.of(), 0);
    }

    /** {@code opens}: the step can start a story (a failure); otherwise it only continues one. */
    private void add(Link l, StoryStep s, boolean opens) {
        Open o = open.get(l);
        if (o == null || s.nanos() - o.lastNanos > GAP_NANOS) {
            if (!opens || all.size() >= MAX_STORIES) {
                if (!opens) open.remove(l);
                return;
            }
            o = new Open(l);
            all.add(o);
            open.put(l, o);
        }
        if (o.steps.size() < MAX_STEPS) o.steps.add(s);
        o.lastNanos = Math.max(o.lastNanos, s.endNanos());
    }

    /** The stories so far, in order of their first step. */
    List<Story> stories() {
        List<Story> out = new ArrayList<>(all.size());
        for (Open o : all) {
            List<StoryStep> steps = new ArrayList<>(o.steps);
            steps.sort((x, y) -> Long.compare(x.nanos(), y.nanos()));
            out.add(new Story(o.link.a.nodeid, o.link.b.nodeid, steps));
        }
        out.sort((x, y) -> Long.compare(x.firstNanos(), y.firstNanos()));
        return List.copyOf(out);
    }
}
