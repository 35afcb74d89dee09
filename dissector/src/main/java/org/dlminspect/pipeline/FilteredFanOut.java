package org.dlminspect.pipeline;

import java.util.List;
import java.util.function.Predicate;
import org.dlminspect.Diagnostic;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.tcp.TcpEvent;

/**
 * {@link FanOut} with a display filter: the filter is asked once per message, and the message goes to
 * the filtered listeners only if it passes (and the limit is not reached yet). Everything else goes to all.
 */
final class FilteredFanOut implements DissectionListener {
    private final DissectionListener[] listeners;
    private final boolean[] filtered;
    /** Everything but messages goes to every listener: the plain fan-out does that. */
    private final DissectionListener all;
    private final Predicate<DissectedMessage> filter;
    private final long limit;
    private final PipelineBuilder.LimitSignal stop;
    private long passed;

    FilteredFanOut(List<PipelineBuilder.Stage> stages, Predicate<DissectedMessage> filter, long limit,
            PipelineBuilder.LimitSignal stop) {
        this.listeners = new DissectionListener[stages.size()];
        this.filtered = new boolean[stages.size()];
        for (int i = 0; i < listeners.length; i++) {
            listeners[i] = stages.get(i).listener();
            filtered[i] = stages.get(i).filtered();
        }
        this.all = FanOut.of(listeners);
        this.filter = filter;
        this.limit = limit;
        this.stop = stop;
    }

    @Override
    public void onFrame(CaptureFrame frame) {
        all.onFrame(frame);
    }

    @Override
    public void onMessage(DissectedMessage message) {
        boolean pass = filter.test(message) && (limit == 0 || passed < limit);
        if (pass && limit > 0 && ++passed == limit) stop.reach();
        for (int i = 0; i < listeners.length; i++) {
            if (pass || !filtered[i]) listeners[i].onMessage(message);
        }
    }

    @Override
    public void onTcpEvent(TcpEvent event) {
        all.onTcpEvent(event);
    }

    @Override
    public void onDiagnostic(Diagnostic diagnostic) {
        all.onDiagnostic(diagnostic);
    }

    @Override
    public void onStageEvent(StageEvent event) {
        all.onStageEvent(event);
    }

    @Override
    public void onEnd() {
        all.onEnd();
    }
}
