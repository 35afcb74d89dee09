package org.dlminspect.analysis;

import org.dlminspect.net.IpAddress;

/** A cluster node as seen on the wire: an address and the node id it sends as (learnt from h_nodeid). */
final class Node {
    final IpAddress address;
    long nodeid = -1;
    /** What it sent last, for {@link NodeLiveness}. */
    final NodeLiveness.Activity liveness = new NodeLiveness.Activity();

    Node(IpAddress address) {
        this.address = address;
    }

    /** "node 2", or the address while the node id is unknown. */
    String label() {
        return nodeid >= 0 ? "node " + nodeid : address.toString();
    }

    String shortLabel() {
        return nodeid >= 0 ? Long.toString(nodeid) : address.toString();
    }
}
