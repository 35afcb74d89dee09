package org.dlminspect.pipeline;

/**
 * Where a DLM message travelled when it came over SCTP: the association (numbered like tshark's
 * {@code sctp.assoc_index}) and the DATA or I-DATA chunk(s) of the user message that held it.
 *
 * @param firstTsn TSN of the user message's first fragment; {@code lastTsn} of its last (equal if unfragmented)
 * @param ssn      the stream sequence number of DATA (RFC 9260 §3.3.1); -1 for I-DATA, which has none
 * @param mid      the message identifier of I-DATA (RFC 8260 §2.1); -1 for DATA
 */
public record SctpInfo(int association, long firstTsn, long lastTsn, int streamId, int ssn, long mid) {
    /** A message carried by DATA chunks. */
    public SctpInfo(int association, long firstTsn, long lastTsn, int streamId, int ssn) {
        this(association, firstTsn, lastTsn, streamId, ssn, -1);
    }

    /** Whether the message came in I-DATA chunks (then {@link #mid} names it, and there is no SSN). */
    public boolean interleaved() {
        return mid >= 0;
    }
}
