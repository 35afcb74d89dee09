package org.dlminspect.analysis;

import org.dlminspect.tcp.TcpConnection;

/** What the analysis keeps about one TCP connection. */
final class StreamState {
    final TcpConnection connection;
    final Link link;
    /** Directions of the node pair this connection's client-to-server and server-to-client bytes belong to. */
    final DirectionState clientToServer;
    final DirectionState serverToClient;

    boolean carriedData;
    boolean countedEnded;
    /** An RST was seen on this connection (it counts as closed). */
    boolean dead;
    long deadFrame;
    /**
     * Each endpoint's socket separately (an RST resets the socket that receives it; a firewall may answer for a
     * socket that is still alive): nothing sent to a reset socket reaches its node.
     */
    boolean clientSocketReset;
    boolean serverSocketReset;
    /**
     * A later RST towards the other endpoint (-1: none): it reset that socket unless its node is seen sending on
     * this connection afterwards (a firewall on that node dropped the RST).
     */
    long pendingResetFrame = -1;
    long pendingResetNanos;
    boolean pendingResetOfClient;
    boolean clientFin;
    boolean serverFin;
    /** Bytes missing from the capture since the last message, per direction. */
    boolean gapClientToServer;
    boolean gapServerToClient;
    long missingClientToServer;
    long missingServerToClient;
    /** Framing lost: later message boundaries on that direction are not trusted. */
    boolean desyncClientToServer;
    boolean desyncServerToClient;

    StreamState(TcpConnection connection, Link link, DirectionState clientToServer, DirectionState serverToClient) {
        this.connection = connection;
        this.link = link;
        this.clientToServer = clientToServer;
        this.serverToClient = serverToClient;
    }

    int stream() {
        return connection.stream();
    }

    boolean closed() {
        return dead || (clientFin && serverFin);
    }

    DirectionState direction(boolean fromClient) {
        return fromClient ? clientToServer : serverToClient;
    }

    boolean gapPending(boolean fromClient) {
        return fromClient ? gapClientToServer : gapServerToClient;
    }

    long missingBytes(boolean fromClient) {
        return fromClient ? missingClientToServer : missingServerToClient;
    }

    void clearGap(boolean fromClient) {
        if (fromClient) {
            gapClientToServer = false;
            missingClientToServer = 0;
        } else {
            gapServerToClient = false;
            missingServerToClient = 0;
        }
    }

    void markGap(boolean fromClient, long bytes) {
        if (fromClient) {
            gapClientToServer = true;
            if (bytes > 0) missingClientToServer += bytes;
        } else {
            gapServerToClient = true;
            if (bytes > 0) missingServerToClient += bytes;
        }
    }

    boolean desync(boolean fromClient) {
        return fromClient ? desyncClientToServer : desyncServerToClient;
    }

    void markDesync(boolean fromClient) {
        if (fromClient) desyncClientToServer = true;
        else desyncServerToClient = true;
    }

    boolean socketReset(boolean client) {
        return client ? clientSocketReset : serverSocketReset;
    }

    void resetSocket(boolean client) {
        if (client) clientSocketReset = true;
        else serverSocketReset = true;
    }

    String describe() {
        TcpConnection c = connection;
        return "stream " + c.stream() + " (" + c.client() + " -> " + c.server() + ")";
    }
}
