package org.dlminspect.capture;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * A gzip stream of any number of members (RFC 1952 §2.2: "a gzip file consists of a series of
 * members"), decompressed as they arrive.
 *
 * <p>Why not {@link java.util.zip.GZIPInputStream}: after a member it looks for the next one only
 * when its bytes are already buffered ({@code available() > 0}), so on a slow pipe
 * ({@code (cat a.gz; sleep 2; cat b.gz) | dlm-inspect read -r -}) every later member is dropped
 * silently. Here the end of a member is followed by a blocking read: the stream ends only at the
 * input's end. Bytes after the last member that do not start another member are reported
 * ({@link TrailingBytesException}) rather than ignored.
 *
 * <p>Each read returns as soon as the inflater has produced something from the bytes that have
 * arrived: nothing waits for a buffer to fill (live reading from a pipe).
 */
final class GzipMembers extends InputStream {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private final InputStream in;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private long memberBytes;
    private long members;
    private boolean inMember;
    private boolean ended;

    /** Reads the first member's header now: a corrupt one fails here, as the input's format. */
    GzipMembers(InputStream in) throws IOException {
        this.in = in;
        if (!startMember()) {
            throw new EOFException("no gzip header");
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == 1 ? one[0] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        while (!ended) {
            if (!inMember && !startMember()) {
                ended = true;
                break;
            }
            if (inflater.needsInput()) {
                if (pos == lim && !fill()) {
                    throw new EOFException("Unexpected end of ZLIB input stream");
                }
                inflater.setInput(buf, pos, lim - pos);
                pos = lim;
            }
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new ZipException(e.getMessage() != null ? e.getMessage() : "invalid deflate data");
            }
            if (n > 0) {
                crc.update(b, off, n);
                memberBytes += n;
                return n;
            }
            if (inflater.finished()) {
                pos = lim - inflater.getRemaining();
                endMember();
            } else if (inflater.needsDictionary()) {
                throw new ZipException("gzip member needs a preset dictionary");
            }
        }
        return -1;
    }

    @Override
    public int available() throws IOException {
        return 0;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }

    /**
     * Reads the header of the next member, waiting for its bytes.
     *
     * @return false at the input's end between members
     */
    private boolean startMember() throws IOException {
        int id1 = next();
        if (id1 < 0) {
            return false;
        }
        int id2 = next();
        if (id1 != 0x1F || id2 != 0x8B) {
            if (members == 0) throw new ZipException("Not in GZIP format");
            throw trailing(id1, id2);
        }
        int method = required();
        int flags = required();
        if (method != 8) throw new ZipException("Unsupported compression method");
        if ((flags & 0xE0) != 0) throw new ZipException("reserved gzip header flags set");
        for (int i = 0; i < 6; i++) required(); // MTIME, XFL, OS
        if ((flags & FEXTRA) != 0) {
            int xlen = required() | required() << 8;
            for (int i = 0; i < xlen; i++) required();
        }
        if ((flags & FNAME) != 0) while (required() != 0) { }
        if ((flags & FCOMMENT) != 0) while (required() != 0) { }
        if ((flags & FHCRC) != 0) {
            required();
            required();
        }
        inflater.reset();
        crc.reset();
        memberBytes = 0;
        inMember = true;
        members++;
        return true;
    }

    /** Checks the trailer: CRC-32 and size modulo 2^32 of the member's data (RFC 1952 §2.3.1). */
    private void endMember() throws IOException {
        long storedCrc = uint32();
        long storedSize = uint32();
        if (storedCrc != crc.getValue() || storedSize != (memberBytes & 0xFFFFFFFFL)) {
            throw new ZipException("Corrupt GZIP trailer");
        }
        inMember = false;
    }

    private TrailingBytesException trailing(int first, int second) throws IOException {
        long count = second < 0 ? 1 : 2;
        String start = second < 0 ? String.format("%02x", first) : String.format("%02x %02x", first, second);
        count += lim - pos;
        pos = lim;
        while (fill()) {
            count += lim - pos;
            pos = lim;
        }
        return new TrailingBytesException(count + (count == 1 ? " byte" : " bytes")
                + " after gzip member " + members + " are not gzip (starting " + start + "); ignored");
    }

    private long uint32() throws IOException {
        return required() | (long) required() << 8 | (long) required() << 16 | (long) required() << 24;
    }

    private int required() throws IOException {
        int c = next();
        if (c < 0) throw new EOFException("Unexpected end of ZLIB input stream");
        return c;
    }

    private int next() throws IOException {
        if (pos == lim && !fill()) return -1;
        return buf[pos++] & 0xFF;
    }

    /** One read of whatever has arrived (blocking until something has, or the end). */
    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) return false;
        pos = 0;
        lim = n;
        return true;
    }

    /** Bytes after the last gzip member that do not start another: reported, not fatal to what was read. */
    static final class TrailingBytesException extends ZipException {
        private static final long serialVersionUID = 1L;

        TrailingBytesException(String message) {
            super(message);
        }
    }
}
