package org.dlminspect.samples;

import static org.dlminspect.testkit.DlmBytes.LOCKSPACE;
import static org.dlminspect.testkit.DlmBytes.V31;
import static org.dlminspect.testkit.DlmBytes.V32;
import static org.dlminspect.testkit.TcpSession.Side.CLIENT;
import static org.dlminspect.testkit.TcpSession.Side.SERVER;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.dlminspect.capture.LinkType;
import org.dlminspect.capture.PcapWriter.Precision;
import org.dlminspect.testkit.DlmBytes;
import org.dlminspect.testkit.DlmBytes.Msg;
import org.dlminspect.testkit.StoredGzip;
import org.dlminspect.testkit.TcpSession;
import org.dlminspect.testkit.TcpSession.Connection;
import org.dlminspect.testkit.TcpSession.Interface;

/**
 * The small deterministic captures of {@code samples/synthetic/}: one per edge case of the capture formats, link
 * layers, IP, TCP reassembly and the DLM protocol, each built from the protocol reference with {@link TcpSession}
 * and {@link DlmBytes}. {@link #main} (re)writes the folder; {@code SyntheticSamplesTest} regenerates every file
 * in memory, checks the committed one is byte-identical, and checks what dlm-inspect decodes from it.
 *
 * <p>Node N is 10.99.0.N (fd99::N over IPv6) with node id N; the lockspace id is 0x4c41424c, as in the real
 * captures. Node 1 connects from port 40001 to node 2's DLM port 21064 unless a sample says otherwise.
 */
public final class SyntheticSamples {
    /** One sample file: its name, what it shows, the command to try, and how to build it. */
    public record Sample(String file, String shows, String command, Supplier<byte[]> build) { }

    static final String N1 = "10.99.0.1";
    static final String N2 = "10.99.0.2";
    static final String N1_V6 = "fd99::1";
    static final String N2_V6 = "fd99::2";
    static final int PORT = 21064;
    static final int CLIENT_PORT = 40001;

    /** DLM_LKF_* and other constants used below (reference §2.11). */
    static final int LKF_CONVERT = 0x4;
    static final int LKF_VALBLK = 0x8;
    static final int LKSTS_WAITING = 1;
    static final int LKSTS_GRANTED = 2;
    static final int IV = -1;
    static final int NL = 0;
    static final int PR = 3;
    static final int EX = 5;
    static final int EINPROGRESS = -115;
    static final int DLM_EUNLOCK = -65538;
    static final int DLM_ECANCEL = -65537;
    static final int ESRCH = -3;
    static final int CB_CAST = 1;
    static final int CB_BAST = 2;
    /** rc_id of a LOCK: the sender's kernel pointer to the rsb. */
    static final long RSB_POINTER = 0xffff888112345600L;

    private SyntheticSamples() { }

    /** Every sample, in the order of the README table. */
    public static List<Sample> all() {
        return List.of(
            sample("pcap-microseconds-le.pcap", "classic pcap, microsecond timestamps, little-endian (magic d4 c3 b2 a1)",
                    "", () -> basicSession(new TcpSession(), N1, N2, PORT).pcap(Precision.MICROSECONDS, ByteOrder.LITTLE_ENDIAN, 262144)),
            sample("pcap-microseconds-be.pcap", "classic pcap, microsecond timestamps, big-endian (magic a1 b2 c3 d4)",
                    "", () -> basicSession(new TcpSession(), N1, N2, PORT).pcap(Precision.MICROSECONDS, ByteOrder.BIG_ENDIAN, 262144)),
            sample("pcap-nanoseconds-le.pcap", "classic pcap, nanosecond timestamps, little-endian (magic 4d 3c b2 a1)",
                    "", () -> basicSession(new TcpSession(), N1, N2, PORT).pcap(Precision.NANOSECONDS, ByteOrder.LITTLE_ENDIAN, 262144)),
            sample("pcap-nanoseconds-be.pcap", "classic pcap, nanosecond timestamps, big-endian (magic a1 b2 3c 4d)",
                    "", () -> basicSession(new TcpSession(), N1, N2, PORT).pcap(Precision.NANOSECONDS, ByteOrder.BIG_ENDIAN, 262144)),
            sample("pcapng-multi-interface.pcapng", "pcapng with three interfaces: Ethernet/IPv4 in µs, Linux cooked v2/IPv4 in ns,"
                    + " raw IPv6 (link type 229) in 2^-20 s; three connections interleaved", "", SyntheticSamples::multiInterface),
            sample("pcapng-big-endian.pcapng", "pcapng written big-endian (a big-endian host), nanosecond if_tsresol",
                    "", () -> basicSession(new TcpSession(), N1, N2, PORT).pcapng(ByteOrder.BIG_ENDIAN, Interface.of(LinkType.ETHERNET, 9))),
            sample("gzip-two-members.pcap.gz", "a gzip-compressed pcap made of two gzip members (as `cat a.gz b.gz` makes)",
                    "", () -> StoredGzip.members(basicSession(new TcpSession(), N1, N2, PORT).pcap(), 2)),
            sample("vlan-8021q.pcap", "Ethernet with one 802.1Q VLAN tag (TPID 0x8100, VLAN 10)",
                    "", () -> basicSession(new TcpSession().vlan(0x8100, 10), N1, N2, PORT).pcap()),
            sample("vlan-qinq.pcap", "Ethernet with two VLAN tags: 802.1ad QinQ (0x88a8 VLAN 100 outside 0x8100 VLAN 10), and on a"
                    + " second connection the pre-standard 0x9100 outer tag", "", SyntheticSamples::qinq),
            sample("linux-sll.pcap", "Linux cooked capture v1 (link type 113, `tcpdump -i any` before libpcap 1.10)",
                    "", () -> basicSession(new TcpSession().link(LinkType.LINUX_SLL), N1, N2, PORT).pcap()),
            sample("linux-sll2.pcap", "Linux cooked capture v2 (link type 276, `tcpdump -i any` since libpcap 1.10)",
                    "", () -> basicSession(new TcpSession().link(LinkType.LINUX_SLL2), N1, N2, PORT).pcap()),
            sample("raw-ipv4.pcap", "raw IP (link type 101) carrying IPv4: no link-layer header",
                    "", () -> basicSession(new TcpSession().link(LinkType.RAW), N1, N2, PORT).pcap()),
            sample("raw-ipv6.pcap", "raw IP (link type 101) carrying IPv6 between fd99::1 and fd99::2",
                    "", () -> basicSession(new TcpSession().link(LinkType.RAW), N1_V6, N2_V6, PORT).pcap()),
            sample("bsd-null-ipv4.pcap", "BSD loopback NULL (link type 0): family 2 in the capturing host's (little-endian) byte order",
                    "", () -> basicSession(new TcpSession().link(LinkType.NULL), N1, N2, PORT).pcap()),
            sample("bsd-loop-ipv6.pcap", "OpenBSD loopback LOOP (link type 108): family 24 (AF_INET6) in network byte order, IPv6",
                    "", () -> basicSession(new TcpSession().link(LinkType.LOOP).style(f -> f.loopbackFamily(24)),
                            N1_V6, N2_V6, PORT).pcap()),
            sample("ipv4-options.pcap", "IPv4 headers with 8 bytes of options (Router Alert, NOPs, end of list): IHL 7",
                    "", () -> basicSession(new TcpSession().style(f -> f.ipv4Options(IPV4_OPTIONS)), N1, N2, PORT).pcap()),
            sample("ipv6-extension-headers.pcap", "IPv6 with an extension header chain: hop-by-hop, routing, an atomic fragment"
                    + " header (offset 0, M=0) and destination options before TCP", "", SyntheticSamples::ipv6Extensions),
            sample("tcp-out-of-order.pcap", "two messages in three segments captured in the order 1, 3, 2: reassembled in stream order",
                    "", SyntheticSamples::outOfOrder),
            sample("tcp-retransmission.pcap", "segments captured twice (a duplicate at once, a spurious retransmission after the ACK)"
                    + " and one lost before the capture point whose retransmission fills the hole: each message once, no gap",
                    "", SyntheticSamples::retransmission),
            sample("tcp-overlap-different-bytes.pcap", "retransmissions carrying other bytes than the first copy, over delivered"
                    + " bytes (40 differ) and over held out-of-order bytes (20 differ): the first copy is decoded, the difference"
                    + " reported", "", SyntheticSamples::overlap),
            sample("tcp-gap-resync.pcap", "a segment the capture missed (acknowledged by the receiver): the message it ends is"
                    + " decoded truncated, the one it starts is skipped (42 bytes), the framer resynchronises on the next header",
                    "", SyntheticSamples::gapResync),
            sample("mid-connection.pcap", "capture started mid-connection (no SYN), inside a message: 71 bytes skipped to the first"
                    + " plausible DLM header", "", SyntheticSamples::midConnection),
            sample("reconnects.pcap", "one node pair over 3.5 s: a connection closed by FIN, one from the other node reset by RST,"
                    + " the first 4-tuple reused by a new connection (new SYN, new ISN), and a reconnect that retransmits an"
                    + " unacknowledged OPTS with the same seq; midcomms seqs carry across connections", "", SyntheticSamples::reconnects),
            sample("snaplen-96.pcap", "captured with a 96-byte snaplen: 42 bytes of TCP payload per frame, so messages are decoded"
                    + " truncated and a message cut away whole makes the framer hunt", "", SyntheticSamples::snaplen),
            sample("protocol-3.1.pcap", "two pre-5.14 kernels (protocol 3.1): every MSG and RCOM unwrapped with h_version 0x00030001,"
                    + " no OPTS, no ACK, no FIN", "-V", SyntheticSamples::protocol31),
            sample("protocol-3.2.pcap", "a 3.2 session: stateless unwrapped STATUS / STATUS_REPLY first (version detection), the"
                    + " wrapped \"lockspace not ready\" STATUS_REPLY (-ESRCH, lvblen 0xffffffff), then OPTS with seqs and"
                    + " cumulative ACKs, one ACK queued in front of the data it rides with", "", SyntheticSamples::protocol32),
            sample("all-msg-types.pcap", "all 14 DLM_MSG types (REQUEST … PURGE) in a lock's life, wrapped in OPTS, with names,"
                    + " LVBs, modes and results", "-V", SyntheticSamples::allMessageTypes),
            sample("all-rcom-types.pcap", "all 8 RCOM types with payloads: STATUS with rcom_status (NEED_SLOTS), STATUS_REPLY with"
                    + " rcom_config and 2 slots, NAMES (empty and with a last name), two 4096-byte NAMES_REPLY (end of chunk, end"
                    + " of list), LOOKUP, LOOKUP_REPLY, LOCK with name and LVB, LOCK_REPLY", "-V", SyntheticSamples::allRcomTypes),
            sample("tlv-options.pcap", "an OPTS with o_optlen 32: two TLV options (type 1 of 5 bytes, type 2 of 8 bytes) before the"
                    + " inner REQUEST (no kernel sends any: decoded and noted)", "-V", SyntheticSamples::tlvOptions),
            sample("fin-handshake.pcap", "the DLM close handshake: FIN in OPTS from node 1, ACK and FIN from node 2, ACK from"
                    + " node 1, then the TCP FIN exchange", "", SyntheticSamples::finHandshake),
            sample("non-default-port.pcap", "DLM on TCP port 21065 (a cluster with another tcp_port): nothing is decoded without"
                    + " --port", "--port 21065", () -> basicSession(new TcpSession(), N1, N2, 21065).pcap()));
    }

    private static Sample sample(String file, String shows, String options, Supplier<byte[]> build) {
        String command = "./dlm-inspect read " + (options.isEmpty() ? "" : options + " ") + "samples/synthetic/" + file;
        return new Sample(file, shows, command, build);
    }

    /** The sample folder: {@code samples/synthetic} of the checkout holding the working directory. */
    public static Path folder() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("samples"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("samples/ not found above " + Path.of("").toAbsolutePath());
        }
        return p.resolve("samples").resolve("synthetic");
    }

    /** (Re)writes every sample and the README into {@code args[0]}, or into {@link #folder()}. */
    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : folder();
        Files.createDirectories(dir);
        for (Sample s : all()) {
            byte[] bytes = s.build().get();
            Files.write(dir.resolve(s.file()), bytes);
            System.out.println(s.file() + " " + bytes.length + " bytes");
        }
        Files.writeString(dir.resolve("README.md"), readme());
    }

    /** The folder's README.md: how the files are made, then a table file / what it shows / the command to try. */
    public static String readme() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Synthetic sample captures\n\n")
          .append("Small deterministic captures, one per edge case of the capture formats, link layers, IP, TCP\n")
          .append("reassembly and the DLM protocol. `org.dlminspect.samples.SyntheticSamples` (dissector test sources)\n")
          .append("builds every file from the protocol reference with `TcpSession` and `DlmBytes`;\n")
          .append("`SyntheticSamplesTest` rebuilds each one in memory, fails if the committed file differs by a single\n")
          .append("byte, and checks what dlm-inspect decodes from it (messages, fields, TCP events, diagnostics);\n")
          .append("`SampleRenderingTest` (cli module) renders each in every view of `dlm-inspect read`.\n")
          .append("This README is generated too. After changing the generator, rewrite the folder with:\n\n")
          .append("```sh\n")
          .append("mvn -o -q -B -pl dissector test-compile\n")
          .append("java -cp dissector/target/classes:dissector/target/test-classes org.dlminspect.samples.SyntheticSamples\n")
          .append("```\n\n")
          .append("Node N is 10.99.0.N (fd99::N over IPv6) and has node id N; node 1 connects from port 40001 to node 2's\n")
          .append("DLM port 21064 unless the file says otherwise; the lockspace id is 0x4c41424c. Timestamps start at\n")
          .append("2023-11-14 22:13:20.123456789 UTC and advance 1.000237 ms per frame.\n\n")
          .append("| file | what it shows | try |\n")
          .append("|---|---|---|\n");
        for (Sample s : all()) {
            sb.append("| `").append(s.file()).append("` | ").append(s.shows()).append(" | `").append(s.command()).append("` |\n");
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ DLM messages

    static byte[] wrap(int nodeid, int seq, byte[] inner) {
        return DlmBytes.opts(nodeid, seq, inner);
    }

    static byte[] msg(int nodeid, Msg m) {
        return DlmBytes.msg(V32, LOCKSPACE, nodeid, m);
    }

    static byte[] lvb(String text) {
        return Arrays.copyOf(text.getBytes(StandardCharsets.US_ASCII), 32);
    }

    /** RCOM STATUS from {@code nodeid}, with rcom_status (the sender is slots-aware). */
    static byte[] rcomStatus(int version, int nodeid, long id, int rsFlags) {
        return DlmBytes.rcom(version, LOCKSPACE, nodeid, 1, 0, id, 1, 0, DlmBytes.rcomStatus(rsFlags));
    }

    /** RCOM STATUS_REPLY: rcom_config of a 32-byte-LVB lockspace at generation 1, no slots. */
    static byte[] rcomStatusReply(int version, int nodeid, long id, int status) {
        return DlmBytes.rcom(version, LOCKSPACE, nodeid, 5, status, id, 1, 1, DlmBytes.rcomConfig(32, 0, nodeid, 1));
    }

    /** A first REQUEST from node 1 for {@code name}: lock {@code lkid}, EX, to the master node 2. */
    static Msg request(int lkid, String name) {
        return Msg.of(1).nodeid(2).lkid(lkid).exflags(LKF_VALBLK).hash(0x5a3c9e01).modes(IV, EX).name(name);
    }

    /** The master's REQUEST_REPLY granting {@code remid}'s request as its lock {@code lkid}. */
    static Msg requestReply(int lkid, int remid) {
        return Msg.of(5).nodeid(1).lkid(lkid).remid(remid).exflags(LKF_VALBLK).status(LKSTS_GRANTED).modes(EX, EX)
                .asts(CB_CAST).result(0);
    }

    // ------------------------------------------------------------------ sessions

    /**
     * The conversation most format and link-layer samples carry: handshake; node 1 STATUS, node 2 STATUS_REPLY
     * (both unwrapped, stateless); node 1 OPTS seq 0 REQUEST "basic-res"; node 2 ACK next=1 and OPTS seq 0
     * REQUEST_REPLY in one segment; node 1 ACK next=1; a pure TCP ACK. 9 frames, 6 DLM messages.
     */
    static TcpSession basicSession(TcpSession s, String client, String server, int port) {
        Connection c = s.connection(client, CLIENT_PORT, server, port).handshake();
        c.send(CLIENT, rcomStatus(V32, 1, 1, 0));
        c.send(SERVER, rcomStatusReply(V32, 2, 1, 0x01));
        c.send(CLIENT, wrap(1, 0, msg(1, request(1, "basic-res"))));
        c.send(SERVER, DlmBytes.ack(2, 1), wrap(2, 0, msg(2, requestReply(0x10001, 1))));
        c.send(CLIENT, DlmBytes.ack(1, 1));
        c.ack(SERVER);
        return s;
    }

    static final byte[] IPV4_OPTIONS = {(byte) 0x94, 0x04, 0x00, 0x00, 0x01, 0x01, 0x01, 0x00};

    private static byte[] multiInterface() {
        TcpSession s = new TcpSession();
        Connection eth = s.connection(N1, 40001, N2, PORT).onInterface(0).handshake();
        Connection sll2 = s.connection(N1, 40002, N2, PORT).style(f -> f.link(LinkType.LINUX_SLL2)).onInterface(1).handshake();
        Connection v6 = s.connection(N1_V6, 40003, N2_V6, PORT).style(f -> f.link(LinkType.IPV6)).onInterface(2).handshake();
        eth.send(CLIENT, wrap(1, 0, msg(1, request(1, "eth-res"))));
        sll2.send(CLIENT, wrap(1, 1, msg(1, request(2, "sll2-res"))));
        v6.send(CLIENT, wrap(1, 2, msg(1, request(3, "ipv6-res"))));
        v6.send(SERVER, DlmBytes.ack(2, 3));
        eth.send(SERVER, wrap(2, 0, msg(2, requestReply(0x10001, 1))));
        sll2.send(SERVER, wrap(2, 1, msg(2, requestReply(0x10002, 2))));
        return s.pcapng(ByteOrder.LITTLE_ENDIAN, Interface.of(LinkType.ETHERNET, 6), Interface.of(LinkType.LINUX_SLL2, 9),
                Interface.of(LinkType.IPV6, 0x80 | 20));
    }

    private static byte[] qinq() {
        TcpSession s = new TcpSession();
        Connection ad = s.connection(N1, 40001, N2, PORT).style(f -> f.vlan(0x88a8, 100).vlan(0x8100, 10)).handshake();
        Connection old = s.connection(N1, 40002, N2, PORT).style(f -> f.vlan(0x9100, 200).vlan(0x8100, 20)).handshake();
        ad.send(CLIENT, wrap(1, 0, msg(1, request(1, "qinq-res"))));
        old.send(CLIENT, wrap(1, 1, msg(1, request(2, "qinq-9100-res"))));
        ad.send(SERVER, DlmBytes.ack(2, 2), wrap(2, 0, msg(2, requestReply(0x10001, 1))));
        old.send(SERVER, wrap(2, 1, msg(2, requestReply(0x10002, 2))));
        return s.pcap();
    }

    private static byte[] ipv6Extensions() {
        byte[] padN6 = {0x01, 0x04, 0, 0, 0, 0};
        byte[] routing = {0x00, 0x00, 0, 0, 0, 0};
        TcpSession s = new TcpSession().style(f -> f.ipv6Extension(0, padN6).ipv6Extension(43, routing)
                .ipv6Fragment(0, false, 0x2a).ipv6Extension(60, padN6));
        return basicSession(s, N1_V6, N2_V6, PORT).pcap();
    }

    private static byte[] outOfOrder() {
        TcpSession s = new TcpSession().mss(100);
        Connection c = s.connection(N1, CLIENT_PORT, N2, PORT).handshake();
        int first = s.size();
        c.send(CLIENT, wrap(1, 0, msg(1, request(1, "ooo-res-A"))), wrap(1, 1, msg(1, request(2, "ooo-res-B"))));
        s.swap(first + 1, first + 2);
        c.send(SERVER, DlmBytes.ack(2, 2));
        c.ack(CLIENT);
        return s.pcap();
    }

    private static byte[] retransmission() {
        TcpSession s = new TcpSession().mss(64);
        Connection c = s.connection(N1, CLIENT_PORT, N2, PORT).handshake();
        int a = s.size();
        c.send(CLIENT, wrap(1, 0, msg(1, request(1, "retrans-A"))));   // segments a, a+1 (64 + 57 bytes)
        s.duplicate(a + 1);                                            // a+2: the same segment again at once
        c.send(SERVER, DlmBytes.ack(2, 1));                            // a+3
        s.retransmit(a);                                               // a+4: spurious retransmission of a
        int b = s.size();
        c.send(CLIENT, wrap(1, 1, msg(1, request(2, "retrans-B"))));   // b, b+1
        s.retransmit(b);                                               // b+2: the retransmission of b ...
        s.drop(b);                                                     // ... whose first copy the capture missed
        c.send(SERVER, DlmBytes.ack(2, 2));
        c.ack(CLIENT);
        return s.pcap();
    }

    private static byte[] overlap() {
        TcpSession s = new TcpSession().mss(60);
        Connection c = s.connection(N1, CLIENT_PORT, N2, PORT).handshake();
        byte[] a = wrap(1, 0, msg(1, request(1, "overlap-A")));        // 121 bytes: segments [0,60) [60,120) [120,121)
        c.send(CLIENT, a);
        c.segmentAt(CLIENT, 30, inverted(a, 30, 40));                  // [30,70) again, every byte different
        int b = s.size();
        byte[] bb = wrap(1, 1, msg(1, request(2, "overlap-B")));       // [121,181) [181,241) [241,242)
        c.send(CLIENT, bb);
        s.move(b + 1, b);                                              // [181,241) is captured first and held
        s.move(b + 2, b + 1);                                          // then [241,242)
        int held = s.size();
        c.segmentAt(CLIENT, 200, inverted(bb, 200 - 121, 20));         // [200,220) over held bytes, all different
        s.move(held, b + 2);                                           // captured before [121,181) fills the hole
        c.send(SERVER, DlmBytes.ack(2, 2));
        c.ack(CLIENT);
        return s.pcap();
    }

    /** {@code len} bytes of {@code data} from {@code off}, each inverted: every byte differs from the original. */
    static byte[] inverted(byte[] data, int off, int len) {
        byte[] out = Arrays.copyOfRange(data, off, off + len);
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ~out[i];
        }
        return out;
    }

    private static byte[] gapResync() {
        TcpSession s = new TcpSession().mss(100);
        Connection c = s.connection(N1, CLIENT_PORT, N2, PORT).handshake();
        int first = s.size();
        // Four 121-byte messages in 100-byte segments: [0,100) [100,200) [200,300) [300,400) [400,484).
        c.send(CLIENT, wrap(1, 0, msg(1, request(1, "gap-res-A"))), wrap(1, 1, msg(1, request(2, "gap-res-B"))),
                wrap(1, 2, msg(1, request(3, "gap-res-C"))), wrap(1, 3, msg(1, request(4, "gap-res-D"))));
        s.drop(first + 1);                                             // [100,200): end of A, start of B
        c.send(SERVER, DlmBytes.ack(2, 4));                            // node 2 got all four: the hole is proven missing
        c.ack(CLIENT);
        return s.pcap();
    }

    private static byte[] midConnection() {
        TcpSession s = new TcpSession().mss(50);
        Connection c = s.connection(N1, CLIENT_PORT, N2, PORT);
        c.send(CLIENT, wrap(1, 7, msg(1, request(8, "mid-res-X"))));   // 121 bytes: the capture starts at byte 50
        s.drop(0);
        c.send(CLIENT, wrap(1, 8, msg(1, request(9, "mid-res-Y"))));
        c.send(SERVER, DlmBytes.ack(2, 9), wrap(2, 5, msg(2, requestReply(0x10009, 9))));
        c.ack(CLIENT);
        return s.pcap();
    }

    private static byte[] reconnects() {
        TcpSession s = new TcpSession();
        // Stream 0: node 1 connects, one request and reply, then both close (TCP FIN).
        Connection c0 = s.connection(N1, CLIENT_PORT, N2, PORT).handshake();
        c0.send(CLIENT, wrap(1, 0, msg(1, request(1, "reconnect-res"))));
        c0.send(SERVER, DlmBytes.ack(2, 1), wrap(2, 0, msg(2, requestReply(0x10001, 1))));
        c0.send(CLIENT, DlmBytes.ack(1, 1));
        c0.fin(CLIENT).fin(SERVER).ack(CLIENT);
        // Stream 1: node 2 connects to node 1 and sends a GRANT; node 1 resets the connection.
        s.pause(2_000_000_000L);
        Connection c1 = s.connection(N2, 50001, N1, PORT).handshake();
        byte[] grant = wrap(2, 1, msg(2, Msg.of(9).nodeid(1).lkid(0x10001).remid(1).status(LKSTS_GRANTED).modes(EX, EX)
                .asts(CB_CAST).extra(lvb("grant-lvb"))));
        c1.send(CLIENT, grant);
        c1.rst(SERVER);
        // Stream 2: node 1 reuses its first 4-tuple for a new connection (new ISN) and converts its lock.
        s.pause(1_000_000_000L);
        Connection c2 = s.connection(N1, CLIENT_PORT, N2, PORT).handshake();
        c2.send(CLIENT, wrap(1, 1, msg(1, Msg.of(2).nodeid(2).lkid(1).remid(0x10001).exflags(LKF_CONVERT)
                .status(LKSTS_GRANTED).modes(EX, NL))));
        // Stream 3: node 2 reconnects and retransmits the unacknowledged GRANT (same seq 1), then seq 2.
        s.pause(500_000_000L);
        Connection c3 = s.connection(N2, 50002, N1, PORT).handshake();
        c3.send(CLIENT, grant, wrap(2, 2, msg(2, Msg.of(10).nodeid(1).lkid(0x10001).remid(1).bastmode(EX)
                .status(LKSTS_GRANTED).modes(NL, NL).asts(CB_BAST))));
        c3.send(SERVER, DlmBytes.ack(1, 3));
        c2.send(SERVER, DlmBytes.ack(2, 2));
        return s.pcap();
    }

    private static byte[] snaplen() {
        TcpSession s = new TcpSession();
        Connection c = s.connection(N1, CLIENT_PORT, N2, PORT).handshake();
        c.send(CLIENT, wrap(1, 0, msg(1, request(1, "snaplen-res"))));           // 123 bytes, 42 captured
        c.send(SERVER, DlmBytes.ack(2, 1), wrap(2, 0, msg(2, requestReply(0x10001, 1))));  // ACK whole, 26 of 112
        c.send(CLIENT, wrap(1, 1, msg(1, Msg.of(2).nodeid(2).lkid(1).remid(0x10001).exflags(LKF_CONVERT | LKF_VALBLK)
                .status(LKSTS_GRANTED).modes(EX, PR).extra(lvb("snaplen-lvb")))),
                wrap(1, 2, msg(1, Msg.of(3).nodeid(2).lkid(1).remid(0x10001).status(LKSTS_GRANTED).modes(PR, IV))));
        c.send(CLIENT, DlmBytes.ack(1, 1));
        c.ack(SERVER);
        return s.pcap(Precision.MICROSECONDS, ByteOrder.LITTLE_ENDIAN, 96);
    }

    private static byte[] protocol31() {
        TcpSession s = new TcpSession();
        Connection c = s.connection(N1, CLIENT_PORT, N2, PORT).handshake();
        c.send(CLIENT, rcomStatus(V31, 1, 1, 0));
        c.send(SERVER, rcomStatusReply(V31, 2, 1, 0x01));
        c.send(CLIENT, DlmBytes.rcom(V31, LOCKSPACE, 1, 3, 0, 0x2b, 1, 0, "old-dir-res".getBytes(StandardCharsets.US_ASCII)));
        c.send(SERVER, DlmBytes.rcom(V31, LOCKSPACE, 2, 7, 2, 0x2b, 1, 1, new byte[0]));
        c.send(CLIENT, DlmBytes.msg(V31, LOCKSPACE, 1, request(1, "old-kernel-res")));
        c.send(SERVER, DlmBytes.msg(V31, LOCKSPACE, 2, requestReply(0x10001, 1)));
        c.send(CLIENT, DlmBytes.msg(V31, LOCKSPACE, 1, Msg.of(2).nodeid(2).lkid(1).remid(0x10001)
                .exflags(LKF_CONVERT).status(LKSTS_GRANTED).modes(EX, NL)));
        c.send(CLIENT, DlmBytes.msg(V31, LOCKSPACE, 1, Msg.of(3).nodeid(2).lkid(1).remid(0x10001)
                .status(LKSTS_GRANTED).modes(NL, IV)));
        c.send(SERVER, DlmBytes.msg(V31, LOCKSPACE, 2, Msg.of(7).nodeid(1).lkid(0x10001).remid(1).result(DLM_EUNLOCK)));
        c.ack(CLIENT);
        return s.pcap();
    }

    private static byte[] protocol32() {
        TcpSession s = new TcpSession();
        Connection c = s.connection(N1, CLIENT_PORT, N2, PORT).handshake();
        c.send(CLIENT, rcomStatus(V32, 1, 1, 0));
        // Node 2 has not joined the lockspace yet: the "not ready" reply goes through midcomms (wrapped, seq 0).
        c.send(SERVER, wrap(2, 0, DlmBytes.rcom(V32, LOCKSPACE, 2, 5, ESRCH, 1, 0, 1,
                DlmBytes.rcomConfig(-1, 0, 0, 0))));
        s.pause(20_000_000L);
        c.send(CLIENT, DlmBytes.ack(1, 1), rcomStatus(V32, 1, 2, 0));
        c.send(SERVER, rcomStatusReply(V32, 2, 2, 0x01));
        c.send(CLIENT, wrap(1, 0, msg(1, request(1, "v32-res"))));
        c.send(SERVER, DlmBytes.ack(2, 1), wrap(2, 1, msg(2, requestReply(0x10001, 1))));
        c.send(CLIENT, wrap(1, 1, msg(1, Msg.of(3).nodeid(2).lkid(1).remid(0x10001).status(LKSTS_GRANTED).modes(EX, IV))));
        c.send(SERVER, DlmBytes.ack(2, 2), wrap(2, 2, msg(2, Msg.of(7).nodeid(1).lkid(0x10001).remid(1).result(DLM_EUNLOCK))));
        c.send(CLIENT, DlmBytes.ack(1, 3));
        c.ack(SERVER);
        return s.pcap();
    }

    private static byte[] allMessageTypes() {
        TcpSession s = new TcpSession();
        Connection c = s.connection(N1, CLIENT_PORT, N2, PORT).handshake();
        String res = "all-types-res";
        // Lock 1: requested, granted, converted down with its LVB, blocked by another node, unlocked.
        c.send(CLIENT, wrap(1, 0, msg(1, request(1, res))));
        c.send(SERVER, DlmBytes.ack(2, 1), wrap(2, 0, msg(2, requestReply(0x10001, 1).extra(lvb("lvb-v1")))));
        c.send(CLIENT, DlmBytes.ack(1, 1), wrap(1, 1, msg(1, Msg.of(2).nodeid(2).lkid(1).remid(0x10001)
                .exflags(LKF_CONVERT | LKF_VALBLK).lvbseq(1).status(LKSTS_GRANTED).modes(EX, PR).extra(lvb("lvb-v2")))));
        c.send(SERVER, DlmBytes.ack(2, 2), wrap(2, 1, msg(2, Msg.of(6).nodeid(1).lkid(0x10001).remid(1)
                .exflags(LKF_CONVERT | LKF_VALBLK).lvbseq(2).status(LKSTS_GRANTED).modes(PR, PR).asts(CB_CAST)
                .extra(lvb("lvb-v2")))));
        c.send(SERVER, wrap(2, 2, msg(2, Msg.of(10).nodeid(1).lkid(0x10001).remid(1).status(LKSTS_GRANTED)
                .modes(PR, PR).bastmode(EX).asts(CB_BAST))));
        c.send(CLIENT, DlmBytes.ack(1, 3), wrap(1, 2, msg(1, Msg.of(3).nodeid(2).lkid(1).remid(0x10001)
                .exflags(LKF_VALBLK).lvbseq(2).status(LKSTS_GRANTED).modes(PR, IV).extra(lvb("lvb-v2")))));
        c.send(SERVER, DlmBytes.ack(2, 3), wrap(2, 3, msg(2, Msg.of(7).nodeid(1).lkid(0x10001).remid(1).result(DLM_EUNLOCK))));
        // Lock 2: queued, then granted asynchronously.
        c.send(CLIENT, DlmBytes.ack(1, 4), wrap(1, 3, msg(1, request(2, res))));
        c.send(SERVER, DlmBytes.ack(2, 4), wrap(2, 4, msg(2, Msg.of(5).nodeid(1).lkid(0x10002).remid(2)
                .status(LKSTS_WAITING).modes(IV, EX).result(EINPROGRESS))));
        c.send(SERVER, wrap(2, 5, msg(2, Msg.of(9).nodeid(1).lkid(0x10002).remid(2).exflags(LKF_VALBLK).lvbseq(2)
                .status(LKSTS_GRANTED).modes(EX, EX).asts(CB_CAST).extra(lvb("lvb-v2")))));
        // Lock 3: queued, then cancelled.
        c.send(CLIENT, DlmBytes.ack(1, 6), wrap(1, 4, msg(1, request(3, res))));
        c.send(SERVER, DlmBytes.ack(2, 5), wrap(2, 6, msg(2, Msg.of(5).nodeid(1).lkid(0x10003).remid(3)
                .status(LKSTS_WAITING).modes(IV, EX).result(EINPROGRESS))));
        c.send(CLIENT, DlmBytes.ack(1, 7), wrap(1, 5, msg(1, Msg.of(4).nodeid(2).lkid(3).remid(0x10003)
                .exflags(0x2).status(LKSTS_WAITING).modes(IV, EX))));
        c.send(SERVER, DlmBytes.ack(2, 6), wrap(2, 7, msg(2, Msg.of(8).nodeid(1).lkid(0x10003).remid(3)
                .result(DLM_ECANCEL))));
        // Directory: a lookup for another resource, a REMOVE from node 2 as master, a PURGE of a dead process.
        c.send(CLIENT, DlmBytes.ack(1, 8), wrap(1, 6, msg(1, Msg.of(11).nodeid(2).lkid(4).hash(0x77aa0102)
                .modes(IV, PR).name("dir-res"))));
        c.send(SERVER, DlmBytes.ack(2, 7), wrap(2, 8, msg(2, Msg.of(13).nodeid(2).lkid(4).result(0))));
        c.send(SERVER, wrap(2, 9, msg(2, Msg.of(12).nodeid(2).hash(0x0badf00d).name("old-res"))));
        c.send(CLIENT, DlmBytes.ack(1, 10), wrap(1, 7, msg(1, Msg.of(14).nodeid(1).pid(4242))));
        c.send(SERVER, DlmBytes.ack(2, 8));
        c.ack(CLIENT);
        return s.pcap();
    }

    /** NAMES_REPLY rc_buf as the kernel sends it: the list, zero padded to DLM_MAX_APP_BUFSIZE - 48 = 4024 bytes. */
    static byte[] namesReplyBuffer(int terminator, String... names) {
        return DlmBytes.namesList(terminator, 4024, names);
    }

    private static byte[] allRcomTypes() {
        TcpSession s = new TcpSession();
        Connection c = s.connection(N1, CLIENT_PORT, N2, PORT).handshake();
        // Node 2 polls the low node 1 for the slot table (NEED_SLOTS); node 1 answers with NODES|NODES_ALL and 2 slots.
        c.send(SERVER, DlmBytes.rcom(V32, LOCKSPACE, 2, 1, 0, 5, 2, 0, DlmBytes.rcomStatus(1)));
        c.send(CLIENT, DlmBytes.rcom(V32, LOCKSPACE, 1, 5, 0x03, 5, 2, 2, DlmBytes.rcomConfig(32, 0, 1, 2, 1, 1, 2, 2)));
        // Directory rebuild (>= 6.6: NAMES wrapped): two chunks.
        c.send(CLIENT, wrap(1, 0, DlmBytes.rcom(V32, LOCKSPACE, 1, 2, 0, 6, 2, 0, new byte[0])));
        c.send(SERVER, DlmBytes.ack(2, 1), wrap(2, 0, DlmBytes.rcom(V32, LOCKSPACE, 2, 6, 0, 6, 2, 2,
                namesReplyBuffer(0x0000, "res-a", "res-b"))));
        c.send(CLIENT, DlmBytes.ack(1, 1), wrap(1, 1, DlmBytes.rcom(V32, LOCKSPACE, 1, 2, 0, 7, 2, 0,
                "res-b".getBytes(StandardCharsets.US_ASCII))));
        c.send(SERVER, DlmBytes.ack(2, 2), wrap(2, 1, DlmBytes.rcom(V32, LOCKSPACE, 2, 6, 0, 7, 2, 2,
                namesReplyBuffer(0xFFFF, "res-c"))));
        // A new master for res-d; node 1 rebuilds its lock on res-a at the master node 2.
        c.send(CLIENT, DlmBytes.ack(1, 2), wrap(1, 2, DlmBytes.rcom(V32, LOCKSPACE, 1, 3, 0, 0x4d2, 2, 0,
                "res-d".getBytes(StandardCharsets.US_ASCII))));
        c.send(SERVER, DlmBytes.ack(2, 3), wrap(2, 2, DlmBytes.rcom(V32, LOCKSPACE, 2, 7, 2, 0x4d2, 2, 2, new byte[0])));
        byte[] lock = DlmBytes.rcomLock(0, 3, 0, LKF_VALBLK, 0, 7, 0, IV, PR, LKSTS_GRANTED, 0, 0, "res-a", lvb("rcom-lvb"));
        c.send(CLIENT, DlmBytes.ack(1, 3), wrap(1, 3, DlmBytes.rcom(V32, LOCKSPACE, 1, 4, 0, RSB_POINTER, 2, 0, lock)));
        byte[] reply = DlmBytes.rcomLock(0, 3, 0x20007, LKF_VALBLK, 0, 7, 0, IV, PR, LKSTS_GRANTED, 0, 0, "res-a", new byte[0]);
        c.send(SERVER, DlmBytes.ack(2, 4), wrap(2, 3, DlmBytes.rcom(V32, LOCKSPACE, 2, 8, 0, RSB_POINTER, 2, 2, reply)));
        c.send(CLIENT, DlmBytes.ack(1, 4));
        c.ack(SERVER);
        return s.pcap();
    }

    /** Two TLVs: type 1 with 5 value bytes and type 2 with 8, each value padded to 8 bytes: 32 bytes. */
    static byte[] tlvs() {
        ByteBuffer b = DlmBytes.le(32);
        b.putShort((short) 1).putShort((short) 5).putInt(0).put("hello".getBytes(StandardCharsets.US_ASCII)).put(new byte[3]);
        b.putShort((short) 2).putShort((short) 8).putInt(0).putLong(0x0807060504030201L);
        return b.array();
    }

    private static byte[] tlvOptions() {
        TcpSession s = new TcpSession();
        Connection c = s.connection(N1, CLIENT_PORT, N2, PORT).handshake();
        byte[] inner = msg(1, request(1, "tlv-res"));
        c.send(CLIENT, DlmBytes.opts(V32, 1, 0, 1, tlvs(), inner));
        c.send(SERVER, DlmBytes.ack(2, 1));
        c.ack(CLIENT);
        return s.pcap();
    }

    private static byte[] finHandshake() {
        TcpSession s = new TcpSession();
        Connection c = s.connection(N1, CLIENT_PORT, N2, PORT).handshake();
        c.send(CLIENT, wrap(1, 0, msg(1, request(1, "fin-res"))));
        c.send(SERVER, DlmBytes.ack(2, 1), wrap(2, 0, msg(2, requestReply(0x10001, 1))));
        c.send(CLIENT, DlmBytes.ack(1, 1), wrap(1, 1, msg(1, Msg.of(3).nodeid(2).lkid(1).remid(0x10001)
                .status(LKSTS_GRANTED).modes(EX, IV))));
        c.send(SERVER, DlmBytes.ack(2, 2), wrap(2, 1, msg(2, Msg.of(7).nodeid(1).lkid(0x10001).remid(1).result(DLM_EUNLOCK))));
        // Node 1 leaves its last lockspace: FIN (seq 2); node 2 acks it and sends its own FIN (seq 2); node 1 acks.
        s.pause(100_000_000L);
        c.send(CLIENT, DlmBytes.ack(1, 2), DlmBytes.fin(1, 2));
        c.send(SERVER, DlmBytes.ack(2, 3), DlmBytes.fin(2, 2));
        c.send(CLIENT, DlmBytes.ack(1, 3));
        c.fin(CLIENT).fin(SERVER).ack(CLIENT);
        return s.pcap();
    }
}
