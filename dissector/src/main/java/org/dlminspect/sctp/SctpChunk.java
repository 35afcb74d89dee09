package org.dlminspect.sctp;

/** One chunk of an SCTP packet. */
public sealed interface SctpChunk {

    int type();

    int flags();

    /** Chunk length field (header included, padding excluded). */
    int length();

    /**
     * A chunk that carries (a fragment of) a user message and has a TSN: DATA or I-DATA. {@code payload*} point
     * into the frame's buffer: copy to keep.
     */
    sealed interface UserData extends SctpChunk {
        long tsn();

        int streamId();

        byte[] payload();

        int payloadOffset();

        int payloadLength();

        /** U bit: an unordered message. */
        default boolean unordered() {
            return (flags() & 0x04) != 0;
        }

        /** B bit: the first fragment of its user message. */
        default boolean beginning() {
            return (flags() & 0x02) != 0;
        }

        /** E bit: the last fragment of its user message. */
        default boolean ending() {
            return (flags() & 0x01) != 0;
        }
    }

    /** DATA (RFC 9260 §3.3.1): fragments of one user message have consecutive TSNs, in order. */
    record Data(int flags, int length, long tsn, int streamId, int ssn, long ppid, byte[] payload, int payloadOffset,
                int payloadLength) implements UserData {
        public int type() {
            return SctpChunkType.DATA.value();
        }
    }

    /**
     * I-DATA (RFC 8260 §2.1): a user message is identified by its stream, its U bit and its message identifier (MID),
     * its fragments numbered by the fragment sequence number (FSN), so that fragments of messages of different
     * streams may interleave in TSN order. The first fragment (B bit) carries the PPID where the others carry the
     * FSN, and has FSN 0.
     *
     * @param ppidOrFsn the PPID on the first fragment, the FSN on the others
     */
    record IData(int flags, int length, long tsn, int streamId, long mid, long ppidOrFsn, byte[] payload, int payloadOffset,
                 int payloadLength) implements UserData {
        public int type() {
            return SctpChunkType.I_DATA.value();
        }

        /** Fragment sequence number: 0 for the first fragment (RFC 8260 §2.1). */
        public long fsn() {
            return beginning() ? 0 : ppidOrFsn;
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

    /**
     * FORWARD TSN (RFC 3758 §3.2) or I-FORWARD TSN (RFC 8260 §2.3.1): the sender of the DATA has abandoned every
     * TSN up to {@code newCumulativeTsn} it has not seen acknowledged (partial reliability); the receiver moves its
     * cumulative TSN there and drops the fragments of the abandoned messages.
     *
     * @param skipped the streams listed: for FORWARD TSN the last stream sequence number skipped, for I-FORWARD
     *                TSN the last message identifier (with its U bit)
     */
    record ForwardTsn(int type, int flags, int length, long newCumulativeTsn, java.util.List<Skipped> skipped)
            implements SctpChunk {
        /** Whether this is I-FORWARD TSN, which names messages by MID (I-DATA). */
        public boolean interleaved() {
            return type == SctpChunkType.I_FORWARD_TSN.value();
        }
    }

    /** One stream of a FORWARD TSN: {@code sequence} is the SSN (FORWARD TSN) or the MID (I-FORWARD TSN). */
    record Skipped(int streamId, boolean unordered, long sequence) { }

    /** Any other chunk, by type (ABORT, HEARTBEAT, SHUTDOWN, ..., unknown ones). */
    record Other(int type, int flags, int length) implements SctpChunk { }
}
