package org.dlminspect.cli;

import java.util.function.Predicate;
import org.dlminspect.cli.render.MessageFilter;
import org.dlminspect.cli.render.NodeMap;
import org.dlminspect.pipeline.DissectedMessage;

/**
 * The hook between statistics that take a display filter ({@code -z io,stat,1,FILTER}) and the display
 * filter language of {@code -Y}: {@link #compile} turns the text into a predicate over messages (a bad
 * expression is a {@link UsageError} naming its column, as for {@code -Y}).
 */
final class DisplayFilters {
    private DisplayFilters() { }

    /** One predicate per statistic (it learns node ids, so it serves one thread). */
    static Predicate<DissectedMessage> compile(String expression) {
        MessageFilter filter = new MessageFilter(FilterOptions.compile(expression));
        NodeMap nodes = new NodeMap();
        long[] first = {Long.MIN_VALUE};
        return m -> {
            nodes.learn(m);
            if (first[0] == Long.MIN_VALUE) first[0] = m.epochNanos();
            return filter.matches(m, nodes, first[0]);
        };
    }
}
