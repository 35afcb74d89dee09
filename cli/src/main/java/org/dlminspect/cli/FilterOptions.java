package org.dlminspect.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.dlminspect.cli.render.MessageFilter;
import org.dlminspect.cli.render.NodeMap;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.dlm.DlmCommand;
import org.dlminspect.filter.DisplayFilter;
import org.dlminspect.filter.FilterSyntaxException;
import picocli.CommandLine.Option;

/**
 * The display filter: {@code -Y} in Wireshark's syntax, and the older options, which are shorthands for
 * filter expressions ({@code --node 2} is {@code dlm.node == 2}). All given must hold.
 */
public final class FilterOptions {
    @Option(names = {"-Y", "--display-filter"}, paramLabel = "EXPR",
            description = "Only messages (and findings) that pass this display filter, in Wireshark's syntax, "
                    + "e.g. 'dlm.msg.type == GRANT && ip.addr == 10.99.0.0/24', 'dlm.msg.type in {GRANT BAST}', "
                    + "'len(dlm.msg.name) > 8', 'dlm.msg.name[0:3] == \"hot\"', 'dlm.msg.exflags & VALBLK', "
                    + "'dlm.msg.lkid == dlm.msg.remid' (functions: len count upper lower string abs max min). "
                    + "'dlm-inspect fields' lists the fields.")
    String displayFilter;

    @Option(names = "--node", paramLabel = "NODEID", description = "Only messages sent by or to this node id (dlm.node == NODEID).")
    String node;

    @Option(names = "--cmd", paramLabel = "CMD", description = "Only this h_cmd: MSG, RCOM, OPTS, ACK or FIN (an OPTS matches its inner command too; dlm.cmd == CMD).")
    String cmd;

    @Option(names = "--type", paramLabel = "TYPE[,TYPE...]", description = "Only these DLM_MSG or DLM_RCOM types, by name or number, e.g. GRANT,BAST or 7 (inner messages of OPTS included).")
    String type;

    @Option(names = "--lockspace", paramLabel = "ID", description = "Only MSG/RCOM of this lockspace id (decimal or 0x hex; dlm.lockspace == ID).")
    String lockspace;

    @Option(names = "--stream", paramLabel = "N", description = "Only this TCP stream (tcp.stream == N).")
    String stream;

    /** Per-node captures: the receivers' sightings the filter's frame.received_* fields read (set once opened). */
    private volatile org.dlminspect.pernode.Sightings sightings;

    void sightings(org.dlminspect.pernode.Sightings s) {
        this.sightings = s;
    }

    /** Whether any filter was given (read -w then writes only the frames of the messages that pass). */
    boolean any() {
        return displayFilter != null || node != null || cmd != null || type != null || lockspace != null || stream != null;
    }

    /**
     * The filter for {@link org.dlminspect.pipeline.PipelineBuilder#displayFilter}: a new instance per call (per
     * thread), each learning node ids from the messages it is asked about (for the receiving side of
     * {@code --node}). {@code clock} gives frame.time_relative its reference; null: the first message's time.
     */
    Supplier<Predicate<DissectedMessage>> predicate(FirstFrameClock clock) {
        return predicate(clock, null);
    }

    /**
     * As {@link #predicate(FirstFrameClock)}; with {@code locks} (a pipeline annotator, which has seen the message
     * before the filter is asked), the dlm.lock.* fields of its link (the message's, {@link LockLinkStage#get()}) can be filtered.
     */
    Supplier<Predicate<DissectedMessage>> predicate(FirstFrameClock clock, Supplier<org.dlminspect.locks.LockLink> locks) {
        // usage errors now, not on the first message; no filter passes everything without learning node ids
        // or the first time for it (a hash map look-up per message of analyze)
        if (toFilter() == MessageFilter.ALL) return () -> m -> true;
        return () -> {
            MessageFilter filter = toFilter();
            NodeMap nodes = new NodeMap();
            long[] firstSeen = {Long.MIN_VALUE};
            return m -> {
                org.dlminspect.locks.LockLink link = locks != null ? locks.get() : null;
                nodes.learn(m);
                if (firstSeen[0] == Long.MIN_VALUE) firstSeen[0] = m.epochNanos();
                return filter.matches(m, nodes, clock != null ? clock.firstEpochNanos(firstSeen[0]) : firstSeen[0], link,
                        sightings);
            };
        };
    }

    Supplier<Predicate<DissectedMessage>> predicate() {
        return predicate(null);
    }

    /** Whether the filter reads a dlm.lock.* field (the lock analysis must then run before it). */
    boolean readsLocks() {
        return toFilter().readsLocks();
    }

    /** The filter; a bad expression is a {@link UsageError} naming its column. */
    MessageFilter toFilter() {
        DisplayFilter shorthand = shorthands();
        DisplayFilter user = displayFilter == null ? null : compile(displayFilter);
        DisplayFilter f = shorthand == null ? user : user == null ? shorthand : shorthand.and(user);
        return f == null ? MessageFilter.ALL : new MessageFilter(f);
    }

    /** Compiles a -Y expression, or fails with "filter: ... at N". */
    static DisplayFilter compile(String text) {
        try {
            return DisplayFilter.compile(text);
        } catch (FilterSyntaxException e) {
            throw new UsageError("filter: " + e.getMessage());
        }
    }

    private DisplayFilter shorthands() {
        List<String> parts = new ArrayList<>();
        if (node != null) {
            parts.add("dlm.node == " + number(node, "not a node id: '" + node + "'", 0xFFFFFFFFL));
        }
        if (cmd != null) {
            Long n = parse(cmd);
            String c = cmd.trim().toUpperCase(Locale.ROOT);
            boolean known = n != null ? n >= 0 && n <= 255 : isCommand(c);
            if (!known) {
                throw new UsageError("unknown --cmd " + cmd + " (use MSG, RCOM, OPTS, ACK or FIN)");
            }
            parts.add("dlm.cmd == " + (n != null ? n : c));
        }
        if (type != null) {
            parts.add(types(type));
        }
        if (lockspace != null) {
            parts.add("dlm.lockspace == " + number(lockspace, "not a lockspace id: " + lockspace, 0xFFFFFFFFL));
        }
        if (stream != null) {
            parts.add("tcp.stream == " + number(stream, "not a stream number: " + stream, Integer.MAX_VALUE));
        }
        return parts.isEmpty() ? null : DisplayFilter.compile(String.join(" and ", parts));
    }

    private static boolean isCommand(String c) {
        for (DlmCommand d : DlmCommand.values()) {
            if (d.name().equals(c)) return true;
        }
        return false;
    }

    /** "dlm.msg.type in {...} or dlm.rcom.type in {...}": a name may be both (LOOKUP), a number is both. */
    private static String types(String list) {
        List<String> msg = new ArrayList<>();
        List<String> rcom = new ArrayList<>();
        for (String t : list.split(",")) {
            String name = t.trim();
            if (name.isEmpty()) continue;
            Long n = parse(name);
            if (n != null) {
                if (n < 0 || n > 0xFFFFFFFFL) throw new UsageError("not a message type: " + name);
                msg.add(Long.toString(n));
                rcom.add(Long.toString(n));
                continue;
            }
            int[] r = TypeNames.resolve(name);
            if (r[0] >= 0) msg.add(Integer.toString(r[0]));
            if (r[1] >= 0) rcom.add(Integer.toString(r[1]));
        }
        if (msg.isEmpty() && rcom.isEmpty()) throw new UsageError("--type needs at least one type");
        List<String> or = new ArrayList<>();
        if (!msg.isEmpty()) or.add("dlm.msg.type in {" + String.join(" ", msg) + "}");
        if (!rcom.isEmpty()) or.add("dlm.rcom.type in {" + String.join(" ", rcom) + "}");
        return "(" + String.join(" or ", or) + ")";
    }

    private static String number(String text, String error, long max) {
        Long n = parse(text);
        if (n == null || n < 0 || n > max) throw new UsageError(error);
        return Long.toString(n);
    }

    /** Decimal or 0x hex, else null. */
    static Long parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        try {
            return s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
