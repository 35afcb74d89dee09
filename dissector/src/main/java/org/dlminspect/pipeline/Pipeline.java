package org.dlminspect.pipeline;

import java.io.IOException;
import java.util.List;
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
    private boolean finished;

    Pipeline(Dissector dissector, List<UnaryOperator<CaptureReader>> frameStages, BackgroundListener background,
            PipelineBuilder.LimitSignal stop) {
        this.dissector = dissector;
        this.frameStages = frameStages;
        this.background = background;
        this.stop = stop;
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

    /** One frame (live capture). Frame stages do not apply here: frames come in arrival order. */
    public void process(CaptureFrame frame) {
        dissector.process(frame);
    }

    /** Whether the message limit has been reached (no more frames are needed). */
    public boolean limitReached() {
        return stop.reached();
    }

    /** End of input: flushes held data and waits until every listener has seen everything. */
    public void finish() {
        if (finished) return;
        finished = true;
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
        if (background != null) background.close();
    }
}
