package org.dlminspect.sctp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.dlminspect.capture.PcapWriter;
import org.dlminspect.testkit.DlmBytes;

/**
 * Per-node captures of one DLM association over SCTP, as both nodes would record it: node 1 (10.99.0.1, port
 * 40000) and node 2 (10.99.0.2, port 21064) exchange a DATA chunk each way every 100 ms for 4 s (node 2's with a
 * SACK bundled). Node 2's clock runs {@link #OFFSET} ahead of node 1's; the network takes {@link #DELAY} each way.
 * A packet sent at real time t is in its sender's capture at t (sender's clock) and in its receiver's at t + DELAY
 * (receiver's clock). With {@code lose}, round {@link #LOST_ROUND}'s DATA from node 1 is lost in the network and
 * sent again (the same packet, T3-rtx) 30 ms later, and that copy arrives.
 */
public final class SctpPerNodeCaptures {
    public static final long T0 = 1_700_000_000_000_000_000L;
    public static final long OFFSET = 5_000_000;
    public static final long DELAY = 100_000;
    public static final int ROUNDS = 40;
    public static final int LOST_ROUND = 20;
    public static final long RETRANSMISSION_AFTER = 30_000_000;
    private static final long TAG_TO_1 = 0x11111111L;
    private static final long TAG_TO_2 = 0x22222222L;

    /** One captured frame: its time on its capture's clock and its Ethernet bytes. */
    public record Packet(long nanos, byte[] data) { }

    private SctpPerNodeCaptures() { }

    /** Time of round {@code k}'s DATA from node 1, on node 1's clock. */
    public static long roundNanos(int k) {
        return T0 + 10_000_000 + k * 100_000_000L;
    }

    /** [0] node 1's capture, [1] node 2's, each in time order. */
    public static List<List<Packet>> captures(boolean lose) {
        List<Packet> node1 = new ArrayList<>();
        List<Packet> node2 = new ArrayList<>();
        send(node1, node2, 0, T0, from1(0, SctpPackets.init(1, TAG_TO_1, 100)));
        send(node2, node1, OFFSET, T0 + 1_000_000, from2(TAG_TO_1, SctpPackets.init(2, TAG_TO_2, 500)));
        for (int k = 0; k < ROUNDS; k++) {
            long t = roundNanos(k);
            byte[] data = from1(TAG_TO_2, SctpPackets.whole(100 + k, opts(1, k)));
            boolean lost = lose && k == LOST_ROUND;
            if (lost) {
                node1.add(new Packet(t, data)); // left node 1, lost in the network
                send(node1, node2, 0, t + RETRANSMISSION_AFTER, data.clone());
            } else {
                send(node1, node2, 0, t, data);
            }
            long cumulative = lost ? 99 + k : 100 + k;
            send(node2, node1, OFFSET, t + 1_000_000,
                    from2(TAG_TO_1, SctpPackets.sack(cumulative), SctpPackets.whole(500 + k, opts(2, k))));
        }
        node1.sort(Comparator.comparingLong(Packet::nanos));
        node2.sort(Comparator.comparingLong(Packet::nanos));
        return List.of(node1, node2);
    }

    /** A nanosecond pcap of the packets, in their order. */
    public static byte[] pcap(List<Packet> packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(out, 1, 262144, PcapWriter.Precision.NANOSECONDS)) {
            for (Packet p : packets) w.write(p.nanos(), p.data(), 0, p.data().length, p.data().length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Sent at real time t by the node whose clock is {@code senderOffset} ahead; node 1's clock is real time. */
    private static void send(List<Packet> sender, List<Packet> receiver, long senderOffset, long t, byte[] p) {
        long receiverOffset = senderOffset == 0 ? OFFSET : 0;
        sender.add(new Packet(t + senderOffset, p));
        receiver.add(new Packet(t + DELAY + receiverOffset, p.clone()));
    }

    private static byte[] opts(int node, int seq) {
        return DlmBytes.opts(node, seq, DlmBytes.rcom(DlmBytes.V32, DlmBytes.LOCKSPACE, node, 1, 0, 7, 0, 0, new byte[0]));
    }

    private static byte[] from1(long tag, byte[]... chunks) {
        return SctpPackets.frame(1, 2, 40000, SctpPackets.DLM_PORT, tag, chunks);
    }

    private static byte[] from2(long tag, byte[]... chunks) {
        return SctpPackets.frame(2, 1, SctpPackets.DLM_PORT, 40000, tag, chunks);
    }
}
