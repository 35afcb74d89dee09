package org.dlminspect.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dlminspect.Severity;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.net.IpAddress;

/**
 * Groups findings into {@link Episode}s as they are reported, so that each finding carries its episode id: the
 * findings of one kind in one direction join the open episode when they follow its last one within
 * {@link #JOIN_NANOS}; findings of kind {@link EpisodeKind#OTHER} are episodes of their own.
 */
final class Episodes {
    /** Findings of one kind further apart than this start a new episode. */
    static final long JOIN_NANOS = 1_000_000_000L;
    /** Seq ranges kept per episode; beyond it they are counted only. */
    private static final int MAX_RANGES = 32;

    record Key(EpisodeKind kind, FindingCode code, IpAddress from, IpAddress to) {
        // equals and hashCode written out, with the values the record's own would have (31 * h + each component's,
        // in order), so that the hash map keeps its order: the generated ones bootstrap a method-handle chain on the
        // first call (ObjectMethods: 15 classes spun, ~20 ms of start-up), then run it under C1 per lookup.
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.kind == kind && k.code == code && java.util.Objects.equals(k.from, from)
                    && java.util.Objects.equals(k.to, to);
        }

        @Override
        public int hashCode() {
            int h = java.util.Objects.hashCode(kind);
            h = 31 * h + java.util.Objects.hashCode(code);
            h = 31 * h + java.util.Objects.hashCode(from);
            return 31 * h + java.util.Objects.hashCode(to);
        }
    }

    private static final class Open {
        final int id;
        final EpisodeKind kind;
        final FindingCode code;
        final long from;
        final long to;
        final String direction;
        Severity worst;
        long firstFrame;
        long lastFrame;
        long firstNanos;
        long lastNanos;
        long count;
        final List<SeqRange> ranges = new ArrayList<>(2);
        long moreSeqs;
        String firstMessage;

        Open(int id, EpisodeKind kind, FindingCode code, Finding f) {
            this.id = id;
            this.kind = kind;
            this.code = code;
            this.from = f.fromNode();
            this.to = f.toNode();
            this.direction = label(f.fromNode(), f.fromAddress()) + " to " + label(f.toNode(), f.toAddress());
        }
    }

    private final List<Open> all = new ArrayList<>();
    private final Map<Key, Open> open = new HashMap<>();

    /** The episode of finding {@code f} (its episode id not yet set); returns the id. */
    int assign(Finding f) {
        FindingCode code = f.kind();
        Severity severity = f.severity();
        long nanos = f.epochNanos();
        long frame = f.frame();
        String message = f.message();
        EpisodeKind kind = EpisodeKind.of(code);
        Key key = new Key(kind, code, f.fromAddress(), f.toAddress());
        Open e = kind == EpisodeKind.OTHER ? null : open.get(key);
        if (e == null || Math.abs(nanos - e.lastNanos) > JOIN_NANOS) {
            e = new Open(all.size() + 1, kind, code, f);
            e.worst = severity;
            e.firstFrame = frame;
            e.firstNanos = nanos;
            e.lastNanos = nanos;
            e.firstMessage = message;
            all.add(e);
            if (kind != EpisodeKind.OTHER) open.put(key, e);
        }
        e.count++;
        if (severity.atLeast(e.worst)) e.worst = severity;
        e.lastFrame = frame;
        if (nanos > e.lastNanos) e.lastNanos = nanos;
        addSeqs(e, code, f.seqs());
        return e.id;
    }

    /** Findings counted but not listed (beyond the per-code limit) still belong to the open episode. */
    int countSuppressed(FindingCode code, Severity severity, IpAddress from, IpAddress to, long frame, long nanos) {
        Open e = open.get(new Key(EpisodeKind.of(code), code, from, to));
        if (e == null || Math.abs(nanos - e.lastNanos) > JOIN_NANOS) return 0;
        e.count++;
        if (severity.atLeast(e.worst)) e.worst = severity;
        e.lastFrame = frame;
        if (nanos > e.lastNanos) e.lastNanos = nanos;
        return e.id;
    }

    /** The open episode of that kind and direction, 0 when none. */
    int openId(FindingCode code, IpAddress from, IpAddress to) {
        Open e = open.get(new Key(EpisodeKind.of(code), code, from, to));
        return e == null ? 0 : e.id;
    }

    private static void addSeqs(Open e, FindingCode code, List<Long> seqs) {
        boolean range = seqs.size() == 2 && (code == FindingCode.SEQ_NOT_CAPTURED || code == FindingCode.ACK_MISSING
                || code == FindingCode.ACK_BACKLOG);
        if (code == FindingCode.NODE_SILENT) {
            // first..last of each direction that waited for the silent node
            for (int i = 0; i + 1 < seqs.size(); i += 2) add(e, seqs.get(i), seqs.get(i + 1));
        } else if (range) {
            add(e, seqs.get(0), seqs.get(1));
        } else if (e.kind == EpisodeKind.RETRANSMISSIONS) {
            for (long s : seqs) add(e, s, s);
        }
    }

    private static void add(Open e, long first, long last) {
        if (!e.ranges.isEmpty()) {
            SeqRange r = e.ranges.get(e.ranges.size() - 1);
            if (!Seq.before(first, r.first()) && !Seq.after(first, Seq.next(r.last()))) {
                if (Seq.after(last, r.last())) e.ranges.set(e.ranges.size() - 1, new SeqRange(r.first(), last));
                return;
            }
        }
        if (e.ranges.size() >= MAX_RANGES) {
            e.moreSeqs++;
            return;
        }
        e.ranges.add(new SeqRange(first, last));
    }

    /** The episodes so far, with their one-line summaries. */
    List<Episode> episodes() {
        List<Episode> out = new ArrayList<>(all.size());
        for (Open e : all) {
            out.add(new Episode(e.id, e.kind, e.code, e.worst, e.from, e.to, e.firstFrame, e.lastFrame, e.firstNanos,
                    e.lastNanos, e.count, e.ranges, summary(e)));
        }
        return List.copyOf(out);
    }

    private static String summary(Open e) {
        if (e.count == 1) return e.firstMessage;
        String dir = e.direction;
        String seqs = e.ranges.isEmpty() ? "" : ": seqs " + join(e.ranges) + (e.moreSeqs > 0 ? " and "
                + Text.plural(e.moreSeqs, "more range", "more ranges") : "");
        String frames = " (frames " + FrameRef.text(e.firstFrame) + ".." + FrameRef.text(e.lastFrame) + ")";
        return switch (e.kind) {
            case RETRANSMISSIONS -> Text.plural(e.count, "retransmission", "retransmissions") + " from " + dir + seqs
                    + frames + (e.worst == Severity.NOTE ? ", after a connection failure: the kernel re-queues what"
                            + " was unacknowledged and the receiver drops the copies it already has"
                            : ", without a connection failure before them");
            case NOT_CAPTURED -> Text.plural(e.count, "run", "runs") + " of sequence numbers from " + dir
                    + " missing from the capture, not from the wire" + seqs + frames;
            case UNACKNOWLEDGED -> Text.plural(e.count, "finding", "findings") + " of unacknowledged messages from "
                    + dir + seqs + frames + "; the first: " + e.firstMessage;
            default -> Text.plural(e.count, e.code.code() + " finding", e.code.code() + " findings") + " from " + dir
                    + frames + "; the first: " + e.firstMessage;
        };
    }

    private static String label(long node, IpAddress address) {
        return node >= 0 ? "node " + node : address != null ? address.toString() : "an unknown node";
    }

    private static String join(List<SeqRange> ranges) {
        StringBuilder b = new StringBuilder();
        for (SeqRange r : ranges) {
            if (b.length() > 0) b.append(", ");
            b.append(r);
        }
        return b.toString();
    }
}
