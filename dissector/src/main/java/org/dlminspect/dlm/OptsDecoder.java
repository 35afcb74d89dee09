package org.dlminspect.dlm;

import static org.dlminspect.dlm.DlmFields.*;
import static org.dlminspect.dlm.DlmWireReader.EMPTY;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code struct dlm_opts} (h_cmd 3, reference §2.9): the midcomms 3.2 wrapper, its option TLVs (§2.9.1) and the
 * message it wraps, which is decoded by {@link DlmDecoder} with what the OPTS tells it ({@link DlmDecoder.Outer}).
 */
final class OptsDecoder {
    private OptsDecoder() { }

    /** The DLM_OPTS at {@code s} with header {@code h}, of which {@code c} bytes are captured (always top level). */
    static DlmOpts decode(DlmWireReader r, int s, DlmHeader h, int c, boolean truncated, DlmIssues is) {
        int hlen = h.length();
        int nextcmd = r.field(OPTS_NEXTCMD, s, c);
        int pad = r.field(OPTS_PAD, s, c);
        int optlen = r.field(OPTS_OPTLEN, s, c);
        int pad2 = r.field(OPTS_PAD2, s, c);
        boolean optlenKnown = c >= 20;
        int rest = hlen - DlmOpts.SIZE;
        if (hlen < DlmOpts.SIZE) {
            is.error(s + 12, "opts msg too small: h_length " + hlen + " < 24");
        } else if (optlenKnown && optlen > rest) {
            is.error(s + 18, "o_optlen " + optlen + " exceeds the " + rest
                    + " bytes after the OPTS header (opts msg too small)");
        }
        if (c >= 17) {
            int min = switch (nextcmd) {
                case 1 -> DlmMessage.SIZE;
                case 2 -> DlmRcom.SIZE;
                case 5 -> DlmHeader.SIZE;
                default -> -1;
            };
            if (min < 0) {
                is.error(s + 16, "unsupported o_nextcmd received: " + nextcmd);
            } else if (optlenKnown && hlen >= DlmOpts.SIZE && optlen <= rest && rest - optlen < min) {
                String what = nextcmd == 1 ? "msg" : nextcmd == 2 ? "rcom msg" : "fin";
                is.error(s + 12, what + " too small: " + (rest - optlen) + " bytes after the options, "
                        + DlmCommand.nameOf(nextcmd) + " needs " + min + " (opts msg too small)");
            }
        }
        if (pad != 0) {
            is.note(s + 17, "o_pad is " + pad + ", not 0");
        }
        if (optlen != 0) {
            is.note(s + 18, "o_optlen " + optlen
                    + ": options present; no kernel defines any, the receiver skips them unparsed");
        }
        if (pad2 != 0) {
            is.note(s + 20, "o_pad2 is " + DlmText.hex(Integer.toUnsignedLong(pad2)) + ", not 0");
        }
        List<OptTlv> options = List.of();
        if (optlen > 0 && hlen > DlmOpts.SIZE) {
            options = options(r, s + DlmOpts.SIZE, Math.min(optlen, rest), c - DlmOpts.SIZE, is);
        }
        DlmPdu inner = null;
        byte[] trailing = EMPTY;
        if (optlenKnown && hlen >= DlmOpts.SIZE && optlen <= rest) {
            int innerStart = DlmOpts.SIZE + optlen;
            if (innerStart < c) {
                inner = DlmDecoder.message(r, s + innerStart, s + c, new DlmDecoder.Outer(rest - optlen, h.nodeid(), truncated));
                if (inner.captured() >= 15 && inner.header().cmd() != nextcmd) {
                    is.error(s + 16, "o_nextcmd " + nextcmd + " (" + DlmCommand.nameOf(nextcmd)
                            + ") differs from the inner h_cmd " + inner.header().cmd() + " ("
                            + DlmCommand.nameOf(inner.header().cmd()) + "); the kernel dispatches by the inner h_cmd");
                }
                int innerEnd = innerStart + inner.captured();
                if (inner.captured() >= 14 && innerEnd < c) {
                    trailing = r.copy(s + innerEnd, c - innerEnd);
                }
            }
        }
        return new DlmOpts(h, s, c, truncated, nextcmd, pad, optlen, pad2, options, inner, trailing, is.list());
    }

    /** TLVs in {@code [o, o + len)}, of which {@code present} bytes are captured. Never reads past either. */
    private static List<OptTlv> options(DlmWireReader r, int o, int len, int present, DlmIssues is) {
        List<OptTlv> out = new ArrayList<>(2);
        int p = 0;
        while (p < len) {
            if (p + OptTlv.HEADER_SIZE > len) {
                is.note(o + p, (len - p) + " bytes at the end of the options are too short for an option header");
                break;
            }
            if (p >= present) {
                break;
            }
            int start = p;
            int type = r.field(OPT_TYPE, o + p, present - p);
            int tlen = r.field(OPT_LENGTH, o + p, present - p);
            int tpad = r.field(OPT_PAD, o + p, present - p);
            boolean lengthKnown = p + 4 <= present;
            int vstart = p + OptTlv.HEADER_SIZE;
            int vlen = tlen;
            boolean overrun = lengthKnown && vstart + tlen > len;
            if (overrun) {
                is.note(o + p + 2, "option t_length " + tlen + " overruns o_optlen");
                vlen = len - vstart;
            }
            out.add(new OptTlv(o + p, type, tlen, tpad, r.copy(o + vstart, Math.min(vlen, present - vstart))));
            if (tpad != 0) {
                is.note(o + p + 4, "option t_pad is " + DlmText.hex(Integer.toUnsignedLong(tpad)) + ", not 0");
            }
            if (!lengthKnown) {
                break;
            }
            if (overrun) {
                break;
            }
            p = vstart + ((tlen + 7) & ~7);
            if (p > len) {
                is.note(o + start + 2, "option value padding to 8 bytes overruns o_optlen");
            }
        }
        return List.copyOf(out);
    }
}
