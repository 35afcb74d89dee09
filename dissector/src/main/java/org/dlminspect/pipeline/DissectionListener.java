package org.dlminspect.pipeline;

import org.dlminspect.Diagnostic;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.tcp.TcpEvent;

/** Receives everything the {@link Dissector} finds, in capture order. */
public interface DissectionListener {
    /** Every frame read, before it is dissected (progress, live {@code -w}). */
    default void onFrame(CaptureFrame frame) { }

    default void onMessage(DissectedMessage message) { }

    default void onTcpEvent(TcpEvent event) { }

    default void onDiagnostic(Diagnostic diagnostic) { }

    /** What a stage did or found, as data: the capture's time order, framing lost on a direction. */
    default void onStageEvent(StageEvent event) { }

    /** End of input: flush state, report what is still open. */
    default void onEnd() { }
}
