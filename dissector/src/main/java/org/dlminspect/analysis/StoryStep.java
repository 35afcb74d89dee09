package org.dlminspect.analysis;

import java.util.List;

/**
 * One step of a {@link Story}.
 *
 * @param kind      what happened
 * @param nanos     when it started
 * @param endNanos  when it ended (== {@code nanos} for a moment)
 * @param fromNode  the node that acted: the RST's sender, the connecting node, the retransmitting node (-1: unknown)
 * @param toNode    the node it acted on (-1: unknown)
 * @param count     REFUSED: connection attempts refused; RETRANSMITTED: copies sent; 0 otherwise
 * @param seqs      RETRANSMITTED: the sequence numbers sent again
 * @param dropped   RETRANSMITTED: copies the receiver already had and dropped (re-ACKed)
 */
public record StoryStep(Kind kind, long nanos, long endNanos, long fromNode, long toNode, long count,
                        List<SeqRange> seqs, long dropped) {

    public StoryStep {
        seqs = List.copyOf(seqs);
    }

    /** The kinds of step of a connection failure. */
    public enum Kind {
        /** A node answered with RST: the other's socket was reset. */
        RESET,
        /** A run of connection attempts answered with RST. */
        REFUSED,
        /** DLM traffic flows on a new connection again. */
        RECONNECTED,
        /** Unacknowledged messages went out again after the failure. */
        RETRANSMITTED
    }
}
