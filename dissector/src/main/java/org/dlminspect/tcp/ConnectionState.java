package org.dlminspect.tcp;

import org.dlminspect.net.TcpSegment;

/** One tracked connection: its identity and the two directions' reassembly state. */
final class ConnectionState {
    /**
     * Estimated heap of one tracked connection: this object (72), its key (56), the TcpConnection with its two
     * endpoints and addresses (40 + 2 x 24 + 2 x 32), two TcpDirections (2 x 24), two HalfStreams (2 x 136) with
     * their DeliveredWindows (2 x 32) and the LinkedHashMap entry with its table slot (48). Measured by
     * BoundedMemoryTest against the real heap.
     */
    static final long COST = 800;
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

    /** Whether a SYN without ACK from {@code s}'s sender begins a new connection on this 4-tuple. */
    boolean startsNewConnection(TcpSegment s) {
        HalfStream sender = fromClient(s) ? toServer : toClient;
        if (sender.synSeen()) {
            return sender.isn() != s.sequence;
        }
        return closed || sender.based();
    }
}
