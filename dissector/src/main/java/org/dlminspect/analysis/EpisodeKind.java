package org.dlminspect.analysis;

/** What an {@link Episode} is: how related findings are grouped into one line of the story. */
public enum EpisodeKind {
    /** A node stopped answering: its peers' messages stayed unacknowledged, they closed their connections. */
    NODE_FAILURE("node_failure", "node failure"),
    /** A connection carrying DLM traffic was reset. */
    CONNECTION_RESET("connection_reset", "connection reset"),
    /** A run of connection attempts refused with RST. */
    REFUSED_CONNECTS("refused_connects", "refused connects"),
    /** Messages sent again with the sequence numbers they had (after a reconnect, or without one). */
    RETRANSMISSIONS("retransmissions", "retransmissions"),
    /** Sequence numbers that crossed the wire where the capture did not see them. */
    NOT_CAPTURED("not_captured", "not captured"),
    /** Messages that stayed unacknowledged. */
    UNACKNOWLEDGED("unacknowledged", "unacknowledged"),
    /** What the capture file itself shows (time order, limits of the analysis). */
    CAPTURE("capture", "capture"),
    /** Any other finding: an episode of its own. */
    OTHER("other", "finding");

    private final String wireName;
    private final String label;

    EpisodeKind(String wireName, String label) {
        this.wireName = wireName;
        this.label = label;
    }

    /** Stable name in JSON output. */
    public String wireName() {
        return wireName;
    }

    /** A few words for the report. */
    public String label() {
        return label;
    }

    /** The kind of episode a finding of {@code code} belongs to. */
    public static EpisodeKind of(FindingCode code) {
        return switch (code) {
            case NODE_SILENT -> NODE_FAILURE;
            case CONN_RESET -> CONNECTION_RESET;
            case CONN_REFUSED -> REFUSED_CONNECTS;
            case SEQ_RETRANSMISSION -> RETRANSMISSIONS;
            case SEQ_NOT_CAPTURED -> NOT_CAPTURED;
            case ACK_MISSING -> UNACKNOWLEDGED;
            case CAPTURE_OUT_OF_ORDER, ANALYSIS_LIMIT -> CAPTURE;
            default -> OTHER;
        };
    }
}
