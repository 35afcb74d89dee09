package org.dlminspect.analysis;

/**
 * One direction of a node pair at the end of the capture (a row of the report table).
 *
 * @param fromNode            sender node id, -1 when unknown
 * @param toNode              receiver node id, -1 when unknown
 * @param fromAddress         sender address
 * @param toAddress           receiver address
 * @param messages            DLM messages sent (any command)
 * @param bytes               their h_length total
 * @param sequenced           OPTS messages (carrying a sequence number)
 * @param acks                DLM_ACKs sent (acknowledging the other direction)
 * @param version             protocol version the receiver detected ("3.2", "3.1", "-")
 * @param firstSeq            first sequence number seen, -1 when none
 * @param lastSeq             highest sequence number seen, -1 when none
 * @param sessions            midcomms sessions seen (a new one starts at seq 0 after a reset)
 * @param retransmissions     sequence numbers that crossed the wire more than once (each repeat counts)
 * @param retransmissionsAfterReconnect of those, repeats explained by a connection failure
 * @param gaps                out-of-order episodes at the receiver (seq.gap)
 * @param notCaptured         sequence numbers missing from the capture but presumably received
 * @param duplicateAcks       ACKs for this direction repeating the previous value
 * @param unackedAtEnd        messages not acknowledged at the end
 * @param ackLatencyMedianNanos median time from a message reaching the receiver to the ACK covering it, -1 if none
 * @param ackLatencyMaxNanos  the maximum, -1 if none
 * @param ackSamples          messages with a latency sample
 * @param ackCadence          what the receiver's ACK pattern shows: UP_TO_6_4, FROM_6_5 or AUTO (unknown)
 * @param finState            the sender's midcomms state for the receiver at the end (its FIN handshake)
 * @param endState            how the direction ended when a node fell silent ({@link EndState#MIDCOMMS}: as {@code finState} says)
 */
public record DirectionSummary(
        long fromNode,
        long toNode,
        String fromAddress,
        String toAddress,
        long messages,
        long bytes,
        long sequenced,
        long acks,
        String version,
        long firstSeq,
        long lastSeq,
        int sessions,
        long retransmissions,
        long retransmissionsAfterReconnect,
        long gaps,
        long notCaptured,
        long duplicateAcks,
        long unackedAtEnd,
        long ackLatencyMedianNanos,
        long ackLatencyMaxNanos,
        long ackSamples,
        KernelEra ackCadence,
        MidcommsState finState,
        EndState endState) {

    /** The report's state column: the FIN state, or how a silent node's connection ended. */
    public String stateLabel() {
        return endState.label(finState);
    }
}
