package org.dlminspect.cli.stats;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.cli.render.NodeMap;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;
import org.dlminspect.net.IpAddress;
import org.dlminspect.pipeline.DissectedMessage;

/**
 * {@code -z conv,dlm}: DLM messages and bytes per node pair, each direction and in all, with when the pair
 * was first and last heard, as tshark's {@code -z conv,tcp} lays it out ("->" is from the first address
 * to the second). All TCP connections between two nodes count as one pair.
 */
final class ConversationStat implements Statistic {
    /** Costs the budget per pair: the entry, its key and counters. */
    private static final long PAIR_COST = HeapCost.HASH_ENTRY + HeapCost.object(2 * 4) + HeapCost.object(8 * 8) + 2 * HeapCost.object(24);

    private final Map<List<IpAddress>, Pair> pairs = new HashMap<>();
    private final NodeMap nodes = new NodeMap();
    private final Account account;
    private long firstEpochNanos = Long.MIN_VALUE;
    private long untracked;

    private static final class Pair {
        final IpAddress a;
        final IpAddress b;
        final long[] messages = new long[2];
        final long[] bytes = new long[2];
        long first;
        long last;

        Pair(IpAddress a, IpAddress b) {
            this.a = a;
            this.b = b;
        }

        long totalBytes() {
            return bytes[0] + bytes[1];
        }
    }

    ConversationStat(Account account) {
        this.account = account;
    }

    @Override
    public void onFrame(CaptureFrame frame) {
        if (firstEpochNanos == Long.MIN_VALUE) firstEpochNanos = frame.epochNanos();
    }

    @Override
    public void onMessage(DissectedMessage m) {
        nodes.learn(m);
        IpAddress src = m.direction().source().address();
        IpAddress dst = m.direction().destination().address();
        List<IpAddress> key = src.compareTo(dst) <= 0 ? List.of(src, dst) : List.of(dst, src);
        Pair p = pairs.get(key);
        if (p == null) {
            if (!account.charge(PAIR_COST)) {
                // Budget full: no new pairs (the existing ones stay exact); counted and said below the table.
                account.release(PAIR_COST);
                untracked++;
                return;
            }
            p = new Pair(src, dst);
            p.first = m.epochNanos();
            pairs.put(key, p);
        }
        int dir = src.equals(p.a) ? 0 : 1;
        p.messages[dir]++;
        p.bytes[dir] += m.header().length();
        p.last = m.epochNanos();
    }

    @Override
    public void write(Writer out) throws IOException {
        List<Pair> list = new ArrayList<>(pairs.values());
        list.sort(Comparator.comparingLong(Pair::totalBytes).reversed());
        StringBuilder sb = new StringBuilder();
        sb.append(RULE).append("DLM Conversations (per node pair)\nFilter:<No Filter>\n");
        int nameWidth = 44;
        for (Pair p : list) nameWidth = Math.max(nameWidth, name(p).length());
        String blank = " ".repeat(nameWidth);
        String both = "| %-19s ";
        sb.append(blank).append(String.format(both + both + both + "| %-12s | %-10s |%n", center("<-", 19), center("->", 19),
                center("Total", 19), center("Relative", 12), center("Duration", 10)));
        sb.append(blank).append(String.format("| %8s %10s | %8s %10s | %8s %10s | %-12s | %-10s |%n",
                "Messages", "Bytes", "Messages", "Bytes", "Messages", "Bytes", center("Start", 12), ""));
        long origin = firstEpochNanos == Long.MIN_VALUE ? 0 : firstEpochNanos;
        for (Pair p : list) {
            sb.append(String.format("%-" + nameWidth + "s  %8d %10d   %8d %10d   %8d %10d   %12.6f   %10.4f%n", name(p),
                    p.messages[1], p.bytes[1], p.messages[0], p.bytes[0],
                    p.messages[0] + p.messages[1], p.totalBytes(),
                    (p.first - origin) / 1e9, (p.last - p.first) / 1e9));
        }
        if (untracked > 0) {
            sb.append(untracked).append(" messages of further node pairs not counted: the memory budget is full\n");
        }
        sb.append(RULE);
        out.write(sb.toString());
    }

    private String name(Pair p) {
        return label(p.a) + " <-> " + label(p.b);
    }

    private String label(IpAddress address) {
        long node = nodes.nodeOf(address);
        return address + (node >= 0 ? " (node " + node + ")" : "");
    }

    static String center(String s, int width) {
        int left = (width - s.length()) / 2;
        return " ".repeat(Math.max(0, left)) + s + " ".repeat(Math.max(0, width - s.length() - left));
    }
}
