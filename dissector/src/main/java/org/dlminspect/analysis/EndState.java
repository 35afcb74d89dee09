package org.dlminspect.analysis;

/**
 * How a direction of a node pair ends, beyond its midcomms FIN state: a node that fell silent does not finish its
 * handshake, and the connection is closed by the peer that gave up on it.
 */
public enum EndState {
    /** The sender's midcomms state tells it ({@link DirectionSummary#finState()}). */
    MIDCOMMS("midcomms"),
    /** The receiver fell silent and the sender closed its connection to it (dropping its unacknowledged queue). */
    CLOSED_PEER_SILENT("closed_peer_silent"),
    /** The receiver fell silent; the sender's connection to it is still open when the capture ends. */
    PEER_SILENT("peer_silent"),
    /** The sender fell silent and its peer closed the connection to it. */
    CLOSED_BY_PEER("closed_by_peer"),
    /** The sender fell silent; its peer had not closed the connection when the capture ends. */
    SILENT("silent");

    private final String wireName;

    EndState(String wireName) {
        this.wireName = wireName;
    }

    /** Stable name in JSON output. */
    public String wireName() {
        return wireName;
    }

    /** The report's state column: {@code finState} unless the direction ended otherwise. */
    public String label(MidcommsState finState) {
        return switch (this) {
            case MIDCOMMS -> finState.name();
            case CLOSED_PEER_SILENT -> "closed (peer silent)";
            case PEER_SILENT -> finState.name() + " (peer silent)";
            case CLOSED_BY_PEER -> "closed by peer";
            case SILENT -> "silent";
        };
    }
}
