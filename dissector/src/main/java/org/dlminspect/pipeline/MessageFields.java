package org.dlminspect.pipeline;

import java.util.List;
import org.dlminspect.dlm.FieldCollector;
import org.dlminspect.schema.FieldContributor;
import org.dlminspect.schema.FieldDef;
import org.dlminspect.schema.FieldType;
import org.dlminspect.schema.FieldValues;

/**
 * The fields of a message that are not DLM bytes: its frame, IP and TCP (tshark's names), and the node ids at
 * both ends. {@link #collect} gathers them and the DLM fields of one {@link DissectedMessage} for the display
 * filter and {@code -T fields}.
 */
public final class MessageFields implements FieldContributor {
    public static final FieldDef FRAME_NUMBER = FieldDef.builder("frame.number", "Frame number", FieldType.UNSIGNED)
            .json("frame").description("the frame that completed the message (as tshark's frame.number)").build();
    public static final FieldDef FRAME_TIME = FieldDef.builder("frame.time", "Arrival time", FieldType.TIME)
            .description("the frame's time (compare with a UTC date \"2026-12-01 21:00:00\" or epoch seconds)").build();
    public static final FieldDef FRAME_TIME_EPOCH = FieldDef.builder("frame.time_epoch", "Epoch time", FieldType.TIME)
            .display(org.dlminspect.schema.Display.DEC)
            .json("time").description("the frame's time in seconds since 1970").build();
    public static final FieldDef FRAME_TIME_RELATIVE = FieldDef.builder("frame.time_relative", "Time since the first frame",
            FieldType.DURATION).description("seconds since the first frame of the capture").build();
    public static final FieldDef IP_SRC = FieldDef.builder("ip.src", "Source address", FieldType.ADDRESS)
            .json("src").description("source IP address (IPv4 or IPv6)").build();
    public static final FieldDef IP_DST = FieldDef.builder("ip.dst", "Destination address", FieldType.ADDRESS)
            .json("dst").description("destination IP address (IPv4 or IPv6)").build();
    public static final FieldDef IP_ADDR = FieldDef.builder("ip.addr", "Source or destination address", FieldType.ADDRESS)
            .description("either IP address (ip.addr == 10.99.0.0/24)").build();
    public static final FieldDef TCP_SRCPORT = FieldDef.builder("tcp.srcport", "Source port", FieldType.UNSIGNED).at(-1, 2)
            .json("src_port").description("TCP source port").build();
    public static final FieldDef TCP_DSTPORT = FieldDef.builder("tcp.dstport", "Destination port", FieldType.UNSIGNED).at(-1, 2)
            .json("dst_port").description("TCP destination port").build();
    public static final FieldDef TCP_PORT = FieldDef.builder("tcp.port", "Source or destination port", FieldType.UNSIGNED).at(-1, 2)
            .description("either TCP port").build();
    public static final FieldDef TCP_STREAM = FieldDef.builder("tcp.stream", "Stream index", FieldType.UNSIGNED)
            .json("stream").description("TCP connection index, as tshark's tcp.stream").build();
    public static final FieldDef SRC_NODE = FieldDef.builder("dlm.srcnode", "Sender node ID", FieldType.UNSIGNED)
            .json("src_node").description("node id of the sender (its h_nodeid)").build();
    public static final FieldDef DST_NODE = FieldDef.builder("dlm.dstnode", "Receiver node ID", FieldType.UNSIGNED)
            .json("dst_node").description("node id of the receiver, once learnt from its own messages").build();
    public static final FieldDef NODE = FieldDef.builder("dlm.node", "Sender or receiver node ID", FieldType.UNSIGNED)
            .description("either node id (--node N is dlm.node == N)").build();
    public static final FieldDef STREAM_OFFSET = FieldDef.builder("dlm.stream_offset", "Stream offset", FieldType.UNSIGNED)
            .json("stream_offset").description("offset of the message's first byte in its TCP direction's byte stream").build();

    public static final FieldDef SCTP_SRCPORT = FieldDef.builder("sctp.srcport", "Source port", FieldType.UNSIGNED).at(0, 2)
            .json("src_port").description("SCTP source port").build();
    public static final FieldDef SCTP_DSTPORT = FieldDef.builder("sctp.dstport", "Destination port", FieldType.UNSIGNED).at(2, 2)
            .json("dst_port").description("SCTP destination port").build();
    public static final FieldDef SCTP_PORT = FieldDef.builder("sctp.port", "Source or destination port", FieldType.UNSIGNED)
            .description("either SCTP port").build();
    public static final FieldDef SCTP_ASSOC = FieldDef.builder("sctp.assoc_index", "Association index", FieldType.UNSIGNED)
            .json("association").description("SCTP association index, as tshark's sctp.assoc_index").build();
    public static final FieldDef SCTP_TSN = FieldDef.builder("sctp.data_tsn", "TSN", FieldType.UNSIGNED).at(4, 4)
            .json("tsn").description("TSN of the DATA chunk holding the message (its first fragment's when fragmented)").build();
    public static final FieldDef SCTP_SID = FieldDef.builder("sctp.data_sid", "Stream identifier", FieldType.UNSIGNED).at(8, 2)
            .json("sctp_stream").description("SCTP stream of the DATA chunk holding the message").build();
    public static final FieldDef SCTP_SSN = FieldDef.builder("sctp.data_ssn", "Stream sequence number", FieldType.UNSIGNED)
            .at(10, 2).json("sctp_ssn").description("stream sequence number of the DATA chunk holding the message").build();
    public static final FieldDef SCTP_MID = FieldDef.builder("sctp.data_mid", "Message identifier", FieldType.UNSIGNED)
            .at(12, 4).json("sctp_mid").description("message identifier (RFC 8260) of the I-DATA chunks holding the message").build();

    private static final List<FieldDef> ALL = List.of(FRAME_NUMBER, FRAME_TIME, FRAME_TIME_EPOCH, FRAME_TIME_RELATIVE,
            IP_SRC, IP_DST, IP_ADDR, TCP_SRCPORT, TCP_DSTPORT, TCP_PORT, TCP_STREAM, SCTP_SRCPORT, SCTP_DSTPORT, SCTP_PORT,
            SCTP_ASSOC, SCTP_TSN, SCTP_SID, SCTP_SSN, SCTP_MID, SRC_NODE, DST_NODE, NODE, STREAM_OFFSET);

    @Override
    public List<FieldDef> fields() {
        return ALL;
    }

    /**
     * Gathers the fields of {@code m} that {@code out} wants.
     *
     * @param firstEpochNanos time of the capture's first frame (frame.time_relative)
     * @param dstNode         the receiver's node id, -1 when not known yet
     * @param dlm             false to skip the DLM fields (the filter reads none: no decode needed)
     */
    public static void collect(DissectedMessage m, long firstEpochNanos, long dstNode, FieldValues out, boolean dlm) {
        if (out.wantsAny(ALL)) frameFields(m, firstEpochNanos, dstNode, out);
        if (dlm) {
            new FieldCollector(out).collect(m.pdu());
        }
    }

    private static void frameFields(DissectedMessage m, long firstEpochNanos, long dstNode, FieldValues out) {
        out.add(FRAME_NUMBER, org.dlminspect.capture.FrameRef.number(m.frame()));
        out.add(FRAME_TIME, m.epochNanos());
        out.add(FRAME_TIME_EPOCH, m.epochNanos());
        out.add(FRAME_TIME_RELATIVE, m.epochNanos() - firstEpochNanos);
        var src = m.direction().source();
        var dst = m.direction().destination();
        out.addObject(IP_SRC, src.address());
        out.addObject(IP_DST, dst.address());
        out.addObject(IP_ADDR, src.address());
        out.addObject(IP_ADDR, dst.address());
        SctpInfo sctp = m.sctp();
        if (sctp == null) {
            out.add(TCP_SRCPORT, src.port());
            out.add(TCP_DSTPORT, dst.port());
            out.add(TCP_PORT, src.port());
            out.add(TCP_PORT, dst.port());
            out.add(TCP_STREAM, m.direction().stream());
        } else {
            out.add(SCTP_SRCPORT, src.port());
            out.add(SCTP_DSTPORT, dst.port());
            out.add(SCTP_PORT, src.port());
            out.add(SCTP_PORT, dst.port());
            out.add(SCTP_ASSOC, sctp.association());
            out.add(SCTP_TSN, sctp.firstTsn());
            out.add(SCTP_SID, sctp.streamId());
            if (sctp.interleaved()) out.add(SCTP_MID, sctp.mid()); // I-DATA has a MID where DATA has an SSN
            else out.add(SCTP_SSN, sctp.ssn());
        }
        out.add(STREAM_OFFSET, m.streamOffset());
        out.add(SRC_NODE, m.header().nodeid());
        out.add(NODE, m.header().nodeid());
        if (dstNode >= 0) {
            out.add(DST_NODE, dstNode);
            out.add(NODE, dstNode);
        }
    }
}
