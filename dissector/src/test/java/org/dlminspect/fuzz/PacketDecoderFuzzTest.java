package org.dlminspect.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.LinkType;
import org.dlminspect.net.PacketDecoder;
import org.dlminspect.net.TcpSegment;
import org.junit.jupiter.api.BeforeAll;

/**
 * The link, IP and TCP decoders over arbitrary frames of every link type we decode (and a few we
 * do not). Input: one byte choosing the link type (below 240: one we decode; else the next byte is
 * the link type value), two bytes (big-endian) that the frame's length on the wire exceeds the
 * captured bytes by (0: whole frame), then the captured bytes. Seeds in
 * {@code PacketDecoderFuzzTestInputs/}: frames of each link type, with IPv4 options, IPv6 extension
 * headers, VLAN tags, fragments, snaplen cuts.
 *
 * <p>Properties: no exception; diagnostics well formed; a decoded segment has both addresses, 16-bit
 * ports, 32-bit sequence numbers and a payload lying inside the captured bytes.
 */
class PacketDecoderFuzzTest {
    @BeforeAll
    static void coverageWhenFuzzing() {
        FuzzChecks.requireCoverageWhenFuzzing();
    }

    private static final LinkType[] LINK_TYPES = LinkType.values();

    private final PacketDecoder decoder = new PacketDecoder();
    private final CaptureFrame frame = new CaptureFrame();
    private final TcpSegment segment = new TcpSegment();
    private long number;

    @FuzzTest(maxDuration = "10s")
    void decode(byte[] input) {
        if (input.length < 3) {
            return;
        }
        int choice = input[0] & 0xFF;
        int at = 1;
        int linkType;
        if (choice < 240) {
            linkType = LINK_TYPES[choice % LINK_TYPES.length].wireValue();
        } else {
            // Any value, mostly ones we do not decode (reported once per link type).
            linkType = input[at++] & 0xFF;
        }
        if (input.length < at + 2) {
            return;
        }
        int slack = ((input[at] & 0xFF) << 8) | (input[at + 1] & 0xFF);
        at += 2;
        byte[] bytes = java.util.Arrays.copyOfRange(input, at, input.length);
        int original = bytes.length + slack;
        System.arraycopy(bytes, 0, frame.ensureCapacity(bytes.length), 0, bytes.length);
        frame.set(++number, 0, linkType, 0, bytes.length, original);

        FuzzChecks.CheckingSink sink = new FuzzChecks.CheckingSink();
        if (!decoder.decode(frame, segment, sink)) {
            return;
        }
        TcpSegment s = segment;
        if (s.source == null || s.destination == null || s.source.v6() != s.destination.v6()) {
            throw new AssertionError("segment without a pair of addresses of one family");
        }
        if (s.sourcePort < 0 || s.sourcePort > 0xFFFF || s.destinationPort < 0 || s.destinationPort > 0xFFFF) {
            throw new AssertionError("port outside 16 bits: " + s.sourcePort + " " + s.destinationPort);
        }
        if (s.sequence < 0 || s.sequence > 0xFFFFFFFFL || s.acknowledgement < 0 || s.acknowledgement > 0xFFFFFFFFL) {
            throw new AssertionError("sequence numbers outside 32 bits");
        }
        if (s.flags < 0 || s.flags > 0xFF || s.window < 0 || s.window > 0xFFFF) {
            throw new AssertionError("flags or window outside their field");
        }
        if (s.payload != frame.data()) {
            throw new AssertionError("payload does not point into the frame");
        }
        if (s.payloadOffset < 0 || s.payloadLength < 0 || s.payloadOffset + s.payloadLength > bytes.length) {
            throw new AssertionError("payload [" + s.payloadOffset + ", +" + s.payloadLength + ") outside the "
                    + bytes.length + " captured bytes");
        }
        if (s.missingPayloadLength < 0) {
            throw new AssertionError("negative missing payload length " + s.missingPayloadLength);
        }
        if (s.missingPayloadLength > 0 && s.missingPayloadLength > original - bytes.length) {
            throw new AssertionError(s.missingPayloadLength + " payload bytes missing, but the frame lost only "
                    + (original - bytes.length) + " bytes to the snaplen");
        }
    }
}
