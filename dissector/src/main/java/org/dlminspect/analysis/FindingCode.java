package org.dlminspect.analysis;

import org.dlminspect.Severity;

/**
 * Every kind of midcomms finding, with its stable code and default severity. A finding may carry a
 * different severity than the default when context changes its weight (a retransmission after a
 * reconnect is a note, one without a reconnect a warning); the code never changes.
 * Anomaly numbers (A13 ...) refer to reference §6.
 */
public enum FindingCode {
    /** A13: a seq beyond what the receiver expects, the missing ones never seen on the wire. */
    SEQ_GAP("seq.gap", Severity.ERROR, "sequence gap: receiver drops the message and all later ones until a retransmission"),
    /** A13 where the capture itself lacks the bytes: the receiver most likely got them. */
    SEQ_NOT_CAPTURED("seq.not_captured", Severity.NOTE, "sequence numbers missing from the capture, not from the wire"),
    /** A14/A15: a seq that crossed the wire before, byte-identical. */
    SEQ_RETRANSMISSION("seq.retransmission", Severity.NOTE, "message sent again with the same sequence number"),
    /** A14 with different bytes: the sequence number was reused for another message. */
    SEQ_DUPLICATE("seq.duplicate", Severity.ERROR, "sequence number reused for a different message"),
    /** A24: seq restarts at 0 without a completed FIN handshake. */
    SESSION_RESTART("session.restart", Severity.WARN, "sequence numbers restarted without a FIN handshake"),
    /** A24: after a completed FIN handshake the next seq is not 0. */
    SESSION_NO_RESTART("session.no_restart", Severity.WARN, "sequence numbers did not restart at 0 after a FIN handshake"),
    /** The same ACK value twice (a re-ACK after a dropped duplicate is normal). */
    ACK_DUPLICATE("ack.duplicate", Severity.CHAT, "duplicate ACK"),
    /** A16: an ACK for sequence numbers never sent. */
    ACK_UNSENT("ack.unsent", Severity.ERROR, "ACK for messages never sent"),
    /** A17: an ACK lower than an earlier one in the same session. */
    ACK_REGRESSION("ack.regression", Severity.WARN, "ACK lower than an earlier ACK"),
    /** Messages never acknowledged, or an ACK showing the receiver never accepted a message that crossed the wire. */
    ACK_MISSING("ack.missing", Severity.WARN, "messages not acknowledged"),
    /** A18: unacknowledged backlog above the threshold. */
    ACK_BACKLOG("ack.backlog", Severity.WARN, "unacknowledged backlog above threshold"),
    /** A22, second FIN, bare FIN, FIN-ACK in an unexpected state (§3.9 rules 13, 15). */
    FIN_VIOLATION("fin.violation", Severity.ERROR, "FIN handshake violation"),
    /** A23: FIN not acknowledged in time, or handshake unfinished at the end of the capture. */
    FIN_INCOMPLETE("fin.incomplete", Severity.WARN, "FIN not acknowledged"),
    /** A21: a new sequenced message from a node after its own FIN. */
    DATA_AFTER_FIN("data.after_fin", Severity.ERROR, "data sent after FIN"),
    /** A3: version changes within a session. */
    VERSION_MISMATCH("version.mismatch", Severity.ERROR, "protocol version changed within a session"),
    /** A2: h_version neither 3.1 nor 3.2. */
    VERSION_UNKNOWN("version.unknown", Severity.ERROR, "unknown protocol version"),
    /** A19/A20: sequenced traffic before the version could be known. */
    VERSION_UNDETECTED("version.undetected", Severity.WARN, "sequenced message before version detection"),
    /** A4/A5/A6: a command the receiver does not accept in this version or unwrapped. */
    CMD_UNSUPPORTED("cmd.unsupported", Severity.ERROR, "command the receiver rejects"),
    /** A25/A26: h_nodeid does not match the node of the sending address. */
    NODEID_MISMATCH("nodeid.mismatch", Severity.ERROR, "sender node id does not match its address"),
    /** A7/A8/A12: OPTS the receiver drops before sequence handling. */
    OPTS_INVALID("opts.invalid", Severity.ERROR, "malformed OPTS dropped without consuming its sequence number"),
    /** A10: inner h_length differs from outer h_length - 24 - o_optlen. */
    OPTS_INNER_LENGTH("opts.inner_length", Severity.ERROR, "inner length inconsistent with OPTS length"),
    /** A9: o_nextcmd differs from the inner h_cmd. */
    OPTS_NEXTCMD_MISMATCH("opts.nextcmd_mismatch", Severity.WARN, "o_nextcmd differs from inner h_cmd"),
    /** A11: o_optlen not 0. */
    OPTS_OPTIONS("opts.options", Severity.NOTE, "OPTS carries unparsed options"),
    /** A1: framing lost on a direction (from the framer's diagnostics). */
    STREAM_DESYNC("stream.desync", Severity.ERROR, "message framing lost on a TCP direction"),
    /** An established DLM connection was reset: the kernel reconnects and retransmits. */
    CONN_RESET("conn.reset", Severity.NOTE, "DLM connection reset"),
    /** A42: connection attempts answered with RST. */
    CONN_REFUSED("conn.refused", Severity.NOTE, "connection attempts refused"),
    /** A43: two TCP connections carry one node pair's traffic (othercon). */
    CONN_PARALLEL("conn.parallel", Severity.CHAT, "two TCP connections for one node pair"),
    /** A node stopped sending while its peers waited for its ACKs: it failed, hung or was cut off. */
    NODE_SILENT("node.silent", Severity.WARN, "node stopped answering"),
    /** The capture file is not in timestamp order: the analysis put it in order (a property of the file). */
    CAPTURE_OUT_OF_ORDER("capture.out_of_order", Severity.NOTE, "capture file not in time order"),
    /** The analyzer hit a memory bound and tracks less from here on. */
    ANALYSIS_LIMIT("analysis.limit", Severity.NOTE, "analysis limit reached"),
    /** Per-node captures: a segment left its sender's capture and never reached the receiver's, which was running. */
    NET_LOST("net.lost", Severity.WARN, "segments lost in the network between two capture points"),
    /** Per-node captures: a segment arrived at the receiver's capture but the sender's capture, running, lacks it. */
    CAPTURE_SENDER_MISSED("capture.sender_missed", Severity.NOTE, "segments missing from the sender's capture (capture drop there)"),
    /** Per-node captures: a capture shares no traffic with the others (another cluster, time or place). */
    /** Traffic on the DLM ports that was not dissected (no DLM message in it, or SCTP chunks not understood). */
    CAPTURE_NOT_ANALYSED("capture.not_analysed", Severity.WARN, "traffic on the DLM ports not analysed"),
    CAPTURE_UNMATCHED("capture.unmatched", Severity.WARN, "capture shares no traffic with the others; left out"),
    /** Per-node captures: two captures share no traffic both ways, so their clocks cannot be compared. */
    CAPTURE_UNALIGNED("capture.unaligned", Severity.NOTE, "captures not aligned in time"),
    /** Per-node captures: the matching window reached its time or memory limit. */
    CAPTURE_MATCH_LIMIT("capture.match_limit", Severity.WARN, "per-node matching window full"),

    // Lock level (package locks, issue #12).
    /** A33: a reply, GRANT or BAST whose request or lock the capture does not explain, or whose ids do not match. */
    LOCK_UNMATCHED("lock.unmatched", Severity.WARN, "lock reply without its request, or with unmatched lock ids"),
    /** A33: a request never answered before the same lock was used again (no recovery in between). */
    LOCK_REPLY_MISSING("lock.reply_missing", Severity.WARN, "lock request without its reply"),
    /** A34: CONVERT_REPLY missing for a conversion that is not a down-conversion, or sent for a down-conversion. */
    LOCK_CONVERT_REPLY("lock.convert_reply", Severity.WARN, "CONVERT_REPLY missing or unexpected"),
    /** A lock request or conversion that waited longer than the --slow threshold. */
    LOCK_SLOW("lock.slow", Severity.NOTE, "lock request slower than the threshold"),
    /** A lock request still without reply or grant at the end of the capture, older than the threshold. */
    LOCK_STUCK("lock.stuck", Severity.WARN, "lock request still waiting at the end of the capture"),
    /** A39: a DLM_MSG from a node that the last recovery did not count as a lockspace member. */
    LOCK_NON_MEMBER("lock.non_member", Severity.WARN, "lock message from a node that is not a lockspace member"),
    /** A35: an RCOM reply whose rc_id or rc_seq_reply does not match the outstanding request. */
    RCOM_REPLY_MISMATCH("rcom.reply_mismatch", Severity.NOTE, "RCOM reply that the requester ignores"),
    /** A36: STATUS_REPLY lvblen or lockspace flags differ between the nodes of one lockspace. */
    RCOM_CONFIG_MISMATCH("rcom.config_mismatch", Severity.ERROR, "lockspace configuration differs between nodes"),
    /** A37: STATUS_REPLY "lockspace not ready" (-ESRCH, rf_lvblen 0xFFFFFFFF): the replier has not joined yet. */
    RCOM_NOT_READY("rcom.not_ready", Severity.NOTE, "lockspace not ready on the replying node"),
    /** A38: generation going back, duplicate slots, more slots than fit. */
    RCOM_SLOTS("rcom.slots", Severity.WARN, "slot table error"),
    /** The lock analysis hit the memory budget and forgot locks. */
    LOCK_LIMIT("lock.limit", Severity.NOTE, "lock analysis limit reached");

    private final String code;
    private final Severity defaultSeverity;
    private final String title;

    FindingCode(String code, Severity defaultSeverity, String title) {
        this.code = code;
        this.defaultSeverity = defaultSeverity;
        this.title = title;
    }

    /** Stable dotted code, e.g. {@code seq.gap}. */
    public String code() {
        return code;
    }

    public Severity defaultSeverity() {
        return defaultSeverity;
    }

    /** A few words for legends and help. */
    public String title() {
        return title;
    }

    /** The enum constant for a dotted code, or null. */
    public static FindingCode fromCode(String code) {
        for (FindingCode c : values()) {
            if (c.code.equals(code)) return c;
        }
        return null;
    }
}
