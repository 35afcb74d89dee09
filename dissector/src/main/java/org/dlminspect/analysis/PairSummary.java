package org.dlminspect.analysis;

/**
 * One node pair at the end of the capture: its connections and both directions.
 *
 * @param nodeA            lower-addressed node's id (-1 unknown)
 * @param nodeB            the other node's id
 * @param addressA         node A's address
 * @param addressB         node B's address
 * @param connections      TCP connections that carried DLM messages
 * @param reconnects       of those, connections opened after an earlier one had been reset or closed
 * @param refusedConnects  connection attempts answered with RST before any data
 * @param aToB             direction A to B
 * @param bToA             direction B to A
 */
public record PairSummary(
        long nodeA,
        long nodeB,
        String addressA,
        String addressB,
        int connections,
        int reconnects,
        long refusedConnects,
        DirectionSummary aToB,
        DirectionSummary bToA) {
}
