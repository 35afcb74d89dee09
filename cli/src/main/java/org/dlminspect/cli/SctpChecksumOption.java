package org.dlminspect.cli;

import org.dlminspect.pipeline.DissectorOptions;
import picocli.CommandLine.Option;

/**
 * {@code --verify-sctp-checksum}: check the CRC32c of every SCTP packet (RFC 9260 §6.8), as tshark does with
 * {@code -o sctp.checksum:crc32c}. Off by default like tshark's preference: on the sending host, checksum offload
 * leaves the checksum to the network card, so a capture there holds values that mean nothing.
 */
public final class SctpChecksumOption {
    @Option(names = "--verify-sctp-checksum",
            description = "Verify the CRC32c checksum of every SCTP packet and report each mismatch with its frame "
                    + "(sctp.checksum, a warning; the packet is still dissected). Off by default: captures taken on a "
                    + "sending host with checksum offload hold meaningless checksums.")
    boolean verify;

    DissectorOptions apply(DissectorOptions options) {
        return verify ? options.withSctpChecksumVerification(true) : options;
    }
}
