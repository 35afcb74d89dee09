package org.dlminspect.tcp;

import java.util.Objects;
import org.dlminspect.net.Endpoint;

/**
 * One TCP connection, numbered from 0 in order of first appearance like tshark's {@code tcp.stream}.
 * A new SYN on a 4-tuple whose previous connection was closed or reset starts a new connection.
 *
 * @param stream     the stream index
 * @param client     the endpoint that sent the first segment seen (the SYN sender when the SYN was seen)
 * @param server     the other endpoint
 * @param firstFrame frame number of the first segment seen
 * @param firstEpochNanos time of that segment
 * @param sawSyn     true when the connection's SYN was captured (false: capture started mid-connection)
 */
public record TcpConnection(int stream, Endpoint client, Endpoint server, long firstFrame, long firstEpochNanos, boolean sawSyn) {
    // equals and hashCode written out, with the values the record's own would have (its hash: 31 * h + each
    // component's, in order), so that hash maps keep their order: the generated ones run a method-handle chain
    // per call, slow under C1 (the launcher's JIT for short runs) on this per-message key.
    @Override
    public boolean equals(Object o) {
        return o instanceof TcpConnection c && c.stream == stream && Objects.equals(c.client, client)
                && Objects.equals(c.server, server) && c.firstFrame == firstFrame && c.firstEpochNanos == firstEpochNanos
                && c.sawSyn == sawSyn;
    }

    @Override
    public int hashCode() {
        int h = stream;
        h = 31 * h + Objects.hashCode(client);
        h = 31 * h + Objects.hashCode(server);
        h = 31 * h + Long.hashCode(firstFrame);
        h = 31 * h + Long.hashCode(firstEpochNanos);
        return 31 * h + Boolean.hashCode(sawSyn);
    }

}
