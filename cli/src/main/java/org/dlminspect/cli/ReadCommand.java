package org.dlminspect.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.concurrent.Callable;
import org.dlminspect.Diagnostic;
import org.dlminspect.Severity;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.cli.render.Ansi;
import org.dlminspect.cli.render.DiagnosticPrinter;
import org.dlminspect.cli.render.JsonMessageRenderer;
import org.dlminspect.cli.render.MessageContext;
import org.dlminspect.cli.render.MessageFilter;
import org.dlminspect.cli.render.MessageRenderer;
import org.dlminspect.cli.render.NodeMap;
import org.dlminspect.cli.render.PacketListRenderer;
import org.dlminspect.cli.render.TreeRenderer;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dlm-inspect read}: every DLM message of a capture, as a packet list, a tree or JSON. */
@Command(name = "read",
        description = "Dissect every DLM message of a capture: one line per message (default), the full field tree (-V) or newline-delimited JSON (--json).")
public final class ReadCommand implements Callable<Integer> {
    // -V means "tree" here, as in tshark, so the standard -V/--version mixin is not used.
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Mixin
    InputOptions input;

    @Mixin
    CommonOptions common;

    @ArgGroup(exclusive = true)
    Format format = new Format();

    static final class Format {
        @Option(names = "-V", description = "Show the full tree of every field, with byte offsets.")
        boolean tree;

        @Option(names = "--json", description = "Newline-delimited JSON, one object per message (schema in the README).")
        boolean json;
    }

    @Mixin
    FilterOptions filters;

    @Option(names = "--analyze", description = "Run the midcomms analysis too and show its findings beside the messages they concern.")
    boolean analyze;

    @Override
    public Integer call() throws IOException {
        MessageFilter filter = filters.toFilter();
        Writer out = Output.stdout();
        Ansi ansi = new Ansi(!format.json && Terminal.useColor(common.color));
        DiagnosticPrinter diagnostics = common.diagnosticPrinter();
        MessageRenderer renderer;
        JsonGenerator json = null;
        if (format.json) {
            json = new JsonFactory().createGenerator(out);
            json.setRootValueSeparator(null);
            renderer = new JsonMessageRenderer(json);
        } else if (format.tree) {
            renderer = new TreeRenderer(out, ansi);
        } else {
            renderer = new PacketListRenderer(out, ansi);
        }
        NodeMap nodes = new NodeMap();
        MessageContext context = new MessageContext(nodes);
        DissectionListener session = new DissectionListener() {
            @Override
            public void onFrame(CaptureFrame frame) {
                context.sawFrame(frame.epochNanos());
            }

            @Override
            public void onMessage(DissectedMessage m) {
                nodes.learn(m);
                if (filter.matches(m, nodes)) {
                    try {
                        renderer.render(m, context);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }

            @Override
            public void onDiagnostic(Diagnostic d) {
                diagnostics.report(d);
            }
        };
        InputOptions.OpenCapture capture = input.open(diagnostics::report, true);
        try (org.dlminspect.capture.CaptureReader reader = capture.reader()) {
            Dissector dissector = new Dissector(input.dissectorOptions(), session);
            dissector.run(reader);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            capture.progress().done();
            renderer.finish();
            if (json != null) {
                json.flush();
            }
            out.flush();
            diagnostics.summarize();
        }
        return Main.EXIT_OK;
    }
}
