package org.dlminspect.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import org.dlminspect.Diagnostic;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.Severity;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureWriter;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;
import org.dlminspect.net.Endpoint;
import org.dlminspect.net.PacketDecoder;
import org.dlminspect.net.TcpSegment;
import org.dlminspect.tcp.TcpDirection;
import org.dlminspect.tcp.TcpEvent;

/**
 * {@code read -w} with a display filter: writes the frames that carry bytes of a message that passed the
 * filter (all of its frames when it spans several segments, as tshark writes the frames a reassembled PDU
 * depends on), plus the SYN, FIN and RST segments of the DLM connections, so that reading the file back
 * frames and aligns the same messages. Frames are written in capture order.
 *
 * <p>A frame is decided once no message still being framed can contain its bytes: when a message of its
 * direction completes in a later frame (messages of one direction complete in stream order), when its
 * direction ends, or at the end of the input. Until then it waits here, a copy charged to the memory budget;
 * when the budget is full the oldest waiting frames are decided early (written if a passing message already
 * claimed them) and a note says how many.
 *
 * <p>Two listeners, both on the Dissector's thread (they need the frame bytes): {@link #marker()} as a
 * filtered listener, then {@link #decider()} for every message, in that order.
 */
public final class FrameSelection {
    private final CaptureWriter writer;
    private final DissectorOptions options;
    private final Account account;
    private final DiagnosticSink diagnostics;
    private final PacketDecoder decoder = new PacketDecoder();
    private final TcpSegment segment = new TcpSegment();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long decidedEarly;
    private long written;
    private long lastFrame;

    /** A frame waiting for its decision. */
    private static final class Pending {
        final CaptureFrame frame = new CaptureFrame();
        final Endpoint source;
        final Endpoint destination;
        final long cost;
        boolean write;
        boolean decided;

        Pending(CaptureFrame f, Endpoint source, Endpoint destination) {
            byte[] copy = new byte[f.capturedLength()];
            System.arraycopy(f.data(), 0, copy, 0, copy.length);
            frame.setData(copy);
            frame.set(f.number(), f.epochNanos(), f.linkType(), f.interfaceId(), f.capturedLength(), f.originalLength());
            this.source = source;
            this.destination = destination;
            this.cost = HeapCost.byteArray(copy.length) + HeapCost.object(64) + HeapCost.REFERENCE;
        }

        boolean in(TcpDirection d) {
            return source != null && source.equals(d.source()) && destination.equals(d.destination());
        }
    }

    public FrameSelection(CaptureWriter writer, DissectorOptions options, Account account, DiagnosticSink diagnostics) {
        this.diagnostics = diagnostics;
        this.writer = writer;
        this.options = options;
        this.account = account;
    }

    /** Frames written so far. */
    public long written() {
        return written;
    }

    /** The filtered listener: claims the frames of each passing message. */
    public DissectionListener marker() {
        return new DissectionListener() {
            @Override
            public void onMessage(DissectedMessage m) {
                for (Pending p : pending) {
                    long n = p.frame.number();
                    if (n >= m.firstFrame() && n <= m.frame() && p.in(m.direction())) p.write = true;
                }
            }
        };
    }

    /** The listener for every event: takes each frame in, decides frames and writes the decided ones in order. */
    public DissectionListener decider() {
        return new DissectionListener() {
            @Override
            public void onFrame(CaptureFrame frame) {
                take(frame);
            }

            @Override
            public void onMessage(DissectedMessage m) {
                for (Pending p : pending) {
                    if (!p.decided && p.frame.number() < m.frame() && p.in(m.direction())) p.decided = true;
                }
                drain();
            }

            @Override
            public void onTcpEvent(TcpEvent e) {
                if (e.kind() == TcpEvent.Kind.FIN || e.kind() == TcpEvent.Kind.RST || e.kind() == TcpEvent.Kind.CLOSE) {
                    TcpDirection d = e.direction();
                    TcpDirection back = new TcpDirection(d.connection(), !d.fromClient());
                    for (Pending p : pending) {
                        if (p.in(d) || (e.kind() == TcpEvent.Kind.RST && p.in(back))) p.decided = true;
                    }
                    drain();
                }
            }

            @Override
            public void onEnd() {
                for (Pending p : pending) p.decided = true;
                drain();
                if (decidedEarly > 0) {
                    diagnostics.report(new Diagnostic(lastFrame, Severity.NOTE, "write.budget", decidedEarly
                            + " frames were written (or left out) before all their messages were complete: the memory"
                            + " budget was full; a message spanning them may be missing from the -w file"));
                }
            }
        };
    }

    private void take(CaptureFrame frame) {
        lastFrame = frame.number();
        boolean tcp = decoder.decode(frame, segment, d -> { });
        boolean dlm = tcp && (options.isDlmPort(segment.sourcePort) || options.isDlmPort(segment.destinationPort));
        if (!dlm) {
            return; // not DLM traffic: never written
        }
        boolean control = segment.has(TcpSegment.SYN) || segment.has(TcpSegment.FIN) || segment.has(TcpSegment.RST);
        boolean data = segment.payloadLength > 0 || segment.missingPayloadLength > 0;
        if (!data) {
            // A pure ACK is not written; SYN, FIN and RST are, in their place.
            if (control && pending.isEmpty()) {
                write(frame);
            } else if (control) {
                add(frame, null, null, true);
            }
            return;
        }
        Pending p = add(frame, segment.sourceEndpoint(), segment.destinationEndpoint(), control);
        p.decided = false;
    }

    private Pending add(CaptureFrame frame, Endpoint source, Endpoint destination, boolean write) {
        Pending p = new Pending(frame, source, destination);
        p.write = write;
        p.decided = true;
        pending.add(p);
        if (!account.charge(p.cost)) {
            // Budget full: decide the oldest waiting frames now, as they stand.
            while (account.overLimit() && pending.size() > 1) {
                Pending old = pending.peekFirst();
                if (!old.decided) decidedEarly++;
                old.decided = true;
                drainOne();
            }
        }
        return p;
    }

    private void drain() {
        while (!pending.isEmpty() && pending.peekFirst().decided) drainOne();
    }

    private void drainOne() {
        Pending p = pending.pollFirst();
        account.release(p.cost);
        if (p.write) write(p.frame);
    }

    private void write(CaptureFrame frame) {
        try {
            writer.write(frame);
            written++;
        } catch (IOException e) {
            throw new WriteFailure(e);
        }
    }

    /** Writing the -w file failed: unchecked through the pipeline, told apart from a closed standard output. */
    public static final class WriteFailure extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        public WriteFailure(IOException cause) {
            super(cause);
        }
    }
}
