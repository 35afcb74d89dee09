package org.dlminspect.net;

/** An IP address and TCP port. */
public record Endpoint(IpAddress address, int port) {
    // equals and hashCode written out, with the values the record's own would have (its hash: 31 * h + each
    // component's, in order), so that hash maps keep their order: the generated ones run a method-handle chain
    // per call, slow under C1 (the launcher's JIT for short runs) on this per-message key.
    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint e && e.port == port && java.util.Objects.equals(e.address, address);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hashCode(address) + port;
    }

    @Override
    public String toString() {
        return address.v6() ? "[" + address + "]:" + port : address + ":" + port;
    }
}
