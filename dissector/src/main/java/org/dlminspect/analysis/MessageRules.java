package org.dlminspect.analysis;

import java.util.HashMap;
import java.util.Map;
import org.dlminspect.Severity;
import org.dlminspect.dlm.DlmHeader;
import org.dlminspect.dlm.DlmOpts;
import org.dlminspect.dlm.DlmOptsHeader;

/**
 * What the receiving kernel checks in each message before sequence handling (reference §3.3, §6): version,
 * command, node id, the OPTS wrapper read through {@link DlmOptsHeader}, and version detection at a session's
 * start; then hands a checked OPTS to the {@link SenderModel} and an ACK to the {@link AckModel}. Decides
 * {@code version.*}, {@code cmd.unsupported}, {@code nodeid.mismatch}, {@code opts.*} and {@code session.restart}
 * for a recovery RCOM in the middle of a FIN handshake. Tells {@link NodeLiveness} the message types it sees.
 */
final class MessageRules {
    private static final long V31 = DlmHeader.VERSION_3_1;
    private static final long V32 = DlmHeader.VERSION_3_2;

    private final AnalysisContext ctx;
    private final SenderModel sender;
    private final AckModel acks;
    private final NodeLiveness liveness;
    private final Map<Long, Node> nodesById = new HashMap<>();

    MessageRules(AnalysisContext ctx, SenderModel sender, AckModel acks, NodeLiveness liveness) {
        this.ctx = ctx;
        this.sender = sender;
        this.acks = acks;
        this.liveness = liveness;
    }

    /** h_version neither 3.1 nor 3.2 (A2): the receiver skips the message; false then. */
    boolean knownVersion(DirectionState d, StreamState st, DlmHeader h, long frame, long now) {
        long version = h.version();
        if (version == V31 || version == V32) return true;
        ctx.report(d, FindingCode.VERSION_UNKNOWN, Severity.ERROR, frame, now, st.stream(), new long[] {frame},
                new long[0], d.sender.label() + " sends h_version " + Text.hex32(version) + " (h_cmd "
                        + h.cmd() + "), neither 3.1 nor 3.2: " + d.receiver.label() + "'s kernel skips the message"
                        + " ('received invalid version header')");
        return false;
    }

    /** A bare DLM_FIN or a command that is no DLM command (A4, A6). */
    void onUnsupported(DirectionState d, StreamState st, DlmHeader h, long frame, long now) {
        learnNode(d, h.nodeid(), frame, now, st);
        String what = h.cmd() == 5 ? " sends a bare DLM_FIN (not wrapped in OPTS): " + d.receiver.label()
                + "'s kernel drops it ('unsupported h_cmd received: 5') and the FIN handshake does not advance"
                : " sends h_cmd " + h.cmd() + ", which is not a DLM command: " + d.receiver.label()
                        + "'s kernel skips it ('unsupported h_cmd received')";
        ctx.report(d, FindingCode.CMD_UNSUPPORTED, Severity.ERROR, frame, now, st.stream(), new long[] {frame},
                new long[0], d.sender.label() + what);
    }

    /** An unwrapped DLM_MSG or DLM_RCOM; its {@code limit} captured bytes at {@code off} in {@code a}. */
    void onUnwrapped(DirectionState d, StreamState st, DlmHeader h, byte[] a, int off, int limit, long frame, long now) {
        learnNode(d, h.nodeid(), frame, now, st);
        if (!checkVersion(d, st, h.version(), frame, now)) return;
        if (h.nodeid() != d.sender.nodeid && d.sender.nodeid >= 0) {
            ctx.report(d, FindingCode.NODEID_MISMATCH, Severity.ERROR, frame, now, st.stream(), new long[] {frame},
                    new long[0], d.sender.address + " (" + d.sender.label() + ") sends a " + (h.cmd() == 1 ? "DLM_MSG"
                            : "DLM_RCOM") + " with h_nodeid " + h.nodeid() + ": " + d.receiver.label()
                            + "'s kernel drops it ('invalid h_nodeid " + h.nodeid() + " from " + d.sender.nodeid + "')");
        }
        long type = DlmOptsHeader.typeAt(a, off, limit, 0, h.cmd());
        if (h.cmd() == 2) liveness.rcom(d.sender, d.receiver, frame, now);
        else liveness.message(d.sender, d.receiver, type, frame, now);
        int rcomType = h.cmd() == 2 ? (int) type : -1;
        boolean versionRcom = rcomType == 1 || rcomType == 2 || rcomType == 5 || rcomType == 6;
        if (h.version() == V32 && d.reverse.version == V32 && (h.cmd() == 1 || (rcomType >= 0 && !versionRcom))) {
            ctx.report(d, FindingCode.CMD_UNSUPPORTED, Severity.ERROR, frame, now, st.stream(), new long[] {frame},
                    new long[0], d.sender.label() + " sends an unwrapped " + (h.cmd() == 1 ? "DLM_MSG"
                            : "DLM_RCOM of type " + rcomType) + " with a 3.2 header to " + d.receiver.label()
                            + ", a 3.2 node: its kernel drops it (" + (h.cmd() == 1 ? "'unsupported h_cmd received: 1'"
                            : "'unsupported rcom type received: " + rcomType + "'") + "); 3.2 peers must wrap it in OPTS");
        }
        MidcommsState rs = d.reverse.state;
        if (versionRcom && rs != MidcommsState.ESTABLISHED && rs != MidcommsState.CLOSED) {
            ctx.report(d, FindingCode.SESSION_RESTART, Severity.WARN, frame, now, st.stream(), new long[] {frame},
                    new long[0], d.receiver.label() + " receives a recovery RCOM (type " + rcomType + ") from "
                            + d.sender.label() + " while in state " + rs + ": a 5.14-6.5 kernel logs 'reset node "
                            + d.sender.shortLabel() + " because shutdown stuck' and restarts both sequence numbers"
                            + " at 0; 6.6 and later keep the session");
        }
        if (d.state == MidcommsState.CLOSED && !d.senderResetDone) d.state = MidcommsState.ESTABLISHED;
        if (d.reverse.state == MidcommsState.CLOSED && !d.reverse.senderResetDone) {
            d.reverse.state = MidcommsState.ESTABLISHED;
        }
    }

    /** A DLM_OPTS; its {@code limit} captured bytes at {@code off} in {@code a}. */
    void onOpts(DirectionState d, StreamState st, boolean fromClient, DlmHeader h, byte[] a, int off, int limit,
                        long frame, long now) {
        long seq = h.seq();
        int len = h.length();
        String invalid = null;
        int nextcmd = -1;
        int optlen = -1;
        int remaining = -1;
        DlmHeader inner = null;
        DlmOptsHeader view = len < DlmOpts.SIZE ? null : DlmOptsHeader.read(a, off, limit, h);
        if (len < DlmOpts.SIZE) {
            invalid = "h_length " + len + " is below the 24-byte OPTS header";
        } else if (view != null) {
            nextcmd = view.nextcmd();
            optlen = view.optlen();
            remaining = view.innerRoom();
            int min = minimumFor(nextcmd);
            if (remaining < 0) {
                invalid = "o_optlen " + optlen + " exceeds the " + (len - DlmOpts.SIZE) + " bytes after the OPTS header";
            } else if (min < 0) {
                invalid = "o_nextcmd " + nextcmd + " is not MSG, RCOM or FIN ('unsupported o_nextcmd received')";
            } else if (remaining < min) {
                invalid = remaining + " bytes remain for the inner " + cmdName(nextcmd) + ", fewer than " + min;
            } else if (view.inner() != null) {
                inner = view.inner();
                int innerMin = minimumFor(inner.cmd());
                if (innerMin < 0) {
                    invalid = "inner h_cmd " + inner.cmd() + " is not MSG, RCOM or FIN"
                            + " ('unsupported inner h_cmd received')";
                } else if (inner.length() < innerMin) {
                    invalid = "inner h_length " + inner.length() + " is below the " + innerMin + " bytes of an "
                            + cmdName(inner.cmd());
                }
            }
        }
        if (inner != null && invalid == null) {
            if (inner.cmd() == 2) liveness.rcom(d.sender, d.receiver, frame, now);
            else liveness.message(d.sender, d.receiver, view.innerType(), frame, now);
        }
        boolean innerApp = inner != null && (inner.cmd() == 1 || inner.cmd() == 2);
        learnNode(d, innerApp ? inner.nodeid() : h.nodeid(), frame, now, st);
        if (h.version() == V31) {
            ctx.report(d, FindingCode.CMD_UNSUPPORTED, Severity.ERROR, frame, now, st.stream(), new long[] {frame},
                    new long[] {seq}, d.sender.label() + " sends DLM_OPTS seq " + seq + " with a 3.1 header: "
                            + d.receiver.label() + "'s kernel drops it ('unsupported h_cmd received: 3'), OPTS exist"
                            + " only in 3.2");
            return;
        }
        boolean versionWasUnknown = d.version == 0;
        if (!checkVersion(d, st, h.version(), frame, now)) return;
        if (invalid != null) {
            ctx.report(d, FindingCode.OPTS_INVALID, Severity.ERROR, frame, now, st.stream(), new long[] {frame},
                    new long[] {seq}, d.sender.label() + "'s OPTS seq " + seq + " to " + d.receiver.label()
                            + " is malformed: " + invalid + "; the receiving kernel drops it before sequence handling"
                            + " ('opts msg too small' or similar), so seq " + seq + " is not consumed and the messages"
                            + " after it look out of order to it");
            sender.onInvalidOpts(d, seq, st, frame, now);
            st.clearGap(fromClient);
            return;
        }
        if (innerApp && d.sender.nodeid >= 0 && inner.nodeid() != d.sender.nodeid) {
            ctx.report(d, FindingCode.NODEID_MISMATCH, Severity.ERROR, frame, now, st.stream(), new long[] {frame},
                    new long[] {seq}, d.sender.address + " (" + d.sender.label() + ") wraps a " + cmdName(inner.cmd())
                            + " with inner h_nodeid " + inner.nodeid() + " in OPTS seq " + seq + ": "
                            + d.receiver.label() + "'s kernel consumes the seq, then drops the message ('invalid h_nodeid "
                            + inner.nodeid() + " from " + d.sender.nodeid + "')");
        }
        if (d.sender.nodeid >= 0 && h.nodeid() != d.sender.nodeid) {
            ctx.report(d, FindingCode.NODEID_MISMATCH, Severity.WARN, frame, now, st.stream(), new long[] {frame},
                    new long[] {seq}, d.sender.address + " (" + d.sender.label() + ") sends OPTS seq " + seq
                            + " with outer h_nodeid " + h.nodeid() + ": the kernel does not check the outer node id,"
                            + " so this points to corruption or a forged header");
        }
        if (inner != null && inner.cmd() != nextcmd) {
            ctx.report(d, FindingCode.OPTS_NEXTCMD_MISMATCH, Severity.WARN, frame, now, st.stream(), new long[] {frame},
                    new long[] {seq}, "OPTS seq " + seq + " from " + d.sender.label() + " says o_nextcmd " + nextcmd
                            + " (" + cmdName(nextcmd) + ") but wraps h_cmd " + inner.cmd() + " (" + cmdName(inner.cmd())
                            + "): " + d.receiver.label() + "'s kernel does not compare them and dispatches on the"
                            + " inner h_cmd");
        }
        if (inner != null && inner.length() != remaining) {
            ctx.report(d, FindingCode.OPTS_INNER_LENGTH, Severity.ERROR, frame, now, st.stream(), new long[] {frame},
                    new long[] {seq}, "OPTS seq " + seq + " from " + d.sender.label() + " wraps an inner h_length of "
                            + inner.length() + " but carries " + remaining + " bytes after its header and options: "
                            + d.receiver.label() + "'s kernel uses the inner length"
                            + (inner.length() > remaining ? " and reads past the end of the message"
                                    : " and ignores the trailing " + (remaining - inner.length()) + " bytes"));
        }
        if (optlen > 0) {
            ctx.report(d, FindingCode.OPTS_OPTIONS, Severity.NOTE, frame, now, st.stream(), new long[] {frame},
                    new long[] {seq}, "OPTS seq " + seq + " from " + d.sender.label() + " carries o_optlen " + optlen
                            + ": no kernel sends options; " + d.receiver.label() + "'s kernel skips them unparsed");
        }
        boolean innerFin = inner != null ? inner.cmd() == 5 : nextcmd == 5;
        boolean sessionStart = d.senderResetDone || d.receiverResetDone || !d.baselined ? seq == 0 : d.firstSeq == 0;
        if (!innerFin && sessionStart) {
            if (versionWasUnknown && d.startVisible) {
                ctx.report(d, FindingCode.VERSION_UNDETECTED, Severity.WARN, frame, now, st.stream(), new long[] {frame},
                        new long[] {seq}, d.sender.label() + " sends OPTS seq " + seq + " before " + d.receiver.label()
                                + " has received anything from it in this session: a 5.14-6.5 kernel drops it"
                                + " ('received dlm opts message nextcmd " + nextcmd + " from node "
                                + d.sender.shortLabel() + " in an invalid sequence'); 6.6 and later accept it and"
                                + " detect version 3.2 from it");
            }
            if (d.reverse.version == 0 && d.reverse.startVisible) {
                ctx.report(d, FindingCode.VERSION_UNDETECTED, Severity.WARN, frame, now, st.stream(), new long[] {frame},
                        new long[] {seq}, d.sender.label() + " sends OPTS seq " + seq + " before it has received"
                                + " anything from " + d.receiver.label() + " in this session, so it cannot know "
                                + d.receiver.label() + "'s version: a sane kernel refuses such a send with a WARN in"
                                + " dlm_midcomms_get_mhandle");
            }
        }
        boolean complete = limit >= len;
        long hash = MessageHash.of(a, off, limit);
        boolean gapBefore = st.gapPending(fromClient);
        long gapBytes = st.missingBytes(fromClient);
        st.clearGap(fromClient);
        sender.onOpts(d, new SeqMessage(seq, innerFin, hash, complete, st, frame, now),
                new Arrival(gapBefore, gapBytes, !st.socketReset(!fromClient)));
    }

    void onAck(DirectionState d, StreamState st, DlmHeader h, long frame, long now) {
        learnNode(d, h.nodeid(), frame, now, st);
        if (h.version() == V31) {
            ctx.report(d, FindingCode.CMD_UNSUPPORTED, Severity.ERROR, frame, now, st.stream(), new long[] {frame},
                    new long[] {h.seq()}, d.sender.label() + " sends DLM_ACK " + h.seq() + " with a 3.1 header: "
                            + d.receiver.label() + "'s kernel drops it ('unsupported h_cmd received: 4')");
            return;
        }
        if (!checkVersion(d, st, h.version(), frame, now)) return;
        if (d.sender.nodeid >= 0 && h.nodeid() != d.sender.nodeid) {
            ctx.report(d, FindingCode.NODEID_MISMATCH, Severity.WARN, frame, now, st.stream(), new long[] {frame},
                    new long[] {h.seq()}, d.sender.address + " (" + d.sender.label() + ") sends DLM_ACK " + h.seq()
                            + " with h_nodeid " + h.nodeid() + ": the kernel does not check it, so this points to"
                            + " corruption or a forged header");
        }
        d.acksSent++;
        // an ACK shows its sender's seq_next whichever connection it travels on, even one whose other end was reset
        acks.onAck(d.reverse, h.seq(), st, frame, now);
    }

    /** Version as R detects it from S's messages (§3.3); false when R drops the message. */
    private boolean checkVersion(DirectionState d, StreamState st, long version, long frame, long now) {
        if (d.version == 0) {
            d.version = version;
            d.lastVersion = version;
            return true;
        }
        if (d.version == version) return true;
        ctx.report(d, FindingCode.VERSION_MISMATCH, Severity.ERROR, frame, now, st.stream(), new long[] {frame},
                new long[0], d.sender.label() + " sends a " + versionText(version) + " message to "
                        + d.receiver.label() + " after " + versionText(d.version) + " ones in the same session: "
                        + d.receiver.label() + "'s kernel drops it ('version mismatch detected, assumed "
                        + Text.hex32(d.version) + " but node " + d.sender.shortLabel() + " has " + Text.hex32(version)
                        + "')");
        return false;
    }

    private void learnNode(DirectionState d, long claimed, long frame, long now, StreamState st) {
        Node s = d.sender;
        if (s.nodeid >= 0) return;
        s.nodeid = claimed;
        Node other = nodesById.putIfAbsent(claimed, s);
        if (other != null && other != s) {
            ctx.report(d, FindingCode.NODEID_MISMATCH, Severity.WARN, frame, now, st.stream(), new long[] {frame},
                    new long[0], s.address + " sends as node " + claimed + ", which " + other.address
                            + " already uses: a kernel maps each configured address to one node id and refuses"
                            + " connections from others ('connect from non cluster node')");
        }
    }

    private static int minimumFor(int cmd) {
        return switch (cmd) {
            case 1 -> 88;
            case 2 -> 48;
            case 5 -> 16;
            default -> -1;
        };
    }

    private static String cmdName(int cmd) {
        return switch (cmd) {
            case 1 -> "DLM_MSG";
            case 2 -> "DLM_RCOM";
            case 3 -> "DLM_OPTS";
            case 4 -> "DLM_ACK";
            case 5 -> "DLM_FIN";
            default -> "command " + cmd;
        };
    }

    static String versionText(long v) {
        return v == V31 ? "3.1" : v == V32 ? "3.2" : Text.hex32(v);
    }
}
