package org.dlminspect.sctp;

import java.util.List;

/**
 * An SCTP packet: the common header (RFC 9260 §3.1) and its chunks.
 *
 * @param checksumValid null when the checksum was not verified (the default, as tshark's {@code sctp.checksum}
 *                      preference: checksum offload makes the captured value meaningless on the sending host)
 */
public record SctpPacket(int sourcePort, int destinationPort, long verificationTag, long checksum,
                         Boolean checksumValid, List<SctpChunk> chunks) {

    public boolean has(SctpChunkType type) {
        for (SctpChunk c : chunks) {
            if (c.type() == type.value()) return true;
        }
        return false;
    }
}
