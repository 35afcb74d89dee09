package org.dlminspect.tcp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

import org.dlminspect.memory.Account;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.net.Endpoint;
import org.dlminspect.net.TcpSegment;

/**
 * Turns TCP segments into each direction's byte stream, in order and exactly once, like Wireshark's
 * TCP reassembly, and reports what the stream lost on the way.
 *
 * <p>Connections are keyed by 4-tuple and numbered 0, 1, 2… in order of first appearance (tshark's
 * {@code tcp.stream}). A SYN without ACK starts a new connection on a 4-tuple whose connection saw a
 * FIN or RST, or whose SYN from the same sender had another ISN.
 *
 * <p>Per direction: in-order bytes are delivered at once from the segment's own array; bytes ahead of
 * a hole are copied and held until the hole fills; bytes delivered before are not delivered again but
 * compared with what was delivered ({@link TcpEvent.Kind#OVERLAP_MISMATCH}). Bytes are declared
 * missing ({@link TcpEvent.Kind#GAP}) only when the capture proves they will never be seen: the
 * segment says it lost them (snaplen), the receiver acknowledged them, a limit forces it, an RST ends
 * the connection, or the connection is closed (4-tuple reused, evicted, end of input). Mere reordering
 * never makes a gap: a FIN ahead of a hole waits for the retransmission, or for the receiver's ACK.
 * Bytes the receiver acknowledged but the capture has not shown are declared missing when their sender
 * is next seen sending at or past the acknowledged position (the capture may show an ACK just before
 * the data it acknowledges, never a sender's segments out of their sending order).
 *
 * <p>Memory: every connection, held chunk and comparison window is charged to the {@link Account} in
 * estimated heap bytes ({@link ConnectionState#COST}, {@link HeldChunks#CHUNK_COST}). When a charge finds the
 * budget over its limit, the reassembler evicts its own state at the end of that segment: first it stops
 * waiting for the holes of the direction that grew (LIMIT with {@link TcpEvent#LIMIT_MEMORY}, GAP, delivery),
 * then of the least recently active connections, then it closes the least recently active connections
 * ({@link TcpEvent#CLOSE_MEMORY}), until the budget holds again. The run goes on.
 *
 * <p>Not thread-safe; the handler must not call back into the reassembler.
 */
public final class TcpReassembler {
    private static final long SEQ_MASK = 0xFFFFFFFFL;

    private final StreamHandler handler;
    private final ReassemblyLimits limits;
    private final Account account;
    /** A charge of this stage (or of the framing above it, {@link #underPressure}) found the budget over its limit. */
    private boolean pressure;
    private long memoryGiveUps;
    private long memoryCloses;
    /** Directions holding out-of-order chunks now (so that an eviction need not look at the others). */
    private int heldDirections;
    /** Access-ordered: iteration starts at the least recently active connection. */
    private final LinkedHashMap<ConnectionKey, ConnectionState> table = new LinkedHashMap<>(64, 0.75f, true);
    private final ConnectionKey probe = new ConnectionKey();
    private int nextStream;
    /** A refused connection attempt to close once its RST is processed. */
    private ConnectionState pendingClose;
    private long heldBytesTotal;
    private long windowBytesTotal;

    /** A reassembler with a budget of its own that ordinary input never reaches (for tests of this stage alone). */
    public TcpReassembler(StreamHandler handler, ReassemblyLimits limits) {
        this(handler, limits, MemoryBudget.unlimited().account("tcp"));
    }

    public TcpReassembler(StreamHandler handler, ReassemblyLimits limits, Account account) {
        this.handler = handler;
        this.limits = limits;
        this.account = account;
    }

    /** One captured segment, from frame {@code frame} (1-based) seen at {@code epochNanos}. */
    public void accept(TcpSegment segment, long frame, long epochNanos) {
        probe.set(segment);
        ConnectionState c = table.get(probe);
        boolean syn = segment.has(TcpSegment.SYN);
        if (c != null && c.candidate != null && c.forCandidate(segment)) {
            c = candidateSegment(c, segment, frame, epochNanos);
        } else if (c != null && syn && !segment.has(TcpSegment.ACK) && c.startsNewConnection(segment)) {
            if (c.live() && c.candidate == null) {
                // a reconnect from the same source port: the live connection stays until the server answers
                c.candidate = newConnection(segment, frame, epochNanos);
                c = c.candidate;
            } else {
                table.remove(probe);
                close(c, TcpEvent.CLOSE_REUSED, frame, epochNanos);
                c = null;
            }
        }
        if (c == null) {
            c = open(segment, frame, epochNanos);
        }
        c.lastFrame = frame;
        c.lastEpochNanos = epochNanos;

        boolean fromClient = c.fromClient(segment);
        HalfStream sender = fromClient ? c.toServer : c.toClient;
        HalfStream receiver = fromClient ? c.toClient : c.toServer;

        boolean usePayload = true;
        long dataSeq = segment.sequence & SEQ_MASK;
        if (syn) {
            usePayload = sender.syn(dataSeq, frame, epochNanos);
            dataSeq = (dataSeq + 1) & SEQ_MASK;
        }
        boolean fin = segment.has(TcpSegment.FIN);
        if (segment.has(TcpSegment.ACK)) {
            // before this segment's payload: what TCP proves the peer received is known before a DLM_ACK in it
            receiver.acked(segment.acknowledgement & SEQ_MASK, frame, epochNanos);
        }
        if (usePayload) {
            byte[] payload = segment.payload;
            int off = segment.payloadOffset;
            int len = payload == null || off < 0 ? 0 : Math.max(0, Math.min(segment.payloadLength, payload.length - off));
            long missing = Math.max(0, segment.missingPayloadLength);
            sender.segment(payload, off, len, missing, dataSeq, fin, frame, epochNanos);
            if (len + missing > 0) receiver.peerSentData();
        }
        if (fin || segment.has(TcpSegment.RST)) {
            c.closed = true;
        }
        if (fin) c.finSeen = true;
        if (segment.has(TcpSegment.RST)) {
            sender.rst(segment.sequence & SEQ_MASK, frame, epochNanos);
            sender.flushAll(frame, epochNanos);
            receiver.flushAll(frame, epochNanos);
        }
        if (pendingClose != null) {
            // the refused attempt is over: it ends, and the live connection beside it goes on
            close(pendingClose, TcpEvent.CLOSE_REUSED, frame, epochNanos);
            pendingClose = null;
        }
        sender.enforceLimits(frame, epochNanos);
        if (heldBytesTotal > limits.maxHeldBytesTotal()) {
            enforceTotal(sender, frame, epochNanos);
        }
        if (pressure) {
            relieveMemory(c, frame, epochNanos);
        }
    }

    /**
     * A stage fed by this one (the DLM framing) charged the same budget and found it over its limit: its
     * state lives and dies with the connections, so the reassembler evicts as for its own charges, after the
     * current segment.
     */
    public void underPressure() {
        pressure = true;
    }

    /** Times the memory budget made a direction stop waiting for its holes, and closed connections. */
    public long memoryGiveUps() {
        return memoryGiveUps;
    }

    public long memoryCloses() {
        return memoryCloses;
    }

    /**
     * Evicts this stage's own state, least useful first, down to the budget's low-water mark (so that evictions
     * come in batches, each paying for one walk of the table); never closes {@code current}.
     */
    private void relieveMemory(ConnectionState current, long frame, long epochNanos) {
        pressure = false;
        if (!account.overLimit()) {
            return;
        }
        if (giveUp(current, frame, epochNanos)) {
            return;
        }
        if (heldDirections > 0) {
            for (ConnectionState c : table.values()) {
                if (giveUp(c, frame, epochNanos) || heldDirections == 0) {
                    break;
                }
            }
        }
        Iterator<ConnectionState> eldest = table.values().iterator();
        while (account.overLowWater() && eldest.hasNext()) {
            ConnectionState victim = eldest.next();
            if (victim == current) {
                continue;
            }
            eldest.remove();
            memoryCloses++;
            close(victim, TcpEvent.CLOSE_MEMORY, frame, epochNanos);
        }
    }

    /** Gives up waiting for the holes of both directions of {@code c}; true when the budget is low enough again. */
    private boolean giveUp(ConnectionState c, long frame, long epochNanos) {
        for (HalfStream h : new HalfStream[] {c.toServer, c.toClient}) {
            if (h.heldCount() > 0) {
                memoryGiveUps++;
                h.giveUpHeld(frame, epochNanos, TcpEvent.LIMIT_MEMORY);
            }
        }
        return !account.overLowWater();
    }

    /**
     * End of input: every connection is closed. Holes are declared (GAP) so that all held data is
     * delivered, then each direction gets CLOSE. {@code lastFrame} is the frame reported for gaps
     * with no data after them.
     */
    public void finish(long lastFrame, long epochNanos) {
        List<ConnectionState> all = new ArrayList<>(table.values());
        table.clear();
        for (int i = 0, n = all.size(); i < n; i++) {
            if (all.get(i).candidate != null) all.add(all.get(i).candidate);
        }
        all.sort(Comparator.comparingInt(s -> s.connection.stream()));
        for (ConnectionState c : all) {
            close(c, TcpEvent.CLOSE_END_OF_INPUT, lastFrame, epochNanos);
        }
    }

    /** Connections currently tracked. */
    public int trackedConnections() {
        return table.size();
    }

    /** Payload bytes currently held out of order, over all connections. */
    public long heldBytes() {
        return heldBytesTotal;
    }

    /**
     * A segment for the connection attempt beside live connection {@code live}: a SYN-ACK or data make the attempt
     * the connection of the 4-tuple (the server dropped the old one), an RST ends the attempt (refused) and leaves
     * the live connection as it was.
     */
    private ConnectionState candidateSegment(ConnectionState live, TcpSegment s, long frame, long epochNanos) {
        ConnectionState k = live.candidate;
        boolean accepted = s.has(TcpSegment.SYN) && s.has(TcpSegment.ACK) || (s.payloadLength > 0 && !s.has(TcpSegment.RST));
        if (accepted) {
            live.candidate = null;
            table.remove(probe);
            close(live, TcpEvent.CLOSE_REUSED, frame, epochNanos);
            table.put(k.key, k);
        } else if (s.has(TcpSegment.RST)) {
            live.candidate = null;
            pendingClose = k;
        }
        return k;
    }

    private ConnectionState open(TcpSegment s, long frame, long epochNanos) {
        if (table.size() >= limits.maxConnections()) {
            Iterator<ConnectionState> eldest = table.values().iterator();
            ConnectionState victim = eldest.next();
            eldest.remove();
            close(victim, TcpEvent.CLOSE_EVICTED, victim.lastFrame, victim.lastEpochNanos);
            if (victim.candidate != null) close(victim.candidate, TcpEvent.CLOSE_EVICTED, frame, epochNanos);
        }
        ConnectionState c = newConnection(s, frame, epochNanos);
        table.put(c.key, c);
        return c;
    }

    /** A connection for segment {@code s}'s 4-tuple, announced with OPEN but not (yet) in the table. */
    private ConnectionState newConnection(TcpSegment s, long frame, long epochNanos) {
        boolean synAck = s.has(TcpSegment.SYN) && s.has(TcpSegment.ACK);
        boolean synOnly = s.has(TcpSegment.SYN) && !s.has(TcpSegment.ACK);
        Endpoint source = s.sourceEndpoint();
        Endpoint destination = s.destinationEndpoint();
        // A SYN-ACK comes from the server even when the client's SYN was not captured.
        TcpConnection connection = synAck
                ? new TcpConnection(nextStream++, destination, source, frame, epochNanos, false)
                : new TcpConnection(nextStream++, source, destination, frame, epochNanos, synOnly);
        ConnectionState c = new ConnectionState(new ConnectionKey(probe), connection, this);
        charge(ConnectionState.COST);
        event(TcpEvent.Kind.OPEN, c.toServer.direction, frame, epochNanos, 0, 0);
        return c;
    }

    private void close(ConnectionState c, long reason, long frame, long epochNanos) {
        c.toServer.flushAll(frame, epochNanos);
        c.toClient.flushAll(frame, epochNanos);
        event(TcpEvent.Kind.CLOSE, c.toServer.direction, frame, epochNanos, reason, 0);
        event(TcpEvent.Kind.CLOSE, c.toClient.direction, frame, epochNanos, reason, 0);
        c.toServer.release();
        c.toClient.release();
        account.release(ConnectionState.COST);
    }

    /** Over the global held-bytes limit: give up waiting in this direction, then in the least recently active ones. */
    private void enforceTotal(HalfStream current, long frame, long epochNanos) {
        current.giveUpHeld(frame, epochNanos, 0);
        if (heldBytesTotal <= limits.maxHeldBytesTotal()) {
            return;
        }
        for (ConnectionState c : table.values()) {
            c.toServer.giveUpHeld(frame, epochNanos, 0);
            c.toClient.giveUpHeld(frame, epochNanos, 0);
            if (heldBytesTotal <= limits.maxHeldBytesTotal()) {
                return;
            }
        }
    }

    // ---- for HalfStream ----

    StreamHandler handler() {
        return handler;
    }

    ReassemblyLimits limits() {
        return limits;
    }

    void event(TcpEvent.Kind kind, TcpDirection direction, long frame, long epochNanos, long bytes, long otherFrame) {
        handler.onEvent(new TcpEvent(kind, direction, frame, epochNanos, bytes, otherFrame));
    }

    /** A direction started ({@code +1}) or stopped ({@code -1}) holding chunks. */
    void holding(int delta) {
        heldDirections += delta;
    }

    void heldBytesChanged(long delta) {
        heldBytesTotal += delta;
    }

    /** Charges {@code bytes} of held state; a false return has already scheduled the eviction. */
    void charge(long bytes) {
        if (!account.charge(bytes)) {
            pressure = true;
        }
    }

    void uncharge(long bytes) {
        account.release(bytes);
    }

    /**
     * Memory for a comparison window to grow by {@code bytes} payload ({@code heapBytes} of heap): refused
     * when the windows' own limit or the budget would be exceeded (a window is an aid, never worth an eviction).
     */
    boolean reserveWindow(int bytes, long heapBytes) {
        if (windowBytesTotal + bytes > limits.overlapWindowBytesTotal()) {
            return false;
        }
        if (!account.charge(heapBytes)) {
            account.release(heapBytes);
            return false;
        }
        windowBytesTotal += bytes;
        return true;
    }

    void releaseWindow(int bytes, long heapBytes) {
        windowBytesTotal -= bytes;
        account.release(heapBytes);
    }
}
