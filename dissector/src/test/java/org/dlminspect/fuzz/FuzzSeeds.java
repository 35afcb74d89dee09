package org.dlminspect.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.capture.LinkType;
import org.dlminspect.capture.PcapWriter;
import org.dlminspect.net.FrameBuilder;
import org.dlminspect.net.TcpSegment;
import org.dlminspect.testkit.Captures;
import org.dlminspect.testkit.DlmBytes;
import org.dlminspect.testkit.PcapngBuilder;

/**
 * Builds the committed seed corpus of the fuzz targets (the regression inputs every {@code mvn test}
 * replays): small valid captures of every format, link type and DLM message type, single frames of
 * every link type, single DLM messages and framed DLM streams. Deterministic: running it again writes
 * the same bytes ({@code FuzzSeedsTest} checks this).
 *
 * <pre>
 * java -cp dissector/target/test-classes:dissector/target/classes org.dlminspect.fuzz.FuzzSeeds .
 * </pre>
 * run from the repository root writes them under {@code dissector/src/test/resources/org/dlminspect/fuzz}
 * and {@code cli/src/test/resources/org/dlminspect/fuzz}.
 */
public final class FuzzSeeds {
    static final String CLIENT = "10.99.0.2";
    static final String SERVER = "10.99.0.1";
    static final int CLIENT_PORT = 48933;
    static final int DLM_PORT = 21064;
    static final int CLIENT_NODE = 2;
    static final int SERVER_NODE = 1;
    /** A resource name that tries to clear the screen and set a colour, and ends in DEL and a C1 CSI. */
    static final byte[] HOSTILE_NAME = "res\u001b[2J\u001b[31mred\r\n\u007f\u009b1m".getBytes(StandardCharsets.ISO_8859_1);

    private FuzzSeeds() { }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        for (Map.Entry<String, byte[]> e : all(root.resolve("samples/normal.pcap.gz")).entrySet()) {
            Path file = root.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
        }
    }

    /** Every seed file, by path from the repository root. */
    static Map<String, byte[]> all(Path normalSample) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        Map<String, byte[]> captures = captures(normalSample);
        String dissector = "dissector/src/test/resources/org/dlminspect/fuzz/";
        String cli = "cli/src/test/resources/org/dlminspect/fuzz/";
        captures.forEach((name, bytes) -> {
            out.put(dissector + "CaptureFilesFuzzTestInputs/readEveryFrame/" + name, bytes);
            out.put(dissector + "DissectorFuzzTestInputs/dissect/" + name, bytes);
            out.put(cli + "RenderFuzzTestInputs/render/" + name, bytes);
        });
        frames().forEach((name, bytes) -> out.put(dissector + "PacketDecoderFuzzTestInputs/decode/" + name, bytes));
        int i = 0;
        for (byte[] m : messages()) {
            out.put(dissector + "DlmDecoderFuzzTestInputs/decode/" + String.format("seed-%02d-%s", i++, describe(m)), m);
        }
        streams().forEach((name, bytes) -> out.put(dissector + "DlmStreamFramerFuzzTestInputs/frame/" + name, bytes));
        return out;
    }

    // ---------------------------------------------------------------- DLM messages

    /** One DLM_MSG of every type, unwrapped, 3.2 headers. */
    static List<byte[]> dlmMessages(int nodeid) {
        List<byte[]> out = new ArrayList<>();
        byte[] lvb = new byte[32];
        for (int i = 0; i < lvb.length; i++) {
            lvb[i] = (byte) (i * 7 + 1);
        }
        for (int type = 1; type <= 14; type++) {
            DlmBytes.Msg m = DlmBytes.Msg.of(type).nodeid(nodeid).pid(4242).lkid(0x10000 + type).remid(0x20000 + type)
                    .modes(type % 6, (type + 3) % 6).hash(0x9e3779b9).result(type == 5 ? -115 : 0)
                    .flags(type % 2 == 0 ? 0x100 : 0).exflags(type % 3 == 0 ? 0x40 : 0).asts(type % 4);
            boolean named = type == 1 || type == 11 || type == 12 || type == 13;
            m = named ? m.extra(HOSTILE_NAME) : type == 6 || type == 9 || type == 2 ? m.extra(lvb) : m;
            out.add(DlmBytes.msg(DlmBytes.V32, DlmBytes.LOCKSPACE, nodeid, m));
        }
        return out;
    }

    /** One DLM_RCOM of every type, unwrapped, 3.2 headers. */
    static List<byte[]> rcomMessages(int nodeid) {
        int v = DlmBytes.V32;
        int ls = DlmBytes.LOCKSPACE;
        byte[] lvb = new byte[32];
        lvb[0] = 0x1b;
        lvb[31] = (byte) 0x9b;
        return List.of(
                DlmBytes.rcom(v, ls, nodeid, 1, 0, 11, 1, 0, DlmBytes.rcomStatus(1)),
                DlmBytes.rcom(v, ls, nodeid, 2, 0, 12, 2, 0, HOSTILE_NAME),
                DlmBytes.rcom(v, ls, nodeid, 3, 0, 13, 3, 0, HOSTILE_NAME),
                DlmBytes.rcom(v, ls, nodeid, 4, 0, 14, 4, 0, DlmBytes.rcomLock(99, 0x101, 0x202, 0x40, 0x100, 7, 0,
                        5, 3, 1, 2, 0, "lock\u001b[0m", lvb)),
                DlmBytes.rcom(v, ls, nodeid, 5, 0, 11, 5, 1, DlmBytes.rcomConfig(32, 0x4, 1, 7, 1, 1, 2, 2, 3, 3)),
                DlmBytes.rcom(v, ls, nodeid, 6, 0, 12, 6, 2, DlmBytes.namesList(0xFFFF, 160, "alpha", "b\u001b[1m",
                        "gamma\u009b")),
                DlmBytes.rcom(v, ls, nodeid, 7, 1, 13, 7, 3, new byte[0]),
                DlmBytes.rcom(v, ls, nodeid, 8, 0, 14, 8, 4, DlmBytes.rcomLock(99, 0x101, 0x202, 0, 0, 0, -11, 5, 3, 1,
                        2, 0, "lock", new byte[0])));
    }

    /** Every message kind the decoder knows, as it travels (OPTS-wrapped, ACK, FIN) and as 3.1 sent it. */
    static List<byte[]> messages() {
        List<byte[]> out = new ArrayList<>();
        int seq = 1;
        for (byte[] m : dlmMessages(CLIENT_NODE)) {
            out.add(DlmBytes.opts(CLIENT_NODE, seq++, m));
        }
        for (byte[] r : rcomMessages(CLIENT_NODE)) {
            out.add(DlmBytes.opts(CLIENT_NODE, seq++, r));
        }
        out.add(DlmBytes.ack(CLIENT_NODE, 17));
        out.add(DlmBytes.fin(CLIENT_NODE, seq));
        out.add(DlmBytes.msg(DlmBytes.V31, DlmBytes.LOCKSPACE, 3, DlmBytes.Msg.of(1).nodeid(3).extra(HOSTILE_NAME)));
        out.add(DlmBytes.rcom(DlmBytes.V31, DlmBytes.LOCKSPACE, 3, 1, 0, 1, 0, 0, new byte[0]));
        // An OPTS with an option TLV before its inner message.
        out.add(DlmBytes.opts(DlmBytes.V32, CLIENT_NODE, 99, 1, new byte[] {1, 0, 4, 0, 1, 2, 3, 4},
                DlmBytes.msg(DlmBytes.V32, DlmBytes.LOCKSPACE, CLIENT_NODE, DlmBytes.Msg.of(3))));
        return out;
    }

    private static String describe(byte[] m) {
        int cmd = m[14] & 0xFF;
        return switch (cmd) {
            case 1 -> "msg";
            case 2 -> "rcom";
            case 3 -> (m[16] & 0xFF) == 1 ? "opts-msg" : (m[16] & 0xFF) == 2 ? "opts-rcom" : "opts-fin";
            case 4 -> "ack";
            default -> "cmd" + cmd;
        };
    }

    /** Streams for the framer: a control byte (bit 0: aligned) and back-to-back messages. */
    static Map<String, byte[]> streams() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        List<byte[]> all = messages();
        out.put("seed-aligned-all", concat((byte) 0x01, all.subList(0, all.size() - 3)));
        out.put("seed-unaligned-all", concat((byte) 0x02, List.of(new byte[] {0x02, 0x00, 0x03, 0x00, 0x7f, 0x10, 0, 0, 1}),
                all.subList(14, all.size())));
        out.put("seed-aligned-v31", concat((byte) 0x2B, all.subList(all.size() - 3, all.size())));
        return out;
    }

    private static byte[] concat(byte control, List<byte[]> parts) {
        return concat(control, List.of(), parts);
    }

    private static byte[] concat(byte control, List<byte[]> prefix, List<byte[]> parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.write(control);
        prefix.forEach(o::writeBytes);
        parts.forEach(o::writeBytes);
        return o.toByteArray();
    }

    // ---------------------------------------------------------------- single frames

    /** One frame per link type and header variant, as PacketDecoderFuzzTest reads its input. */
    static Map<String, byte[]> frames() {
        byte[] payload = DlmBytes.ack(CLIENT_NODE, 5);
        Map<String, byte[]> out = new LinkedHashMap<>();
        LinkType[] types = LinkType.values();
        for (int i = 0; i < types.length; i++) {
            FrameBuilder b = builder(types[i] == LinkType.IPV6 ? "fd00::2" : CLIENT,
                    types[i] == LinkType.IPV6 ? "fd00::1" : SERVER).link(types[i]).payload(payload);
            out.put("seed-" + types[i].name().toLowerCase(java.util.Locale.ROOT), frameInput(i, 0, b.build()));
        }
        int ethernet = LinkType.ETHERNET.ordinal();
        out.put("seed-vlan-qinq", frameInput(ethernet, 0, builder(CLIENT, SERVER).vlan(0x88A8, 5).vlan(0x8100, 7)
                .payload(payload).build()));
        out.put("seed-ipv4-options", frameInput(ethernet, 0, builder(CLIENT, SERVER)
                .ipv4Options(new byte[] {1, 1, 1, 0}).tcpOptions(new byte[] {1, 1, 1, 1}).payload(payload).build()));
        out.put("seed-ipv4-fragment", frameInput(ethernet, 0, builder(CLIENT, SERVER).ipv4Fragment(8, true)
                .payload(payload).build()));
        out.put("seed-ipv6-extensions", frameInput(ethernet, 0, builder("fd00::2", "fd00::1")
                .ipv6Extension(0, new byte[6]).ipv6Extension(60, new byte[14]).ipv6Fragment(0, false, 7)
                .payload(payload).build()));
        out.put("seed-ipv6-fragment", frameInput(ethernet, 0, builder("fd00::2", "fd00::1")
                .ipv6Fragment(16, true, 9).payload(payload).build()));
        byte[] whole = builder(CLIENT, SERVER).payload(DlmBytes.opts(CLIENT_NODE, 1, dlmMessages(CLIENT_NODE).get(0))).build();
        out.put("seed-snaplen-cut", frameInput(ethernet, whole.length - 96, java.util.Arrays.copyOf(whole, 96)));
        return out;
    }

    private static FrameBuilder builder(String source, String destination) {
        return FrameBuilder.tcp(source, CLIENT_PORT, destination, DLM_PORT).seq(1000).ack(2000)
                .flags(TcpSegment.PSH | TcpSegment.ACK);
    }

    private static byte[] frameInput(int linkTypeChoice, int slack, byte[] frame) {
        byte[] out = new byte[3 + frame.length];
        out[0] = (byte) linkTypeChoice;
        out[1] = (byte) (slack >>> 8);
        out[2] = (byte) slack;
        System.arraycopy(frame, 0, out, 3, frame.length);
        return out;
    }

    // ---------------------------------------------------------------- captures

    /** Small captures: real and synthetic DLM conversations in every capture format. */
    static Map<String, byte[]> captures(Path normalSample) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("seed-normal-start.pcap", firstFrames(normalSample, 11));

        Conversation msgs = new Conversation(LinkType.ETHERNET, CLIENT, SERVER);
        msgs.handshake();
        int seq = 1;
        List<byte[]> dlm = dlmMessages(CLIENT_NODE);
        for (int i = 0; i < dlm.size(); i++) {
            msgs.send(true, DlmBytes.opts(CLIENT_NODE, seq++, dlm.get(i)));
            if (i % 3 == 2) {
                msgs.send(false, DlmBytes.ack(SERVER_NODE, seq));
            }
        }
        msgs.send(true, DlmBytes.fin(CLIENT_NODE, seq));
        msgs.send(false, DlmBytes.fin(SERVER_NODE, 1));
        msgs.close(true);
        msgs.close(false);
        out.put("seed-msg-types.pcap", msgs.pcap(PcapWriter.Precision.MICROSECONDS, ByteOrder.LITTLE_ENDIAN, 262144));

        Conversation rcom = new Conversation(LinkType.LINUX_SLL, CLIENT, SERVER);
        rcom.handshake();
        List<byte[]> rc = rcomMessages(SERVER_NODE);
        for (int i = 0; i < rc.size(); i++) {
            rcom.send(i % 2 == 0, DlmBytes.opts(i % 2 == 0 ? CLIENT_NODE : SERVER_NODE, 1 + i / 2, rc.get(i)));
        }
        rcom.send(true, DlmBytes.ack(CLIENT_NODE, 5));
        out.put("seed-rcom-types.pcapng", rcom.pcapng(ByteOrder.LITTLE_ENDIAN));

        // Several messages in one segment, one message across two segments, a 3.1 peer.
        Conversation coalesced = new Conversation(LinkType.LINUX_SLL2, "fd00::2", "fd00::1");
        coalesced.handshake();
        byte[] three = DlmBytes.concat(DlmBytes.opts(CLIENT_NODE, 1, dlm.get(0)), DlmBytes.ack(CLIENT_NODE, 1),
                DlmBytes.opts(CLIENT_NODE, 2, dlm.get(10)));
        coalesced.send(true, three);
        byte[] split = DlmBytes.opts(CLIENT_NODE, 3, dlm.get(8));
        coalesced.send(true, java.util.Arrays.copyOfRange(split, 0, 30));
        coalesced.send(true, java.util.Arrays.copyOfRange(split, 30, split.length));
        coalesced.send(false, DlmBytes.msg(DlmBytes.V31, DlmBytes.LOCKSPACE, SERVER_NODE,
                DlmBytes.Msg.of(5).nodeid(SERVER_NODE).result(-11)));
        coalesced.send(false, DlmBytes.rcom(DlmBytes.V31, DlmBytes.LOCKSPACE, SERVER_NODE, 1, 0, 1, 0, 0, new byte[0]));
        out.put("seed-coalesced-ipv6.pcapng", coalesced.pcapng(ByteOrder.BIG_ENDIAN));
        out.put("seed-coalesced-ipv6-be-ns.pcap", coalesced.pcap(PcapWriter.Precision.NANOSECONDS, ByteOrder.BIG_ENDIAN, 65535));

        // Reordering, a retransmission with other bytes, a hole the receiver acknowledges, then a reset
        // and a new connection on the same 4-tuple.
        Conversation loss = new Conversation(LinkType.ETHERNET, CLIENT, SERVER);
        loss.handshake();
        byte[] a = DlmBytes.opts(CLIENT_NODE, 1, dlm.get(1));
        byte[] b = DlmBytes.opts(CLIENT_NODE, 2, dlm.get(2));
        byte[] c = DlmBytes.opts(CLIENT_NODE, 3, dlm.get(3));
        long start = loss.nextSeq(true);
        loss.sendAt(true, start + a.length, b);
        loss.sendAt(true, start, a);
        loss.sendAt(true, start + a.length, DlmBytes.patch32(b, 40, 0x0BADF00D));
        loss.sendAt(true, start + a.length + b.length + 100, c);
        loss.ackAt(false, start + a.length + b.length + 100 + c.length);
        loss.reset(false);
        loss.handshake();
        loss.send(true, DlmBytes.opts(CLIENT_NODE, 1, dlm.get(4)));
        out.put("seed-loss-reset.pcap", loss.pcap(PcapWriter.Precision.MICROSECONDS, ByteOrder.LITTLE_ENDIAN, 262144));

        out.put("seed-snaplen-96.pcap", msgs.pcap(PcapWriter.Precision.MICROSECONDS, ByteOrder.LITTLE_ENDIAN, 96));
        out.put("seed-coalesced.pcap.gz", Captures.gzip(coalesced.pcap(PcapWriter.Precision.MICROSECONDS,
                ByteOrder.LITTLE_ENDIAN, 262144)));
        out.put("seed-simple-obsolete-blocks.pcapng", rcom.pcapngSimpleAndObsolete());
        return out;
    }

    /** The first {@code n} frames of a (gzip-compressed) classic pcap, as a little-endian microsecond pcap. */
    private static byte[] firstFrames(Path gz, int n) throws IOException {
        List<Captures.Frame> frames = new ArrayList<>();
        int linkType;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz));
             CaptureReader r = CaptureFiles.open(in, gz.toString(), d -> { })) {
            CaptureFrame f = new CaptureFrame();
            linkType = LinkType.ETHERNET.wireValue();
            while (frames.size() < n && r.next(f)) {
                linkType = f.linkType();
                frames.add(new Captures.Frame(f.epochNanos(), java.util.Arrays.copyOf(f.data(), f.capturedLength()),
                        f.originalLength()));
            }
        }
        return Captures.pcap(linkType, 262144, PcapWriter.Precision.MICROSECONDS, ByteOrder.LITTLE_ENDIAN, frames);
    }

    /** Two endpoints exchanging segments with consistent sequence and acknowledgement numbers. */
    static final class Conversation {
        private final LinkType link;
        private final String client;
        private final String server;
        private final List<byte[]> frames = new ArrayList<>();
        private final List<Long> times = new ArrayList<>();
        private long clientSeq = 0xFFFFF000L;
        private long serverSeq = 0x7FFFFF00L;
        private int port = CLIENT_PORT;
        private long time = Captures.BASE_NANOS;

        Conversation(LinkType link, String client, String server) {
            this.link = link;
            this.client = client;
            this.server = server;
        }

        long nextSeq(boolean fromClient) {
            return fromClient ? clientSeq : serverSeq;
        }

        void handshake() {
            add(true, clientSeq, 0, TcpSegment.SYN, new byte[0]);
            clientSeq = (clientSeq + 1) & 0xFFFFFFFFL;
            add(false, serverSeq, clientSeq, TcpSegment.SYN | TcpSegment.ACK, new byte[0]);
            serverSeq = (serverSeq + 1) & 0xFFFFFFFFL;
            add(true, clientSeq, serverSeq, TcpSegment.ACK, new byte[0]);
        }

        void send(boolean fromClient, byte[] payload) {
            sendAt(fromClient, nextSeq(fromClient), payload);
            long next = (nextSeq(fromClient) + payload.length) & 0xFFFFFFFFL;
            if (fromClient) {
                clientSeq = next;
            } else {
                serverSeq = next;
            }
        }

        void sendAt(boolean fromClient, long seq, byte[] payload) {
            add(fromClient, seq & 0xFFFFFFFFL, nextSeq(!fromClient), TcpSegment.PSH | TcpSegment.ACK, payload);
        }

        void ackAt(boolean fromClient, long ack) {
            add(fromClient, nextSeq(fromClient), ack & 0xFFFFFFFFL, TcpSegment.ACK, new byte[0]);
        }

        void close(boolean fromClient) {
            add(fromClient, nextSeq(fromClient), nextSeq(!fromClient), TcpSegment.FIN | TcpSegment.ACK, new byte[0]);
            if (fromClient) {
                clientSeq = (clientSeq + 1) & 0xFFFFFFFFL;
            } else {
                serverSeq = (serverSeq + 1) & 0xFFFFFFFFL;
            }
        }

        void reset(boolean fromClient) {
            add(fromClient, nextSeq(fromClient), 0, TcpSegment.RST, new byte[0]);
            clientSeq = (clientSeq + 0x10000) & 0xFFFFFFFFL;
            serverSeq = (serverSeq + 0x10000) & 0xFFFFFFFFL;
        }

        private void add(boolean fromClient, long seq, long ack, int flags, byte[] payload) {
            FrameBuilder b = fromClient ? FrameBuilder.tcp(client, port, server, DLM_PORT)
                    : FrameBuilder.tcp(server, DLM_PORT, client, port);
            frames.add(b.link(link).seq(seq).ack(ack).flags(flags).payload(payload).build());
            times.add(time);
            time += 250_000;
        }

        byte[] pcap(PcapWriter.Precision precision, ByteOrder order, int snaplen) {
            List<Captures.Frame> list = new ArrayList<>();
            for (int i = 0; i < frames.size(); i++) {
                byte[] f = frames.get(i);
                byte[] cut = f.length > snaplen ? java.util.Arrays.copyOf(f, snaplen) : f;
                list.add(new Captures.Frame(times.get(i), cut, f.length));
            }
            return Captures.pcap(link.wireValue(), snaplen, precision, order, list);
        }

        byte[] pcapng(ByteOrder order) {
            PcapngBuilder b = new PcapngBuilder(order).interfaceBlock(link.wireValue(), 0,
                    PcapngBuilder.Option.tsresol(9), PcapngBuilder.Option.comment("dlm"));
            for (int i = 0; i < frames.size(); i++) {
                b.enhancedPacket(0, times.get(i), frames.get(i), frames.get(i).length);
            }
            return b.toByteArray();
        }

        byte[] pcapngSimpleAndObsolete() {
            PcapngBuilder b = new PcapngBuilder(ByteOrder.BIG_ENDIAN).interfaceBlock(link.wireValue(), 0)
                    .block(PcapngBuilder.NAME_RESOLUTION, new byte[8]);
            for (int i = 0; i < frames.size(); i++) {
                if (i % 2 == 0) {
                    b.simplePacket(frames.get(i), frames.get(i).length);
                } else {
                    b.obsoletePacket(0, times.get(i) / 1000, frames.get(i), frames.get(i).length);
                }
            }
            return b.toByteArray();
        }
    }
}
