package org.dlminspect.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import org.dlminspect.Diagnostic;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.cli.render.Ansi;
import org.dlminspect.cli.render.JsonOutput;
import org.dlminspect.cli.render.DiagnosticPrinter;
import org.dlminspect.cli.render.FieldsRenderer;
import org.dlminspect.cli.render.HexDump;
import org.dlminspect.cli.render.JsonMessageRenderer;
import org.dlminspect.cli.render.MessageContext;
import org.dlminspect.cli.render.MessageRenderer;
import org.dlminspect.cli.render.NodeMap;
import org.dlminspect.cli.render.PacketListRenderer;
import org.dlminspect.cli.render.TreeRenderer;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;

/**
 * The output side of {@code read} and {@code live}: the renderer the format options chose, the node map
 * learnt from the traffic, and the diagnostics printer, as one {@link DissectionListener}: it renders every
 * message it is given, so it goes into the pipeline as a filtered listener, with {@link #learner()} before
 * it for every message. Rendering errors (a closed stdout) surface as {@link UncheckedIOException}.
 */
final class RenderSession implements DissectionListener {
    private final Writer out;
    private final JsonGenerator json;
    private final MessageRenderer renderer;
    private final DiagnosticPrinter diagnostics;
    private final NodeMap nodes = new NodeMap();
    private final MessageContext context = new MessageContext(nodes);
    private final boolean render;
    private boolean hex;
    private boolean lineBuffered;

    /**
     * @param render false to dissect without printing messages (diagnostics are still reported)
     */
    RenderSession(Writer out, boolean tree, boolean jsonFormat, Ansi ansi,
            DiagnosticPrinter diagnostics, boolean render) throws IOException {
        this(out, tree, jsonFormat, ansi, diagnostics, render, null);
    }

    /** @param output -T, -e, -E and -t (null: the defaults) */
    RenderSession(Writer out, boolean tree, boolean jsonFormat, Ansi ansi,
            DiagnosticPrinter diagnostics, boolean render, OutputOptions output) throws IOException {
        OutputOptions.Kind kind = output == null ? OutputOptions.Kind.TEXT : output.kind();
        jsonFormat |= kind == OutputOptions.Kind.JSON;
        if (output != null) context.timeFormat(output.timeFormat());
        this.out = out;
        this.diagnostics = diagnostics;
        this.render = render;
        if (jsonFormat) {
            // Bytes straight from Jackson's UTF-8 generator: no char buffer to encode again (a fifth of --json).
            json = out instanceof Utf8Writer utf8
                    ? JsonOutput.create(new java.io.BufferedOutputStream(utf8.stream(), 1 << 16))
                    : JsonOutput.create(out);
            renderer = new JsonMessageRenderer(json);
        } else if (kind == OutputOptions.Kind.FIELDS) {
            json = null;
            renderer = new FieldsRenderer(out, output.fieldDefs(), output.fieldsLayout());
        } else if (tree) {
            json = null;
            renderer = new TreeRenderer(out, ansi);
        } else {
            json = null;
            renderer = new PacketListRenderer(out, ansi);
        }
    }

    /** The -T fields renderer, or null. */
    FieldsRenderer fields() {
        return renderer instanceof FieldsRenderer f ? f : null;
    }

    /**
     * Whether what is printed shows the lock analysis's links ({@code [request in frame N]}, {@code "lock"}, the
     * dlm.lock.* fields): every format does but {@code -T fields} without a dlm.lock.* field; nothing does when
     * nothing is printed.
     */
    boolean showsLockLinks() {
        return render && (!(renderer instanceof FieldsRenderer f) || f.readsLocks());
    }

    /** {@code -x}: each message's bytes in hex and ASCII after it. */
    RenderSession hexDump(boolean on) {
        this.hex = on;
        return this;
    }

    /** {@code -l}: flush after every message. */
    RenderSession lineBuffered(boolean on) {
        this.lineBuffered = on;
        return this;
    }

    /** The JSON writer when the format is JSON (findings are written inline through it), else null. */
    JsonGenerator json() {
        return json;
    }

    Writer out() {
        return out;
    }

    NodeMap nodes() {
        return nodes;
    }

    MessageContext context() {
        return context;
    }

    DiagnosticPrinter diagnostics() {
        return diagnostics;
    }

    @Override
    public void onFrame(CaptureFrame frame) {
        context.sawFrame(frame.epochNanos());
    }

    /** Learns node ids from every message (the filtered session sees only some): add it before the session. */
    DissectionListener learner() {
        return new DissectionListener() {
            @Override
            public void onMessage(DissectedMessage m) {
                nodes.learn(m);
            }
        };
    }

    @Override
    public void onMessage(DissectedMessage m) {
        if (render) {
            try {
                renderer.render(m, context);
                if (hex) HexDump.write(out, m.bytes());
                if (lineBuffered) flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void onDiagnostic(Diagnostic d) {
        diagnostics.report(d);
    }

    /** Pushes everything rendered so far to stdout (live output after each batch of packets). */
    void flush() throws IOException {
        if (json != null) {
            json.flush();
        }
        out.flush();
    }

    /** Ends the output: the renderer's trailer, a flush, and the summary of held-back diagnostics. */
    void finish() throws IOException {
        try {
            renderer.finish();
            flush();
        } finally {
            diagnostics.summarize();
        }
    }
}
