package org.dlminspect.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dlminspect.Diagnostic;
import org.dlminspect.Severity;
import org.dlminspect.analysis.AnalyzerOptions;
import org.dlminspect.analysis.Finding;
import org.dlminspect.analysis.MidcommsAnalyzer;
import org.dlminspect.analysis.ReportFormatter;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFormatException;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.cli.render.Ansi;
import org.dlminspect.cli.render.DiagnosticPrinter;
import org.dlminspect.cli.render.FindingJson;
import org.dlminspect.cli.render.JsonMessageRenderer;
import org.dlminspect.cli.render.JsonOutput;
import org.dlminspect.cli.render.MessageContext;
import org.dlminspect.cli.render.MessageRenderer;
import org.dlminspect.cli.render.NodeMap;
import org.dlminspect.cli.render.PacketListRenderer;
import org.dlminspect.cli.render.TreeRenderer;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.tcp.ReassemblyLimits;
import org.dlminspect.tcp.TcpEvent;
import org.junit.jupiter.api.BeforeAll;

/**
 * What {@code dlm-inspect read} and {@code analyze} print, for arbitrary capture bytes: every message
 * through the packet-list, tree ({@code -V}) and JSON ({@code --json}) renderers, every diagnostic
 * through the stderr printer, the midcomms analysis as a text report and as JSON. Seeds in {@code RenderFuzzTestInputs/}: the capture seeds of the dissector's fuzz
 * targets (their resource names carry ANSI sequences, CR/LF, DEL and a C1 CSI).
 *
 * <p>Properties: no exception; every JSON line parses (jackson-core's parser) as exactly one object;
 * the packet list, the tree, the JSON texts, the report and the diagnostics hold no control character but the
 * newline that ends a line (no ESC, CR, DEL or C1 control from a packet reaches the terminal); plus
 * everything {@link DissectorFuzzTest.Checker} checks.
 */
class RenderFuzzTest {
    @BeforeAll
    static void coverageWhenFuzzing() {
        FuzzChecks.requireCoverageWhenFuzzing();
    }

    private static final DissectorOptions OPTIONS = DissectorOptions.defaults().withLimits(
            new ReassemblyLimits(2048, 16, 4096, 3, 256, 1024));
    private static final JsonFactory JSON = new JsonFactory();
    private static final AnalyzerOptions ANALYSIS = AnalyzerOptions.builder().maxTrackedMessages(16)
            .maxTrackedStreams(16).maxTrackedPairs(4).maxFindingsPerCode(3).build();

    @FuzzTest(maxDuration = "10s")
    void render(byte[] input) throws IOException {
        Rendered out = renderAll(input);
        if (out == null) {
            return;
        }
        FuzzChecks.assertTerminalSafe("packet list", out.list(), true);
        FuzzChecks.assertTerminalSafe("tree", out.tree(), true);
        FuzzChecks.assertTerminalSafe("diagnostics", out.stderr(), true);
        FuzzChecks.assertTerminalSafe("JSON", out.json(), true);
        assertJsonLines(out.json());
        FuzzChecks.assertTerminalSafe("analysis report", out.report(), true);
        FuzzChecks.assertTerminalSafe("analysis JSON", out.findingsJson(), true);
        assertJsonLines(out.findingsJson());
    }

    /**
     * What {@code read} would print for a capture (packet list, tree, JSON lines, stderr diagnostics) and
     * what {@code analyze} would (text report, JSON findings and summary).
     */
    record Rendered(String list, String tree, String json, String stderr, String report, String findingsJson) { }

    /**
     * Dissects {@code capture} and renders every message three ways and every diagnostic, checking the
     * dissector's output on the way ({@link DissectorFuzzTest.Checker}).
     *
     * @return null when the input is not a capture (its format error checked)
     */
    static Rendered renderAll(byte[] capture) throws IOException {
        StringWriter list = new StringWriter();
        StringWriter tree = new StringWriter();
        StringWriter json = new StringWriter();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        JsonGenerator generator = JsonOutput.create(json);
        Ansi plain = new Ansi(false);
        MessageRenderer[] renderers = {
            new PacketListRenderer(list, plain), new TreeRenderer(tree, plain), new JsonMessageRenderer(generator)};
        NodeMap nodes = new NodeMap();
        MessageContext context = new MessageContext(nodes);
        DiagnosticPrinter printer = new DiagnosticPrinter(new PrintStream(stderr, true, StandardCharsets.UTF_8), -1,
                Severity.CHAT);
        List<Finding> findings = new ArrayList<>();
        MidcommsAnalyzer analyzer = new MidcommsAnalyzer(findings::add, ANALYSIS);
        DissectorFuzzTest.Checker session = new DissectorFuzzTest.Checker() {
            @Override
            public void onFrame(CaptureFrame frame) {
                super.onFrame(frame);
                context.sawFrame(frame.epochNanos());
            }

            @Override
            public void onMessage(DissectedMessage m) {
                super.onMessage(m);
                analyzer.onMessage(m);
                nodes.learn(m);
                try {
                    for (MessageRenderer r : renderers) {
                        r.render(m, context);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void onDiagnostic(Diagnostic d) {
                super.onDiagnostic(d);
                analyzer.onDiagnostic(d);
                printer.report(d);
            }

            @Override
            public void onTcpEvent(TcpEvent e) {
                super.onTcpEvent(e);
                analyzer.onTcpEvent(e);
            }

            @Override
            public void onEnd() {
                super.onEnd();
                analyzer.onEnd();
            }
        };
        try (CaptureReader reader = CaptureFiles.open(new ByteArrayInputStream(capture), "fuzz.pcap", session::onDiagnostic)) {
            new Dissector(OPTIONS, session).run(reader);
        } catch (CaptureFormatException e) {
            FuzzChecks.assertTerminalSafe("format error", e.getMessage(), false);
            return null;
        }
        for (MessageRenderer r : renderers) {
            r.finish();
        }
        printer.summarize();
        if (session.ends() != 1) {
            throw new AssertionError("onEnd heard " + session.ends() + " times");
        }
        StringWriter findingsJson = new StringWriter();
        JsonGenerator analysisJson = JsonOutput.create(findingsJson);
        for (Finding f : findings) {
            FindingJson.finding(analysisJson, f);
        }
        FindingJson.summary(analysisJson, analyzer.pairSummaries(), analyzer.verdict(), analyzer.messages());
        analysisJson.flush();
        String report = new ReportFormatter().format(analyzer.pairSummaries(), findings, analyzer.verdict());
        return new Rendered(list.toString(), tree.toString(), json.toString(), stderr.toString(StandardCharsets.UTF_8),
                report, findingsJson.toString());
    }

    /** Each line is one JSON object and nothing else. */
    static void assertJsonLines(String text) throws IOException {
        if (text.isEmpty()) {
            return;
        }
        if (!text.endsWith("\n")) {
            throw new AssertionError("JSON output does not end with a newline");
        }
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            try (JsonParser p = JSON.createParser(line)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new AssertionError("JSON line is not an object: " + FuzzChecks.visible(line));
                }
                p.skipChildren();
                if (p.nextToken() != null) {
                    throw new AssertionError("more than one JSON value on a line: " + FuzzChecks.visible(line));
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new AssertionError("JSON line does not parse (" + e.getOriginalMessage() + "): "
                        + FuzzChecks.visible(line), e);
            }
        }
    }
}
