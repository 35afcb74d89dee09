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

    /** What happened, as the report's story line says it: "node 1 resets node 2's connection (RST)". */
    public String text() {
        String from = fromNode >= 0 ? "node " + fromNode : "a node";
        String to = toNode >= 0 ? "node " + toNode : "its peer";
        return switch (kind) {
            case RESET -> from + " resets " + to + "'s connection (RST)";
            case REFUSED -> Text.plural(count, "connect", "connects") + " of " + from + " to " + to + " refused";
            case RECONNECTED -> "reconnected (" + from + " to " + to + ")";
            case RETRANSMITTED -> from + " retransmits " + seqText() + (dropped == 0 ? ""
                    : dropped == count ? ", " + to + " drops the duplicates"
                    : ", " + to + " drops " + dropped + " duplicates");
        };
    }

    private String seqText() {
        StringBuilder b = new StringBuilder(seqs.size() == 1 && seqs.get(0).first() == seqs.get(0).last()
                ? "seq " : "seqs ");
        for (int i = 0; i < seqs.size(); i++) {
            if (i > 0) b.append(", ");
            b.append(seqs.get(i));
        }
        return b.toString();
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
        RETRANSMITTED;

        /** The name in JSON ({@code analyze --json}'s story steps). */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
