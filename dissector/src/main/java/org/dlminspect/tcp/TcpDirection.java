package org.dlminspect.tcp;

import org.dlminspect.net.Endpoint;

/** One direction of a {@link TcpConnection}: bytes sent by {@code source} to {@code destination}. */
public record TcpDirection(TcpConnection connection, boolean fromClient) {
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
