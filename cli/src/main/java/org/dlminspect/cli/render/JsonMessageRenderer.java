package org.dlminspect.cli.render;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import org.dlminspect.dlm.FieldVisitor;
import org.dlminspect.net.Endpoint;
import org.dlminspect.pipeline.DissectedMessage;

/**
 * {@code --json}: one JSON object per DLM message, newline delimited. The schema is documented
 * in the README; keys are the kernel's field names without prefix.
 *
 * <p>Messages are written through {@link JsonBytes} (the same bytes Jackson would write, without its
 * per-token work); the Jackson generator, which writes the findings in between, is flushed into the same
 * buffer before each message so that the order is kept.
 */
public final class JsonMessageRenderer implements MessageRenderer {
    private final JsonBytes out;
    private final JsonGenerator json;
    private final FieldWriter fields = new FieldWriter();
    /** "address" text per endpoint, made once per connection end rather than per message. */
    private final java.util.IdentityHashMap<Endpoint, String> addressText = new java.util.IdentityHashMap<>();
    private final HashMap<String, String> flagNamesKey = new HashMap<>();
    private final HashMap<String, String> errnoNameKey = new HashMap<>();

    /**
     * @param out  where messages go
     * @param json the generator other JSON objects (findings) are written with, into {@code out}'s
     *             {@link JsonBytes#asOutputStream()}; null when there is none
     */
    public JsonMessageRenderer(JsonBytes out, JsonGenerator json) {
        this.out = out;
        this.json = json;
        // Whoever made the generator, packet bytes must not reach a terminal raw.
        json.setCharacterEscapes(TerminalSafeEscapes.INSTANCE);
    }

    @Override
    public void render(DissectedMessage m, MessageContext ctx) throws IOException {
        if (json != null) {
            json.flush();
        }
        JsonBytes w = out;
        w.startObject();
        w.name("frame");
        w.number(m.frame());
        if (m.firstFrame() != m.frame()) {
            w.name("first_frame");
            w.number(m.firstFrame());
        }
        w.name("time");
        w.numberText(Text.epochSeconds(m.epochNanos()));
        w.name("stream");
        w.number(m.direction().stream());
        endpoint(true, m.direction().source(), m.header().nodeid());
        endpoint(false, m.direction().destination(), ctx.nodes().nodeOf(m.direction().destination().address()));
        w.name("stream_offset");
        w.number(m.streamOffset());
        if (m.pdu().truncated()) {
            w.name("truncated");
            w.bool(true);
            w.name("captured_length");
            w.number(m.bytes().limit());
        }
        m.pdu().accept(fields);
        if (!m.pdu().errors().isEmpty()) {
            w.name("errors");
            w.startArray();
            for (String e : m.pdu().errors()) w.string(e);
            w.endArray();
        }
        w.endObject();
        w.raw('\n');
    }

    private void endpoint(boolean src, Endpoint e, long node) {
        String address = addressText.get(e);
        if (address == null) {
            if (addressText.size() >= 4096) addressText.clear();
            address = e.address().toString();
            addressText.put(e, address);
        }
        out.name(src ? "src" : "dst");
        out.string(address);
        out.name(src ? "src_port" : "dst_port");
        out.number(e.port());
        if (node >= 0) {
            out.name(src ? "src_node" : "dst_node");
            out.number(node);
        }
    }

    @Override
    public void finish() throws IOException {
        if (json != null) {
            json.flush();
        }
        out.flush();
    }

    private static String suffixed(HashMap<String, String> cache, String key, String suffix) {
        String s = cache.get(key);
        if (s == null) {
            s = key + suffix;
            cache.put(key, s);
        }
        return s;
    }

    /** Writes the visited fields. */
    private final class FieldWriter implements FieldVisitor {
        @Override
        public void number(String key, String label, int offset, int size, long value, Kind kind, String meaning) {
            JsonBytes w = out;
            if (key != null) w.name(key);
            if (kind == Kind.ENUM && meaning != null) {
                w.string(meaning);
            } else {
                w.number(value);
            }
            if (key != null && meaning != null && !meaning.isEmpty()) {
                if (kind == Kind.FLAGS) {
                    w.name(suffixed(flagNamesKey, key, "_names"));
                    w.startArray();
                    int start = 0;
                    for (int bar; (bar = meaning.indexOf('|', start)) >= 0; start = bar + 1) {
                        w.string(meaning.substring(start, bar));
                    }
                    w.string(meaning.substring(start));
                    w.endArray();
                } else if (kind == Kind.ERRNO) {
                    w.name(suffixed(errnoNameKey, key, "_name"));
                    w.string(meaning);
                }
            }
        }

        @Override
        public void bytes(String key, String label, int offset, int size, byte[] data, int from, boolean name) {
            if (key != null) out.name(key);
            if (name) {
                out.string(new String(data, from, size, StandardCharsets.ISO_8859_1));
            } else {
                out.string(Text.hexBytes(data, from, size));
            }
        }

        @Override
        public void beginGroup(String key, String label, int offset, int size) {
            if (key != null) out.name(key);
            out.startObject();
        }

        @Override
        public void endGroup() {
            out.endObject();
        }

        @Override
        public void beginList(String key, String label, int offset, int size) {
            if (key != null) out.name(key);
            out.startArray();
        }

        @Override
        public void endList() {
            out.endArray();
        }

        @Override
        public void error(int offset, String message) {
            // Errors are written once, as the message's "errors" list.
        }
    }
}
