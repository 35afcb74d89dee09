package org.dlminspect.tcp;

import org.dlminspect.net.TcpSegment;

/** One tracked connection: its identity and the two directions' reassembly state. */
final class ConnectionState {
    /**
     * Estimated heap of one tracked connection: this object (72), its key (56), the TcpConnection with its two
     * endpoints and addresses (40 + 2 x 24 + 2 x 32), two TcpDirections (2 x 24), two HalfStreams (2 x 128) with
     * their HeldChunks (2 x 32) and DeliveredWindows (2 x 32) and the LinkedHashMap entry with its table slot (48).
     * Measured by BoundedMemoryTest against the real heap.
     */
    static final long COST = 848;
    final ConnectionKey key;
    final TcpConnection connection;
    final HalfStream toServer;
    final HalfStream toClient;
    private final long clientHigh;
    private final long clientLow;
    private final int clientPort;
    /** A FIN or RST was seen in either direction: a new SYN on the 4-tuple starts a new connection. */
    boolean closed;
    long lastFrame;
    long lastEpochNanos;
    /**
     * A SYN that reused this live connection's 4-tuple (a reconnect from the same source port): a connection of its
     * own, beside this one, until the server accepts it (SYN-ACK or data on it: this one is replaced) or refuses it
     * (RST: it ends and this one lives on). Segments meanwhile go to the connection whose sequence space they fit.
     */
    ConnectionState candidate;

    ConnectionState(ConnectionKey key, TcpConnection connection, TcpReassembler owner) {
        this.key = key;
        this.connection = connection;
        this.toServer = new HalfStream(new TcpDirection(connection, true), owner);
        this.toClient = new HalfStream(new TcpDirection(connection, false), owner);
        this.clientHigh = connection.client().address().high();
        this.clientLow = connection.client().address().low();
        this.clientPort = connection.client().port();
    }

    boolean fromClient(TcpSegment s) {
        return s.sourcePort == clientPort && s.source.low() == clientLow && s.source.high() == clientHigh;
    }

    /** A FIN was seen (an RST alone may come from a firewall answering for a socket that lives on). */
    boolean finSeen;

    /** Carried data and saw no FIN: a SYN on its 4-tuple must not end it before the server answers. */
    boolean live() {
        return !finSeen && (toServer.deliveredBytes() > 0 || toClient.deliveredBytes() > 0);
    }

    /** Whether segment {@code s} belongs to the {@link #candidate} rather than to this connection. */
    boolean forCandidate(TcpSegment s) {
        boolean synOnly = s.has(TcpSegment.SYN) && !s.has(TcpSegment.ACK);
        if (synOnly) return true; // the candidate's own SYN, or its retransmission
        ConnectionState k = candidate;
        long clientIsn1 = (k.toServer.isn() + 1) & 0xFFFFFFFFL;
        if (!fromClient(s) && s.has(TcpSegment.ACK) && s.acknowledgement == clientIsn1) return true; // SYN-ACK, RST
        boolean client = fromClient(s);
        HalfStream old = client ? toServer : toClient;
        HalfStream attempt = k.fromClient(s) ? k.toServer : k.toClient;
        return attempt.distance(s.sequence) < old.distance(s.sequence);
    }

    /** Whether a SYN without ACK from {@code s}'s sender begins a new connection on this 4-tuple. */
    boolean startsNewConnection(TcpSegment s) {
        HalfStream sender = fromClient(s) ? toServer : toClient;
        if (sender.synSeen()) {
            return sender.isn() != s.sequence;
        }
        return closed || sender.based();
    }
}
