package org.dlminspect.cli.stats;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dlminspect.cli.render.NodeMap;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;
import org.dlminspect.net.IpAddress;
import org.dlminspect.pipeline.DissectedMessage;

/**
 * {@code -z dlm,types}: how many messages of each command and type (an OPTS counted with what it carries,
 * "OPTS MSG GRANT"), per direction (sending node → receiving node), then over all directions.
 */
final class TypeStat implements Statistic {
    private static final long ROW_COST = 2 * (HeapCost.object(24) + HeapCost.object(16)) + HeapCost.object(16) + 64;

    private final Account account;
    private final NodeMap nodes = new NodeMap();
    /** (source, destination address) → kind → {messages, bytes}; directions in the order first seen. */
    private final Map<List<IpAddress>, Map<String, long[]>> byDirection = new LinkedHashMap<>();
    private final Map<String, long[]> total = new TreeMap<>();
    private long untracked;

    TypeStat(Account account) {
        this.account = account;
    }

    @Override
    public void onMessage(DissectedMessage m) {
        nodes.learn(m);
        String kind = MessageKind.of(m);
        List<IpAddress> direction = List.of(m.direction().source().address(), m.direction().destination().address());
        Map<String, long[]> rows = byDirection.get(direction);
        if (rows == null || !rows.containsKey(kind) || !total.containsKey(kind)) {
            if (!account.charge(ROW_COST)) {
                account.release(ROW_COST);
                untracked++;
                return;
            }
            if (rows == null) {
                rows = new TreeMap<>();
                byDirection.put(direction, rows);
            }
        }
        count(rows.computeIfAbsent(kind, k -> new long[2]), m);
        count(total.computeIfAbsent(kind, k -> new long[2]), m);
    }

    private static void count(long[] row, DissectedMessage m) {
        row[0]++;
        row[1] += m.header().length();
    }

    @Override
    public void write(Writer out) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(RULE).append("DLM Message Types (per direction)\n");
        sb.append(String.format("%-24s %9s %10s %7s%n", "Command Type", "Messages", "Bytes", "Percent"));
        for (Map.Entry<List<IpAddress>, Map<String, long[]>> d : byDirection.entrySet()) {
            sb.append(label(d.getKey().get(0))).append(" -> ").append(label(d.getKey().get(1))).append('\n');
            table(sb, d.getValue());
        }
        sb.append("All directions\n");
        table(sb, total);
        if (untracked > 0) {
            sb.append(untracked).append(" messages of further directions or types not counted: the memory budget is full\n");
        }
        sb.append(RULE);
        out.write(sb.toString());
    }

    private String label(IpAddress address) {
        long node = nodes.nodeOf(address);
        return address + (node >= 0 ? " (node " + node + ")" : "");
    }

    private static void table(StringBuilder sb, Map<String, long[]> rows) {
        long all = 0;
        for (long[] r : rows.values()) all += r[0];
        List<Map.Entry<String, long[]>> list = new ArrayList<>(rows.entrySet());
        for (Map.Entry<String, long[]> r : list) {
            sb.append(String.format("  %-22s %9d %10d %6.2f%%%n", r.getKey(), r.getValue()[0], r.getValue()[1],
                    all == 0 ? 0.0 : 100.0 * r.getValue()[0] / all));
        }
        sb.append(String.format("  %-22s %9d%n", "Total", all));
    }
}
