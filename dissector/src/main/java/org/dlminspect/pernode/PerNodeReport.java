package org.dlminspect.pernode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dlminspect.net.IpAddress;

/** The text section of the analysis report about per-node captures: clocks, coverage, one-way latency, losses. */
public final class PerNodeReport {
    private PerNodeReport() { }

    public static void write(Appendable out, List<String> names, Captures c, PerNodeMatcher m) throws IOException {
        Map<IpAddress, Long> nodeIds = new HashMap<>();
        for (Captures.File f : c.files()) f.nodeIds().forEach(nodeIds::putIfAbsent);
        out.append("Captures (one per node; clocks aligned to ").append(names.get(c.reference())).append(")\n");
        out.append(String.format(Locale.ROOT, "  %-12s %-10s %14s %12s %11s %11s %9s  %s%n", "capture", "node", "clock offset",
                "±", "starts", "stops", "frames", "node pairs seen"));
        long t0 = c.files().stream().filter(Captures.File::matched).mapToLong(Captures.File::alignedStart).min().orElse(0);
        for (Captures.File f : c.files()) {
            String node = ownNode(c, f.index(), nodeIds);
            String offset = !f.matched() ? "left out" : f.aligned() ? String.format(Locale.ROOT, "%+.3f ms", f.offsetNanos() / 1e6) : "unaligned";
            String unc = f.matched() && f.aligned() ? String.format(Locale.ROOT, "%.3f ms", f.uncertaintyNanos() / 1e6) : "-";
            List<String> pairs = new ArrayList<>();
            for (Segment.AddressPair p : f.nodePairs()) pairs.add(label(p.a(), nodeIds) + "-" + label(p.b(), nodeIds));
            out.append(String.format(Locale.ROOT, "  %-12s %-10s %14s %12s %11s %11s %9d  %s%n", names.get(f.index()), node, offset, unc,
                    f.matched() ? seconds(f.alignedStart() - t0) : "-", f.matched() ? seconds(f.alignedStop() - t0) : "-", f.frames(),
                    pairs.size() > 8 ? pairs.subList(0, 8) + " and " + (pairs.size() - 8) + " more" : String.join(" ", pairs)));
        }
        out.append('\n').append("One-way latency (aligned send -> receive; each direction's values include the alignment's ±)\n");
        out.append(String.format(Locale.ROOT, "  %-26s %9s %10s %10s %10s%n", "direction", "segments", "median", "p99", "max"));
        List<Map.Entry<Segment.Direction, OneWayLatency>> rows = new ArrayList<>(m.latency().entrySet());
        rows.sort((x, y) -> x.getKey().toString().compareTo(y.getKey().toString()));
        Map<String, OneWayLatency> byNodes = new java.util.TreeMap<>();
        for (Map.Entry<Segment.Direction, OneWayLatency> e : rows) {
            String key = label(e.getKey().source(), nodeIds) + " -> " + label(e.getKey().destination(), nodeIds);
            OneWayLatency l = e.getValue();
            out.append(String.format(Locale.ROOT, "  %-26s %9d %10s %10s %10s%n", key, l.count(), micros(l.quantile(0.5)),
                    micros(l.quantile(0.99)), micros(l.max())));
            byNodes.put(key, l);
        }
        LossTracker t = m.losses();
        out.append('\n').append(String.format(Locale.ROOT, "  %d segments seen at both ends; %d lost between the capture points"
                        + " (%d recovered); %d missed by the sender's capture; %d rest on one capture only (the other not running"
                        + " or not seeing that pair)%s%n", m.matchedSegments(), t.lostSegments(), t.recoveredSegments(),
                t.missedBySender(), t.oneSided(), m.forcedOut() > 0 ? "; " + m.forcedOut() + " left the full matching window unchecked" : ""));
        out.append('\n');
    }

    static String ownNode(Captures c, int file, Map<IpAddress, Long> nodeIds) {
        List<String> own = new ArrayList<>();
        for (Map.Entry<IpAddress, Integer> e : c.owner().entrySet()) {
            if (e.getValue() == file) own.add(label(e.getKey(), nodeIds));
        }
        return own.isEmpty() ? "-" : String.join(",", own);
    }

    static String label(IpAddress a, Map<IpAddress, Long> nodeIds) {
        Long id = nodeIds.get(a);
        return id != null ? "node " + id : a.toString();
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
    }

    private static String micros(long nanos) {
        return nanos >= 10_000_000 ? String.format(Locale.ROOT, "%.1f ms", nanos / 1e6) : String.format(Locale.ROOT, "%d µs", nanos / 1000);
    }
}
