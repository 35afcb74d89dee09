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
    /**
     * The buffer's array and the array index of the message's first byte, and the end of the bytes there, when the
     * buffer has an accessible array (always, from the pipeline): reads from the array with one bounds check are
     * several times cheaper under C1 than ByteBuffer's checked, scoped reads. Null for other buffers.
     */
    private final byte[] array;
    private final int arrayBase;
    private final int arrayEnd;

    /** @param buf a LITTLE_ENDIAN view of the message; {@code base} its first byte */
    DlmWireReader(ByteBuffer buf, int base) {
        this.buf = buf;
        this.base = base;
        if (buf.hasArray()) {
            array = buf.array();
            arrayBase = buf.arrayOffset() + base;
            arrayEnd = buf.arrayOffset() + buf.limit();
        } else {
            array = null;
            arrayBase = 0;
            arrayEnd = 0;
        }
    }

    /** The 16-byte header at {@code s}; the caller has checked that it is all present. */
    DlmHeader header(int s) {
        return DlmHeader.read(buf, base + s);
    }

    int u8(int off) {
        if (array != null) {
            return array[at(off, 1)] & 0xFF;
        }
        return buf.get(base + off) & 0xFF;
    }

    int u16(int off) {
        if (array != null) {
            int i = at(off, 2);
            return (array[i] & 0xFF) | (array[i + 1] & 0xFF) << 8;
        }
        return buf.getShort(base + off) & 0xFFFF;
    }

    /** A big-endian u16 (the name lengths of a NAMES_REPLY, reference §2.8.5). */
    int be16(int off) {
        return (u8(off) << 8) | u8(off + 1);
    }

    int s32(int off) {
        if (array != null) {
            int i = at(off, 4);
            return (array[i] & 0xFF) | (array[i + 1] & 0xFF) << 8 | (array[i + 2] & 0xFF) << 16 | array[i + 3] << 24;
        }
        return buf.getInt(base + off);
    }

    long s64(int off) {
        if (array != null) {
            int i = at(off, 8);
            long lo = ((array[i] & 0xFF) | (array[i + 1] & 0xFF) << 8 | (array[i + 2] & 0xFF) << 16 | array[i + 3] << 24) & 0xFFFFFFFFL;
            long hi = (array[i + 4] & 0xFF) | (array[i + 5] & 0xFF) << 8 | (array[i + 6] & 0xFF) << 16 | array[i + 7] << 24;
            return hi << 32 | lo;
        }
        return buf.getLong(base + off);
    }

    /** The array index of {@code n} bytes at {@code off}, within the buffer's bytes as its own reads check them. */
    private int at(int off, int n) {
        int i = arrayBase + off;
        if (base + off < 0 || i > arrayEnd - n) {
            // the exception and message of ByteBuffer's own check (Objects.checkIndex)
            throw new IndexOutOfBoundsException("Index " + (base + off) + " out of bounds for length " + (buf.limit() - n + 1));
        }
        return i;
    }

    /** A copy of {@code len} bytes (the shared empty array for none): decoded values outlive the buffer. */
    byte[] copy(int off, int len) {
        if (len <= 0) {
            return EMPTY;
        }
        byte[] out = new byte[len];
        if (array != null && base + off >= 0 && arrayBase + off <= arrayEnd - len) {
            System.arraycopy(array, arrayBase + off, out, 0, len);
        } else {
            buf.get(base + off, out, 0, len);
        }
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
