package org.dlminspect.tcp;

import org.dlminspect.net.Endpoint;

/** One direction of a {@link TcpConnection}: bytes sent by {@code source} to {@code destination}. */
public record TcpDirection(TcpConnection connection, boolean fromClient) {
    // equals and hashCode written out, with the values the record's own would have (its hash: 31 * h + each
    // component's, in order), so that hash maps keep their order: the generated ones run a method-handle chain
    // per call, slow under C1 (the launcher's JIT for short runs) on this per-message key.
    @Override
    public boolean equals(Object o) {
        return o instanceof TcpDirection d && d.fromClient == fromClient && java.util.Objects.equals(d.connection, connection);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hashCode(connection) + Boolean.hashCode(fromClient);
    }

    public Endpoint source() {
        return fromClient ? connection.client() : connection.server();
    }

    public Endpoint destination() {
        return fromClient ? connection.server() : connection.client();
    }

    public int stream() {
        return connection.stream();
    }
}
