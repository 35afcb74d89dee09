package org.dlminspect.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.dlminspect.tcp.TcpConnection;
import org.dlminspect.tcp.TcpDirection;
import org.junit.jupiter.api.Test;

/**
 * The hand-written equals and hashCode of the per-message map keys give what the records' generated ones gave
 * (the same components, the same hash), so that hash maps keyed by them keep their iteration order: each is
 * compared with a record of the same components, whose methods are the generated ones.
 */
class KeyHashTest {
    private record IpShape(long high, long low, boolean v6) { }
    private record EndpointShape(IpAddress address, int port) { }
    private record ConnectionShape(int stream, Endpoint client, Endpoint server, long firstFrame, long firstEpochNanos,
                                   boolean sawSyn) { }
    private record DirectionShape(TcpConnection connection, boolean fromClient) { }

    private static final IpAddress V4 = IpAddress.parse("10.99.0.2");
    private static final IpAddress V6 = IpAddress.parse("fe80::1:2:3:4");

    @Test
    void addressesAndEndpointsHashAsTheirRecordsDid() {
        for (IpAddress a : new IpAddress[] {V4, V6, IpAddress.ipv4(-1)}) {
            assertEquals(new IpShape(a.high(), a.low(), a.v6()).hashCode(), a.hashCode(), a.toString());
            Endpoint e = new Endpoint(a, 21064);
            assertEquals(new EndpointShape(a, 21064).hashCode(), e.hashCode(), e.toString());
            assertEquals(e, new Endpoint(IpAddress.parse(a.toString()), 21064));
            assertNotEquals(e, new Endpoint(a, 21065));
        }
        assertNotEquals(V4, IpAddress.ipv4(V4.low() == 0 ? 1 : 0));
        assertNotEquals(new IpAddress(0, 5, false), new IpAddress(0, 5, true));
        assertNotEquals(new IpAddress(1, 5, true), new IpAddress(2, 5, true));
    }

    @Test
    void connectionsAndDirectionsHashAsTheirRecordsDid() {
        Endpoint client = new Endpoint(V4, 46629);
        Endpoint server = new Endpoint(V6, 21064);
        TcpConnection c = new TcpConnection(7, client, server, 12, 1_795_554_056_196_138_000L, true);
        assertEquals(new ConnectionShape(7, client, server, 12, 1_795_554_056_196_138_000L, true).hashCode(), c.hashCode());
        assertEquals(c, new TcpConnection(7, client, server, 12, 1_795_554_056_196_138_000L, true));
        assertNotEquals(c, new TcpConnection(7, client, server, 12, 1_795_554_056_196_138_000L, false));
        assertNotEquals(c, new TcpConnection(7, server, client, 12, 1_795_554_056_196_138_000L, true));
        assertNotEquals(c, new TcpConnection(7, client, server, 13, 1_795_554_056_196_138_000L, true));
        for (boolean fromClient : new boolean[] {true, false}) {
            TcpDirection d = new TcpDirection(c, fromClient);
            assertEquals(new DirectionShape(c, fromClient).hashCode(), d.hashCode());
            assertEquals(d, new TcpDirection(c, fromClient));
            assertNotEquals(d, new TcpDirection(c, !fromClient));
        }
    }
}
