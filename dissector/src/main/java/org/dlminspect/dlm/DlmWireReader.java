package org.dlminspect.dlm;

import java.nio.ByteBuffer;
import org.dlminspect.schema.FieldDef;

/**
 * Absolute little-endian reads of one DLM message being decoded (reference §2.1: every DLM structure is
 * little-endian on the wire except the big-endian name lengths of NAMES_REPLY, §2.1, §2.8.5). Offsets are relative to the
 * message's first header byte, so the family decoders ({@link DlmMessageDecoder}, {@link RcomDecoder},
 * {@link OptsDecoder}) share one reader per decoded message and allocate nothing else to read it.
 * Bounds are the callers' business: they check the bytes present before every read.
 */
final class DlmWireReader {
    static final byte[] EMPTY = new byte[0];

    private final ByteBuffer buf;
    private final int base;

    /** @param buf a LITTLE_ENDIAN view of the message; {@code base} its first byte */
    DlmWireReader(ByteBuffer buf, int base) {
        this.buf = buf;
        this.base = base;
    }

    /** The 16-byte header at {@code s}; the caller has checked that it is all present. */
    DlmHeader header(int s) {
        return DlmHeader.read(buf, base + s);
    }

    int u8(int off) {
        return buf.get(base + off) & 0xFF;
    }

    int u16(int off) {
        return buf.getShort(base + off) & 0xFFFF;
    }

    /** A big-endian u16 (the name lengths of a NAMES_REPLY, reference §2.8.5). */
    int be16(int off) {
        return (u8(off) << 8) | u8(off + 1);
    }

    int s32(int off) {
        return buf.getInt(base + off);
    }

    long s64(int off) {
        return buf.getLong(base + off);
    }

    /** A copy of {@code len} bytes (the shared empty array for none): decoded values outlive the buffer. */
    byte[] copy(int off, int len) {
        if (len <= 0) {
            return EMPTY;
        }
        byte[] out = new byte[len];
        buf.get(base + off, out, 0, len);
        return out;
    }

    /**
     * A field of up to 32 bits at its registered offset within the structure at {@code s}, of which
     * {@code captured} bytes are present: normalised to its type (sign-extended when signed), 0 when not captured.
     */
    int field(FieldDef f, int s, int captured) {
        int rel = f.offset();
        if (rel + f.width() > captured) {
            return 0;
        }
        long raw = switch (f.width()) {
            case 1 -> u8(s + rel);
            case 2 -> u16(s + rel);
            default -> s32(s + rel) & 0xFFFFFFFFL;
        };
        return (int) f.normalise(raw);
    }

    /** A 64-bit field at its registered offset (its bit pattern), 0 when not captured. */
    long field64(FieldDef f, int s, int captured) {
        return f.offset() + 8 <= captured ? s64(s + f.offset()) : 0;
    }
}
