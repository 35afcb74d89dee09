package org.dlminspect.pipeline;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dlminspect.Diagnostic;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.Severity;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.dlm.DlmHeader;
import org.dlminspect.dlm.DlmStreamFramer;
import org.dlminspect.memory.Account;
import org.dlminspect.net.Endpoint;
import org.dlminspect.net.IpPayload;
import org.dlminspect.sctp.SctpAssociation;
import org.dlminspect.sctp.SctpAssociations;
import org.dlminspect.sctp.SctpChunk;
import org.dlminspect.sctp.SctpChunkType;
import org.dlminspect.sctp.SctpDecoder;
import org.dlminspect.sctp.SctpPacket;
import org.dlminspect.sctp.TsnReassembler;
import org.dlminspect.tcp.TcpConnection;
import org.dlminspect.tcp.TcpDirection;
import org.dlminspect.tcp.TcpEvent;

/**
 * DLM over SCTP: packets → associations (by verification tag) → DATA in TSN order per direction → user
 * messages → the same DLM framing and decoding as a TCP direction. Each association is presented to the
 * listeners as a connection ({@link TcpConnection} numbered by association index, side A as the client), and
 * what happens to it as the same events a TCP connection has: INIT and INIT ACK as SYN, SHUTDOWN as FIN, ABORT
 * as RST, TSNs the capture missed as GAP, the end of an association as CLOSE. So the midcomms analysis sees a
 * new association after an ABORT as the reconnect it is, and SCTP's own retransmissions (the same TSN again)
 * never reach it, as TCP's do not.
 *
 * <p>Per packet nothing is allocated but the decoded chunks: the decoder reuses its packet, the association is
 * found through a primitive-keyed index, endpoints and events are made only when something new happens.
 */
final class SctpPath {
    private static final int MAX_HELD_CHUNKS = 4096;
    private static final int MAX_ASSOCIATIONS = 65536;

    private final DissectionListener listener;
    private final DiagnosticSink diagnostics;
    private final Account account;
    private final SctpDecoder decoder;
    private final SctpAssociations associations = new SctpAssociations();
    private final Map<SctpAssociation, Association> state = new HashMap<>();
    private long packets;
    private long messages;
    private long transportRetransmissions;
    private long unknownChunks;
    private long firstUnknownFrame;
    private long lastUnknownFrame;

    SctpPath(DissectionListener listener, Account account, boolean verifyChecksum) {
        this.listener = listener;
        this.diagnostics = listener::onDiagnostic;
        this.account = account;
        this.decoder = new SctpDecoder(verifyChecksum);
    }

    void accept(IpPayload ip, long frame, long epochNanos) {
        SctpPacket packet = decoder.decode(ip.data, ip.offset, ip.length, ip.length + ip.missing, frame, diagnostics);
        if (packet == null) return;
        packets++;
        SctpAssociations.Side side = associations.locate(packet, ip.source, ip.destination, frame, epochNanos);
        // get, then put: computeIfAbsent with Association::new would allocate its lambda (it captures this) per packet.
        Association a = state.get(side.association());
        if (a == null) {
            a = new Association(side.association());
            state.put(side.association(), a);
        }
        if (side.isNew()) {
            if (associations.openCount() > MAX_ASSOCIATIONS) evictOldest(frame, epochNanos);
            listener.onTcpEvent(new TcpEvent(TcpEvent.Kind.OPEN, a.direction(true), frame, epochNanos, 0, 0));
        }
        boolean fromA = side.fromA();
        int dir = fromA ? 0 : 1;
        List<SctpChunk> chunks = packet.chunks();
        for (int i = 0, n = chunks.size(); i < n; i++) {
            SctpChunk c = chunks.get(i);
            SctpChunkType type = SctpChunkType.of(c.type());
            if (type == null) {
                unknown(frame);
                continue;
            }
            switch (type) {
                case DATA, I_DATA -> {
                    // I-DATA (RFC 8260) is not what the kernel's DLM sends, but an SCTP stack may: joined all the same.
                    if (!(c instanceof SctpChunk.UserData data)) continue; // malformed: reported by the decoder
                    long before = a.reassembler[dir].retransmissions();
                    a.reassembler[dir].onData(data, frame, epochNanos);
                    transportRetransmissions += a.reassembler[dir].retransmissions() - before;
                }
                case SACK -> {
                    if (c instanceof SctpChunk.Sack sack) {
                        a.reassembler[1 - dir].onPeerCumulativeAck(sack.cumulativeTsn(), frame, epochNanos);
                    }
                }
                case INIT, INIT_ACK -> {
                    // The initial TSN of the sender's DATA: a first chunk captured out of order is then held.
                    if (c instanceof SctpChunk.Init init) a.reassembler[dir].start(init.initialTsn());
                    listener.onTcpEvent(new TcpEvent(TcpEvent.Kind.SYN, a.direction(fromA), frame, epochNanos, 0, 0));
                }
                case HEARTBEAT -> a.association.heartbeat(dir, frame);
                case HEARTBEAT_ACK -> a.association.heartbeat(1 - dir, 0);
                case SHUTDOWN -> listener.onTcpEvent(new TcpEvent(TcpEvent.Kind.FIN, a.direction(fromA), frame, epochNanos, 0, 0));
                case ABORT -> {
                    listener.onDiagnostic(new Diagnostic(frame, Severity.NOTE, "sctp.abort", "ABORT from "
                            + new Endpoint(ip.source, packet.sourcePort())
                            + ": the association ends at once (its unacknowledged DATA is dropped)" + where(a)));
                    listener.onTcpEvent(new TcpEvent(TcpEvent.Kind.RST, a.direction(fromA), frame, epochNanos, 0, 0));
                    close(a, frame, epochNanos, TcpEvent.CLOSE_END_OF_INPUT);
                    return;
                }
                case SHUTDOWN_COMPLETE -> {
                    close(a, frame, epochNanos, TcpEvent.CLOSE_END_OF_INPUT);
                    return;
                }
                case FORWARD_TSN, I_FORWARD_TSN -> {
                    // Partial reliability (RFC 3758, RFC 8260): not what DLM asks for, but a stack may send it.
                    if (c instanceof SctpChunk.ForwardTsn f) a.reassembler[dir].onForwardTsn(f, frame, epochNanos);
                }
                default -> { }
            }
        }
    }

    void finish(long frame, long epochNanos) {
        for (SctpAssociation s : associations.open()) {
            Association a = state.get(s);
            if (a != null) close(a, frame, epochNanos, TcpEvent.CLOSE_END_OF_INPUT);
        }
        if (unknownChunks > 0) {
            listener.onDiagnostic(new Diagnostic(firstUnknownFrame, Severity.WARN, "sctp.not_dissected", unknownChunks
                    + " SCTP chunks of types dlm-inspect does not dissect (unknown types) between frame "
                    + FrameRef.text(firstUnknownFrame) + " and frame " + FrameRef.text(lastUnknownFrame)
                    + ": what they carried is not analysed"));
        }
    }

    long packets() {
        return packets;
    }

    long messages() {
        return messages;
    }

    long transportRetransmissions() {
        return transportRetransmissions;
    }

    long unknownChunks() {
        return unknownChunks;
    }

    long firstUnknownFrame() {
        return firstUnknownFrame;
    }

    long lastUnknownFrame() {
        return lastUnknownFrame;
    }

    private void unknown(long frame) {
        if (unknownChunks++ == 0) firstUnknownFrame = frame;
        lastUnknownFrame = frame;
    }

    private void evictOldest(long frame, long epochNanos) {
        SctpAssociation oldest = associations.oldest();
        Association a = oldest == null ? null : state.get(oldest);
        if (a == null) return;
        listener.onDiagnostic(new Diagnostic(frame, Severity.WARN, "sctp.association_limit", "more than "
                + MAX_ASSOCIATIONS + " SCTP associations at once: the least recent one is forgotten" + where(a)));
        close(a, frame, epochNanos, TcpEvent.CLOSE_EVICTED);
    }

    private void close(Association a, long frame, long epochNanos, long why) {
        for (int dir = 0; dir < 2; dir++) {
            a.reassembler[dir].finish(frame, epochNanos);
            a.framer[dir].onEnd(frame, epochNanos);
            long pending = a.association.heartbeatPending(dir);
            if (pending > 0) {
                listener.onDiagnostic(new Diagnostic(pending, Severity.NOTE, "sctp.heartbeat_unanswered",
                        "HEARTBEAT from " + (dir == 0 ? a.association.a() : a.association.b())
                                + " never answered with a HEARTBEAT ACK in the capture" + where(a)));
            }
        }
        listener.onTcpEvent(new TcpEvent(TcpEvent.Kind.CLOSE, a.direction(true), frame, epochNanos, why, 0));
        listener.onTcpEvent(new TcpEvent(TcpEvent.Kind.CLOSE, a.direction(false), frame, epochNanos, why, 0));
        associations.end(a.association);
        state.remove(a.association);
    }

    private static String where(Association a) {
        return " (association " + a.association.index() + ", " + a.association.a() + " ↔ " + a.association.b() + ")";
    }

    /** Per association: its connection identity, and per direction the reassembler and the DLM framer. */
    private final class Association {
        final SctpAssociation association;
        final TcpConnection connection;
        final TsnReassembler[] reassembler = new TsnReassembler[2];
        final DlmStreamFramer[] framer = new DlmStreamFramer[2];
        
        Association(SctpAssociation s) {
            this.association = s;
            this.connection = new TcpConnection(s.index(), s.a(), s.b(), s.firstFrame(), s.firstEpochNanos(), s.sawInit());
            for (int dir = 0; dir < 2; dir++) {
                Direction d = new Direction(this, dir == 0);
                // Every user message starts with a DLM header: framing is aligned from the start.
                framer[dir] = new DlmStreamFramer(d, true);
                reassembler[dir] = new TsnReassembler(d, account, MAX_HELD_CHUNKS);
            }
        }

        TcpDirection direction(boolean fromA) {
            return new TcpDirection(connection, fromA);
        }
    }

    /** One direction of an association: user messages into the framer, framed messages to the listener. */
    private final class Direction implements TsnReassembler.Sink, DlmStreamFramer.Sink {
        private final Association a;
        private final TcpDirection direction;
        private SctpInfo info;

        Direction(Association a, boolean fromA) {
            this.a = a;
            this.direction = new TcpDirection(a.connection, fromA);
        }

        @Override
        public void onUserMessage(byte[] data, int offset, int length, long firstTsn, SctpChunk.UserData last,
                                  long firstFrame, long frame, long epochNanos) {
            info = last instanceof SctpChunk.IData i
                    ? new SctpInfo(a.association.index(), firstTsn, last.tsn(), last.streamId(), -1, i.mid())
                    : new SctpInfo(a.association.index(), firstTsn, last.tsn(), last.streamId(), ((SctpChunk.Data) last).ssn());
            a.framer[direction.fromClient() ? 0 : 1].onData(data, offset, length, frame, epochNanos);
        }

        @Override
        public void onMissing(long fromTsn, long toTsn, long frame, long epochNanos) {
            String tsns = fromTsn == toTsn ? "TSN " + fromTsn : "TSNs " + fromTsn + "-" + toTsn;
            listener.onDiagnostic(new Diagnostic(frame, Severity.WARN, "sctp.gap", "DATA " + tsns
                    + " not captured (the peer received them, or they are still missing)" + where()));
            listener.onTcpEvent(new TcpEvent(TcpEvent.Kind.GAP, direction, frame, epochNanos, -1, 0));
            a.framer[direction.fromClient() ? 0 : 1].onGap(-1, frame, epochNanos);
        }

        @Override
        public void onAbandoned(long fromTsn, long toTsn, long newCumulativeTsn, long frame, long epochNanos) {
            String tsns = fromTsn == toTsn ? "TSN " + fromTsn : "TSNs " + fromTsn + "-" + toTsn;
            listener.onDiagnostic(new Diagnostic(frame, Severity.WARN, "sctp.abandoned", "DATA " + tsns
                    + " abandoned by the sender: its FORWARD TSN moves the cumulative TSN to " + newCumulativeTsn
                    + " (RFC 3758 partial reliability), so the receiver never got the DLM messages they carried;"
                    + " not lost by the capture" + where()));
        }

        @Override
        public void onOversized(long firstTsn, long bytes, long frame) {
            listener.onDiagnostic(new Diagnostic(frame, Severity.WARN, "sctp.message_limit", "a user message fragmented"
                    + " from TSN " + firstTsn + " grew past " + TsnReassembler.MAX_USER_MESSAGE
                    + " bytes without its last fragment: dropped" + where()));
        }

        @Override
        public void onDropped(long firstTsn, long bytes, long frame, String why, boolean abandoned) {
            listener.onDiagnostic(new Diagnostic(frame, Severity.WARN, abandoned ? "sctp.abandoned" : "sctp.message_limit",
                    "a user message from TSN " + firstTsn + " was dropped with " + bytes + " bytes joined before its last fragment: "
                    + why + where()));
        }

        @Override
        public void onMessage(ByteBuffer message, long firstFrame, long frame, long epochNanos, long streamOffset, boolean truncated) {
            messages++;
            DlmHeader header = DlmHeader.read(message, 0);
            listener.onMessage(new DissectedMessage(frame, firstFrame, epochNanos, direction, streamOffset, message, header, info));
        }

        @Override
        public void onProblem(long frame, Severity severity, String code, String message) {
            listener.onDiagnostic(new Diagnostic(frame, severity, code, message + where()));
        }

        private String where() {
            return " (association " + a.association.index() + ", " + direction.source() + " → " + direction.destination() + ")";
        }
    }
}
