package org.dlminspect.dlm;

import org.dlminspect.Severity;

/**
 * What {@link DlmStreamFramer} checks before it trusts a header, read through {@link FramerBytes}: while hunting,
 * whether a plausible header starts at a position ({@link #judge}); while in sync, whether an OPTS carries a corrupt
 * but in-range h_length ({@link #corruptOptsLengthCut}). The in-sync check of a length outside 16..4096 (the
 * kernel's fatal framing error, reference §1.5) is the framer's own: it needs no more than h_length.
 */
final class DlmFrameChecks {
    static final int HEADER = DlmHeader.SIZE;
    static final int OPTS_HEADER = 24;
    private static final int V31 = (int) DlmHeader.VERSION_3_1;
    private static final int V32 = (int) DlmHeader.VERSION_3_2;

    /** {@link #judge} verdicts. */
    static final int REJECT = 0;
    static final int ACCEPT = 1;
    static final int NEED_MORE = 2;

    private DlmFrameChecks() { }

    /**
     * Whether a header plausibly starts at logical index {@code k} of {@code total} available bytes:
     * version 3.1 or 3.2, 16 ≤ h_length ≤ 4096, h_cmd MSG, RCOM, OPTS or ACK, h_pad 0; an ACK is 16
     * bytes; an OPTS has o_nextcmd MSG, RCOM or FIN and an inner header that looks like one; and the
     * next message's header, when present, looks like one. A FIN at top level is rejected: it is the
     * inner header of an OPTS whose own header was lost (the kernel never sends a bare FIN, §2.10).
     * Not in {@code finalJudgement}, a candidate whose checks need bytes not yet present waits for them.
     */
    static int judge(FramerBytes v, int k, int total, boolean finalJudgement) {
        int avail = total - k;
        if (avail < HEADER) {
            return finalJudgement ? REJECT : NEED_MORE;
        }
        int cmd = plausibleHeader(v, k);
        if (cmd < 0) {
            return REJECT;
        }
        int length = v.u16(k + 12);
        if (cmd == DlmCommand.OPTS.wireValue()) {
            if (avail < OPTS_HEADER) {
                if (!finalJudgement) {
                    return NEED_MORE;
                }
            } else {
                int nextcmd = v.at(k + 16);
                if (nextcmd != 1 && nextcmd != 2 && nextcmd != 5) {
                    return REJECT;
                }
                int optlen = v.u16(k + 18);
                if (OPTS_HEADER + optlen + HEADER > length) {
                    return REJECT;
                }
                int inner = k + OPTS_HEADER + optlen;
                if (total - inner >= HEADER) {
                    int innerVersion = v.u32(inner);
                    int innerLength = v.u16(inner + 12);
                    int innerCmd = v.at(inner + 14);
                    if ((innerVersion != V31 && innerVersion != V32) || innerLength < DlmHeader.MIN_LENGTH
                            || innerLength > length - OPTS_HEADER - optlen
                            || (innerCmd != 1 && innerCmd != 2 && innerCmd != 5) || v.at(inner + 15) != 0) {
                        return REJECT;
                    }
                } else if (!finalJudgement) {
                    return NEED_MORE;
                }
            }
        }
        if (avail >= length + HEADER && plausibleHeader(v, k + length) < 0) {
            return REJECT;
        }
        return ACCEPT;
    }

    /** The command of a plausible top-level header at logical index {@code k}, or -1. */
    static int plausibleHeader(FramerBytes v, int k) {
        int version = v.u32(k);
        if (version != V31 && version != V32) {
            return -1;
        }
        int length = v.u16(k + 12);
        if (length < DlmHeader.MIN_LENGTH || length > DlmHeader.MAX_LENGTH || v.at(k + 15) != 0) {
            return -1;
        }
        int cmd = v.at(k + 14);
        switch (cmd) {
            case 1, 2:
                return cmd;
            case 3:
                return version == V32 && length >= OPTS_HEADER + HEADER ? cmd : -1;
            case 4:
                return version == V32 && length == HEADER ? cmd : -1;
            default:
                return -1;
        }
    }

    /**
     * An in-range but wrong h_length: an OPTS whose h_length runs past the message it wraps (the kernel always
     * sends h_length = 24 + o_optlen + the inner h_length, reference §2.9), with a plausible header right after
     * the wrapped message and none at the claimed end (when those bytes are here). Trusting h_length would lose
     * every message inside the claimed length; instead the message is cut where its contents end and framing
     * goes on from there, with an error that says what the kernel would do. The message starts at logical index 0
     * of {@code v}; {@code total} bytes are present from there.
     *
     * @return the length to cut the message to (the error reported to {@code sink}), or -1 to trust h_length
     */
    static int corruptOptsLengthCut(FramerBytes v, int length, int total, DlmStreamFramer.Sink sink, long frame) {
        if (v.at(14) != DlmCommand.OPTS.wireValue() || length < OPTS_HEADER + 2 * HEADER) {
            return -1;
        }
        int inner = OPTS_HEADER + v.u16(18);
        if (inner + HEADER > length) {
            return -1;
        }
        int innerLength = v.u16(inner + 12);
        int end = inner + innerLength;
        if (innerLength < DlmHeader.MIN_LENGTH || end + HEADER > length || plausibleHeader(v, end) < 0) {
            return -1;
        }
        if (total >= length + HEADER && plausibleHeader(v, length) >= 0) {
            return -1;
        }
        sink.onProblem(frame, Severity.ERROR, DlmStreamFramer.CODE_LENGTH, "h_length " + length + " runs past the " + end
                + " bytes this OPTS wraps (24 + o_optlen " + (inner - OPTS_HEADER) + " + inner h_length " + innerLength
                + "), and a plausible DLM header follows them" + (total >= length + HEADER ? " but none at the claimed end" : "")
                + ": a corrupt h_length. The receiving kernel trusts it: it would take all " + length
                + " bytes as one message and misread the messages inside them; dissected as " + end
                + " bytes, framing resumes at the next header");
        return end;
    }
}
