package org.dlminspect.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFormatException;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.cli.render.Ansi;
import org.dlminspect.cli.render.JsonMessageRenderer;
import org.dlminspect.cli.render.MessageContext;
import org.dlminspect.cli.render.MessageRenderer;
import org.dlminspect.cli.render.NodeMap;
import org.dlminspect.cli.render.PacketListRenderer;
import org.dlminspect.cli.render.TreeRenderer;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every synthetic and malformed sample through every renderer of {@code dlm-inspect read} (packet list, {@code -V}
 * tree, with and without colour, and {@code --json}), in process: each message is rendered, nothing throws, and no
 * raw control character from a packet reaches the output.
 */
class SampleRenderingTest {

    static Stream<Arguments> everySample() {
        List<Arguments> all = new ArrayList<>();
        for (SyntheticSamples.Sample s : SyntheticSamples.all()) {
            all.add(Arguments.of("synthetic/" + s.file(), s.build(), s.file().startsWith("non-default-port") ? 21065 : 21064));
        }
        for (MalformedSamples.Malformed m : MalformedSamples.all()) {
            all.add(Arguments.of("malformed/" + m.file(), m.build(), 21064));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everySample")
    void everyRendererWritesEveryMessageWithoutControlCharacters(String name, Supplier<byte[]> build, int port)
            throws IOException {
        byte[] capture = build.get();
        Rendered list = render(capture, port, out -> new PacketListRenderer(out, new Ansi(false)));
        int messages = list.lines;
        assertNoControl(list.text, name + " packet list", false);
        assertEquals(messages, list.text.isEmpty() ? 0 : list.text.split("\n").length, "one packet-list line per message");
        assertNoControl(render(capture, port, out -> new PacketListRenderer(out, new Ansi(true))).text,
                name + " coloured packet list", true);
        Rendered tree = render(capture, port, out -> new TreeRenderer(out, new Ansi(false)));
        assertNoControl(tree.text, name + " tree", false);
        assertEquals(messages, count(tree.text, "Distributed Lock Manager "), "one tree per message");
        assertNoControl(render(capture, port, out -> new TreeRenderer(out, new Ansi(true))).text,
                name + " coloured tree", true);
        Rendered json = render(capture, port, out -> {
            try {
                JsonGenerator g = new JsonFactory().createGenerator(out);
                g.setRootValueSeparator(null);
                return new JsonMessageRenderer(g);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals(messages, count(json.text, "{\"frame\":"), "one JSON object per message");
        for (char c : json.text.toCharArray()) {
            assertTrue(c >= 0x20 || c == '\n', name + " JSON holds C0 control " + (int) c);
        }
    }

    interface RendererFactory {
        MessageRenderer create(StringWriter out);
    }

    record Rendered(String text, int lines) { }

    /** Dissects the capture as {@code dlm-inspect read} does and renders each message; 0 messages for non-captures. */
    static Rendered render(byte[] capture, int port, RendererFactory factory) throws IOException {
        StringWriter out = new StringWriter();
        MessageRenderer renderer = factory.create(out);
        NodeMap nodes = new NodeMap();
        MessageContext context = new MessageContext(nodes);
        int[] count = {0};
        DissectionListener listener = new DissectionListener() {
            @Override
            public void onFrame(CaptureFrame frame) {
                context.sawFrame(frame.epochNanos());
            }

            @Override
            public void onMessage(DissectedMessage m) {
                nodes.learn(m);
                count[0]++;
                try {
                    renderer.render(m, context);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };
        try (CaptureReader r = CaptureFiles.open(new ByteArrayInputStream(capture), "sample", d -> { })) {
            new Dissector(DissectorOptions.withPorts(List.of(port)), listener).run(r);
        } catch (CaptureFormatException e) {
            return new Rendered("", 0);
        }
        renderer.finish();
        return new Rendered(out.toString(), count[0]);
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** No C0 control but newline, no DEL, no C1 control; with {@code sgrAllowed}, the renderers' own SGR colour sequences. */
    static void assertNoControl(String text, String what, boolean sgrAllowed) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        MalformedCorpusCliTest.assertNoControlBytes(sgrAllowed ? MalformedCorpusCliTest.withoutSgr(bytes) : bytes, what);
    }
}
