package org.dlminspect.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.Map;
import org.dlminspect.Diagnostic;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.Severity;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.dlm.DlmDecoder;
import org.dlminspect.dlm.DlmHeader;
import org.dlminspect.dlm.DlmPdu;
import org.dlminspect.dlm.DlmStreamFramer;
import org.dlminspect.net.PacketDecoder;
import org.dlminspect.net.TcpSegment;
import org.dlminspect.tcp.StreamHandler;
import org.dlminspect.tcp.TcpConnection;
import org.dlminspect.tcp.TcpDirection;
import org.dlminspect.tcp.TcpEvent;
import org.dlminspect.tcp.TcpReassembler;

/**
 * The whole dissection pipeline for one capture: frames → link/IP/TCP → per-connection
 * reassembly → DLM framing by {@code h_length} → message decoding → {@link DissectionListener}.
 * Framing and decoding stay separate (as in Netty's codecs): the framer only cuts the byte
 * stream, the decoder only interprets one message.
 */
public final class Dissector implements StreamHandler {
    private final DissectorOptions options;
    private final DissectionListener listener;
    private final DiagnosticSink diagnostics;
    private final PacketDecoder packetDecoder = new PacketDecoder();
    private final TcpSegment segment = new TcpSegment();
    private final TcpReassembler reassembler;
    /**
     * Framers per connection, [0] client→server, [1] server→client. Connections are unique objects; an
     * entry lives until the reassembler closes the connection, so there are never more than its
     * connection limit.
     */
    private final Map<TcpConnection, DlmStreamFramer[]> framers = new IdentityHashMap<>();
    /** Connections for which an out-of-order limit was reported, with how often each direction hit it. */
    private final Map<TcpConnection, long[]> limitHits = new IdentityHashMap<>();
    private long evictions;
    private long lastFrame;
    private long lastEpochNanos;
    private long frames;
    private long messages;

    public Dissector(DissectorOptions options, DissectionListener listener) {
        this.options = options;
        this.listener = listener;
        this.diagnostics = listener::onDiagnostic;
        this.reassembler = new TcpReassembler(this, options.limits());
    }

    /** Reads every frame of {@code reader} and finishes. Format errors propagate; everything else is reported. */
    public void run(CaptureReader reader) throws IOException {
        CaptureFrame frame = new CaptureFrame();
        while (reader.next(frame)) {
            process(frame);
        }
        finish();
    }

    public void process(CaptureFrame frame) {
        frames++;
        lastFrame = frame.number();
        lastEpochNanos = frame.epochNanos();
        listener.onFrame(frame);
        if (!packetDecoder.decode(frame, segment, diagnostics)) {
            return;
        }
        if (!options.isDlmPort(segment.sourcePort) && !options.isDlmPort(segment.destinationPort)) {
            return;
        }
        reassembler.accept(segment, frame.number(), frame.epochNanos());
    }

    /** End of input: flushes held TCP data and partial messages, then tells the listener. */
    public void finish() {
        reassembler.finish(lastFrame, lastEpochNanos);
        for (DlmStreamFramer[] pair : framers.values()) {
            for (DlmStreamFramer f : pair) {
                if (f != null) {
                    f.onEnd(lastFrame, lastEpochNanos);
                }
            }
        }
        framers.clear();
        limitHits.clear();
        if (evictions > 1) {
            listener.onDiagnostic(new Diagnostic(lastFrame, Severity.NOTE, "tcp.connection_limit", evictions
                    + " connections were evicted in all at the limit of " + options.limits().maxConnections()
                    + " connections tracked at once"));
        }
        listener.onEnd();
    }

    public long frameCount() {
        return frames;
    }

    public long messageCount() {
        return messages;
    }

    @Override
    public void onData(TcpDirection direction, byte[] data, int offset, int length, long frame, long epochNanos) {
        framer(direction).onData(data, offset, length, frame, epochNanos);
    }

    @Override
    public void onEvent(TcpEvent event) {
        listener.onTcpEvent(event);
        TcpDirection d = event.direction();
        switch (event.kind()) {
            case GAP -> framer(d).onGap(event.bytes(), event.frame(), event.epochNanos());
            case FIN, RST -> {
                DlmStreamFramer[] pair = framers.get(d.connection());
                if (pair != null) {
                    int i = d.fromClient() ? 0 : 1;
                    if (pair[i] != null) {
                        pair[i].onEnd(event.frame(), event.epochNanos());
                    }
                    if (event.kind() == TcpEvent.Kind.RST) {
                        // A reset ends both directions at once.
                        if (pair[1 - i] != null) {
                            pair[1 - i].onEnd(event.frame(), event.epochNanos());
                        }
                        framers.remove(d.connection());
                    }
                }
            }
            case LIMIT -> reassemblyLimit(event);
            case CLOSE -> closed(event);
            default -> { }
        }
    }

    /** The reassembler gave up waiting for missing bytes: the first time per direction is reported. */
    private void reassemblyLimit(TcpEvent event) {
        TcpDirection d = event.direction();
        long[] hits = limitHits.computeIfAbsent(d.connection(), c -> new long[2]);
        if (hits[d.fromClient() ? 0 : 1]++ == 0) {
            listener.onDiagnostic(new Diagnostic(event.frame(), Severity.WARN, "tcp.reassembly_limit",
                    "out-of-order limit reached with " + event.bytes() + " bytes held (at most "
                            + options.limits().maxHeldBytesPerDirection() + " bytes in "
                            + options.limits().maxHeldSegmentsPerDirection() + " pieces per direction, "
                            + options.limits().maxHeldBytesTotal() + " in all): missing bytes declared lost"
                            + where(d)));
        }
    }

    /**
     * The reassembler is done with a direction: the rest of a message is never coming. Its framer is
     * dropped, and the connection's entry with the server→client direction, which closes second.
     */
    private void closed(TcpEvent event) {
        TcpDirection d = event.direction();
        int i = d.fromClient() ? 0 : 1;
        if (event.bytes() == TcpEvent.CLOSE_EVICTED && i == 0 && ++evictions == 1) {
            listener.onDiagnostic(new Diagnostic(lastFrame, Severity.WARN, "tcp.connection_limit",
                    "more than " + options.limits().maxConnections() + " connections at once: the least recently"
                            + " active one is closed (its later segments would start a new stream)" + where(d)));
        }
        DlmStreamFramer[] pair = framers.get(d.connection());
        if (pair != null && pair[i] != null) {
            pair[i].onEnd(event.frame(), event.epochNanos());
            pair[i] = null;
        }
        long[] hits = limitHits.get(d.connection());
        if (hits != null && hits[i] > 1) {
            listener.onDiagnostic(new Diagnostic(event.frame(), Severity.NOTE, "tcp.reassembly_limit",
                    "out-of-order limit reached " + hits[i] + " times in all" + where(d)));
        }
        if (i == 1) {
            framers.remove(d.connection());
            limitHits.remove(d.connection());
        }
    }

    private static String where(TcpDirection d) {
        return " (stream " + d.stream() + ", " + d.source() + " → " + d.destination() + ")";
    }

    private DlmStreamFramer framer(TcpDirection direction) {
        DlmStreamFramer[] pair = framers.computeIfAbsent(direction.connection(), c -> new DlmStreamFramer[2]);
        int i = direction.fromClient() ? 0 : 1;
        DlmStreamFramer f = pair[i];
        if (f == null) {
            f = new DlmStreamFramer(new FramerSink(direction), direction.connection().sawSyn());
            pair[i] = f;
        }
        return f;
    }

    /** Turns framed bytes into decoded messages for one direction. */
    private final class FramerSink implements DlmStreamFramer.Sink {
        private final TcpDirection direction;

        FramerSink(TcpDirection direction) {
            this.direction = direction;
        }

        @Override
        public void onMessage(ByteBuffer message, long firstFrame, long frame, long epochNanos, long streamOffset, boolean truncated) {
            messages++;
            DlmHeader header = DlmHeader.read(message, 0);
            DlmPdu pdu = DlmDecoder.decode(message.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN));
            listener.onMessage(new DissectedMessage(frame, firstFrame, epochNanos, direction, streamOffset, message, header, pdu));
        }

        @Override
        public void onProblem(long frame, Severity severity, String code, String message) {
            listener.onDiagnostic(new Diagnostic(frame, severity, code, message + " (stream " + direction.stream() + ", "
                    + direction.source() + " → " + direction.destination() + ")"));
        }
    }
}
