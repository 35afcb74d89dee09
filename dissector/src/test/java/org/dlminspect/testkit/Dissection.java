package org.dlminspect.testkit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.dlminspect.Diagnostic;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.dlm.DlmHeader;
import org.dlminspect.dlm.DlmOpts;
import org.dlminspect.dlm.DlmPdu;
import org.dlminspect.pipeline.DissectedMessage;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.tcp.TcpDirection;
import org.dlminspect.tcp.TcpEvent;

/**
 * Runs the whole {@link Dissector} pipeline over a capture and keeps everything it reported, in order, for tests:
 * messages (their bytes copied), TCP events, diagnostics (from the capture reader too) and the frames read.
 */
public final class Dissection implements DissectionListener {

    /** A message as the pipeline reported it, with its bytes copied out of the reused buffers. */
    public record Message(long frame, long firstFrame, long epochNanos, TcpDirection direction, long streamOffset,
                          byte[] bytes, DlmHeader header, DlmPdu pdu) {
        /** The inner message of an OPTS, else the message itself. */
        public DlmPdu app() {
            return pdu instanceof DlmOpts o && o.inner() != null ? o.inner() : pdu;
        }

        public int stream() {
            return direction.stream();
        }
    }

    /** A frame as read: number, time, link type, interface, captured and original length. */
    public record Frame(long number, long epochNanos, int linkType, int interfaceId, int capturedLength,
                        int originalLength) { }

    private final List<Message> messages = new ArrayList<>();
    private final List<TcpEvent> events = new ArrayList<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final List<Frame> frames = new ArrayList<>();
    private String format;
    private boolean ended;

    private Dissection() { }

    /** Dissects an in-memory capture named {@code name} (the name appears in capture-level messages). */
    public static Dissection of(byte[] capture, String name, DissectorOptions options) throws IOException {
        Dissection d = new Dissection();
        try (CaptureReader r = CaptureFiles.open(new ByteArrayInputStream(capture), name, d::onDiagnostic)) {
            d.format = r.format();
            new Dissector(options, d).run(r);
        }
        return d;
    }

    /** Dissects with the default options (port 21064). */
    public static Dissection of(byte[] capture) throws IOException {
        return of(capture, "test.pcap", DissectorOptions.defaults());
    }

    @Override
    public void onFrame(CaptureFrame f) {
        frames.add(new Frame(f.number(), f.epochNanos(), f.linkType(), f.interfaceId(), f.capturedLength(),
                f.originalLength()));
    }

    @Override
    public void onMessage(DissectedMessage m) {
        ByteBuffer b = m.bytes();
        byte[] copy = new byte[b.limit()];
        b.get(0, copy);
        messages.add(new Message(m.frame(), m.firstFrame(), m.epochNanos(), m.direction(), m.streamOffset(), copy,
                m.header(), m.pdu()));
    }

    @Override
    public void onTcpEvent(TcpEvent event) {
        events.add(event);
    }

    @Override
    public void onDiagnostic(Diagnostic diagnostic) {
        diagnostics.add(diagnostic);
    }

    @Override
    public void onEnd() {
        ended = true;
    }

    public List<Message> messages() {
        return messages;
    }

    public List<TcpEvent> events() {
        return events;
    }

    public List<TcpEvent> events(TcpEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    public List<Frame> frames() {
        return frames;
    }

    /** The capture format the reader named ("pcap", "pcap-ns", "pcapng", with "+gzip" when compressed). */
    public String format() {
        return format;
    }

    /** True once the listener was told the input ended. */
    public boolean ended() {
        return ended;
    }

    /** Every error text of every message, in order, each prefixed by its frame ("frame 7: …"). */
    public List<String> messageErrors() {
        List<String> out = new ArrayList<>();
        for (Message m : messages) {
            for (String e : m.pdu().errors()) {
                out.add("frame " + m.frame() + ": " + e);
            }
        }
        return out;
    }
}
