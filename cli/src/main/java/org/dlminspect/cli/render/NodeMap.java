package org.dlminspect.cli.render;

import java.util.HashMap;
import java.util.Map;
import org.dlminspect.net.IpAddress;
import org.dlminspect.pipeline.DissectedMessage;

/**
 * Learns which DLM node id each address speaks for, from the {@code h_nodeid} of the messages
 * that address sends (the receiver's node id never appears in a header).
 */
public final class NodeMap {
    private final Map<IpAddress, Long> nodeByAddress = new HashMap<>();

    public void learn(DissectedMessage m) {
        nodeByAddress.putIfAbsent(m.direction().source().address(), m.header().nodeid());
    }

    /** @return the node id, or -1 when that address has not sent anything yet */
    public long nodeOf(IpAddress address) {
        Long n = nodeByAddress.get(address);
        return n == null ? -1 : n;
    }
}
