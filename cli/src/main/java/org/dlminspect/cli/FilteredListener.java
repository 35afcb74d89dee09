package org.dlminspect.cli;

import org.dlminspect.Diagnostic;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.cli.render.MessageContext;
import org.dlminspect.cli.render.MessageFilter;
import org.dlminspect.cli.render.NodeMap;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.tcp.TcpEvent;

/** Passes on only the messages a display filter lets through ({@code analyze -Y}); everything else as it comes. */
final class FilteredListener implements DissectionListener {
    private final DissectionListener next;
    private final MessageFilter filter;
    private final NodeMap nodes = new NodeMap();
    private final MessageContext context = new MessageContext(nodes);

    private FilteredListener(DissectionListener next, MessageFilter filter) {
        this.next = next;
        this.filter = filter;
    }

    /** {@code next} itself when the filter lets everything through. */
    static DissectionListener of(DissectionListener next, MessageFilter filter) {
        return filter.isAll() ? next : new FilteredListener(next, filter);
    }

    @Override
    public void onFrame(CaptureFrame frame) {
        context.sawFrame(frame.epochNanos());
        next.onFrame(frame);
    }

    @Override
    public void onMessage(DissectedMessage m) {
        nodes.learn(m);
        if (filter.matches(m, context)) {
            next.onMessage(m);
        }
    }

    @Override
    public void onTcpEvent(TcpEvent event) {
        next.onTcpEvent(event);
    }

    @Override
    public void onDiagnostic(Diagnostic diagnostic) {
        next.onDiagnostic(diagnostic);
    }

    @Override
    public void onEnd() {
        next.onEnd();
    }
}
