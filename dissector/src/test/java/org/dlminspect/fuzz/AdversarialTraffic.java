package org.dlminspect.fuzz;

import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.LinkType;
import org.dlminspect.net.FrameBuilder;
import org.dlminspect.net.TcpSegment;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.testkit.DlmBytes;

/**
 * Generates hostile DLM/TCP traffic straight into a {@link Dissector}, one reused Ethernet/IPv4/TCP
 * frame patched in place (no file, nothing allocated per frame), for the bounded-memory tests and
 * benchmark. Payload bytes are cut from an endless stream of back-to-back DLM messages.
 */
final class AdversarialTraffic {
    static final int SERVER = 0x0A630001;
    static final int DLM_PORT = 21064;
    static final int MSS = 1400;
    private static final int IP = 14;
    private static final int TCP = 34;
    private static final int PAYLOAD = 54;
    private static final long MASK = 0xFFFFFFFFL;

    /** Back-to-back DLM messages (OPTS-wrapped REQUEST, ACK, OPTS-wrapped GRANT), repeated past one MSS. */
    private static final byte[] MESSAGES;
    private static final int PERIOD;

    static {
        byte[] one = DlmBytes.concat(
                DlmBytes.opts(2, 7, DlmBytes.msg(DlmBytes.V32, DlmBytes.LOCKSPACE, 2,
                        DlmBytes.Msg.of(1).nodeid(2).lkid(11).name("resource"))),
                DlmBytes.ack(2, 9),
                DlmBytes.opts(2, 8, DlmBytes.msg(DlmBytes.V32, DlmBytes.LOCKSPACE, 2,
                        DlmBytes.Msg.of(9).nodeid(2).lkid(11).extra(new byte[32]))));
        PERIOD = one.length;
        int copies = (2 * MSS) / PERIOD + 2;
        MESSAGES = new byte[copies * PERIOD];
        for (int i = 0; i < copies; i++) {
            System.arraycopy(one, 0, MESSAGES, i * PERIOD, PERIOD);
        }
    }

    private final Dissector dissector;
    private final CaptureFrame frame = new CaptureFrame();
    private final byte[] template;
    private long number;
    private long nanos = 1_700_000_000_000_000_000L;

    AdversarialTraffic(Dissector dissector) {
        this.dissector = dissector;
        this.template = FrameBuilder.tcp("10.0.0.1", 1024, "10.99.0.1", DLM_PORT).link(LinkType.ETHERNET)
                .payload(new byte[MSS]).build();
    }

    long frames() {
        return number;
    }

    /** Client {@code client} (an IPv4 address) port {@code port} → server, or back when {@code toClient}. */
    void segment(int client, int port, boolean toClient, long seq, long ack, int flags, long streamOffset, int length) {
        byte[] d = frame.ensureCapacity(PAYLOAD + MSS);
        System.arraycopy(template, 0, d, 0, PAYLOAD);
        putShort(d, IP + 2, 40 + length);
        putInt(d, IP + 12, toClient ? SERVER : client);
        putInt(d, IP + 16, toClient ? client : SERVER);
        putShort(d, TCP, toClient ? DLM_PORT : port);
        putShort(d, TCP + 2, toClient ? port : DLM_PORT);
        putInt(d, TCP + 4, (int) (seq & MASK));
        putInt(d, TCP + 8, (int) (ack & MASK));
        d[TCP + 13] = (byte) flags;
        if (length > 0) {
            System.arraycopy(MESSAGES, (int) (streamOffset % PERIOD), d, PAYLOAD, length);
        }
        nanos += 1_000;
        frame.set(++number, nanos, LinkType.ETHERNET.wireValue(), 0, PAYLOAD + length, PAYLOAD + length);
        dissector.process(frame);
    }

    /**
     * One short connection: handshake, a message split over two segments that leaves the start of the
     * next message waiting, FIN both ways. Seven frames.
     */
    void shortConnection(int client, int port) {
        long c = 1000;
        long s = 5000;
        segment(client, port, false, c, 0, TcpSegment.SYN, 0, 0);
        segment(client, port, true, s, c + 1, TcpSegment.SYN | TcpSegment.ACK, 0, 0);
        segment(client, port, false, c + 1, s + 1, TcpSegment.ACK, 0, 0);
        segment(client, port, false, c + 1, s + 1, TcpSegment.PSH | TcpSegment.ACK, 0, 40);
        segment(client, port, false, c + 41, s + 1, TcpSegment.PSH | TcpSegment.ACK, 40, PERIOD);
        segment(client, port, false, c + 41 + PERIOD, s + 1, TcpSegment.FIN | TcpSegment.ACK, 0, 0);
        segment(client, port, true, s + 1, c + 42 + PERIOD, TcpSegment.FIN | TcpSegment.ACK, 0, 0);
    }

    /** A SYN that is never answered. */
    void syn(int client, int port) {
        segment(client, port, false, 777, 0, TcpSegment.SYN, 0, 0);
    }

    /** Handshake of the one long connection of {@link #bulk}. */
    void open(int client, int port) {
        segment(client, port, false, MASK - 10, 0, TcpSegment.SYN, 0, 0);
        segment(client, port, true, 42, MASK - 9, TcpSegment.SYN | TcpSegment.ACK, 0, 0);
        segment(client, port, false, MASK - 9, 43, TcpSegment.ACK, 0, 0);
    }

    /**
     * {@code bytes} of stream data on one connection (after {@link #open}), in full segments: every
     * {@code holeEvery}-th segment is never sent (0: none), and each run of {@code reverse} segments is sent
     * last to first. Nothing is acknowledged. {@code bytes} is a multiple of {@code reverse} segments.
     * Returns the stream offset reached.
     */
    long bulk(int client, int port, long from, long bytes, int holeEvery, int reverse) {
        long start = from;
        long end = from + bytes;
        while (start < end) {
            long runEnd = Math.min(end, start + (long) reverse * MSS);
            for (long off = runEnd - MSS; off >= start; off -= MSS) {
                if (holeEvery == 0 || (off / MSS) % holeEvery != holeEvery - 1) {
                    segment(client, port, false, MASK - 9 + off, 43, TcpSegment.ACK, off, MSS);
                }
            }
            start = runEnd;
        }
        return end;
    }

    /** An OPTS-wrapped DLM_MSG REQUEST whose h_seq (bytes 4..7, little-endian) is patched per message. */
    private static final byte[] SEQUENCED = DlmBytes.opts(2, 0, DlmBytes.msg(DlmBytes.V32, DlmBytes.LOCKSPACE, 2,
            DlmBytes.Msg.of(1).nodeid(2).lkid(11).name("resource")));

    /**
     * {@code messages} OPTS messages with consecutive midcomms sequence numbers from node 2 (the client)
     * to node 1 on one connection (after {@link #open}), ten to a segment, in order; the peer acknowledges
     * the TCP bytes but never sends a DLM_ACK.
     */
    void neverAcknowledged(int client, int port, long messages) {
        int per = 10;
        long[] seqs = new long[per];
        long offset = 0;
        for (long sent = 0; sent < messages; sent += per) {
            for (int i = 0; i < per; i++) {
                seqs[i] = sent + i;
            }
            offset = sequenced(client, port, offset, seqs);
            segment(client, port, true, 43, MASK - 9 + offset, TcpSegment.ACK, 0, 0);
        }
    }

    /** The nine seqs of #16 defect 1: 0, then 256 doubling up to 32768 (each on the ring slot of the one before). */
    private static final long[] COLLIDING = {0, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768};

    /**
     * A new connection from {@code client} (after its handshake) whose nine OPTS carry the seqs 0, 256, 512, ...,
     * 32768 in one segment, never acknowledged: a ring indexed by seq mod capacity doubled to 65,536 slots for them.
     */
    void collidingSeqs(int client, int port) {
        open(client, port);
        sequenced(client, port, 0, COLLIDING);
    }

    /** One segment of OPTS messages with {@code seqs} at stream {@code offset}; returns the offset after it. */
    private long sequenced(int client, int port, long offset, long[] seqs) {
        int len = SEQUENCED.length;
        byte[] d = frame.ensureCapacity(PAYLOAD + seqs.length * len);
        System.arraycopy(template, 0, d, 0, PAYLOAD);
        for (int i = 0; i < seqs.length; i++) {
            int at = PAYLOAD + i * len;
            System.arraycopy(SEQUENCED, 0, d, at, len);
            long s = seqs[i];
            d[at + 4] = (byte) s;
            d[at + 5] = (byte) (s >>> 8);
            d[at + 6] = (byte) (s >>> 16);
            d[at + 7] = (byte) (s >>> 24);
        }
        int length = seqs.length * len;
        putShort(d, IP + 2, 40 + length);
        putInt(d, IP + 12, client);
        putInt(d, IP + 16, SERVER);
        putShort(d, TCP, port);
        putShort(d, TCP + 2, DLM_PORT);
        putInt(d, TCP + 4, (int) ((MASK - 9 + offset) & MASK));
        putInt(d, TCP + 8, 43);
        d[TCP + 13] = (byte) (TcpSegment.PSH | TcpSegment.ACK);
        nanos += 1_000;
        frame.set(++number, nanos, LinkType.ETHERNET.wireValue(), 0, PAYLOAD + length, PAYLOAD + length);
        dissector.process(frame);
        return offset + length;
    }

    private static void putShort(byte[] d, int at, int v) {
        d[at] = (byte) (v >>> 8);
        d[at + 1] = (byte) v;
    }

    private static void putInt(byte[] d, int at, int v) {
        d[at] = (byte) (v >>> 24);
        d[at + 1] = (byte) (v >>> 16);
        d[at + 2] = (byte) (v >>> 8);
        d[at + 3] = (byte) v;
    }
}
