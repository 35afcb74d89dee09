package org.dlminspect.tcp;

import org.dlminspect.net.IpAddress;
import org.dlminspect.net.TcpSegment;

/**
 * A TCP 4-tuple in canonical order (lower endpoint first), so both directions of a connection map to
 * the same key. Mutable only so that one probe instance can be reused for lookups; keys stored in a
 * map are copies and never change.
 */
final class ConnectionKey {
    private long aHigh;
    private long aLow;
    private long bHigh;
    private long bLow;
    private int aPort;
    private int bPort;
    private boolean v6;

    ConnectionKey() {
    }

    ConnectionKey(ConnectionKey o) {
        aHigh = o.aHigh;
        aLow = o.aLow;
        bHigh = o.bHigh;
        bLow = o.bLow;
        aPort = o.aPort;
        bPort = o.bPort;
        v6 = o.v6;
    }

    void set(TcpSegment s) {
        IpAddress src = s.source;
        IpAddress dst = s.destination;
        int c = Long.compareUnsigned(src.high(), dst.high());
        if (c == 0) c = Long.compareUnsigned(src.low(), dst.low());
        if (c == 0) c = Integer.compare(s.sourcePort, s.destinationPort);
        if (c <= 0) {
            aHigh = src.high(); aLow = src.low(); aPort = s.sourcePort;
            bHigh = dst.high(); bLow = dst.low(); bPort = s.destinationPort;
        } else {
            aHigh = dst.high(); aLow = dst.low(); aPort = s.destinationPort;
            bHigh = src.high(); bLow = src.low(); bPort = s.sourcePort;
        }
        v6 = src.v6();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConnectionKey k && aLow == k.aLow && bLow == k.bLow && aPort == k.aPort && bPort == k.bPort
                && aHigh == k.aHigh && bHigh == k.bHigh && v6 == k.v6;
    }

    @Override
    public int hashCode() {
        long h = aLow * 0x9E3779B97F4A7C15L;
        h = (h ^ bLow) * 0x9E3779B97F4A7C15L;
        h = (h ^ aHigh ^ (bHigh << 1)) * 0x9E3779B97F4A7C15L;
        h = (h ^ ((long) aPort << 16 | bPort)) * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) ^ (v6 ? 1 : 0);
    }
}
