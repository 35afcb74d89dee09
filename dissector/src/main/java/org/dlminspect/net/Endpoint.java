package org.dlminspect.net;

/** An IP address and TCP port. */
public record Endpoint(IpAddress address, int port) {
    @Override
    public String toString() {
        return address.v6() ? "[" + address + "]:" + port : address + ":" + port;
    }
}
