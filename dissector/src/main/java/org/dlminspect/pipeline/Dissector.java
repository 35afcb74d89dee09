package org.dlminspect.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.IdentityHashMap;
import java.util.Map;
import org.dlminspect.Diagnostic;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.Severity;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.dlm.DlmHeader;
import org.dlminspect.dlm.DlmStreamFramer;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.memory.MemorySize;
import org.dlminspect.net.IpPayload;
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
 *
 * <p>Memory: reassembly charges the budget's "tcp" account, the framers (made lazily, when a direction
 * first carries data) its "framing" account. When the budget is reached the reassembler evicts (see
 * {@link TcpReassembler}); each kind of eviction is reported once as it happens ({@code memory.budget}) and
 * counted at the end, and the run goes on.
 */
public final class Dissector implements StreamHandler {
    private final DissectorOptions options;
    private final DissectionListener listener;
    private final DiagnosticSink diagnostics;
    private final PacketDecoder packetDecoder = new PacketDecoder();
    private final TcpSegment segment = new TcpSegment();
    private final TcpReassembler reassembler;
    private final MemoryBudget budget;
    private final Account framing;
    private boolean reportedGiveUp;
    private boolean reportedClose;
    /**
     * Framers per connection, [0] client→server, [1] server→client. Connections are unique objects; an
     * entry goes when the reassembler closes its connection, so there are never more than its connection limit.
     */
    private final Map<TcpConnection, Framers> framers = new IdentityHashMap<>();
    /** Connections the reassembler evicted at its connection limit. */
    private long evictions;
    private long lastFrame;
    private long lastEpochNanos;
    private long frames;
    private long messages;
    private SctpPath sctp;
    private long dlmPortPackets;
    private boolean verifySctpChecksums;

    /** A dissector with the default memory budget of its own. */
    public Dissector(DissectorOptions options, DissectionListener listener) {
        this(options, listener, MemoryBudget.defaults());
    }

    /** A dissector charging {@code budget}, which later stages (analysis) may share. */
    public Dissector(DissectorOptions options, DissectionListener listener, MemoryBudget budget) {
        this.options = options;
        this.listener = listener;
        this.diagnostics = listener::onDiagnostic;
        this.budget = budget;
        this.framing = budget.account("framing");
        this.reassembler = new TcpReassembler(this, options.limits(), budget.account("tcp"));
        this.verifySctpChecksums = options.verifySctpChecksums();
    }

    public MemoryBudget budget() {
        return budget;
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
            if (packetDecoder.foundSctp()) {
                acceptSctp(frame);
            }
            return;
        }
        if (!options.isDlmPort(segment.sourcePort) && !options.isDlmPort(segment.destinationPort)) {
            return;
        }
        dlmPortPackets++;
        reassembler.accept(segment, frame.number(), frame.epochNanos());
    }

    /**
     * Verifies the CRC32c of every SCTP packet (off by default, as tshark's {@code sctp.checksum}: a capture on
     * a sending host with checksum offload holds meaningless values). Overrides
     * {@link DissectorOptions#verifySctpChecksums()}; must be called before the first SCTP packet.
     */
    public void verifySctpChecksums(boolean verify) {
        this.verifySctpChecksums = verify;
    }

    private void acceptSctp(CaptureFrame frame) {
        IpPayload p = packetDecoder.sctp();
        if (p.length < 4) return;
        int sourcePort = (p.data[p.offset] & 0xFF) << 8 | (p.data[p.offset + 1] & 0xFF);
        int destinationPort = (p.data[p.offset + 2] & 0xFF) << 8 | (p.data[p.offset + 3] & 0xFF);
        if (!options.isDlmPort(sourcePort) && !options.isDlmPort(destinationPort)) return;
        dlmPortPackets++;
        if (sctp == null) {
            sctp = new SctpPath(listener, sctpAccount(), verifySctpChecksums);
        }
        sctp.accept(p, frame.number(), frame.epochNanos());
    }

    private Account sctpAccount() {
        return budget.account("sctp");
    }

    /**
     * How much of what was captured on the DLM ports was dissected: packets there, and SCTP chunks of kinds not
     * dissected (with the frames of the first and last), so that a report never calls a capture it did not read OK.
     */
    public Coverage coverage() {
        return new Coverage(dlmPortPackets, messageCount(), sctp == null ? 0 : sctp.unknownChunks(),
                sctp == null ? 0 : sctp.firstUnknownFrame(), sctp == null ? 0 : sctp.lastUnknownFrame());
    }

    /** See {@link #coverage()}. */
    public record Coverage(long dlmPortPackets, long messages, long undissectedChunks, long firstUndissectedFrame,
                           long lastUndissectedFrame) { }

    /** SCTP packets on the DLM ports seen so far. */
    public long sctpPackets() {
        return sctp == null ? 0 : sctp.packets();
    }

    /** End of input: flushes held TCP data and partial messages, then tells the listener. */
    public void finish() {
        if (sctp != null) {
            sctp.finish(lastFrame, lastEpochNanos);
        }
        reassembler.finish(lastFrame, lastEpochNanos);
        for (Framers pair : framers.values()) {
            for (DlmStreamFramer f : pair.direction) {
                if (f != null) {
                    f.onEnd(lastFrame, lastEpochNanos);
                    framing.release(DlmStreamFramer.COST + f.bufferBytes());
                }
            }
        }
        framing.release(Framers.COST * framers.size());
        framers.clear();
        reportMemoryTotals();
        if (evictions > 1) {
            listener.onDiagnostic(new Diagnostic(lastFrame, Severity.NOTE, "tcp.connection_limit", evictions
                    + " connections were evicted in all at the limit of " + options.limits().maxConnections()
                    + " connections tracked at once"));
        }
        listener.onEnd();
    }

    /** A typed event of a stage in front of the Dissector (time order), passed on to the listener in order. */
    public void stageEvent(StageEvent event) {
        listener.onStageEvent(event);
    }

    public long frameCount() {
        return frames;
    }

    public long messageCount() {
        return messages + (sctp == null ? 0 : sctp.messages());
    }

    @Override
    public void onData(TcpDirection direction, byte[] data, int offset, int length, long frame, long epochNanos) {
        DlmStreamFramer f = framer(direction);
        long buffer = f.bufferBytes();
        f.onData(data, offset, length, frame, epochNanos);
        if (f.bufferBytes() > buffer && framing.overLimit()) {
            reassembler.underPressure();
        }
    }

    @Override
    public void onEvent(TcpEvent event) {
        listener.onTcpEvent(event);
        reportAnomaly(event);
        TcpDirection d = event.direction();
        switch (event.kind()) {
            case GAP -> framer(d).onGap(event.bytes(), event.frame(), event.epochNanos());
            case FIN -> endDirection(d, event);
            case RST -> {
                // A reset ends both directions at once.
                endDirection(d, event);
                endDirection(new TcpDirection(d.connection(), !d.fromClient()), event);
            }
            case CLOSE -> {
                // The reassembler forgets the connection (end of input, 4-tuple reused, evicted): so do we.
                endDirection(d, event);
                Framers pair = framers.get(d.connection());
                if (pair != null && pair.direction[0] == null && pair.direction[1] == null) {
                    framers.remove(d.connection());
                    framing.release(Framers.COST);
                }
            }
            default -> { }
        }
    }

    /** TCP anomalies and exceeded limits a user of {@code read} must see, named as Wireshark's expert info names them. */
    private void reportAnomaly(TcpEvent event) {
        TcpDirection d = event.direction();
        switch (event.kind()) {
            case GAP -> {
                String where = where(d);
                String bytes = event.bytes() >= 0 ? event.bytes() + " bytes" : "bytes";
                String text = event.otherFrame() == event.frame()
                        ? bytes + " of this frame's segment not captured (cut by the snaplen)"
                        : bytes + " missing from the capture" + (event.otherFrame() > 0 ? " between frame " + FrameRef.text(event.otherFrame())
                                + " and frame " + FrameRef.text(event.frame()) : " before frame " + FrameRef.text(event.frame())) + " (previous segment not captured)";
                listener.onDiagnostic(new Diagnostic(event.frame(), Severity.WARN, "tcp.gap", text + where));
            }
            case OVERLAP_MISMATCH -> listener.onDiagnostic(new Diagnostic(event.frame(), Severity.WARN, "tcp.overlap_mismatch",
                    "retransmitted bytes differ from the first copy (" + event.bytes() + " bytes differ); the first copy was kept" + where(d)));
            case LIMIT -> {
                if (event.otherFrame() == TcpEvent.LIMIT_MEMORY) {
                    reportMemory(event);
                } else {
                    listener.onDiagnostic(new Diagnostic(event.frame(), Severity.WARN, "tcp.limit",
                            "out-of-order data reached the limit (" + event.bytes() + " bytes held, see --max-out-of-order); "
                                    + "the earliest hole is declared a gap" + where(d)));
                }
            }
            case CLOSE -> {
                reportMemory(event);
                // Both directions close; count the connection once. The first eviction says why, finish() how many.
                if (event.bytes() == TcpEvent.CLOSE_EVICTED && d.fromClient() && ++evictions == 1) {
                    listener.onDiagnostic(new Diagnostic(lastFrame, Severity.WARN, "tcp.connection_limit",
                            "more than " + options.limits().maxConnections() + " connections at once: the least recently"
                                    + " active one is closed (its later segments would start a new stream)" + where(d)));
                }
            }
            default -> { }
        }
    }

    /** The first eviction of each kind forced by the memory budget, as it happens. */
    private void reportMemory(TcpEvent event) {
        TcpDirection d = event.direction();
        if (event.kind() == TcpEvent.Kind.LIMIT && event.otherFrame() == TcpEvent.LIMIT_MEMORY && !reportedGiveUp) {
            reportedGiveUp = true;
            listener.onDiagnostic(new Diagnostic(event.frame(), Severity.WARN, "memory.budget", "memory budget of "
                    + MemorySize.format(budget.limit()) + " reached: dropped " + event.bytes()
                    + " bytes of out-of-order data waiting for a retransmission; the holes before them are gaps"
                    + " (see --memory-budget)" + where(d)));
        } else if (event.kind() == TcpEvent.Kind.CLOSE && event.bytes() == TcpEvent.CLOSE_MEMORY && d.fromClient()
                && !reportedClose) {
            reportedClose = true;
            listener.onDiagnostic(new Diagnostic(event.frame(), Severity.WARN, "memory.budget", "memory budget of "
                    + MemorySize.format(budget.limit()) + " reached: forgot the least recently active connection;"
                    + " its later segments start a new stream (see --memory-budget)" + where(d)));
        }
    }

    /** How much the memory budget made the run drop, once at the end. */
    private void reportMemoryTotals() {
        long giveUps = reassembler.memoryGiveUps();
        long closes = reassembler.memoryCloses();
        if (giveUps + closes > 1) {
            listener.onDiagnostic(new Diagnostic(lastFrame, Severity.NOTE, "memory.budget", "memory budget of "
                    + MemorySize.format(budget.limit()) + ": out-of-order data dropped " + giveUps + " times, "
                    + closes + " connections forgotten"));
        }
    }

    private static String where(TcpDirection d) {
        return " (stream " + d.stream() + ", " + d.source() + " → " + d.destination() + ")";
    }

    private void endDirection(TcpDirection d, TcpEvent event) {
        Framers pair = framers.get(d.connection());
        if (pair != null) {
            int i = d.fromClient() ? 0 : 1;
            if (pair.direction[i] != null) {
                pair.direction[i].onEnd(event.frame(), event.epochNanos());
                framing.release(DlmStreamFramer.COST + pair.direction[i].bufferBytes());
                pair.direction[i] = null;
                pair.ended[i] = true;
            }
        }
    }

    private DlmStreamFramer framer(TcpDirection direction) {
        Framers pair = framers.get(direction.connection());
        if (pair == null) {
            pair = new Framers();
            framers.put(direction.connection(), pair);
            charge(Framers.COST);
        }
        int i = direction.fromClient() ? 0 : 1;
        DlmStreamFramer f = pair.direction[i];
        if (f == null) {
            // Bytes after an RST (a peer that ignored it) may start anywhere in a message: hunt then.
            boolean aligned = direction.connection().sawSyn() && !pair.ended[i];
            f = new DlmStreamFramer(new FramerSink(direction), aligned, framing);
            pair.direction[i] = f;
            charge(DlmStreamFramer.COST);
        }
        return f;
    }

    private void charge(long bytes) {
        if (!framing.charge(bytes)) {
            reassembler.underPressure();
        }
    }

    /** The two directions' framers of one connection, and whether each has been ended (FIN, RST). */
    private static final class Framers {
        /** This object (16), its two arrays (24 + 24) and its IdentityHashMap slot with the table's slack (16). */
        static final long COST = HeapCost.object(8) + HeapCost.referenceArray(2) + HeapCost.align(16 + 2) + 16;
        final DlmStreamFramer[] direction = new DlmStreamFramer[2];
        final boolean[] ended = new boolean[2];
    }

    /** Turns framed bytes into decoded messages for one direction. */
    private final class FramerSink implements DlmStreamFramer.Sink {
        private final TcpDirection direction;
        /** The array the last whole message lay in, and a buffer over all of it (the frames' array is reused). */
        private byte[] wholeArray;
        private ByteBuffer whole;

        FramerSink(TcpDirection direction) {
            this.direction = direction;
        }

        @Override
        public void onMessage(ByteBuffer message, long firstFrame, long frame, long epochNanos, long streamOffset, boolean truncated) {
            messages++;
            DlmHeader header = DlmHeader.read(message, 0);
            listener.onMessage(new DissectedMessage(frame, firstFrame, epochNanos, direction, streamOffset, message, header));
        }

        @Override
        public void onMessage(byte[] data, int offset, int length, long firstFrame, long frame, long epochNanos,
                              long streamOffset) {
            if (data != wholeArray) {
                wholeArray = data;
                whole = ByteBuffer.wrap(data);
            }
            if (length < DlmHeader.SIZE) {
                onMessage(whole.slice(offset, length).order(ByteOrder.LITTLE_ENDIAN), firstFrame, frame, epochNanos,
                        streamOffset, false);
                return;
            }
            messages++;
            DlmHeader header = DlmHeader.read(data, offset);
            listener.onMessage(new DissectedMessage(frame, firstFrame, epochNanos, direction, streamOffset, data, offset,
                    length, whole, header, null));
        }

        @Override
        public void onProblem(long frame, Severity severity, String code, String message) {
            listener.onDiagnostic(new Diagnostic(frame, severity, code, message + " (stream " + direction.stream() + ", "
                    + direction.source() + " → " + direction.destination() + ")"));
            if (DlmStreamFramer.CODE_LENGTH.equals(code)) {
                listener.onStageEvent(new FramingLost(direction, frame, lastEpochNanos, code, message));
            }
        }
    }
}
