package org.dlminspect.pipeline;

/**
 * Where a DLM message travelled when it came over SCTP: the association (numbered like tshark's
 * {@code sctp.assoc_index}) and the DATA chunk(s) of the user message that held it.
 *
 * @param firstTsn TSN of the user message's first fragment; {@code lastTsn} of its last (equal if unfragmented)
 */
public record SctpInfo(int association, long firstTsn, long lastTsn, int streamId, int ssn) {
}
