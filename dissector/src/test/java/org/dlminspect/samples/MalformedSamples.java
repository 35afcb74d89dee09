package org.dlminspect.samples;

import static org.dlminspect.samples.SyntheticSamples.N1;
import static org.dlminspect.samples.SyntheticSamples.N1_V6;
import static org.dlminspect.samples.SyntheticSamples.N2;
import static org.dlminspect.samples.SyntheticSamples.N2_V6;
import static org.dlminspect.samples.SyntheticSamples.PORT;
import static org.dlminspect.samples.SyntheticSamples.msg;
import static org.dlminspect.samples.SyntheticSamples.request;
import static org.dlminspect.samples.SyntheticSamples.wrap;
import static org.dlminspect.testkit.DlmBytes.LOCKSPACE;
import static org.dlminspect.testkit.DlmBytes.V32;
import static org.dlminspect.testkit.TcpSession.Side.CLIENT;
import static org.dlminspect.testkit.TcpSession.Side.SERVER;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.dlminspect.capture.LinkType;
import org.dlminspect.capture.PcapWriter.Precision;
import org.dlminspect.testkit.Captures;
import org.dlminspect.testkit.Captures.Frame;
import org.dlminspect.testkit.DlmBytes;
import org.dlminspect.testkit.DlmBytes.Msg;
import org.dlminspect.testkit.PcapngBuilder;
import org.dlminspect.testkit.StoredGzip;
import org.dlminspect.testkit.TcpSession;
import org.dlminspect.testkit.TcpSession.Connection;

/**
 * The broken captures of {@code samples/malformed/} (issue 6's corpus), each with what dlm-inspect must print for
 * it. {@link #main} (re)writes the folder and its README; {@code MalformedCorpusTest} rebuilds every file, checks the
 * committed one is byte-identical, runs the pipeline and checks it reports exactly {@link Malformed#prints()} and
 * still decodes the rest of the capture.
 *
 * <p>Most files are a good conversation (node 1 = 10.99.0.1:40001 to node 2 = 10.99.0.2:21064) with one thing
 * broken, so what follows the damage shows that reading goes on. Broken network headers are inserted as extra
 * copies of a good frame, so the TCP streams stay whole.
 */
public final class MalformedSamples {

    /**
     * One line dlm-inspect prints: on standard error ({@code frame} 0), a whole line; in the packet list
     * ({@code frame} > 0), text that the line of that frame's message ends with.
     */
    public record Printed(long frame, String text) {
        static Printed stderr(String line) {
            return new Printed(0, line);
        }

        static Printed packetList(long frame, String text) {
            return new Printed(frame, text);
        }

        public boolean onStderr() {
            return frame == 0;
        }
    }

    /** One broken capture: its name, what is broken, what dlm-inspect prints for it, and how to build it. */
    public record Malformed(String file, String broken, List<Printed> prints, Supplier<byte[]> build) {
        /** The path as the README's commands give it (messages about the file name it so). */
        public String path() {
            return "samples/malformed/" + file;
        }
    }

    private static final String S0 = "(stream 0, 10.99.0.1:40001 → 10.99.0.2:21064)";

    private MalformedSamples() { }

    private static String f(String file) {
        return "samples/malformed/" + file;
    }

    /** Every broken capture, in the order of the README table. */
    public static List<Malformed> all() {
        return List.of(
            // ---- the file as a whole
            new Malformed("not-a-capture.pcap", "a text file, not a capture",
                    List.of(Printed.stderr("dlm-inspect: " + f("not-a-capture.pcap")
                            + ": not a pcap or pcapng capture (starts with 44 4c 4d 20)")),
                    () -> "DLM lock dump, not a capture\n".getBytes(StandardCharsets.US_ASCII)),
            new Malformed("truncated-file-header.pcap", "a pcap cut after 20 of the 24 bytes of its file header",
                    List.of(Printed.stderr("dlm-inspect: " + f("truncated-file-header.pcap")
                            + ": truncated pcap file header: 20 of 24 bytes")),
                    () -> Arrays.copyOf(basicPcap(), 20)),
            new Malformed("truncated-last-record.pcap", "a pcap whose last record is cut: 24 of its 54 bytes present",
                    List.of(Printed.stderr("dlm-inspect: warn: frame 9: capture ends inside this record: 24 of 54 bytes"
                            + " present; read up to frame 8 [capture.truncated_record]")),
                    () -> {
                        byte[] b = basicPcap();
                        return Arrays.copyOf(b, b.length - 30);
                    }),
            new Malformed("caplen-over-snaplen.pcap", "the file header says snaplen 176, frame 7's record holds 182 bytes",
                    List.of(Printed.stderr("dlm-inspect: warn: frame 7: captured length 182 exceeds the snaplen 176;"
                            + " frame read anyway [capture.caplen]")),
                    () -> RawPcap.of(176, basicFrames())),
            new Malformed("caplen-over-original.pcap", "frame 6's record says 175 bytes captured of a 60-byte frame",
                    List.of(Printed.stderr("dlm-inspect: warn: frame 6: captured length 175 exceeds the original length 60;"
                            + " frame read anyway [capture.caplen]")),
                    () -> {
                        List<Frame> frames = basicFrames();
                        Frame r = frames.get(5);
                        frames.set(5, new Frame(r.epochNanos(), r.data(), 60));
                        return RawPcap.of(262144, frames);
                    }),
            new Malformed("caplen-over-16mib.pcap", "frame 4's record header claims 4 GiB - 1 captured bytes",
                    List.of(Printed.stderr("dlm-inspect: error: frame 4: record header claims 4294967295 captured bytes"
                            + " (more than 16 MiB): the file is corrupt; read up to frame 3 [capture.corrupt_record]")),
                    () -> {
                        byte[] b = basicPcap();
                        // Frame 4's record header follows the file header and three 58-, 58- and 54-byte frames.
                        int record = 24 + (16 + 58) + (16 + 58) + (16 + 54);
                        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(record + 8, -1);
                        return b;
                    }),
            new Malformed("zero-length-records.pcap", "two records of 0 captured bytes: one of a 0-byte frame, one of a"
                    + " 60-byte frame (cut by the snaplen)",
                    List.of(Printed.stderr("dlm-inspect: error: frame 4: frame too short for its Ethernet header: 0 of 14 bytes"
                                    + " present [net.truncated]"),
                            Printed.stderr("dlm-inspect: note: frame 5: frame cut by the snaplen before the end of its Ethernet"
                                    + " header: 0 of 14 bytes captured [net.snaplen]")),
                    () -> {
                        List<Frame> frames = basicFrames();
                        long t = frames.get(2).epochNanos();
                        frames.add(3, new Frame(t + 1000, new byte[0], 0));
                        frames.add(4, new Frame(t + 2000, new byte[0], 60));
                        return RawPcap.of(262144, frames);
                    }),
            new Malformed("gzip-truncated.pcap.gz", "a gzip-compressed pcap whose compressed stream ends early",
                    List.of(Printed.stderr("dlm-inspect: warn: frame 7: capture ends inside this record: 89 of 182 bytes"
                                    + " present; read up to frame 6 [capture.truncated_record]"),
                            Printed.stderr("dlm-inspect: warn: " + f("gzip-truncated.pcap.gz") + ": compressed input ends early"
                                    + " (Unexpected end of ZLIB input stream); read up to frame 6 [capture.gzip]")),
                    () -> {
                        byte[] gz = StoredGzip.members(basicPcap(), 1);
                        return Arrays.copyOf(gz, 10 + 5 + 24 + (16 + 58) * 2 + (16 + 54) + (16 + 118) + (16 + 134)
                                + (16 + 175) + 16 + 89);
                    }),
            new Malformed("pcapng-corrupt-block-length.pcapng", "frame 7's enhanced packet block has total length 1027,"
                    + " not a multiple of 4",
                    List.of(Printed.stderr("dlm-inspect: error: frame 7: enhanced packet block at byte offset 860: total length"
                            + " 1027 is not a multiple of 4; reading stops after frame 6 [capture.corrupt_block]")),
                    MalformedSamples::pcapngCorruptBlockLength),
            new Malformed("pcapng-undefined-interface.pcapng", "an extra enhanced packet block (frame 6) names interface 3;"
                    + " the section describes only interface 0",
                    List.of(Printed.stderr("dlm-inspect: error: frame 6: enhanced packet block at byte offset 652 names interface"
                            + " 3 but its section describes only interface 0; packet skipped [capture.unknown_interface]")),
                    MalformedSamples::pcapngUndefinedInterface),
            new Malformed("pcapng-bad-tsresol-option.pcapng", "the interface's if_tsresol option is 2 bytes long instead of"
                    + " 1 (ignored: timestamps read in microseconds)",
                    List.of(Printed.stderr("dlm-inspect: warn: interface description block 0 at byte offset 28: if_tsresol has"
                            + " length 2 instead of 1; ignored [capture.corrupt_option]")),
                    MalformedSamples::pcapngBadTsresol),
            // ---- link and network layers
            new Malformed("unknown-link-type.pcap", "a pcap of link type 147 (USER0), which dlm-inspect does not decode",
                    List.of(Printed.stderr("dlm-inspect: warn: frame 1: link type 147 is not decoded; frames of this link type"
                            + " are skipped (reported once) [net.linktype]")),
                    () -> RawPcap.of(262144, 147, basicFrames())),
            new Malformed("raw-ip-version-5.pcap", "a raw-IP frame (an extra copy of frame 4) whose IP version nibble is 5",
                    List.of(Printed.stderr("dlm-inspect: error: frame 5: raw IP packet has IP version 5, neither 4 nor 6"
                            + " [net.ip_version]")),
                    () -> {
                        List<Frame> frames = SyntheticSamples.basicSession(new TcpSession().link(LinkType.RAW), N1, N2, PORT)
                                .frames();
                        frames.add(4, patched(frames.get(3), 0, 0x55));
                        return RawPcap.of(262144, LinkType.RAW.wireValue(), frames);
                    }),
            new Malformed("ipv4-header-length-lies.pcap", "an extra copy of frame 6 whose IPv4 header length (IHL 4)"
                    + " says 16 bytes",
                    List.of(Printed.stderr("dlm-inspect: error: frame 7: IPv4 header length 16 < 20 [net.ip_header_length]")),
                    () -> insertAfter(5, 14, 0x44)),
            new Malformed("ipv4-total-length-lies.pcap", "extra copies of frame 6 whose IPv4 total length says 1500 bytes"
                    + " (161 bytes of IP packet are there) and 12 bytes (less than its header)",
                    List.of(Printed.stderr("dlm-inspect: error: frame 7: IPv4 total length 1500 exceeds the 161 bytes present"
                                    + " [net.ip_total_length]"),
                            Printed.stderr("dlm-inspect: error: frame 8: IPv4 total length 12 < header length 20"
                                    + " [net.ip_total_length]")),
                    () -> {
                        List<Frame> frames = basicFrames();
                        frames.add(6, patched(frames.get(5), 16, 0x05, 0xdc));
                        frames.add(7, patched(frames.get(5), 16, 0x00, 0x0c));
                        return pcap(frames);
                    }),
            new Malformed("ipv4-fragment.pcap", "an extra copy of frame 6 sent as the first IPv4 fragment (MF set):"
                    + " fragments are not reassembled",
                    List.of(Printed.stderr("dlm-inspect: note: frame 7: IPv4 fragment (id 6, offset 0, more fragments)"
                            + " not reassembled [net.ip_fragment]")),
                    () -> insertAfter(5, 20, 0x20, 0x00)),
            new Malformed("ipv6-extension-header-overrun.pcap", "an extra copy of frame 6 whose hop-by-hop header says"
                    + " 2048 bytes, past the IPv6 payload length",
                    List.of(Printed.stderr("dlm-inspect: error: frame 7: IPv6 extension header 0 of 2048 bytes runs past the"
                            + " payload length 149 [net.ip_ext_header]")),
                    () -> {
                        byte[] padN6 = {0x01, 0x04, 0, 0, 0, 0};
                        List<Frame> frames = SyntheticSamples.basicSession(new TcpSession()
                                .style(b -> b.ipv6Extension(0, padN6)), N1_V6, N2_V6, PORT).frames();
                        frames.add(6, patched(frames.get(5), 14 + 40 + 1, 0xff));
                        return pcap(frames);
                    }),
            new Malformed("tcp-header-length-lies.pcap", "extra copies of frames 6 and 9 whose TCP data offset says"
                    + " 12 bytes, and 60 bytes in a 20-byte segment",
                    List.of(Printed.stderr("dlm-inspect: error: frame 7: TCP header length 12 < 20 [net.tcp_header_length]"),
                            Printed.stderr("dlm-inspect: error: frame 11: TCP header length 60 exceeds the 20-byte segment"
                                    + " [net.tcp_header_length]")),
                    () -> {
                        List<Frame> frames = basicFrames();
                        frames.add(6, patched(frames.get(5), 14 + 20 + 12, 0x30));
                        frames.add(patched(frames.get(9), 14 + 20 + 12, 0xf0));
                        return pcap(frames);
                    }),
            // ---- DLM framing
            new Malformed("dlm-length-0.pcap", "frame 5 holds a DLM header with h_length 0 between two good messages",
                    lengthPrints(0), () -> badLength(0)),
            new Malformed("dlm-length-15.pcap", "frame 5 holds a DLM header with h_length 15 (one less than a header)",
                    lengthPrints(15), () -> badLength(15)),
            new Malformed("dlm-length-4097.pcap", "frame 5 holds a DLM header with h_length 4097 (one more than"
                    + " DLM_MAX_SOCKET_BUFSIZE)", lengthPrints(4097), () -> badLength(4097)),
            new Malformed("dlm-header-cut-at-end.pcap", "the capture ends 10 bytes into a DLM header (and the connection"
                    + " is reset there)",
                    List.of(Printed.stderr("dlm-inspect: note: frame 6: dropped 10 bytes of a DLM header cut short by the end"
                            + " of the stream " + S0 + " [stream.partial]")),
                    MalformedSamples::headerCutAtEnd),
            // ---- DLM messages
            new Malformed("opts-optlen-overrun.pcap", "an OPTS whose o_optlen (200) is more than the 93 bytes after its header",
                    List.of(Printed.packetList(4, "[Malformed: o_optlen 200 exceeds the 93 bytes after the OPTS header"
                            + " (opts msg too small)]")),
                    () -> oneBadMessage(DlmBytes.patch16(goodRequest(0), 18, 200))),
            new Malformed("opts-inner-length-overrun.pcap", "an OPTS whose inner message says h_length 200 where 93 bytes"
                    + " remain",
                    List.of(Printed.packetList(4, "[Malformed: inner h_length 200 differs from the outer h_length - 24 -"
                            + " o_optlen = 93; the kernel would read past the message; resource name length 112 exceeds 64"
                            + " (DLM_RESNAME_MAXLEN)]")),
                    () -> oneBadMessage(DlmBytes.patch16(goodRequest(0), 24 + 12, 200))),
            new Malformed("opts-nested.pcap", "an OPTS (seq 1) wrapping an OPTS (seq 0) wrapping a REQUEST",
                    List.of(Printed.packetList(4, "[Malformed: unsupported o_nextcmd received: 3; OPTS inside an OPTS:"
                            + " unsupported inner h_cmd received: 3 (not decoded further)]")),
                    () -> oneBadMessage(wrap(1, 1, goodRequest(0)))),
            new Malformed("unknown-h-cmd.pcap", "a message with h_cmd 7, and an OPTS whose o_nextcmd and inner h_cmd are 9",
                    List.of(Printed.packetList(4, "[Malformed: unsupported h_cmd received: 7]"),
                            Printed.packetList(4, "[Malformed: unsupported o_nextcmd received: 9; unsupported inner h_cmd"
                                    + " received: 9]")),
                    () -> oneBadMessage(DlmBytes.patch8(DlmBytes.ack(1, 0), 14, 7),
                            DlmBytes.opts(V32, 1, 0, 9, new byte[0], DlmBytes.patch8(msg(1, request(1, "r")), 14, 9)))),
            new Malformed("unknown-m-type.pcap", "a DLM_MSG of m_type 15 (types end at 14, PURGE)",
                    List.of(Printed.packetList(4, "[Malformed: unknown message type 15]")),
                    () -> oneBadMessage(wrap(1, 0, msg(1, Msg.of(15).nodeid(2).lkid(1))))),
            new Malformed("unknown-rc-type.pcap", "a DLM_RCOM of rc_type 9 (types end at 8, LOCK_REPLY)",
                    List.of(Printed.packetList(4, "[Malformed: unknown rc_type 9 (\"receive_rcom bad type\")]")),
                    () -> oneBadMessage(wrap(1, 0, DlmBytes.rcom(V32, LOCKSPACE, 1, 9, 0, 1, 1, 0, new byte[8])))),
            new Malformed("resource-name-over-64.pcap", "resource names longer than DLM_RESNAME_MAXLEN: a REQUEST of 65"
                    + " bytes, an RCOM LOOKUP of 80, an RCOM LOCK with rl_namelen 65",
                    List.of(Printed.packetList(4, "[Malformed: resource name length 65 exceeds 64 (DLM_RESNAME_MAXLEN)]"),
                            Printed.packetList(4, "[Malformed: LOOKUP name length 80 exceeds 64 (DLM_RESNAME_MAXLEN); the"
                                    + " directory node fails it with -EINVAL]"),
                            Printed.packetList(4, "[Malformed: rl_namelen 65 exceeds 64 (DLM_RESNAME_MAXLEN)]")),
                    () -> oneBadMessage(wrap(1, 0, msg(1, request(1, "n".repeat(65)))),
                            wrap(1, 1, DlmBytes.rcom(V32, LOCKSPACE, 1, 3, 0, 2, 1, 0, "l".repeat(80).getBytes(StandardCharsets.US_ASCII))),
                            wrap(1, 2, DlmBytes.rcom(V32, LOCKSPACE, 1, 4, 0, 3, 1, 0, DlmBytes.rcomLock(0, 1, 0, 0, 0, 0, 0,
                                    -1, 3, 2, 0, 0, "k".repeat(65), new byte[0]))))),
            new Malformed("names-reply-corrupt-lengths.pcap", "NAMES_REPLY name lists with a name length of 300, a name"
                    + " length of 60 where 8 bytes remain, and no terminator",
                    List.of(Printed.packetList(4, "[Malformed: NAMES_REPLY name length 300 exceeds 64: the requester fails the"
                                    + " chunk]"),
                            Printed.packetList(4, "[Malformed: NAMES_REPLY name length 60 exceeds the 8 bytes remaining: the"
                                    + " requester fails the chunk]"),
                            Printed.packetList(4, "[Malformed: NAMES_REPLY name list has no terminator (0x0000 or 0xFFFF)]")),
                    MalformedSamples::namesReplyCorrupt),
            new Malformed("name-with-escape-bytes.pcap", "resource names holding ANSI escape sequences and control bytes"
                    + " (ESC, BEL, CR, BS, 8-bit CSI, DEL): well-formed, so only printed, always escaped",
                    List.of(Printed.packetList(4, "name=\"" + ESCAPED_EVIL + "\""),
                            Printed.packetList(4, "name=\"\\x1b[2J\\x1b[H\\x0a\\x00\"")),
                    () -> oneBadMessage(wrap(1, 0, msg(1, request(1, EVIL))),
                            wrap(1, 1, DlmBytes.rcom(V32, LOCKSPACE, 1, 3, 0, 2, 1, 0, CLEAR_SCREEN)))));
    }

    /** A name that would recolour, retitle and clear a terminal if printed raw. */
    static final String EVIL = "\u001b[31mred\u001b]0;pwned\u0007\r\b\u009b2J\u007f";
    static final String ESCAPED_EVIL = "\\x1b[31mred\\x1b]0;pwned\\x07\\x0d\\x08\\x9b2J\\x7f";
    static final byte[] CLEAR_SCREEN = {0x1b, '[', '2', 'J', 0x1b, '[', 'H', '\n', 0};

    private static List<Printed> lengthPrints(int length) {
        return List.of(
                Printed.stderr("dlm-inspect: error: frame 5: h_length " + length + " outside 16..4096: the receiving kernel"
                        + " aborts parsing of this stream " + S0 + " [dlm.length]"),
                Printed.stderr("dlm-inspect: note: frame 6: skipped 16 bytes to the next plausible DLM header " + S0
                        + " [stream.resync]"));
    }

    /** The folder: {@code samples/malformed} of the checkout holding the working directory. */
    public static Path folder() {
        return SyntheticSamples.folder().getParent().resolve("malformed");
    }

    /** (Re)writes every broken capture and the README into {@code args[0]}, or into {@link #folder()}. */
    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : folder();
        Files.createDirectories(dir);
        for (Malformed m : all()) {
            byte[] bytes = m.build().get();
            Files.write(dir.resolve(m.file()), bytes);
            System.out.println(m.file() + " " + bytes.length + " bytes");
        }
        Files.writeString(dir.resolve("README.md"), readme());
    }

    /** The folder's README.md: how the files are made, then a table file / what is broken / what dlm-inspect prints. */
    public static String readme() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Malformed captures\n\n")
          .append("Broken captures, each with the exact message dlm-inspect prints for it. Bad input never stops\n")
          .append("dlm-inspect: every problem is reported naming the frame (or the file) and the reason, and the rest of\n")
          .append("the capture is still read. Only input that is not a capture at all ends the run (exit status 2).\n\n")
          .append("`org.dlminspect.samples.MalformedSamples` (dissector test sources) builds every file; it is generated,\n")
          .append("like this README. `MalformedCorpusTest` rebuilds each file, fails if the committed one differs by a byte,\n")
          .append("runs the dissector over it and checks that exactly the messages below are reported and that the\n")
          .append("messages after the damage are still decoded; `MalformedCorpusCliTest` (cli module) runs\n")
          .append("`dlm-inspect read` on each file and checks its standard output and error hold these lines, and never a\n")
          .append("raw control byte. To rewrite the folder after changing the generator:\n\n")
          .append("```sh\n")
          .append("mvn -o -q -B -pl dissector test-compile\n")
          .append("java -cp dissector/target/classes:dissector/target/test-classes org.dlminspect.samples.MalformedSamples\n")
          .append("```\n\n")
          .append("Each file reads with `./dlm-inspect read samples/malformed/FILE`. Lines starting `dlm-inspect:` go to\n")
          .append("standard error; \"frame N: …\" text ends the packet-list line of the message in frame N. The stream\n")
          .append("messages name stream 0, 10.99.0.1:40001 → 10.99.0.2:21064.\n\n")
          .append("| file | what is broken | what dlm-inspect prints |\n")
          .append("|---|---|---|\n");
        for (Malformed m : all()) {
            sb.append("| `").append(m.file()).append("` | ").append(m.broken()).append(" | ");
            for (int i = 0; i < m.prints().size(); i++) {
                Printed p = m.prints().get(i);
                if (i > 0) {
                    sb.append("<br>");
                }
                if (!p.onStderr()) {
                    sb.append("frame ").append(p.frame()).append(": ");
                }
                sb.append('`').append(p.text().replace("|", "\\|")).append('`');
            }
            sb.append(" |\n");
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ building blocks

    /** The frames of the basic conversation (see {@link SyntheticSamples#basicSession}), as a mutable list. */
    static List<Frame> basicFrames() {
        return new ArrayList<>(SyntheticSamples.basicSession(new TcpSession(), N1, N2, PORT).frames());
    }

    static byte[] basicPcap() {
        return pcap(basicFrames());
    }

    static byte[] pcap(List<Frame> frames) {
        return Captures.pcap(LinkType.ETHERNET.wireValue(), 262144, Precision.MICROSECONDS, ByteOrder.LITTLE_ENDIAN, frames);
    }

    /** A copy of {@code frame} with bytes from {@code offset} replaced, 1 µs later. */
    static Frame patched(Frame frame, int offset, int... bytes) {
        byte[] data = frame.data().clone();
        for (int i = 0; i < bytes.length; i++) {
            data[offset + i] = (byte) bytes[i];
        }
        return new Frame(frame.epochNanos() + 1000, data, frame.originalLength());
    }

    /** The basic conversation with a patched copy of frame {@code index + 1} inserted right after it. */
    private static byte[] insertAfter(int index, int offset, int... bytes) {
        List<Frame> frames = basicFrames();
        frames.add(index + 1, patched(frames.get(index), offset, bytes));
        return pcap(frames);
    }

    static byte[] goodRequest(int seq) {
        return wrap(1, seq, msg(1, request(seq + 1, "res-" + seq)));
    }

    /**
     * Handshake; node 1 sends {@code bad} in one segment (frame 4), then a good REQUEST (OPTS seq 100, frame 5);
     * node 2 answers with an ACK; the reading goes on after the bad messages.
     */
    private static byte[] oneBadMessage(byte[]... bad) {
        TcpSession s = new TcpSession();
        Connection c = s.connection(N1, SyntheticSamples.CLIENT_PORT, N2, PORT).handshake();
        c.send(CLIENT, bad);
        c.send(CLIENT, goodRequest(100));
        c.send(SERVER, DlmBytes.ack(2, 101));
        c.ack(CLIENT);
        return s.pcap();
    }

    /** A good REQUEST (frame 4), a 16-byte header with h_length {@code length} (frame 5), a good REQUEST (frame 6). */
    private static byte[] badLength(int length) {
        TcpSession s = new TcpSession();
        Connection c = s.connection(N1, SyntheticSamples.CLIENT_PORT, N2, PORT).handshake();
        c.send(CLIENT, goodRequest(0));
        c.send(CLIENT, DlmBytes.patch16(DlmBytes.ack(1, 0), 12, length));
        c.send(CLIENT, goodRequest(1));
        c.send(SERVER, DlmBytes.ack(2, 2));
        c.ack(CLIENT);
        return s.pcap();
    }

    private static byte[] headerCutAtEnd() {
        TcpSession s = new TcpSession();
        Connection c = s.connection(N1, SyntheticSamples.CLIENT_PORT, N2, PORT).handshake();
        c.send(CLIENT, goodRequest(0));
        c.send(SERVER, DlmBytes.ack(2, 1));
        c.send(CLIENT, Arrays.copyOf(goodRequest(1), 10));
        c.rst(SERVER);
        return s.pcap();
    }

    private static byte[] namesReplyCorrupt() {
        ByteBuffer tooLong = ByteBuffer.allocate(80).put(new byte[] {0x01, 0x2c}).put(new byte[70]);
        ByteBuffer overrun = ByteBuffer.allocate(17).putShort((short) 5).put("res-a".getBytes(StandardCharsets.US_ASCII))
                .putShort((short) 60).put(new byte[8]);
        ByteBuffer noEnd = ByteBuffer.allocate(14).putShort((short) 5).put("res-a".getBytes(StandardCharsets.US_ASCII))
                .putShort((short) 5).put("res-b".getBytes(StandardCharsets.US_ASCII));
        return oneBadMessage(
                wrap(1, 0, DlmBytes.rcom(V32, LOCKSPACE, 1, 6, 0, 1, 1, 1, tooLong.array())),
                wrap(1, 1, DlmBytes.rcom(V32, LOCKSPACE, 1, 6, 0, 2, 1, 1, overrun.array())),
                wrap(1, 2, DlmBytes.rcom(V32, LOCKSPACE, 1, 6, 0, 3, 1, 1, noEnd.array())));
    }

    private static byte[] pcapngOfBasic(PcapngBuilder b, int extraAfter, int extraInterface) {
        List<Frame> frames = basicFrames();
        for (int i = 0; i < frames.size(); i++) {
            Frame fr = frames.get(i);
            b.enhancedPacket(0, TcpSession.ticks(fr.epochNanos(), 6), fr.data(), fr.originalLength());
            if (i == extraAfter) {
                b.enhancedPacket(extraInterface, TcpSession.ticks(fr.epochNanos() + 1000, 6), fr.data(), fr.originalLength());
            }
        }
        return b.toByteArray();
    }

    private static byte[] pcapngCorruptBlockLength() {
        PcapngBuilder b = new PcapngBuilder(ByteOrder.LITTLE_ENDIAN).interfaceBlock(1, 0, PcapngBuilder.Option.tsresol(6));
        byte[] file = pcapngOfBasic(b, -1, 0);
        int offset = blockOffset(file, 7);
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(offset + 4, 1027);
        return file;
    }

    private static byte[] pcapngUndefinedInterface() {
        PcapngBuilder b = new PcapngBuilder(ByteOrder.LITTLE_ENDIAN).interfaceBlock(1, 0, PcapngBuilder.Option.tsresol(6));
        return pcapngOfBasic(b, 4, 3);
    }

    private static byte[] pcapngBadTsresol() {
        PcapngBuilder b = new PcapngBuilder(ByteOrder.LITTLE_ENDIAN)
                .interfaceBlock(1, 0, new PcapngBuilder.Option(9, new byte[] {9, 9}));
        return pcapngOfBasic(b, -1, 0);
    }

    /** Byte offset of the {@code n}-th (1-based) enhanced packet block of a little-endian single-section pcapng. */
    static int blockOffset(byte[] pcapng, int n) {
        ByteBuffer b = ByteBuffer.wrap(pcapng).order(ByteOrder.LITTLE_ENDIAN);
        int p = 0;
        int packets = 0;
        while (p < pcapng.length) {
            if (b.getInt(p) == PcapngBuilder.ENHANCED_PACKET && ++packets == n) {
                return p;
            }
            p += b.getInt(p + 4);
        }
        throw new IllegalArgumentException("no enhanced packet block " + n);
    }

    /** Classic pcap written field by field, so that records can say what no writer would (caplen over snaplen …). */
    static final class RawPcap {
        private RawPcap() { }

        static byte[] of(int snaplen, List<Frame> frames) {
            return of(snaplen, LinkType.ETHERNET.wireValue(), frames);
        }

        static byte[] of(int snaplen, int linkType, List<Frame> frames) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(snaplen).putInt(linkType);
            out.writeBytes(h.array());
            for (Frame f : frames) {
                ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
                r.putInt((int) (f.epochNanos() / 1_000_000_000L)).putInt((int) (f.epochNanos() % 1_000_000_000L / 1000))
                        .putInt(f.data().length).putInt(f.originalLength());
                out.writeBytes(r.array());
                out.writeBytes(f.data());
            }
            return out.toByteArray();
        }
    }
}
