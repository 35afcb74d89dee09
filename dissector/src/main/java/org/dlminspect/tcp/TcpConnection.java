package org.dlminspect.tcp;

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
}
