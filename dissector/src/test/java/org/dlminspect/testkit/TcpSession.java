package org.dlminspect.testkit;

import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.dlminspect.capture.LinkType;
import org.dlminspect.capture.PcapWriter;
import org.dlminspect.net.FrameBuilder;
import org.dlminspect.net.IpAddress;
import org.dlminspect.net.TcpSegment;

/**
 * Builds realistic TCP conversations as capture frames, for tests and the sample captures: the
 * three-way handshake, data in either direction with sequence and acknowledgement numbers that
 * advance as on the wire, splitting at the MSS, pure ACKs, FIN and RST, any number of connections
 * (one after the other or interleaved, a 4-tuple reused by a new connection), and frames built by
 * {@link FrameBuilder} on any link layer it knows (Ethernet with VLAN tags, Linux cooked v1/v2,
 * raw IP, BSD loopback), over IPv4 (with options) or IPv6 (with extension headers).
 *
 * <p>The session is a list of packets in capture order. Knobs rearrange that list to make what a
 * capture of a real network shows: {@link #swap}/{@link #move} (out of order), {@link #duplicate}
 * and {@link #retransmit} (the same segment twice), {@link Connection#segmentAt} (a segment over
 * bytes already sent, possibly with other bytes: an overlap), {@link #drop} (a segment the capture
 * missed: a gap), {@link #cut} or a snaplen (frames cut short), and connections without
 * {@link Connection#handshake()} (a capture started mid-connection).
 *
 * <p>Timestamps are deterministic: the first packet is at {@link #start}, each later one
 * {@link #step} after the one before it in capture order, plus any {@link #pause} placed before
 * it. So a capture built twice is byte-identical.
 *
 * <pre>{@code
 * TcpSession s = new TcpSession().link(LinkType.LINUX_SLL);
 * TcpSession.Connection c = s.connection("10.99.0.1", 40001, "10.99.0.2", 21064).handshake();
 * c.send(Side.CLIENT, DlmBytes.opts(1, 0, request)).ack(Side.SERVER);
 * byte[] pcap = s.pcap();
 * }</pre>
 */
public final class TcpSession {
    /** The end of a connection that sends: the one that connected (CLIENT) or the one that accepted (SERVER). */
    public enum Side {
        CLIENT, SERVER;

        public Side other() {
            return this == CLIENT ? SERVER : CLIENT;
        }
    }

    /** A pcapng interface: link type, snaplen (0 = none) and the if_tsresol byte (6 = µs, 9 = ns, 0x80|n = 2^-n s). */
    public record Interface(LinkType linkType, int snaplen, int tsresol) {
        public static Interface of(LinkType linkType, int tsresol) {
            return new Interface(linkType, 0, tsresol);
        }
    }

    /** 2023-11-14T22:13:20.123456789Z: sub-microsecond, so microsecond and nanosecond files differ. */
    public static final long DEFAULT_START = 1_700_000_000_123_456_789L;
    /** 1.000237 ms between packets: not a whole number of microseconds either. */
    public static final long DEFAULT_STEP = 1_000_237L;

    private static final byte[] MSS_OPTION_PREFIX = {0x02, 0x04};

    private final List<Packet> packets = new ArrayList<>();
    private final List<Consumer<FrameBuilder>> style = new ArrayList<>();
    private long start = DEFAULT_START;
    private long step = DEFAULT_STEP;
    private long pendingPause;
    private int mss = 1448;
    private int connections;

    // ------------------------------------------------------------------ settings

    /** Time of the first packet, nanoseconds since the epoch. */
    public TcpSession start(long epochNanos) {
        this.start = epochNanos;
        return this;
    }

    /** Time between two packets in capture order. */
    public TcpSession step(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("step must not be negative");
        }
        this.step = nanos;
        return this;
    }

    /** Maximum segment size of connections created from now on (data is split at it). */
    public TcpSession mss(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("mss must be positive");
        }
        this.mss = bytes;
        return this;
    }

    /** Link layer of connections created from now on (Ethernet by default). */
    public TcpSession link(LinkType type) {
        return style(f -> f.link(type));
    }

    /** Adds a VLAN tag (outermost first) to frames of connections created from now on. */
    public TcpSession vlan(int tpid, int vlanId) {
        return style(f -> f.vlan(tpid, vlanId));
    }

    /** Any other {@link FrameBuilder} setting for connections created from now on (IPv4 options, IPv6 extension headers …). */
    public TcpSession style(Consumer<FrameBuilder> setting) {
        style.add(Objects.requireNonNull(setting));
        return this;
    }

    /** Adds {@code nanos} of silence before the next packet added. */
    public TcpSession pause(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("pause must not be negative");
        }
        pendingPause += nanos;
        return this;
    }

    // ------------------------------------------------------------------ connections

    /**
     * A new connection from {@code client} to {@code server} (IPv4 dotted or IPv6 text). Nothing is sent: call
     * {@link Connection#handshake()} first, or send data at once for a capture started mid-connection. The
     * initial sequence numbers are deterministic and differ per connection; {@link Connection#isn} sets them.
     */
    public Connection connection(String client, int clientPort, String server, int serverPort) {
        int n = connections++;
        return new Connection(client, clientPort, server, serverPort,
                0x10000000L * (n + 1) + 0x1234567L, 0x90000000L + 0x0100_0000L * n + 0x89ABCDEL,
                mss, new ArrayList<>(style));
    }

    // ------------------------------------------------------------------ knobs on the capture order

    /** Number of packets so far; the index the next packet will get. */
    public int size() {
        return packets.size();
    }

    /** Exchanges packets {@code i} and {@code j} in capture order (their timestamps follow the new order). */
    public TcpSession swap(int i, int j) {
        Packet p = packets.get(i);
        packets.set(i, packets.get(j));
        packets.set(j, p);
        return this;
    }

    /** Moves packet {@code from} so that it becomes packet {@code to}. */
    public TcpSession move(int from, int to) {
        packets.add(to, packets.remove(from));
        return this;
    }

    /** Inserts an identical copy of packet {@code i} right after it (a retransmission seen at once). */
    public TcpSession duplicate(int i) {
        packets.add(i + 1, packets.get(i).copy());
        return this;
    }

    /** Appends an identical copy of packet {@code i} (a retransmission after whatever came since). */
    public TcpSession retransmit(int i) {
        packets.add(packets.get(i).copy(takePause()));
        return this;
    }

    /** Removes packet {@code i} from the capture; its sequence space stays used (lost before the capture point). */
    public TcpSession drop(int i) {
        packets.remove(i);
        return this;
    }

    /** Keeps only the first {@code caplen} bytes of packet {@code i}'s frame (its original length is kept). */
    public TcpSession cut(int i, int caplen) {
        if (caplen < 0) {
            throw new IllegalArgumentException("caplen must not be negative");
        }
        packets.get(i).caplen = caplen;
        return this;
    }

    /** The payload carried by packet {@code i} (a copy). */
    public byte[] payload(int i) {
        return packets.get(i).payload.clone();
    }

    // ------------------------------------------------------------------ output

    /** The frames in capture order: time, captured bytes (cut where asked) and original length. */
    public List<Captures.Frame> frames() {
        List<Captures.Frame> out = new ArrayList<>(packets.size());
        long t = start;
        for (int i = 0; i < packets.size(); i++) {
            Packet p = packets.get(i);
            t += (i == 0 ? 0 : step) + p.pauseBefore;
            byte[] frame = p.build(i);
            byte[] captured = p.caplen >= 0 && p.caplen < frame.length ? Arrays.copyOf(frame, p.caplen) : frame;
            out.add(new Captures.Frame(t, captured, frame.length));
        }
        return out;
    }

    /** A little-endian microsecond pcap with snaplen 262144. */
    public byte[] pcap() {
        return pcap(PcapWriter.Precision.MICROSECONDS, ByteOrder.LITTLE_ENDIAN, 262144);
    }

    /** A pcap in the given timestamp precision and byte order; frames longer than {@code snaplen} are cut to it. */
    public byte[] pcap(PcapWriter.Precision precision, ByteOrder order, int snaplen) {
        LinkType link = null;
        for (Packet p : packets) {
            LinkType l = p.conn.linkType();
            if (link != null && link != l) {
                throw new IllegalStateException("a pcap has one link type, but connections use " + link + " and " + l
                        + ": write pcapng");
            }
            link = l;
        }
        int linkValue = link == null ? LinkType.ETHERNET.wireValue() : link.wireValue();
        return Captures.pcap(linkValue, snaplen, precision, order, frames());
    }

    /**
     * A pcapng of one section in {@code order}, with the given interfaces; each connection's frames go to
     * its {@link Connection#onInterface interface} (0 unless told), whose link type must match.
     */
    public byte[] pcapng(ByteOrder order, Interface... interfaces) {
        PcapngBuilder b = new PcapngBuilder(order);
        for (Interface i : interfaces) {
            b.interfaceBlock(i.linkType().wireValue(), i.snaplen(), PcapngBuilder.Option.tsresol(i.tsresol()));
        }
        List<Captures.Frame> frames = frames();
        for (int k = 0; k < frames.size(); k++) {
            Connection c = packets.get(k).conn;
            if (c.interfaceId >= interfaces.length) {
                throw new IllegalStateException("connection " + c + " uses interface " + c.interfaceId
                        + " but only " + interfaces.length + " are described");
            }
            Interface iface = interfaces[c.interfaceId];
            if (iface.linkType() != c.linkType()) {
                throw new IllegalStateException("interface " + c.interfaceId + " is " + iface.linkType()
                        + " but connection " + c + " builds " + c.linkType() + " frames");
            }
            Captures.Frame f = frames.get(k);
            byte[] data = iface.snaplen() > 0 && f.data().length > iface.snaplen()
                    ? Arrays.copyOf(f.data(), iface.snaplen()) : f.data();
            b.enhancedPacket(c.interfaceId, ticks(f.epochNanos(), iface.tsresol()), data, f.originalLength());
        }
        return b.toByteArray();
    }

    /**
     * A pcapng as dumpcap writes it with one interface per node (the host side of each node's link): frames sent
     * by clients go to interface 0, frames sent by servers to interface 1, each interface's frames in their order,
     * but written in batches of {@code batch} frames, one interface after the other: the file steps back in time.
     */
    public byte[] pcapngBySenderInBatches(ByteOrder order, Interface iface, int batch) {
        PcapngBuilder b = new PcapngBuilder(order);
        b.interfaceBlock(iface.linkType().wireValue(), iface.snaplen(), PcapngBuilder.Option.tsresol(iface.tsresol()));
        b.interfaceBlock(iface.linkType().wireValue(), iface.snaplen(), PcapngBuilder.Option.tsresol(iface.tsresol()));
        List<Captures.Frame> frames = frames();
        List<List<Captures.Frame>> byInterface = List.of(new ArrayList<>(), new ArrayList<>());
        for (int k = 0; k < frames.size(); k++) {
            byInterface.get(packets.get(k).fromClient ? 0 : 1).add(frames.get(k));
        }
        int[] at = new int[2];
        while (at[0] < byInterface.get(0).size() || at[1] < byInterface.get(1).size()) {
            for (int id = 0; id < 2; id++) {
                List<Captures.Frame> l = byInterface.get(id);
                for (int n = 0; n < batch && at[id] < l.size(); n++) {
                    Captures.Frame f = l.get(at[id]++);
                    b.enhancedPacket(id, ticks(f.epochNanos(), iface.tsresol()), f.data(), f.originalLength());
                }
            }
        }
        return b.toByteArray();
    }

    /** {@code epochNanos} in units of the if_tsresol byte {@code tsresol}, rounded down. */
    public static long ticks(long epochNanos, int tsresol) {
        int exponent = tsresol & 0x7F;
        if ((tsresol & 0x80) == 0) {
            if (exponent > 18) {
                throw new IllegalArgumentException("decimal resolutions finer than 10^-18 s do not fit 64 bits here");
            }
            return exponent <= 9
                    ? epochNanos / BigInteger.TEN.pow(9 - exponent).longValueExact()
                    : BigInteger.valueOf(epochNanos).multiply(BigInteger.TEN.pow(exponent - 9)).longValueExact();
        }
        return BigInteger.valueOf(epochNanos).shiftLeft(exponent).divide(BigInteger.valueOf(1_000_000_000L)).longValue();
    }

    private long takePause() {
        long p = pendingPause;
        pendingPause = 0;
        return p;
    }

    private void add(Packet p) {
        p.pauseBefore = takePause();
        packets.add(p);
    }

    // ------------------------------------------------------------------ one connection

    /** One TCP connection of the session. Offsets are stream offsets: 0 is the first byte after the SYN. */
    public final class Connection {
        private final String client;
        private final String server;
        /** Parsed once: a frame is built per packet each time the capture is written (fuzz targets write thousands). */
        private final IpAddress clientAddress;
        private final IpAddress serverAddress;
        private final int clientPort;
        private final int serverPort;
        private final int connectionMss;
        private final List<Consumer<FrameBuilder>> frameStyle;
        private long clientIsn;
        private long serverIsn;
        /** Next stream offset each side sends (FIN counts one). */
        private long clientNext;
        private long serverNext;
        private boolean started;
        private int interfaceId;
        /** The link type its frames have, known once asked (null after a style change). */
        private LinkType linkType;

        private Connection(String client, int clientPort, String server, int serverPort, long clientIsn, long serverIsn,
                           int mss, List<Consumer<FrameBuilder>> frameStyle) {
            this.client = client;
            this.server = server;
            this.clientAddress = IpAddress.parse(client);
            this.serverAddress = IpAddress.parse(server);
            this.clientPort = clientPort;
            this.serverPort = serverPort;
            this.clientIsn = clientIsn & 0xFFFFFFFFL;
            this.serverIsn = serverIsn & 0xFFFFFFFFL;
            this.connectionMss = mss;
            this.frameStyle = frameStyle;
        }

        /** Sets both initial sequence numbers (before anything is sent), e.g. near 2^32 to make them wrap. */
        public Connection isn(long client, long server) {
            if (started) {
                throw new IllegalStateException("the initial sequence numbers are fixed once a segment was sent");
            }
            this.clientIsn = client & 0xFFFFFFFFL;
            this.serverIsn = server & 0xFFFFFFFFL;
            return this;
        }

        /** Sends this connection's frames to pcapng interface {@code id}. */
        public Connection onInterface(int id) {
            this.interfaceId = id;
            return this;
        }

        /** An extra {@link FrameBuilder} setting for this connection's frames only. */
        public Connection style(Consumer<FrameBuilder> setting) {
            frameStyle.add(Objects.requireNonNull(setting));
            linkType = null;
            return this;
        }

        public long clientIsn() {
            return clientIsn;
        }

        public long serverIsn() {
            return serverIsn;
        }

        /** The stream offset of the next byte {@code side} sends. */
        public long next(Side side) {
            return side == Side.CLIENT ? clientNext : serverNext;
        }

        /** SYN, SYN-ACK (both with an MSS option), ACK. */
        public Connection handshake() {
            byte[] mssOption = {MSS_OPTION_PREFIX[0], MSS_OPTION_PREFIX[1], (byte) (connectionMss >>> 8), (byte) connectionMss};
            started = true;
            add(new Packet(this, true, seq(Side.CLIENT, -1), 0, TcpSegment.SYN, new byte[0], mssOption));
            add(new Packet(this, false, seq(Side.SERVER, -1), seq(Side.CLIENT, 0), TcpSegment.SYN | TcpSegment.ACK,
                    new byte[0], mssOption));
            add(new Packet(this, true, seq(Side.CLIENT, 0), seq(Side.SERVER, 0), TcpSegment.ACK, new byte[0], null));
            return this;
        }

        /** A connection attempt refused: the client's SYN, the server's RST+ACK (no socket listens, or a firewall). */
        public Connection refused() {
            started = true;
            add(new Packet(this, true, seq(Side.CLIENT, -1), 0, TcpSegment.SYN, new byte[0], null));
            add(new Packet(this, false, 0, seq(Side.CLIENT, 0), TcpSegment.RST | TcpSegment.ACK, new byte[0], null));
            return this;
        }

        /** Sends the concatenation of {@code messages} from {@code side}, in segments of at most the MSS (PSH on the last). */
        public Connection send(Side side, byte[]... messages) {
            byte[] data = DlmBytes.concat(messages);
            int limit = connectionMss;
            for (int off = 0; off < data.length; off += limit) {
                int n = Math.min(limit, data.length - off);
                boolean last = off + n == data.length;
                segment(side, Arrays.copyOfRange(data, off, off + n), last);
            }
            return this;
        }

        /** Sends each array as exactly one segment, whatever the MSS (to place segment boundaries by hand). */
        public Connection segments(Side side, byte[]... segments) {
            for (byte[] s : segments) {
                segment(side, s, true);
            }
            return this;
        }

        /**
         * A segment from {@code side} carrying {@code bytes} at stream offset {@code offset}, without moving the
         * side's next offset: a retransmission of bytes already sent, an overlap with other bytes, or (past the
         * next offset) a segment the capture saw before the ones in between.
         */
        public Connection segmentAt(Side side, long offset, byte[] bytes) {
            started = true;
            add(new Packet(this, side == Side.CLIENT, seq(side, offset), seq(side.other(), next(side.other())),
                    TcpSegment.PSH | TcpSegment.ACK, bytes.clone(), null));
            return this;
        }

        /** A pure ACK from {@code side} for everything the other side sent. */
        public Connection ack(Side side) {
            return ackUpTo(side, next(side.other()));
        }

        /** A pure ACK from {@code side} acknowledging the other side's stream up to {@code offset}. */
        public Connection ackUpTo(Side side, long offset) {
            started = true;
            add(new Packet(this, side == Side.CLIENT, seq(side, next(side)), seq(side.other(), offset), TcpSegment.ACK,
                    new byte[0], null));
            return this;
        }

        /** FIN+ACK from {@code side}; the FIN uses one sequence number. */
        public Connection fin(Side side) {
            started = true;
            add(new Packet(this, side == Side.CLIENT, seq(side, next(side)), seq(side.other(), next(side.other())),
                    TcpSegment.FIN | TcpSegment.ACK, new byte[0], null));
            advance(side, 1);
            return this;
        }

        /** RST+ACK from {@code side}. */
        public Connection rst(Side side) {
            started = true;
            add(new Packet(this, side == Side.CLIENT, seq(side, next(side)), seq(side.other(), next(side.other())),
                    TcpSegment.RST | TcpSegment.ACK, new byte[0], null));
            return this;
        }

        private void segment(Side side, byte[] bytes, boolean push) {
            started = true;
            add(new Packet(this, side == Side.CLIENT, seq(side, next(side)), seq(side.other(), next(side.other())),
                    (push ? TcpSegment.PSH : 0) | TcpSegment.ACK, bytes, null));
            advance(side, bytes.length);
        }

        private void advance(Side side, long n) {
            if (side == Side.CLIENT) {
                clientNext += n;
            } else {
                serverNext += n;
            }
        }

        /** The 32-bit sequence number of stream offset {@code offset} of {@code side} (-1: the SYN). */
        private long seq(Side side, long offset) {
            long isn = side == Side.CLIENT ? clientIsn : serverIsn;
            return (isn + 1 + offset) & 0xFFFFFFFFL;
        }

        LinkType linkType() {
            if (linkType == null) {
                linkType = frameBuilder(true).linkType();
            }
            return linkType;
        }

        FrameBuilder frameBuilder(boolean fromClient) {
            FrameBuilder f = fromClient
                    ? FrameBuilder.tcp(clientAddress, clientPort, serverAddress, serverPort)
                    : FrameBuilder.tcp(serverAddress, serverPort, clientAddress, clientPort);
            byte[] clientMac = {0x02, 0, 0, 0, 0, 0x01};
            byte[] serverMac = {0x02, 0, 0, 0, 0, 0x02};
            f.macs(fromClient ? clientMac : serverMac, fromClient ? serverMac : clientMac);
            for (Consumer<FrameBuilder> s : frameStyle) {
                s.accept(f);
            }
            return f;
        }

        @Override
        public String toString() {
            return client + ":" + clientPort + " -> " + server + ":" + serverPort;
        }
    }

    /** One segment as it will appear in the capture. */
    private static final class Packet {
        final Connection conn;
        final boolean fromClient;
        final long seq;
        final long ack;
        final int flags;
        final byte[] payload;
        final byte[] tcpOptions;
        long pauseBefore;
        int caplen = -1;

        Packet(Connection conn, boolean fromClient, long seq, long ack, int flags, byte[] payload, byte[] tcpOptions) {
            this.conn = conn;
            this.fromClient = fromClient;
            this.seq = seq;
            this.ack = ack;
            this.flags = flags;
            this.payload = payload;
            this.tcpOptions = tcpOptions;
        }

        Packet copy() {
            return copy(0);
        }

        Packet copy(long pause) {
            Packet p = new Packet(conn, fromClient, seq, ack, flags, payload, tcpOptions);
            p.pauseBefore = pause;
            p.caplen = caplen;
            return p;
        }

        /** The frame; {@code index} (its place in the capture) becomes the IPv4 identification. */
        byte[] build(int index) {
            FrameBuilder f = conn.frameBuilder(fromClient)
                    .seq(seq).ack(ack).flags(flags).ipv4Id(index + 1).payload(payload);
            if (tcpOptions != null) {
                f.tcpOptions(tcpOptions);
            }
            return f.build();
        }
    }
}
