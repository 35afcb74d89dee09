package org.dlminspect.pernode;

import java.util.List;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.net.IpAddress;
import org.dlminspect.net.IpPayload;
import org.dlminspect.net.PacketDecoder;
import org.dlminspect.net.TcpSegment;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.sctp.SctpChunk;
import org.dlminspect.sctp.SctpDecoder;
import org.dlminspect.sctp.SctpPacket;

/**
 * A packet on the DLM ports as per-node matching sees it, TCP segment or SCTP packet: who sent it to whom, the
 * key that finds its copy in another node's capture ({@link Segment}), and where it lies in its sender's sequence
 * space: for TCP the sequence number and payload length, for SCTP the TSN of its first DATA or I-DATA chunk and
 * how many such chunks it bundles (each takes one TSN, RFC 9260 §3.3.1), so that a retransmission (the same TSN
 * again) is recognised as covering a lost packet as a TCP retransmission covers a lost segment's bytes.
 *
 * <p>One per reader, filled again by every {@link #read}: nothing is kept from one frame to the next.
 */
final class NodePacket {
    private final DissectorOptions options;
    private final PacketDecoder decoder = new PacketDecoder();
    private final TcpSegment segment = new TcpSegment();
    private final SctpDecoder sctpDecoder = new SctpDecoder(false);

    boolean sctp;
    IpAddress source;
    IpAddress destination;
    int sourcePort;
    int destinationPort;
    long key;
    /** TCP: the sequence number; SCTP: the first DATA/I-DATA TSN (0 when none). */
    long seq;
    /** TCP: payload bytes on the wire; SCTP: DATA/I-DATA chunks (TSNs). */
    int length;
    /** TCP flags (0 for SCTP). */
    int flags;
    /** The bytes that start a DLM message when the packet carries one at its start (for node ids), else length 0. */
    byte[] payload;
    int payloadOffset;
    int payloadLength;

    NodePacket(DissectorOptions options) {
        this.options = options;
    }

    /** Whether {@code f} holds a TCP segment or an SCTP packet on a DLM port; then the fields describe it. */
    boolean read(CaptureFrame f) {
        if (decoder.decode(f, segment, DiagnosticSink.IGNORE)) {
            if (!options.isDlmPort(segment.sourcePort) && !options.isDlmPort(segment.destinationPort)) return false;
            sctp = false;
            source = segment.source;
            destination = segment.destination;
            sourcePort = segment.sourcePort;
            destinationPort = segment.destinationPort;
            key = Segment.key(segment);
            seq = segment.sequence;
            length = segment.payloadLength + segment.missingPayloadLength;
            flags = segment.flags;
            payload = segment.payload;
            payloadOffset = segment.payloadOffset;
            payloadLength = segment.payloadLength;
            return true;
        }
        return decoder.foundSctp() && readSctp(decoder.sctp(), f.number());
    }

    private boolean readSctp(IpPayload ip, long frame) {
        SctpPacket p = sctpDecoder.decode(ip.data, ip.offset, ip.length, ip.length + ip.missing, frame, DiagnosticSink.IGNORE);
        if (p == null || (!options.isDlmPort(p.sourcePort()) && !options.isDlmPort(p.destinationPort()))) return false;
        sctp = true;
        source = ip.source;
        destination = ip.destination;
        sourcePort = p.sourcePort();
        destinationPort = p.destinationPort();
        key = Segment.sctpKey(ip, p.verificationTag());
        seq = 0;
        length = 0;
        flags = 0;
        payload = ip.data;
        payloadOffset = 0;
        payloadLength = 0;
        List<SctpChunk> chunks = p.chunks();
        for (int i = 0, n = chunks.size(); i < n; i++) {
            if (chunks.get(i) instanceof SctpChunk.UserData d) {
                if (length++ == 0) {
                    seq = d.tsn();
                    if (d.beginning()) {
                        payloadOffset = d.payloadOffset();
                        payloadLength = d.payloadLength();
                    }
                }
            }
        }
        return true;
    }
}
