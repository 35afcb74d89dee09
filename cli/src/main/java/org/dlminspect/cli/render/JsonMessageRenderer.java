package org.dlminspect.cli.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.dlm.FieldVisitor;
import org.dlminspect.net.Endpoint;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.SctpInfo;
import org.dlminspect.schema.Display;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldFormat;
import org.dlminspect.schema.FieldType;

/**
 * {@code --json}: one JSON object per DLM message, newline delimited. The schema is documented
 * in the README; keys are the kernel's field names without prefix.
 */
public final class JsonMessageRenderer implements MessageRenderer {
    private final JsonGenerator json;
    private static final SerializedString SRC_PORT = new SerializedString("src_port");
    private static final SerializedString DST_PORT = new SerializedString("dst_port");
    private static final SerializedString SRC_NODE = new SerializedString("src_node");
    private static final SerializedString DST_NODE = new SerializedString("dst_node");
    // The keys of every message, encoded once (Jackson copies a String key's characters and encodes them each time).
    private static final SerializedString K_FRAME = new SerializedString("frame");
    private static final SerializedString K_TIME = new SerializedString("time");
    private static final SerializedString K_STREAM = new SerializedString("stream");
    private static final SerializedString K_TRANSPORT = new SerializedString("transport");
    private static final SerializedString K_SRC = new SerializedString("src");
    private static final SerializedString K_DST = new SerializedString("dst");
    private static final SerializedString K_STREAM_OFFSET = new SerializedString("stream_offset");

    private final FieldWriter fields = new FieldWriter();
    /** "address" text per endpoint ({@link JsonFieldText#serialized}), made once per connection end rather than per message. */
    private final java.util.IdentityHashMap<Endpoint, Object> addressText = new java.util.IdentityHashMap<>();
    /** Characters of a value written without a String: a time, a resource name, hex digits (grows to the longest). */
    private char[] chars = new char[64];
    private final JsonFieldText text = new JsonFieldText();

    public JsonMessageRenderer(JsonGenerator json) {
        this.json = json;
        // Whoever made the generator, packet bytes must not reach a terminal raw.
        json.setCharacterEscapes(TerminalSafeEscapes.INSTANCE);
    }

    @Override
    public void render(DissectedMessage m, MessageContext ctx) throws IOException {
        json.writeStartObject();
        json.writeFieldName(K_FRAME);
        json.writeNumber(FrameRef.number(m.frame()));
        String file = FrameRef.fileName(m.frame());
        if (file != null) json.writeStringField("file", file);
        long[] seen = ctx.sightings() == null ? null : ctx.sightings().get(m.frame());
        if (seen != null) {
            // Per-node captures: the message's frame as the receiver's capture saw it (time on the reference clock).
            json.writeNumberField("received_frame", FrameRef.number(seen[0]));
            json.writeStringField("received_file", FrameRef.fileName(seen[0]));
            json.writeFieldName("received_time");
            json.writeNumber(chars, 0, Text.epochSeconds(chars, seen[1]));
        }
        if (m.firstFrame() != m.frame()) {
            json.writeNumberField("first_frame", FrameRef.number(m.firstFrame()));
            if (FrameRef.file(m.firstFrame()) != FrameRef.file(m.frame())) json.writeStringField("first_file", FrameRef.fileName(m.firstFrame()));
        }
        json.writeFieldName(K_TIME);
        json.writeNumber(chars, 0, Text.epochSeconds(chars, m.epochNanos()));
        json.writeFieldName(K_STREAM);
        json.writeNumber(m.direction().stream());
        json.writeFieldName(K_TRANSPORT);
        string(text.constant(m.transport()));
        SctpInfo sctp = m.sctp();
        if (sctp != null) {
            json.writeNumberField("association", sctp.association());
            json.writeNumberField("tsn", sctp.firstTsn());
            if (sctp.lastTsn() != sctp.firstTsn()) json.writeNumberField("last_tsn", sctp.lastTsn());
            json.writeNumberField("sctp_stream", sctp.streamId());
            if (sctp.interleaved()) {
                json.writeNumberField("sctp_mid", sctp.mid()); // I-DATA has a message identifier instead of an SSN
            } else {
                json.writeNumberField("sctp_ssn", sctp.ssn());
            }
        }
        endpoint("src", m.direction().source(), m.header().nodeid());
        endpoint("dst", m.direction().destination(), ctx.nodes().nodeOf(m.direction().destination().address()));
        json.writeFieldName(K_STREAM_OFFSET);
        json.writeNumber(m.streamOffset());
        if (m.pdu().truncated()) {
            json.writeBooleanField("truncated", true);
            json.writeNumberField("captured_length", m.bytes().limit());
        }
        fields.failure = null;
        m.pdu().accept(fields);
        if (fields.failure != null) {
            throw fields.failure;
        }
        if (!m.pdu().errors().isEmpty()) {
            json.writeArrayFieldStart("errors");
            for (String e : m.pdu().errors()) json.writeString(e);
            json.writeEndArray();
        }
        lockLink(ctx.lockLink());
        json.writeEndObject();
        json.writeRaw('\n');
    }

    /** {@code "lock": {request_in, response_in, time, exchange, resource}} (the dlm.lock.* fields). */
    private void lockLink(org.dlminspect.locks.LockLink link) throws IOException {
        if (link == null) return;
        json.writeFieldName(text.key("lock"));
        json.writeStartObject();
        frameRef("request_in", link.requestFrame());
        frameRef("response_in", link.responseFrame());
        if (link.timeNanos() >= 0) {
            // seconds with 9 decimals, as BigDecimal.valueOf(nanos, 9).toPlainString() writes a positive count
            json.writeFieldName(text.key("time"));
            json.writeNumber(chars, 0, Text.epochSeconds(chars, link.timeNanos()));
        }
        if (link.exchange() != null) {
            json.writeFieldName(text.key("exchange"));
            string(text.constant(link.exchange()));
        }
        if (link.resource() != null) {
            json.writeFieldName(text.key("resource"));
            json.writeString(link.resource());
        }
        json.writeEndObject();
    }

    /** A frame reference as {@code "frame"} is written: its number, and {@code KEY_file} when several files are read. */
    private void frameRef(String key, long ref) throws IOException {
        if (ref <= 0) return;
        json.writeFieldName(text.key(key));
        json.writeNumber(FrameRef.number(ref));
        String file = FrameRef.fileName(ref);
        if (file != null) json.writeStringField(key + "_file", file);
    }

    private void endpoint(String key, Endpoint e, long node) throws IOException {
        boolean src = key.equals("src");
        Object address = addressText.get(e);
        if (address == null) {
            if (addressText.size() >= 4096) addressText.clear();
            address = JsonFieldText.serialized(e.address().toString());
            addressText.put(e, address);
        }
        json.writeFieldName(src ? K_SRC : K_DST);
        string(address);
        json.writeFieldName(src ? SRC_PORT : DST_PORT);
        json.writeNumber(e.port());
        if (node >= 0) {
            json.writeFieldName(src ? SRC_NODE : DST_NODE);
            json.writeNumber(node);
        }
    }

    /** A string from {@link JsonFieldText}: encoded once, or a String for the generator to escape. */
    private void string(Object text) throws IOException {
        if (text instanceof SerializedString s) {
            json.writeString(s);
        } else {
            json.writeString((String) text);
        }
    }

    @Override
    public void finish() throws IOException {
        json.flush();
    }

    /** Writes the visited fields; IOExceptions are carried out of the visitor. */
    private final class FieldWriter implements FieldVisitor {
        IOException failure;

        @Override
        public void number(FieldDef field, String label, int offset, long value) {
            try {
                String key = field.jsonKey();
                if (key != null) json.writeFieldName(text.key(field, JsonFieldText.KEY));
                Display display = field.display();
                Object name = display == Display.ENUM || display == Display.ERRNO ? text.name(field, value) : null;
                if (display == Display.ENUM && name != null) {
                    string(name);
                } else if (field.type() == FieldType.UNSIGNED && value < 0) {
                    // 64-bit unsigned beyond Long.MAX_VALUE: its unsigned digits, never a negative number.
                    json.writeNumber(Long.toUnsignedString(value));
                } else {
                    json.writeNumber(value);
                }
                if (key == null) return;
                if (field.width() == 8) {
                    // A 64-bit value loses digits in a JavaScript (or jq 1.6) number: the exact digits as a string too.
                    json.writeFieldName(text.key(field, JsonFieldText.STR));
                    json.writeString(field.decimal(value));
                }
                if (display == Display.FLAGS) {
                    Object[] names = text.bitNames(field, value);
                    if (names.length > 0) {
                        json.writeFieldName(text.key(field, JsonFieldText.NAMES));
                        json.writeStartArray();
                        for (Object n : names) string(n);
                        json.writeEndArray();
                    }
                } else if (display == Display.ERRNO && name != null && !name.toString().isEmpty()) {
                    json.writeFieldName(text.key(field, JsonFieldText.NAME));
                    string(name);
                }
            } catch (IOException e) {
                fail(e);
            }
        }

        @Override
        public void bytes(FieldDef field, String label, int offset, int size, byte[] data, int from) {
            try {
                if (field.jsonKey() != null) json.writeFieldName(text.key(field, JsonFieldText.KEY));
                if (field.display() == Display.NAME) {
                    // the bytes read as ISO-8859-1, one character each, for the generator to escape
                    char[] c = size <= chars.length ? chars : (chars = new char[size]);
                    for (int i = 0; i < size; i++) c[i] = (char) (data[from + i] & 0xFF);
                    json.writeString(c, 0, size);
                } else {
                    char[] c = 2 * size <= chars.length ? chars : (chars = new char[2 * size]);
                    json.writeString(c, 0, FieldFormat.hexBytes(c, data, from, size));
                }
            } catch (IOException e) {
                fail(e);
            }
        }

        @Override
        public void beginGroup(String key, String label, int offset, int size) {
            try {
                if (key != null) json.writeFieldName(text.key(key));
                json.writeStartObject();
            } catch (IOException e) {
                fail(e);
            }
        }

        @Override
        public void endGroup() {
            try {
                json.writeEndObject();
            } catch (IOException e) {
                fail(e);
            }
        }

        @Override
        public void beginList(String key, String label, int offset, int size) {
            try {
                if (key != null) json.writeFieldName(text.key(key));
                json.writeStartArray();
            } catch (IOException e) {
                fail(e);
            }
        }

        @Override
        public void endList() {
            try {
                json.writeEndArray();
            } catch (IOException e) {
                fail(e);
            }
        }

        @Override
        public void error(int offset, String message) {
            // Errors are written once, as the message's "errors" list.
        }

        private void fail(IOException e) {
            if (failure == null) failure = e;
        }
    }
}
