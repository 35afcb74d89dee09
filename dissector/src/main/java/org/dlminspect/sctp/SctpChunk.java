package org.dlminspect.sctp;

/** One chunk of an SCTP packet. */
public sealed interface SctpChunk {

    int type();

    int flags();

    /** Chunk length field (header included, padding excluded). */
    int length();

    /**
     * DATA (RFC 9260 §3.3.1). {@code payload*} point into the frame's buffer: copy to keep.
     *
     * @param unordered U bit; {@code beginning} B bit; {@code ending} E bit
     */
    record Data(int flags, int length, long tsn, int streamId, int ssn, long ppid, byte[] payload, int payloadOffset,
                int payloadLength) implements SctpChunk {
        public int type() {
            return SctpChunkType.DATA.value();
        }

        public boolean unordered() {
            return (flags & 0x04) != 0;
        }

        public boolean beginning() {
            return (flags & 0x02) != 0;
        }

        public boolean ending() {
            return (flags & 0x01) != 0;
        }
    }

    /** INIT or INIT ACK (§3.3.2, §3.3.3): the initiate tag is the tag the sender expects on what it receives. */
    record Init(int type, int flags, int length, long initiateTag, long initialTsn) implements SctpChunk { }

    /** SACK (§3.3.4): what the sender of the SACK has received, cumulatively. */
    record Sack(int flags, int length, long cumulativeTsn, int gapBlocks, int duplicates) implements SctpChunk {
        public int type() {
            return SctpChunkType.SACK.value();
        }
    }

    /** Any other chunk, by type (ABORT, HEARTBEAT, SHUTDOWN, ..., unknown ones). */
    record Other(int type, int flags, int length) implements SctpChunk { }
}
