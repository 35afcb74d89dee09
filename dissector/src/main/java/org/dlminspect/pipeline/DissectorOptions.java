package org.dlminspect.pipeline;

import java.util.BitSet;
import java.util.Collection;
import org.dlminspect.tcp.ReassemblyLimits;

/**
 * What the {@link Dissector} treats as DLM and how much it may hold.
 *
 * @param ports               TCP ports carrying DLM (a segment is DLM when either port is in the set)
 * @param limits              TCP reassembly memory limits
 * @param verifySctpChecksums verify the CRC32c of every SCTP packet (RFC 9260 §6.8) and report a mismatch
 *                            ({@code sctp.checksum}); off by default, as tshark's {@code sctp.checksum} preference,
 *                            because a capture on a sending host with checksum offload holds meaningless values
 */
public record DissectorOptions(BitSet ports, ReassemblyLimits limits, boolean verifySctpChecksums) {
    public static final int DLM_TCP_PORT = 21064;

    /** Without SCTP checksum verification. */
    public DissectorOptions(BitSet ports, ReassemblyLimits limits) {
        this(ports, limits, false);
    }

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
        return new DissectorOptions(ports, newLimits, verifySctpChecksums);
    }

    public DissectorOptions withSctpChecksumVerification(boolean verify) {
        return new DissectorOptions(ports, limits, verify);
    }

    public boolean isDlmPort(int port) {
        return ports.get(port);
    }
}
