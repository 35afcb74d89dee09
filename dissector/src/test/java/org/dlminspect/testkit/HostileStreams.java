package org.dlminspect.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.dlminspect.capture.LinkType;
import org.dlminspect.capture.PcapWriter;
import org.dlminspect.net.FrameBuilder;
import org.dlminspect.net.TcpSegment;

/**
 * The crafted captures of issue #16, written as a pcap stream (to a pipe into a forked dlm-inspect, or to a
 * file), never held whole: each is small to describe and large to replay. One Ethernet/IPv4/TCP template
 * per payload size is patched in place per frame (addresses, ports, sequence numbers), so that millions
 * of frames cost no allocation.
 */
public final class HostileStreams {
    private static final int IP = 14;
    private static final int TCP = IP + 20;
    private static final int SERVER = 0x0A630001;
    private static final int DLM_PORT = 21064;
    private static final long START = 1_700_000_000_000_000_000L;

    private final PcapWriter writer;
    private long nanos = START;

    public HostileStreams(OutputStream out) throws IOException {
        this.writer = new PcapWriter(out, LinkType.ETHERNET.wireValue(), 262144);
    }

    /**
     * {@code connections} connections after their handshake each send {@code segments} one-byte segments that
     * follow a first byte never sent (so every one of them is held out of order, waiting for it), round robin
     * so that every connection stays active. 128 x 16,000 is 2,048,000 held segments: 145 MB of capture that
     * held naively costs about 260 MB of heap.
     */
    public void heldOneByteSegments(int connections, int segments) throws IOException {
        byte[] frame = template(1);
        for (int c = 0; c < connections; c++) {
            handshake(frame, client(c), 40000 + c);
        }
        for (int s = 0; s < segments; s++) {
            for (int c = 0; c < connections; c++) {
                frame[frame.length - 1] = (byte) s;
                // Stream offset 1 + s: offset 0 is never sent.
                emit(frame, client(c), 40000 + c, SERVER, DLM_PORT, ISN + 2 + s, SERVER_ISN + 1, TcpSegment.ACK | TcpSegment.PSH);
            }
        }
    }

    /**
     * {@code connections} connections (capture started mid-stream, no handshake) that each carry one DLM ACK
     * message in one segment: before the budget, 16 KiB of buffers each, 1 GB for 65,536 of them.
     */
    public void oneAckEach(int connections) throws IOException {
        byte[] frame = template(16);
        System.arraycopy(DlmBytes.ack(2, 7), 0, frame, frame.length - 16, 16);
        for (int c = 0; c < connections; c++) {
            emit(frame, client(c / 60000), 1024 + c % 60000, SERVER, DLM_PORT, ISN + 1, SERVER_ISN + 1,
                    TcpSegment.ACK | TcpSegment.PSH);
        }
    }

    /**
     * #16 defect 1: {@code pairs} node pairs (client addresses 10.0.1.0 and up, each to 10.99.0.1), each sending the
     * nine OPTS seqs 0, 256, 512, 1024, ..., 32768 that are never acknowledged. Each seq landed on the slot of the
     * one before in a ring indexed by seq mod capacity, which doubled to 65,536 slots (3.5 MB) for nine messages:
     * 1,024 pairs (2.5 MB of capture) took 6 GB of heap.
     */
    public void collidingSeqs(int pairs) throws IOException {
        byte[] inner = DlmBytes.msg(DlmBytes.V32, DlmBytes.LOCKSPACE, 2,
                DlmBytes.Msg.of(1).lkid(1).modes(-1, 5).hash(0x1234).name("res1"));
        byte[] opts = DlmBytes.opts(2, 0, inner);
        byte[] frame = template(opts.length);
        int at = frame.length - opts.length;
        long[] seqs = {0, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768};
        for (int p = 0; p < pairs; p++) {
            int port = 40000 + p % 20000;
            handshake(frame, client(p), port);
            System.arraycopy(opts, 0, frame, at, opts.length);
            ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(at + 8, p + 2).putInt(at + 24 + 8, p + 2); // h_nodeid of OPTS and of the message inside
            for (int k = 0; k < seqs.length; k++) {
                b.putInt(at + 4, (int) seqs[k]); // the OPTS h_seq (reference §2.1: the header union)
                emit(frame, client(p), port, SERVER, DLM_PORT, ISN + 1 + (long) k * opts.length, SERVER_ISN + 1,
                        TcpSegment.ACK | TcpSegment.PSH);
            }
        }
    }

    public void flush() throws IOException {
        writer.flush();
    }

    private static final long ISN = 0x10000000L;
    private static final long SERVER_ISN = 0x90000000L;

    private static int client(int n) {
        return 0x0A000000 + 0x100 + n;
    }

    private void handshake(byte[] dataFrame, int client, int port) throws IOException {
        byte[] empty = template(0);
        emit(empty, client, port, SERVER, DLM_PORT, ISN, 0, TcpSegment.SYN);
        emit(empty, SERVER, DLM_PORT, client, port, SERVER_ISN, ISN + 1, TcpSegment.SYN | TcpSegment.ACK);
        emit(empty, client, port, SERVER, DLM_PORT, ISN + 1, SERVER_ISN + 1, TcpSegment.ACK);
    }

    private static byte[] template(int payload) {
        return FrameBuilder.tcp("10.0.0.1", 1024, "10.99.0.1", DLM_PORT).link(LinkType.ETHERNET)
                .payload(new byte[payload]).build();
    }

    private void emit(byte[] frame, int src, int sport, int dst, int dport, long seq, long ack, int flags) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.BIG_ENDIAN);
        b.putInt(IP + 12, src).putInt(IP + 16, dst);
        b.putShort(TCP, (short) sport).putShort(TCP + 2, (short) dport);
        b.putInt(TCP + 4, (int) seq).putInt(TCP + 8, (int) ack);
        frame[TCP + 13] = (byte) flags;
        nanos += 1_000;
        writer.write(nanos, frame, 0, frame.length, frame.length);
    }
}
