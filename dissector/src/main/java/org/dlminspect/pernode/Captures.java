package org.dlminspect.pernode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.dlminspect.net.IpAddress;

/**
 * What the {@link CaptureSurvey} found about each capture and each pair of captures.
 *
 * @param files        per capture, in command-line order
 * @param pairs        per pair of captures that share segments
 * @param reference    the capture whose clock the others are aligned to
 * @param owner        the capture of the node that has each address (the capture that sends from it)
 * @param surveyEvicted segments forgotten before their second sighting (memory budget)
 */
public record Captures(List<File> files, List<Pair> pairs, int reference, Map<IpAddress, Integer> owner, long surveyEvicted) {

    /**
     * One capture.
     *
     * @param startNanos,stopNanos its first and last frame, on its own clock
     * @param offsetNanos   its clock minus the reference's ({@link #aligned} only); subtract to align
     * @param uncertaintyNanos how far the offset may be off (half the smallest round trip, summed along the path)
     * @param matched       whether it shares segments with another capture (else it is left out: another cluster,
     *                      another time, or another place)
     * @param nodePairs     the address pairs (nodes) it saw DLM traffic between
     * @param nodeIds       node id of each address, from the DLM headers it saw
     */
    public record File(int index, long startNanos, long stopNanos, long frames, long dlmSegments, boolean matched,
                       boolean aligned, long offsetNanos, long uncertaintyNanos,
                       Set<Segment.AddressPair> nodePairs, Map<IpAddress, Long> nodeIds) {
        public long alignedStart() {
            return startNanos - offsetNanos;
        }

        public long alignedStop() {
            return stopNanos - offsetNanos;
        }
    }

    /**
     * Two captures that saw the same segments.
     *
     * @param thetaNanos clock of b minus clock of a, when {@code aligned} (segments seen both ways)
     */
    public record Pair(int a, int b, long matches, boolean aligned, long thetaNanos, long uncertaintyNanos) { }

    public boolean perNode() {
        return files.stream().filter(File::matched).count() >= 2;
    }

    /** Gathers one capture's facts during the survey. */
    static final class Builder {
        final int index;
        long start = Long.MAX_VALUE;
        long stop = Long.MIN_VALUE;
        long frames;
        long dlm;
        final Set<Segment.AddressPair> nodePairs = new LinkedHashSet<>();
        final Map<IpAddress, Long> nodeIds = new TreeMap<>();
        /** DLM segments each address took part in: the capture's own address takes part in all. */
        final Map<IpAddress, long[]> perAddress = new HashMap<>();

        Builder(int index) {
            this.index = index;
        }

        void frame(long t) {
            frames++;
            start = Math.min(start, t);
            stop = Math.max(stop, t);
        }

        void segment(NodePacket s) {
            dlm++;
            if (nodePairs.size() < 4096) nodePairs.add(Segment.AddressPair.of(s.source, s.destination));
            if (perAddress.size() < 4096) {
                perAddress.computeIfAbsent(s.source, k -> new long[1])[0]++;
                perAddress.computeIfAbsent(s.destination, k -> new long[1])[0]++;
            }
            // A segment (or SCTP user message) starting with a DLM header (reference §2.2: h_version 3.x, then
            // h_nodeid at offset 8).
            if (s.payloadLength >= 16 && !nodeIds.containsKey(s.source) && nodeIds.size() < 4096) {
                byte[] p = s.payload;
                int o = s.payloadOffset;
                int version = (p[o] & 0xFF) | (p[o + 1] & 0xFF) << 8 | (p[o + 2] & 0xFF) << 16 | (p[o + 3] & 0xFF) << 24;
                if (version == 0x00030001 || version == 0x00030002) {
                    long node = (p[o + 8] & 0xFFL) | (p[o + 9] & 0xFFL) << 8 | (p[o + 10] & 0xFFL) << 16 | (p[o + 11] & 0xFFL) << 24;
                    nodeIds.put(s.source, node);
                }
            }
        }

        /** The address present in every DLM segment of this capture, when there is exactly one. */
        IpAddress ownAddress() {
            IpAddress own = null;
            for (Map.Entry<IpAddress, long[]> e : perAddress.entrySet()) {
                if (e.getValue()[0] == dlm) {
                    if (own != null) return null;
                    own = e.getKey();
                }
            }
            return own;
        }
    }

    static Captures resolve(Builder[] builders, Map<Long, CaptureSurvey.PairDeltas> deltas, int reference, long evicted) {
        int n = builders.length;
        List<Pair> pairs = new ArrayList<>();
        Map<IpAddress, Map<Integer, Long>> votes = new HashMap<>();
        boolean[] matched = new boolean[n];
        for (Map.Entry<Long, CaptureSurvey.PairDeltas> e : new TreeMap<>(deltas).entrySet()) {
            int a = (int) (e.getKey() >>> 32);
            int b = (int) (long) e.getKey();
            CaptureSurvey.PairDeltas d = e.getValue();
            if (d.matches < CaptureSurvey.MIN_MATCHES) continue;
            matched[a] = matched[b] = true;
            pairs.add(align(a, b, d, votes));
        }
        Map<IpAddress, Integer> owner = new LinkedHashMap<>();
        for (Map.Entry<IpAddress, Map<Integer, Long>> e : votes.entrySet()) {
            owner.put(e.getKey(), e.getValue().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey());
        }
        for (Builder b : builders) {
            IpAddress own = b.ownAddress();
            if (matched[b.index] && own != null) owner.putIfAbsent(own, b.index);
        }
        int ref = matched[reference] ? reference : firstMatched(matched, reference);
        long[] offset = new long[n];
        long[] uncertainty = new long[n];
        Arrays.fill(uncertainty, Long.MAX_VALUE);
        uncertainty[ref] = 0;
        // Shortest paths by summed uncertainty (n is small: relax until nothing changes).
        for (boolean changed = true; changed; ) {
            changed = false;
            for (Pair p : pairs) {
                if (!p.aligned()) continue;
                changed |= relax(p.a(), p.b(), p.thetaNanos(), p.uncertaintyNanos(), offset, uncertainty);
                changed |= relax(p.b(), p.a(), -p.thetaNanos(), p.uncertaintyNanos(), offset, uncertainty);
            }
        }
        List<File> files = new ArrayList<>();
        for (Builder b : builders) {
            boolean aligned = uncertainty[b.index] != Long.MAX_VALUE;
            files.add(new File(b.index, b.start, b.stop, b.frames, b.dlm, matched[b.index], aligned,
                    aligned ? offset[b.index] : 0, aligned ? uncertainty[b.index] : -1,
                    // Copies that keep their order (Set.copyOf and Map.copyOf iterate in a per-run random order,
                    // which made the "node pairs seen" column change from one run to the next).
                    Collections.unmodifiableSet(new LinkedHashSet<>(b.nodePairs)),
                    Collections.unmodifiableMap(new TreeMap<>(b.nodeIds))));
        }
        return new Captures(List.copyOf(files), List.copyOf(pairs), ref, Collections.unmodifiableMap(owner), evicted);
    }

    private static int firstMatched(boolean[] matched, int fallback) {
        for (int i = 0; i < matched.length; i++) if (matched[i]) return i;
        return fallback;
    }

    private static boolean relax(int from, int to, long theta, long u, long[] offset, long[] uncertainty) {
        if (uncertainty[from] == Long.MAX_VALUE) return false;
        long candidate = uncertainty[from] + u;
        if (candidate >= uncertainty[to]) return false;
        uncertainty[to] = candidate;
        offset[to] = offset[from] + theta;
        return true;
    }

    /** NTP's estimate for one pair (see {@link CaptureSurvey}), and each address's votes for its capture. */
    private static Pair align(int a, int b, CaptureSurvey.PairDeltas d, Map<IpAddress, Map<Integer, Long>> votes) {
        List<Map.Entry<List<IpAddress>, long[]>> dirs = new ArrayList<>(d.byDirection.entrySet());
        // Directions with the larger Δ are sent by a's node: sort by their smallest Δ, largest first.
        dirs.sort((x, y) -> Long.compare(y.getValue()[0], x.getValue()[0]));
        Map.Entry<List<IpAddress>, long[]> aSends = dirs.get(0);
        Map.Entry<List<IpAddress>, long[]> bSends = null;
        for (Map.Entry<List<IpAddress>, long[]> e : dirs) {
            List<IpAddress> k = e.getKey();
            if (k.get(0).equals(aSends.getKey().get(1)) && k.get(1).equals(aSends.getKey().get(0))) bSends = e;
        }
        if (bSends == null) {
            return new Pair(a, b, d.matches, false, 0, -1);
        }
        vote(votes, aSends.getKey().get(0), a, aSends.getValue()[2]);
        vote(votes, aSends.getKey().get(1), b, aSends.getValue()[2]);
        vote(votes, bSends.getKey().get(0), b, bSends.getValue()[2]);
        vote(votes, bSends.getKey().get(1), a, bSends.getValue()[2]);
        long minAB = aSends.getValue()[0];
        long maxBA = bSends.getValue()[1];
        return new Pair(a, b, d.matches, true, Math.floorDiv(minAB + maxBA, 2), Math.max(0, (minAB - maxBA + 1) / 2));
    }

    private static void vote(Map<IpAddress, Map<Integer, Long>> votes, IpAddress address, int file, long weight) {
        votes.computeIfAbsent(address, k -> new HashMap<>()).merge(file, weight, Long::sum);
    }
}
