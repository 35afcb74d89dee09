package org.dlminspect.dlm;

import java.nio.ByteBuffer;

/**
 * {@code struct dlm_header}, 16 bytes, little-endian (protocol reference §2.2).
 *
 * @param version  {@code h_version}, (major << 16) | minor
 * @param union    {@code h_lockspace} for MSG/RCOM, {@code h_seq} for OPTS/ACK (unsigned 32-bit)
 * @param nodeid   {@code h_nodeid}, the sender (unsigned 32-bit)
 * @param length   {@code h_length}, whole message including this header
 * @param cmd      {@code h_cmd}
 * @param pad      {@code h_pad}
 */
public record DlmHeader(long version, long union, long nodeid, int length, int cmd, int pad) {
    public static final int SIZE = 16;
    public static final long VERSION_3_1 = 0x00030001L;
    public static final long VERSION_3_2 = 0x00030002L;
    public static final int MIN_LENGTH = 16;
    /** DLM_MAX_SOCKET_BUFSIZE: the largest message on the wire. */
    public static final int MAX_LENGTH = 4096;

    /** Reads a header at absolute {@code offset} of {@code buf} (which must hold 16 bytes there). */
    public static DlmHeader read(ByteBuffer buf, int offset) {
        if (buf.hasArray() && offset >= 0 && offset + SIZE <= buf.limit()) {
            // From the array: ByteBuffer's checked, scoped reads cost several times more under C1 (short runs).
            return read(buf.array(), buf.arrayOffset() + offset);
        }
        return new DlmHeader(
                buf.getInt(offset) & 0xFFFFFFFFL,
                buf.getInt(offset + 4) & 0xFFFFFFFFL,
                buf.getInt(offset + 8) & 0xFFFFFFFFL,
                buf.getShort(offset + 12) & 0xFFFF,
                buf.get(offset + 14) & 0xFF,
                buf.get(offset + 15) & 0xFF);
    }

    /** Reads a header at {@code at} of {@code b} (16 bytes there, little-endian). */
    public static DlmHeader read(byte[] b, int at) {
        return new DlmHeader(u32(b, at), u32(b, at + 4), u32(b, at + 8),
                (b[at + 12] & 0xFF) | (b[at + 13] & 0xFF) << 8, b[at + 14] & 0xFF, b[at + 15] & 0xFF);
    }

    private static long u32(byte[] b, int at) {
        return ((b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (long) (b[at + 3] & 0xFF) << 24);
    }

    public DlmCommand command() {
        return DlmCommand.fromWire(cmd);
    }

    /** True when the union is a sequence number (OPTS, ACK); false when it is a lockspace id. */
    public boolean unionIsSeq() {
        return cmd == 3 || cmd == 4;
    }

    public long lockspace() {
        return union;
    }

    public long seq() {
        return union;
    }

    public int majorVersion() {
        return (int) (version >>> 16);
    }

    public int minorVersion() {
        return (int) (version & 0xFFFF);
    }

    /** "3.2" style text. */
    public String versionText() {
        return majorVersion() + "." + minorVersion();
    }
}
