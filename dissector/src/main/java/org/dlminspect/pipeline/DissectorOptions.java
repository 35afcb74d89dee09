package org.dlminspect.pipeline;

import java.util.BitSet;
import java.util.Collection;
import org.dlminspect.tcp.ReassemblyLimits;

/**
 * What the {@link Dissector} treats as DLM and how much it may hold.
 *
 * @param ports  TCP ports carrying DLM (a segment is DLM when either port is in the set)
 * @param limits TCP reassembly memory limits
 */
public record DissectorOptions(BitSet ports, ReassemblyLimits limits) {
    public static final int DLM_TCP_PORT = 21064;

    public static DissectorOptions defaults() {
        return withPorts(java.util.List.of(DLM_TCP_PORT));
    }

    public static DissectorOptions withPorts(Collection<Integer> ports) {
        BitSet set = new BitSet(65536);
        for (int p : ports) {
            if (p < 0 || p > 65535) {
                throw new IllegalArgumentException("not a TCP port: " + p);
            }
            set.set(p);
        }
        return new DissectorOptions(set, ReassemblyLimits.defaults());
    }

    public DissectorOptions withLimits(ReassemblyLimits newLimits) {
        return new DissectorOptions(ports, newLimits);
    }

    public boolean isDlmPort(int port) {
        return ports.get(port);
    }
}
