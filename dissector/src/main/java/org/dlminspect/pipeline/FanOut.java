package org.dlminspect.pipeline;

import java.util.List;
import org.dlminspect.Diagnostic;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.tcp.TcpEvent;

/** Passes every event to several listeners, in the order given (renderers before analysis, so findings follow the message they concern). */
public final class FanOut implements DissectionListener {
    private final DissectionListener[] listeners;

    private FanOut(List<DissectionListener> listeners) {
        this.listeners = listeners.toArray(new DissectionListener[0]);
    }

    public static DissectionListener of(DissectionListener... listeners) {
        return listeners.length == 1 ? listeners[0] : new FanOut(List.of(listeners));
    }

    @Override
    public void onFrame(CaptureFrame frame) {
        for (DissectionListener l : listeners) l.onFrame(frame);
    }

    @Override
    public void onMessage(DissectedMessage message) {
        for (DissectionListener l : listeners) l.onMessage(message);
    }

    @Override
    public void onTcpEvent(TcpEvent event) {
        for (DissectionListener l : listeners) l.onTcpEvent(event);
    }

    @Override
    public void onDiagnostic(Diagnostic diagnostic) {
        for (DissectionListener l : listeners) l.onDiagnostic(diagnostic);
    }

    @Override
    public void onStageEvent(StageEvent event) {
        for (DissectionListener l : listeners) l.onStageEvent(event);
    }

    @Override
    public void onEnd() {
        for (DissectionListener l : listeners) l.onEnd();
    }
}
