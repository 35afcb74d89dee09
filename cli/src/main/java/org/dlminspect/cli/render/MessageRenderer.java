package org.dlminspect.cli.render;

import java.io.IOException;
import org.dlminspect.pipeline.DissectedMessage;

/** Renders one DLM message: a packet-list line, a field tree, or a JSON object. */
public interface MessageRenderer {
    void render(DissectedMessage message, MessageContext context) throws IOException;

    /** Called once at the end (close a JSON generator, flush). */
    default void finish() throws IOException { }
}
