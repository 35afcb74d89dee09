package org.dlminspect.cli.render;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    /** "address" text per endpoint, made once per connection end rather than per message. */
    private final java.util.IdentityHashMap<Endpoint, String> addressText = new java.util.IdentityHashMap<>();
    private final java.util.IdentityHashMap<String, SerializedString[]> names = new java.util.IdentityHashMap<>();

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
            json.writeNumber(Text.epochSeconds(seen[1]));
        }
        if (m.firstFrame() != m.frame()) {
            json.writeNumberField("first_frame", FrameRef.number(m.firstFrame()));
            if (FrameRef.file(m.firstFrame()) != FrameRef.file(m.frame())) json.writeStringField("first_file", FrameRef.fileName(m.firstFrame()));
        }
        json.writeFieldName(K_TIME);
        json.writeNumber(Text.epochSeconds(m.epochNanos()));
        json.writeFieldName(K_STREAM);
        json.writeNumber(m.direction().stream());
        json.writeFieldName(K_TRANSPORT);
        json.writeString(m.transport());
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
        json.writeObjectFieldStart("lock");
        frameRef("request_in", link.requestFrame());
        frameRef("response_in", link.responseFrame());
        if (link.timeNanos() >= 0) {
            json.writeFieldName("time");
            json.writeNumber(java.math.BigDecimal.valueOf(link.timeNanos(), 9).toPlainString());
        }
        if (link.exchange() != null) json.writeStringField("exchange", link.exchange());
        if (link.resource() != null) json.writeStringField("resource", link.resource());
        json.writeEndObject();
    }

    /** A frame reference as {@code "frame"} is written: its number, and {@code KEY_file} when several files are read. */
    private void frameRef(String key, long ref) throws IOException {
        if (ref <= 0) return;
        json.writeNumberField(key, FrameRef.number(ref));
        String file = FrameRef.fileName(ref);
        if (file != null) json.writeStringField(key + "_file", file);
    }

    private void endpoint(String key, Endpoint e, long node) throws IOException {
        boolean src = key.equals("src");
        String address = addressText.get(e);
        if (address == null) {
            if (addressText.size() >= 4096) addressText.clear();
            address = e.address().toString();
            addressText.put(e, address);
        }
        json.writeFieldName(src ? K_SRC : K_DST);
        json.writeString(address);
        json.writeFieldName(src ? SRC_PORT : DST_PORT);
        json.writeNumber(e.port());
        if (node >= 0) {
            json.writeFieldName(src ? SRC_NODE : DST_NODE);
            json.writeNumber(node);
        }
    }

    private static final int KEY = 0;
    private static final int STR = 1;
    private static final int NAMES = 2;
    private static final int NAME = 3;
    private static final String[] SUFFIXES = {"", "_str", "_names", "_name"};

    /** The field name, pre-encoded once per name (DlmWalk's keys are constants). */
    private SerializedString name(String key) {
        return name(key, KEY);
    }

    /** The field name with one of the suffixes (KEY: none), pre-encoded once per name. */
    private SerializedString name(String key, int suffix) {
        SerializedString[] s = names.get(key);
        if (s == null) {
            if (names.size() >= 4096) names.clear();
            s = new SerializedString[SUFFIXES.length];
            names.put(key, s);
        }
        if (s[suffix] == null) s[suffix] = new SerializedString(key + SUFFIXES[suffix]);
        return s[suffix];
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
                if (key != null) json.writeFieldName(name(key));
                String meaning = field.meaning(value);
                if (field.display() == Display.ENUM && meaning != null) {
                    json.writeString(meaning);
                } else if (field.type() == FieldType.UNSIGNED && value < 0) {
                    // 64-bit unsigned beyond Long.MAX_VALUE: its unsigned digits, never a negative number.
                    json.writeNumber(Long.toUnsignedString(value));
                } else {
                    json.writeNumber(value);
                }
                if (key == null) return;
                if (field.width() == 8) {
                    // A 64-bit value loses digits in a JavaScript (or jq 1.6) number: the exact digits as a string too.
                    json.writeFieldName(name(key, STR));
                    json.writeString(field.decimal(value));
                }
                if (meaning != null && !meaning.isEmpty()) {
                    if (field.display() == Display.FLAGS) {
                        json.writeFieldName(name(key, NAMES));
                        json.writeStartArray();
                        int start = 0;
                        for (int bar; (bar = meaning.indexOf('|', start)) >= 0; start = bar + 1) {
                            json.writeString(meaning.substring(start, bar));
                        }
                        json.writeString(meaning.substring(start));
                        json.writeEndArray();
                    } else if (field.display() == Display.ERRNO) {
                        json.writeFieldName(name(key, NAME));
                        json.writeString(meaning);
                    }
                }
            } catch (IOException e) {
                fail(e);
            }
        }

        @Override
        public void bytes(FieldDef field, String label, int offset, int size, byte[] data, int from) {
            try {
                if (field.jsonKey() != null) json.writeFieldName(name(field.jsonKey()));
                if (field.display() == Display.NAME) {
                    json.writeString(new String(data, from, size, StandardCharsets.ISO_8859_1));
                } else {
                    json.writeString(FieldFormat.hexBytes(data, from, size));
                }
            } catch (IOException e) {
                fail(e);
            }
        }

        @Override
        public void beginGroup(String key, String label, int offset, int size) {
            try {
                if (key != null) json.writeFieldName(key);
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
                if (key != null) json.writeFieldName(key);
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
