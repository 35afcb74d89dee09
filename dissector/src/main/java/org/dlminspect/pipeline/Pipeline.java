package org.dlminspect.pipeline;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;

/**
 * A pipeline made by {@link PipelineBuilder}: reads a capture ({@link #run}) or takes frames one by one
 * (live capture: {@link #process}, then {@link #finish}). Close it when done, also after a failure.
 */
public final class Pipeline implements AutoCloseable {
    private final Dissector dissector;
    private final List<UnaryOperator<CaptureReader>> frameStages;
    private final BackgroundListener background;
    private final PipelineBuilder.LimitSignal stop;
    /** Makes {@link #process}'s time order (live capture), or null: frames pushed, never read from its source. */
    private final Supplier<TimeOrder> liveOrderFactory;
    private TimeOrder liveOrder;
    private final CaptureFrame released = new CaptureFrame();
    private boolean finished;

    Pipeline(Dissector dissector, List<UnaryOperator<CaptureReader>> frameStages, BackgroundListener background,
            PipelineBuilder.LimitSignal stop, Supplier<TimeOrder> liveOrderFactory) {
        this.dissector = dissector;
        this.frameStages = frameStages;
        this.background = background;
        this.stop = stop;
        this.liveOrderFactory = liveOrderFactory;
    }

    /**
     * A sink for the capture reader's own diagnostics that keeps them in order with the listeners' events
     * (they travel through the second thread when there is one).
     */
    public DiagnosticSink diagnostics(DiagnosticSink sink) {
        return background != null ? background.diagnostics(sink) : sink;
    }

    /** Reads every frame of {@code reader} through the frame stages, until its end or the limit, and finishes. */
    public void run(CaptureReader reader) throws IOException {
        CaptureReader frames = reader;
        for (UnaryOperator<CaptureReader> stage : frameStages) frames = stage.apply(frames);
        CaptureFrame frame = new CaptureFrame();
        while (!stop.reached() && frames.next(frame)) {
            dissector.process(frame);
        }
        finish();
    }

    /**
     * One frame (live capture). Frame stages do not apply here, except the time order when the builder asked for one
     * ({@link PipelineBuilder#timeOrder}): the frame is held and passed on once the window has passed, closed by a
     * later frame here or by the wall clock in {@link #releaseDue}.
     */
    public void process(CaptureFrame frame) {
        if (liveOrderFactory == null) {
            dissector.process(frame);
            return;
        }
        if (liveOrder == null) liveOrder = liveOrderFactory.get(); // made on first use: read and analyze never need it
        liveOrder.offer(frame);
        releaseDue(frame.epochNanos());
    }

    /**
     * Live capture with a time order: passes on every held frame older than the window by {@code clockNanos} (the
     * wall clock, epoch nanoseconds), so that the frames before a silence are not held until the next frame. Call it
     * on the thread that calls {@link #process} (after each batch libpcap delivers, and when the interface is idle).
     */
    public void releaseDue(long clockNanos) {
        if (liveOrder == null) return;
        while (liveOrder.nextDue(released, clockNanos)) dissector.process(released);
    }

    /** Whether the message limit has been reached (no more frames are needed). */
    public boolean limitReached() {
        return stop.reached();
    }

    /** End of input: flushes held data and waits until every listener has seen everything. */
    public void finish() {
        if (finished) return;
        finished = true;
        if (liveOrder != null) {
            try {
                // its source is empty: this reports what was reordered, then drains the held frames in order
                while (liveOrder.next(released)) dissector.process(released);
            } catch (IOException e) {
                throw new IllegalStateException("the live time order reads no source", e);
            }
        }
        dissector.finish();
    }

    public long frameCount() {
        return dissector.frameCount();
    }

    public long messageCount() {
        return dissector.messageCount();
    }

    /** What of the DLM ports' traffic was dissected (see {@link Dissector#coverage()}). */
    public Dissector.Coverage coverage() {
        return dissector.coverage();
    }

    /** Stops the second thread if the run ended early (an exception); harmless after {@link #finish}. */
    @Override
    public void close() {
        if (liveOrder != null) {
            try {
                liveOrder.close(); // gives back what its held frames were charged
            } catch (IOException e) {
                throw new IllegalStateException("the live time order reads no source", e);
            }
        }
        if (background != null) background.close();
    }
}
