package org.dlminspect.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.dlminspect.capture.LinkType;
import org.dlminspect.capture.PcapWriter;
import org.dlminspect.testkit.DlmBytes;
import org.dlminspect.testkit.TcpSession;
import org.dlminspect.testkit.TcpSession.Side;

/**
 * Builds a VALID capture from fuzzer input, so that mutations land in the reassembler's and the analyzer's
 * deep states instead of in the capture reader's and decoders' first checks: pcap (µs or ns, either byte
 * order) or pcapng (decimal or binary if_tsresol) framing, Ethernet/IPv4/TCP frames with correct lengths,
 * checksums and sequence numbers ({@link TcpSession}), DLM 3.2 midcomms conversations between three nodes
 * with plausible h_length and per-direction sequence numbers (OPTS-wrapped MSG, RCOM and FIN, ACKs of what
 * the peer sent, unwrapped 3.1 messages), and what real links and capture points do to them: segments
 * split anywhere, retransmitted, duplicated, reordered, dropped before the capture point, cut by the
 * snaplen, overlapping with other bytes, FIN, RST, a 4-tuple reused, pauses of seconds.
 *
 * <p>The fuzzer chooses among operations; each consumes a few bytes, so that libFuzzer's mutations of one
 * byte change one decision. {@code tcpKnobs} false keeps the TCP layer clean (only midcomms varies).
 */
final class ValidCaptures {
    static final int MAX_STEPS = 160;
    private static final String[] NODES = {"10.99.0.1", "10.99.0.2", "10.99.0.3"};

    private final FuzzedDataProvider data;
    private final boolean tcpKnobs;
    private final TcpSession session = new TcpSession();
    private final List<Conn> conns = new ArrayList<>();

    private ValidCaptures(FuzzedDataProvider data, boolean tcpKnobs) {
        this.data = data;
        this.tcpKnobs = tcpKnobs;
    }

    /** A capture file built from {@code data}; never empty of frames unless the input is. */
    static byte[] build(FuzzedDataProvider data, boolean tcpKnobs) {
        ValidCaptures v = new ValidCaptures(data, tcpKnobs);
        v.session.mss(data.pickValue(new int[] {1448, 536, 100, 17, 1}));
        v.session.step(data.consumeLong(1, 50_000_000L));
        for (int step = 0; step < MAX_STEPS && data.remainingBytes() > 0; step++) {
            v.step();
        }
        return v.write();
    }

    /** One midcomms direction: the next seq this node sends, and how far it acknowledged the peer. */
    private static final class Midcomms {
        int nextSeq;
        int acked;
    }

    private final class Conn {
        final TcpSession.Connection tcp;
        final int clientNode;
        final int serverNode;
        final Midcomms fromClient = new Midcomms();
        final Midcomms fromServer = new Midcomms();

        Conn(int clientNode, int serverNode, int clientPort) {
            this.clientNode = clientNode;
            this.serverNode = serverNode;
            this.tcp = session.connection(NODES[clientNode], clientPort, NODES[serverNode], 21064);
            if (data.consumeInt(0, 7) == 0) {
                long isn = data.consumeLong(0xFFFFFF00L, 0xFFFFFFFFL);
                tcp.isn(isn, isn - 77);
            }
        }

        Midcomms sender(Side s) {
            return s == Side.CLIENT ? fromClient : fromServer;
        }

        int nodeid(Side s) {
            return (s == Side.CLIENT ? clientNode : serverNode) + 1;
        }
    }

    private void step() {
        int op = data.consumeInt(0, 23);
        if (conns.isEmpty() || op == 0) {
            open();
            return;
        }
        Conn c = conns.get(data.consumeInt(0, conns.size() - 1));
        Side side = data.consumeBoolean() ? Side.CLIENT : Side.SERVER;
        Midcomms m = c.sender(side);
        switch (op) {
            case 1, 2, 3, 4, 5, 6, 7 -> sendMessages(c, side, m);
            case 8, 9 -> c.tcp.send(side, DlmBytes.ack(c.nodeid(side), ackValue(c.sender(side.other()))));
            case 10 -> c.tcp.ack(side);
            case 11 -> sendSplit(c, side, m);
            case 12 -> c.tcp.send(side, DlmBytes.fin(c.nodeid(side), m.nextSeq++));
            case 13 -> session.pause(data.consumeLong(0, 30_000_000_000L));
            default -> tcpKnob(c, side, op);
        }
    }

    private void open() {
        int client = data.consumeInt(0, NODES.length - 1);
        int server = data.consumeInt(0, NODES.length - 1);
        int port = data.consumeBoolean() ? 21064 : data.consumeInt(1024, 1030);
        Conn c = new Conn(client, server, port);
        if (data.consumeInt(0, 7) != 0) {
            c.tcp.handshake();
        }
        conns.add(c);
    }

    /** What an ACK says: mostly everything the peer sent, sometimes less, sometimes a stale or a future value. */
    private int ackValue(Midcomms peer) {
        int v = switch (data.consumeInt(0, 7)) {
            case 0 -> peer.nextSeq - data.consumeInt(0, 5);
            case 1 -> peer.acked;
            case 2 -> peer.nextSeq + data.consumeInt(1, 3);
            default -> peer.nextSeq;
        };
        peer.acked = v;
        return v;
    }

    /** One to four messages in one send (the MSS splits them), their seqs mostly consecutive. */
    private void sendMessages(Conn c, Side side, Midcomms m) {
        int n = data.consumeInt(1, 4);
        byte[][] msgs = new byte[n][];
        for (int i = 0; i < n; i++) {
            msgs[i] = message(c, side, m);
        }
        c.tcp.send(side, msgs);
    }

    /** One message in segments split where the fuzzer says (a header cut in two, a one-byte segment). */
    private void sendSplit(Conn c, Side side, Midcomms m) {
        byte[] msg = message(c, side, m);
        int cut1 = data.consumeInt(1, msg.length);
        int cut2 = data.consumeInt(cut1, msg.length);
        c.tcp.segments(side, slice(msg, 0, cut1), slice(msg, cut1, cut2), slice(msg, cut2, msg.length));
    }

    private static byte[] slice(byte[] b, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(b, from, out, 0, out.length);
        return out;
    }

    private byte[] message(Conn c, Side side, Midcomms m) {
        int node = c.nodeid(side);
        int kind = data.consumeInt(0, 15);
        byte[] inner = kind < 10
                ? DlmBytes.msg(DlmBytes.V32, DlmBytes.LOCKSPACE, node, DlmBytes.Msg.of(data.consumeInt(1, 20))
                        .lkid(data.consumeInt(1, 8)).remid(data.consumeInt(0, 8)).modes(data.consumeInt(-1, 5),
                                data.consumeInt(-1, 5)).extra(data.consumeBytes(data.consumeInt(0, 3) * 8)))
                : DlmBytes.rcom(DlmBytes.V32, DlmBytes.LOCKSPACE, node, data.consumeInt(1, 12), 0,
                        data.consumeLong(), data.consumeInt(0, 4), data.consumeInt(0, 4), data.consumeBytes(data.consumeInt(0, 16)));
        if (kind == 15) {
            // A 3.1 peer: no midcomms header, no seq.
            return DlmBytes.patch32(inner, 0, DlmBytes.V31);
        }
        int seq = switch (data.consumeInt(0, 15)) {
            case 0 -> m.nextSeq - data.consumeInt(1, 3);      // a resend with an old seq
            case 1 -> m.nextSeq + data.consumeInt(1, 300);    // a jump
            case 2 -> m.nextSeq++ + (data.consumeBoolean() ? 256 : 65536); // same ring slot, other seq
            default -> m.nextSeq++;
        };
        return DlmBytes.opts(node, seq, inner);
    }

    private void tcpKnob(Conn c, Side side, int op) {
        int n = session.size();
        if (!tcpKnobs) {
            sendMessages(c, side, c.sender(side));
            return;
        }
        if (n == 0) {
            return;
        }
        int i = data.consumeInt(0, n - 1);
        switch (op) {
            case 14 -> session.retransmit(i);
            case 15 -> session.duplicate(i);
            case 16 -> session.swap(i, data.consumeInt(Math.max(0, i - 3), Math.min(n - 1, i + 3)));
            case 17 -> session.drop(i);
            case 18 -> session.cut(i, data.consumeInt(0, 120));
            case 19 -> c.tcp.segmentAt(side, Math.max(0, c.tcp.next(side) - data.consumeInt(0, 200)),
                    data.consumeBytes(data.consumeInt(1, 64)));
            case 20 -> c.tcp.segmentAt(side, c.tcp.next(side) + data.consumeInt(1, 3000), data.consumeBytes(data.consumeInt(1, 64)));
            case 21 -> c.tcp.rst(side);
            case 22 -> c.tcp.fin(side);
            default -> session.move(i, data.consumeInt(0, n - 1));
        }
    }

    private byte[] write() {
        return switch (data.consumeInt(0, 4)) {
            case 0 -> session.pcap(PcapWriter.Precision.NANOSECONDS, ByteOrder.BIG_ENDIAN, 262144);
            case 1 -> session.pcap(PcapWriter.Precision.MICROSECONDS, ByteOrder.LITTLE_ENDIAN, 96);
            case 2 -> session.pcapng(ByteOrder.LITTLE_ENDIAN, TcpSession.Interface.of(LinkType.ETHERNET, 9));
            case 3 -> session.pcapng(ByteOrder.BIG_ENDIAN, TcpSession.Interface.of(LinkType.ETHERNET, 0x80 | 20));
            default -> session.pcap();
        };
    }
}
