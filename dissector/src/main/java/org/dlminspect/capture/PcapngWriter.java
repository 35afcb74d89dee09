package org.dlminspect.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a pcapng file (draft-ietf-opsawg-pcapng): one Section Header Block, an Interface Description
 * Block for each (input interface, link type) met, announced before its first packet, and an Enhanced
 * Packet Block per frame. Little-endian; timestamps in nanoseconds ({@code if_tsresol} 9), so nothing of
 * a nanosecond input is lost. Output is buffered; after {@link #flush()} the stream holds whole blocks only.
 */
public final class PcapngWriter implements CaptureWriter {
    private static final int SECTION_HEADER = 0x0A0D0D0A;
    private static final int INTERFACE_DESCRIPTION = 1;
    private static final int ENHANCED_PACKET = 6;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int OPT_ENDOFOPT = 0;
    private static final int OPT_SHB_USERAPPL = 4;
    private static final int OPT_IF_TSRESOL = 9;
    private static final int BUFFER_SIZE = 1 << 16;

    private final OutputStream out;
    private final int snaplen;
    /** Output interface id for each input (interface id << 32 | link type). */
    private final Map<Long, Integer> interfaces = new HashMap<>();
    private byte[] buf = new byte[BUFFER_SIZE];
    private int used;
    private boolean closed;

    /** @param snaplen the {@code snaplen} of every interface: frames are cut to it; 0 for none */
    public PcapngWriter(OutputStream out, int snaplen) {
        this.out = Objects.requireNonNull(out, "out");
        if (snaplen < 0) throw new IllegalArgumentException("negative snaplen " + snaplen);
        this.snaplen = snaplen;
        byte[] app = "dlm-inspect".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int optionsLength = 4 + pad(app.length) + 4;
        int length = 28 + optionsLength;
        putInt(SECTION_HEADER);
        putInt(length);
        putInt(BYTE_ORDER_MAGIC);
        putShort(1);
        putShort(0);
        putInt(-1); // section length: not known in advance
        putInt(-1);
        putShort(OPT_SHB_USERAPPL);
        putShort(app.length);
        putBytes(app, 0, app.length);
        putShort(OPT_ENDOFOPT);
        putShort(0);
        putInt(length);
    }

    @Override
    public void write(CaptureFrame frame) throws IOException {
        if (closed) throw new IOException("pcapng writer is closed");
        int id = interfaceFor(frame.interfaceId(), frame.linkType());
        int kept = snaplen > 0 ? Math.min(frame.capturedLength(), snaplen) : frame.capturedLength();
        int length = 32 + pad(kept);
        long ts = frame.epochNanos();
        ensure(length);
        putInt(ENHANCED_PACKET);
        putInt(length);
        putInt(id);
        putInt((int) (ts >>> 32));
        putInt((int) ts);
        putInt(kept);
        putInt(Math.max(frame.originalLength(), kept));
        putBytes(frame.data(), 0, kept);
        putInt(length);
        if (used >= BUFFER_SIZE) drain();
    }

    /** Announces an interface now (live capture: the file names its link type even before the first packet). */
    public void announce(int inputInterface, int linkType) {
        interfaceFor(inputInterface, linkType);
    }

    /** The output interface of an input interface and link type, announced by an IDB the first time. */
    private int interfaceFor(int inputInterface, int linkType) {
        long key = (long) inputInterface << 32 | (linkType & 0xFFFFFFFFL);
        Integer id = interfaces.get(key);
        if (id != null) return id;
        int next = interfaces.size();
        interfaces.put(key, next);
        int length = 20 + 8 + 4;
        ensure(length);
        putInt(INTERFACE_DESCRIPTION);
        putInt(length);
        putShort(linkType);
        putShort(0);
        putInt(snaplen);
        putShort(OPT_IF_TSRESOL);
        putShort(1);
        buf[used] = 9;
        buf[used + 1] = 0;
        buf[used + 2] = 0;
        buf[used + 3] = 0;
        used += 4;
        putShort(OPT_ENDOFOPT);
        putShort(0);
        putInt(length);
        return next;
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (closed) return;
        try {
            flush();
        } finally {
            closed = true;
            out.close();
        }
    }

    private static int pad(int n) {
        return (n + 3) & ~3;
    }

    private void drain() throws IOException {
        if (used > 0) {
            out.write(buf, 0, used);
            used = 0;
        }
    }

    private void ensure(int n) {
        if (used + n > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, used + n));
        }
    }

    private void putBytes(byte[] b, int off, int n) {
        ensure(pad(n));
        System.arraycopy(b, off, buf, used, n);
        for (int i = n; i < pad(n); i++) buf[used + i] = 0;
        used += pad(n);
    }

    private void putInt(int v) {
        ensure(4);
        buf[used] = (byte) v;
        buf[used + 1] = (byte) (v >>> 8);
        buf[used + 2] = (byte) (v >>> 16);
        buf[used + 3] = (byte) (v >>> 24);
        used += 4;
    }

    private void putShort(int v) {
        ensure(2);
        buf[used] = (byte) v;
        buf[used + 1] = (byte) (v >>> 8);
        used += 2;
    }
}
