package org.dlminspect.cli;

import java.util.Map;
import java.util.function.Supplier;
import org.dlminspect.locks.LockAnnotator;
import org.dlminspect.locks.LockLink;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.pipeline.CarriedAnnotator;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.PipelineBuilder;

/**
 * The request/response links of {@code read} and {@code live} ({@code [request in frame N]}, the time since
 * the request, the resource; {@code dlm.lock.*}), wired the same way for both: a {@link LockAnnotator} as a
 * pipeline annotator (every message, in order, before the display filter), read by the filter and renderers.
 *
 * <p>A {@link CarriedAnnotator}: with two threads the pairing runs on the reading thread (it was a fifth of the
 * rendering thread's work) and each message's link travels with it; {@link #get()} is the link of the message
 * the filter and the renderers are at, on their thread.
 */
final class LockLinkStage implements CarriedAnnotator<LockLink>, Supplier<LockLink> {
    private final LockAnnotator locks;
    /** The link of the message the listeners' side is at (written and read on that thread only). */
    private LockLink shown;

    private LockLinkStage(LockAnnotator locks) {
        this.locks = locks;
    }

    /**
     * Adds the lock links to {@code builder} and to what {@code session} renders.
     *
     * @param responses request frame to reply frame from a first pass ({@code read -2}), or null
     * @return the link of the message being filtered or rendered, for the display filter
     *         ({@link FilterOptions#predicate(FirstFrameClock, Supplier)})
     */
    static Supplier<LockLink> attach(PipelineBuilder builder, RenderSession session, MemoryBudget budget, Map<Long, Long> responses) {
        LockLinkStage stage = new LockLinkStage(new LockAnnotator(budget.account("locks"), responses));
        builder.annotator(stage);
        session.context().lockLinks(stage);
        return stage;
    }

    @Override
    public LockLink annotate(DissectedMessage message) {
        return locks.annotate(message);
    }

    @Override
    public void show(LockLink link) {
        shown = link;
    }

    @Override
    public LockLink get() {
        return shown;
    }
}
