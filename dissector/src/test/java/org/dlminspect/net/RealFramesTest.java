package org.dlminspect.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.testkit.Captures;
import org.dlminspect.testkit.Captures.DiagnosticList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The decoder on the project's real captures, against what tshark 4.0 prints for them, e.g.
 * {@code tshark -r normal.pcap -c 5 -T fields -e frame.number -e ip.src -e tcp.srcport -e tcp.seq_raw -e tcp.len}.
 */
class RealFramesTest {

    @Test
    void firstFramesOfNormalPcapMatchTshark() throws IOException {
        // frame.number ip.src tcp.srcport tcp.seq_raw tcp.len | ip.dst tcp.dstport tcp.ack_raw tcp.flags
        // tcp.window_size_value, as tshark printed them.
        Object[][] tshark = {
            {1L, "10.99.0.2", 48933, 1076153073L, 0, "10.99.0.1", 21064, 0L, 0x002, 64240},
            {2L, "10.99.0.1", 21064, 1673218666L, 0, "10.99.0.2", 48933, 1076153074L, 0x012, 65160},
            {3L, "10.99.0.2", 48933, 1076153074L, 0, "10.99.0.1", 21064, 1673218667L, 0x010, 2008},
            {4L, "10.99.0.2", 48933, 1076153074L, 64, "10.99.0.1", 21064, 1673218667L, 0x018, 2008},
            {5L, "10.99.0.1", 21064, 1673218667L, 0, "10.99.0.2", 48933, 1076153138L, 0x010, 2035},
        };
        PacketDecoder decoder = new PacketDecoder();
        DiagnosticList sink = new DiagnosticList();
        TcpSegment seg = new TcpSegment();
        try (CaptureReader r = CaptureFiles.open(Captures.SHARED.resolve("normal.pcap"), sink)) {
            CaptureFrame f = new CaptureFrame();
            for (Object[] row : tshark) {
                assertTrue(r.next(f));
                assertEquals(row[0], f.number());
                assertTrue(decoder.decode(f, seg, sink));
                assertEquals(row[1], seg.source.toString());
                assertEquals(row[2], seg.sourcePort);
                assertEquals(row[3], seg.sequence);
                assertEquals(row[4], seg.payloadLength);
                assertEquals(0, seg.missingPayloadLength);
                assertEquals(row[5], seg.destination.toString());
                assertEquals(row[6], seg.destinationPort);
                assertEquals(row[7], seg.acknowledgement);
                assertEquals(row[8], seg.flags);
                assertEquals(row[9], seg.window);
            }
        }
        assertTrue(sink.isEmpty());
    }

    @Test
    void snaplenFramesAreCutAfterThirtyPayloadBytes() throws IOException {
        // tshark -r snaplen.pcap -T fields -e frame.number -e frame.len -e frame.cap_len -e tcp.len -e tcp.seq_raw
        //   -e tcp.srcport -e tcp.payload: frames 1, 4 and 6.
        PacketDecoder decoder = new PacketDecoder();
        DiagnosticList sink = new DiagnosticList();
        TcpSegment seg = new TcpSegment();
        try (CaptureReader r = CaptureFiles.open(Captures.SHARED.resolve("snaplen.pcap"), sink)) {
            CaptureFrame f = new CaptureFrame();
            for (int i = 1; i <= 6; i++) {
                assertTrue(r.next(f));
                assertTrue(decoder.decode(f, seg, sink));
                switch (i) {
                    case 1 -> {
                        assertEquals(74, f.capturedLength());
                        assertEquals(3765333058L, seg.sequence);
                        assertEquals(0, seg.payloadLength);
                        assertEquals(0, seg.missingPayloadLength);
                    }
                    case 4 -> {
                        assertEquals(96, f.capturedLength());
                        assertEquals(130, f.originalLength());
                        assertEquals(33863, seg.sourcePort);
                        assertEquals(3765333059L, seg.sequence);
                        assertEquals(30, seg.payloadLength);
                        assertEquals(34, seg.missingPayloadLength);
                        assertEquals(3765333059L + 64, seg.endSequence());
                        assertArrayEquals(HexFormat.of().parseHex("020003004c42414c02000000400002000100000000000000a6a8a57599d0"),
                                Arrays.copyOfRange(seg.payload(), seg.payloadOffset, seg.payloadOffset + seg.payloadLength));
                    }
                    case 6 -> {
                        assertEquals(146, f.originalLength());
                        assertEquals(21064, seg.sourcePort);
                        assertEquals(273177488L, seg.sequence);
                        assertEquals(30, seg.payloadLength);
                        assertEquals(50, seg.missingPayloadLength);
                    }
                    default -> { }
                }
            }
        }
        assertTrue(sink.isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file,         frames, TCP payload bytes captured, missing, frames with payload, SYN, FIN  (from tshark)
        "normal.pcap,    23478,  2755948,  0,       19354,  2,  2",
        "reconnect.pcap, 26521,  849842,   0,       6573,   -1, -1",
        "loss.pcap,      2898,   270993,   0,       2187,   -1, -1",
        "snaplen.pcap,   33334,  709576,   2740888, 27104,  -1, -1",
    })
    void everyFrameOfTheSharedCapturesIsTcp(String file, long frames, long captured, long missing, long withPayload,
                                            int syns, int fins) throws IOException {
        PacketDecoder decoder = new PacketDecoder();
        DiagnosticList sink = new DiagnosticList();
        TcpSegment seg = new TcpSegment();
        long n = 0;
        long tcp = 0;
        long payload = 0;
        long lost = 0;
        long nonEmpty = 0;
        int syn = 0;
        int fin = 0;
        try (CaptureReader r = CaptureFiles.open(Captures.SHARED.resolve(file), sink)) {
            CaptureFrame f = new CaptureFrame();
            while (r.next(f)) {
                n++;
                if (decoder.decode(f, seg, sink)) {
                    tcp++;
                    payload += seg.payloadLength;
                    lost += seg.missingPayloadLength;
                    nonEmpty += seg.payloadLength + seg.missingPayloadLength > 0 ? 1 : 0;
                    syn += seg.has(TcpSegment.SYN) ? 1 : 0;
                    fin += seg.has(TcpSegment.FIN) ? 1 : 0;
                }
            }
        }
        assertEquals(frames, n);
        assertEquals(frames, tcp);
        assertEquals(captured, payload);
        assertEquals(missing, lost);
        assertEquals(withPayload, nonEmpty);
        if (syns >= 0) {
            assertEquals(syns, syn);
            assertEquals(fins, fin);
        }
        assertTrue(sink.isEmpty(), sink.all()::toString);
    }
}
