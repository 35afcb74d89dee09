package org.dlminspect.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The first pass of {@link CaptureScaler} over one TCP direction: reassembles its bytes in stream order
 * (retransmitted bytes once, out-of-order segments held until the gap fills) and frames the DLM messages
 * on them, to learn where each midcomms sequence field is (h_seq of DLM_OPTS, the "next expected" of
 * DLM_ACK: offset 4 of the header, protocol reference §2.1) and how far the stream and the OPTS sequence
 * numbers run.
 */
final class StreamSurvey {
    static final int OPTS = 3;
    static final int ACK = 4;
    private static final int HEADER = 16;
    /** Enough of a message to see the command inside an OPTS without options (offset 24 + 14). */
    private static final int PREFIX = 40;
    private static final int FIN = 5;

    /** Sequence number of the first stream byte (ISN + 1 after a SYN). */
    long base = -1;
    boolean sawSyn;
    boolean closed;
    /** Highest stream offset seen (relative to {@link #base}): the bytes a replay moves on by. */
    long end;
    boolean framingLost;
    /** The midcomms seqs of the node pair direction this TCP direction belongs to (shared by its connections). */
    private final PairSeqs pair;

    private long frontier;
    private final TreeMap<Long, byte[]> held = new TreeMap<>();
    private long nextHeader;
    private final byte[] header = new byte[PREFIX];
    private int headerFill;
    private int headerNeed = HEADER;
    private long headerAt;
    private long[] fields = new long[1024]; // stream offset << 3 | kind
    private int[] values = new int[1024];
    private int fieldCount;

    StreamSurvey(PairSeqs pair) {
        this.pair = pair;
    }

    void segment(long seq, int flags, byte[] d, int payload, int length) {
        if ((flags & TcpFrame.TCP_SYN) != 0) {
            if (base < 0) {
                base = (seq + 1) & 0xFFFFFFFFL;
                sawSyn = true;
            }
            return;
        }
        if ((flags & (TcpFrame.TCP_FIN | TcpFrame.TCP_RST)) != 0) closed = true;
        if (length == 0) return;
        if (base < 0) base = seq;
        long offset = (seq - base) & 0xFFFFFFFFL;
        if (offset > (1L << 31)) return; // before the base: a retransmission of bytes before the capture
        end = Math.max(end, offset + length);
        if (offset + length <= frontier) return;
        if (offset > frontier) {
            held.merge(offset, Arrays.copyOfRange(d, payload, payload + length), (a, b) -> a.length >= b.length ? a : b);
            return;
        }
        deliver(d, payload + (int) (frontier - offset), (int) (offset + length - frontier));
        Map.Entry<Long, byte[]> e;
        while ((e = held.firstEntry()) != null && e.getKey() <= frontier) {
            held.pollFirstEntry();
            byte[] b = e.getValue();
            long skip = frontier - e.getKey();
            if (skip < b.length) deliver(b, (int) skip, (int) (b.length - skip));
        }
    }

    private void deliver(byte[] d, int at, int length) {
        long start = frontier;
        frontier += length;
        if (framingLost) return;
        for (int i = 0; i < length; ) {
            long pos = start + i;
            if (headerFill == 0 && pos < nextHeader) {
                i += (int) Math.min(length - i, nextHeader - pos);
                continue;
            }
            if (headerFill == 0) headerAt = pos;
            header[headerFill++] = d[at + i++];
            if (headerFill == HEADER && !onHeader(headerAt)) return;
            if (headerFill == headerNeed) {
                onPrefix();
                headerFill = 0;
                headerNeed = HEADER;
            }
        }
    }

    /** The 16 header bytes are in: where the next message starts, and how much of this one to look at. */
    private boolean onHeader(long at) {
        int version = le32(header, 0);
        int length = (header[12] & 0xFF) | (header[13] & 0xFF) << 8;
        if ((version >>> 16) != 3 || length < HEADER) {
            framingLost = true; // the capture cannot be replayed faithfully: said by the scaler
            return false;
        }
        nextHeader = at + length;
        headerNeed = Math.min(length, PREFIX);
        return true;
    }

    private void onPrefix() {
        long at = headerAt;
        int cmd = header[14] & 0xFF;
        if (cmd == OPTS || cmd == ACK) {
            int value = le32(header, 4);
            if (fieldCount == fields.length) {
                fields = Arrays.copyOf(fields, fieldCount * 2);
                values = Arrays.copyOf(values, fieldCount * 2);
            }
            fields[fieldCount] = (at + 4) << 3 | cmd;
            values[fieldCount++] = value;
            if (cmd == OPTS) {
                int optlen = (header[18] & 0xFF) | (header[19] & 0xFF) << 8;
                pair.opts(value, optlen == 0 && headerNeed == PREFIX && (header[24 + 14] & 0xFF) == FIN);
            }
        }
    }

    /** Index of the first field whose 4 bytes end after stream offset {@code from}. */
    int firstFieldAfter(long from) {
        long key = (from - 3) << 3;
        int lo = 0;
        int hi = fieldCount;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (fields[mid] < key) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    int fieldCount() {
        return fieldCount;
    }

    long fieldOffset(int i) {
        return fields[i] >>> 3;
    }

    int fieldKind(int i) {
        return (int) (fields[i] & 7);
    }

    int fieldValue(int i) {
        return values[i];
    }

    static int le32(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8 | (b[i + 2] & 0xFF) << 16 | (b[i + 3] & 0xFF) << 24;
    }
}
