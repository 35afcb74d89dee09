package org.dlminspect.cli;

import java.util.Map;
import org.dlminspect.locks.LockAnnotator;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.pipeline.PipelineBuilder;

/**
 * The request/response links of {@code read} and {@code live} ({@code [request in frame N]}, the time since
 * the request, the resource; {@code dlm.lock.*}), wired the same way for both: a {@link LockAnnotator} as a
 * pipeline annotator (every message, in order, before the display filter), read by the filter and renderers.
 */
final class LockLinkStage {
    private LockLinkStage() {
    }

    /**
     * Adds the lock links to {@code builder} and to what {@code session} renders.
     *
     * @param responses request frame to reply frame from a first pass ({@code read -2}), or null
     * @return the annotator, for the display filter ({@link FilterOptions#predicate(FirstFrameClock, LockAnnotator)})
     */
    static LockAnnotator attach(PipelineBuilder builder, RenderSession session, MemoryBudget budget, Map<Long, Long> responses) {
        LockAnnotator locks = new LockAnnotator(budget.account("locks"), responses);
        builder.annotator(locks::annotate);
        session.context().lockLinks(locks::current);
        return locks;
    }
}
