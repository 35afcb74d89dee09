package org.dlminspect.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Writes a classic pcap file. Output is buffered; after {@link #flush()} the stream holds a valid capture
 * (file header and whole records only), so a capture being written live can be read at any flush.
 *
 * <p>Frames longer than the snaplen are cut to it, as a capturing tool would; their original length is kept.
 */
public final class PcapWriter implements CaptureWriter {
    /** The timestamp unit of the file, chosen by its magic number. */
    public enum Precision {
        MICROSECONDS(0xA1B2C3D4),
        NANOSECONDS(0xA1B23C4D);

        private final int magic;

        Precision(int magic) {
            this.magic = magic;
        }

        public int magic() {
            return magic;
        }
    }

    private static final int BUFFER_SIZE = 1 << 16;
    private static final int RECORD_HEADER_LENGTH = 16;

    private final OutputStream out;
    private final Precision precision;
    private final boolean bigEndian;
    private final int snaplen;
    private final int linkType;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private int used;
    private boolean closed;

    /** A little-endian microsecond pcap, the most widely read form. */
    public PcapWriter(OutputStream out, int linkType, int snaplen) {
        this(out, linkType, snaplen, Precision.MICROSECONDS, ByteOrder.LITTLE_ENDIAN);
    }

    public PcapWriter(OutputStream out, int linkType, int snaplen, Precision precision) {
        this(out, linkType, snaplen, precision, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @param linkType LINKTYPE_* value of every frame (see {@link LinkType#wireValue()})
     * @param snaplen  largest number of bytes kept per frame, at least 1
     */
    public PcapWriter(OutputStream out, int linkType, int snaplen, Precision precision, ByteOrder order) {
        this.out = Objects.requireNonNull(out, "out");
        this.precision = Objects.requireNonNull(precision, "precision");
        if (snaplen <= 0) {
            throw new IllegalArgumentException("snaplen must be positive: " + snaplen);
        }
        this.snaplen = snaplen;
        this.linkType = linkType;
        this.bigEndian = order == ByteOrder.BIG_ENDIAN;
        putInt(precision.magic());
        putShort(2);
        putShort(4);
        putInt(0);
        putInt(0);
        putInt(snaplen);
        putInt(linkType);
    }

    public Precision precision() {
        return precision;
    }

    public int snaplen() {
        return snaplen;
    }

    /**
     * Appends one record.
     *
     * @param epochNanos     capture time, nanoseconds since the Unix epoch (written to the file's precision)
     * @param capturedLength bytes of {@code data} from {@code offset} that were captured; cut to the snaplen
     * @param originalLength length of the frame on the wire, at least {@code capturedLength}
     */
    public void write(long epochNanos, byte[] data, int offset, int capturedLength, int originalLength)
            throws IOException {
        Objects.checkFromIndexSize(offset, capturedLength, data.length);
        if (originalLength < capturedLength) {
            throw new IllegalArgumentException(
                    "original length " + originalLength + " < captured length " + capturedLength);
        }
        if (closed) {
            throw new IOException("pcap writer is closed");
        }
        int kept = Math.min(capturedLength, snaplen);
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        long nanos = Math.floorMod(epochNanos, 1_000_000_000L);
        if (used + RECORD_HEADER_LENGTH > buf.length) {
            drain();
        }
        putInt((int) seconds);
        putInt((int) (precision == Precision.NANOSECONDS ? nanos : nanos / 1000));
        putInt(kept);
        putInt(originalLength);
        if (kept <= buf.length - used) {
            System.arraycopy(data, offset, buf, used, kept);
            used += kept;
        } else {
            drain();
            out.write(data, offset, kept);
        }
    }

    /** Appends the captured bytes of {@code frame} with its timestamp and original length (one link type per file). */
    @Override
    public void write(CaptureFrame frame) throws IOException {
        if (frame.linkType() != linkType) {
            throw new IOException("frame " + frame.number() + " has link type " + frame.linkType()
                    + ", but a pcap file holds one link type (" + linkType + "): write pcapng instead (-F pcapng)");
        }
        write(frame.epochNanos(), frame.data(), 0, frame.capturedLength(), frame.originalLength());
    }

    /** Writes everything buffered and flushes the stream: it then holds a valid capture. */
    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            flush();
        } finally {
            closed = true;
            out.close();
        }
    }

    private void drain() throws IOException {
        if (used > 0) {
            out.write(buf, 0, used);
            used = 0;
        }
    }

    private void putInt(int v) {
        if (bigEndian) {
            buf[used] = (byte) (v >>> 24);
            buf[used + 1] = (byte) (v >>> 16);
            buf[used + 2] = (byte) (v >>> 8);
            buf[used + 3] = (byte) v;
        } else {
            buf[used] = (byte) v;
            buf[used + 1] = (byte) (v >>> 8);
            buf[used + 2] = (byte) (v >>> 16);
            buf[used + 3] = (byte) (v >>> 24);
        }
        used += 4;
    }

    private void putShort(int v) {
        if (bigEndian) {
            buf[used] = (byte) (v >>> 8);
            buf[used + 1] = (byte) v;
        } else {
            buf[used] = (byte) v;
            buf[used + 1] = (byte) (v >>> 8);
        }
        used += 2;
    }
}
