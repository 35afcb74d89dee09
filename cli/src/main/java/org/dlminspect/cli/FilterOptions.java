package org.dlminspect.cli;

import java.util.function.Predicate;
import java.util.function.Supplier;
import org.dlminspect.cli.render.MessageFilter;
import org.dlminspect.cli.render.NodeMap;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.dlm.DlmCommand;
import picocli.CommandLine.Option;

/** The display filters of {@code read}. */
public final class FilterOptions {
    @Option(names = "--node", paramLabel = "NODEID", description = "Only messages sent by or to this node id.")
    Long node;

    @Option(names = "--cmd", paramLabel = "CMD", description = "Only this h_cmd: MSG, RCOM, OPTS, ACK or FIN (an OPTS matches its inner command too).")
    String cmd;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only this DLM_MSG or DLM_RCOM type, e.g. REQUEST, GRANT, STATUS_REPLY, NAMES (inner messages of OPTS included).")
    String type;

    @Option(names = "--lockspace", paramLabel = "ID", description = "Only MSG/RCOM of this lockspace id (decimal or 0x hex).")
    String lockspace;

    @Option(names = "--stream", paramLabel = "N", description = "Only this TCP stream (tshark's tcp.stream).")
    Integer stream;

    /**
     * The filter for {@link org.dlminspect.pipeline.PipelineBuilder#displayFilter}: a new instance per call,
     * each learning node ids from the messages it is asked about (for {@code --node} on the receiving side).
     */
    Supplier<Predicate<DissectedMessage>> predicate() {
        MessageFilter filter = toFilter();
        return () -> {
            NodeMap nodes = new NodeMap();
            return m -> {
                nodes.learn(m);
                return filter.matches(m, nodes);
            };
        };
    }

    MessageFilter toFilter() {
        int cmdValue = -1;
        if (cmd != null) {
            DlmCommand c;
            try {
                c = DlmCommand.valueOf(cmd.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new UsageError("unknown --cmd " + cmd + " (use MSG, RCOM, OPTS, ACK or FIN)");
            }
            cmdValue = c.wireValue();
        }
        int msgType = -1;
        int rcomType = -1;
        if (type != null) {
            int[] t = TypeNames.resolve(type);
            msgType = t[0];
            rcomType = t[1];
        }
        long ls = -1;
        if (lockspace != null) {
            try {
                String s = lockspace.trim().toLowerCase(java.util.Locale.ROOT);
                ls = s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
                if (ls < 0 || ls > 0xFFFFFFFFL) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw new UsageError("not a lockspace id: " + lockspace);
            }
        }
        if (node != null && node < 0) throw new UsageError("not a node id: " + node);
        if (stream != null && stream < 0) throw new UsageError("not a stream number: " + stream);
        return new MessageFilter(node == null ? -1 : node, cmdValue, msgType, rcomType, ls, stream == null ? -1 : stream);
    }
}
