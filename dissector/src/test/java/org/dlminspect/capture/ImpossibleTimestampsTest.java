package org.dlminspect.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.dlminspect.Diagnostic;
import org.dlminspect.Severity;
import org.dlminspect.testkit.Captures;
import org.dlminspect.testkit.Captures.DiagnosticList;
import org.dlminspect.testkit.Captures.ReadFrame;
import org.dlminspect.testkit.PcapngBuilder;
import org.dlminspect.testkit.PcapngBuilder.Option;
import org.junit.jupiter.api.Test;

/**
 * Times no capture can hold are flagged ({@code capture.timestamp}), and the frame is still read: a pcap
 * fraction out of range for its precision, a pcapng timestamp that overflows 64-bit nanoseconds (ticks or
 * if_tsoffset), an if_tsresol too fine for 64-bit ticks, a time before 1970.
 */
class ImpossibleTimestampsTest {
    private static final byte[] FRAME = new byte[60];

    @Test
    void aMicrosecondFractionOfAMillionIsFlaggedAndKeptAsWritten() throws IOException {
        byte[] pcap = Captures.pcap(LinkType.ETHERNET, FRAME);
        // Record header after the 24-byte file header: ts_sec, ts_usec (little-endian).
        ByteBuffer.wrap(pcap).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 100).putInt(28, 1_000_000);
        DiagnosticList d = new DiagnosticList();
        List<ReadFrame> frames = Captures.readAll(pcap, d);
        assertEquals(1, frames.size());
        assertEquals(101_000_000_000L, frames.get(0).epochNanos());
        Diagnostic t = d.withCode("capture.timestamp").get(0);
        assertEquals(Severity.WARN, t.severity());
        assertEquals(1, t.frame());
        assertTrue(t.message().contains("1000000 is out of range for microseconds (at most 999999)"), t.message());
    }

    @Test
    void aNanosecondFractionOfABillionIsFlagged() throws IOException {
        byte[] pcap = Captures.pcap(LinkType.ETHERNET.wireValue(), 262144, PcapWriter.Precision.NANOSECONDS,
                ByteOrder.BIG_ENDIAN, List.of(Captures.Frame.of(Captures.BASE_NANOS, FRAME)));
        ByteBuffer.wrap(pcap).putInt(28, 999_999_999);
        DiagnosticList ok = new DiagnosticList();
        Captures.readAll(pcap, ok);
        assertTrue(ok.withCode("capture.timestamp").isEmpty(), ok.all().toString());
        ByteBuffer.wrap(pcap).putInt(28, 1_000_000_000);
        DiagnosticList d = new DiagnosticList();
        Captures.readAll(pcap, d);
        assertTrue(d.withCode("capture.timestamp").get(0).message().contains("out of range for nanoseconds (at most 999999999)"));
    }

    @Test
    void pcapngTicksThatOverflowNanosecondsAreFlaggedAndTakeThePreviousTime() throws IOException {
        PcapngBuilder b = new PcapngBuilder(ByteOrder.LITTLE_ENDIAN)
                .interfaceBlock(LinkType.ETHERNET.wireValue(), 0, Option.tsresol(0)) // whole seconds
                .enhancedPacket(0, 1_700_000_000L, FRAME, 60)
                .enhancedPacket(0, 1L << 40, FRAME, 60);
        DiagnosticList d = new DiagnosticList();
        List<ReadFrame> frames = Captures.readAll(b.toByteArray(), d);
        assertEquals(2, frames.size());
        assertEquals(1_700_000_000_000_000_000L, frames.get(1).epochNanos());
        Diagnostic t = d.withCode("capture.timestamp").get(0);
        assertEquals(Severity.ERROR, t.severity());
        assertEquals(2, t.frame());
        assertTrue(t.message().contains("timestamp 1099511627776 in units of 10^-0 s is after the year 2262"), t.message());
        assertEquals(1, d.withCode("capture.timestamp").size());
    }

    @Test
    void anIfTsoffsetBeyondNanosecondsIsIgnoredAndFlagged() throws IOException {
        PcapngBuilder b = new PcapngBuilder(ByteOrder.BIG_ENDIAN);
        b.interfaceBlock(LinkType.ETHERNET.wireValue(), 0, b.tsoffset(1L << 40)).enhancedPacket(0, 5_000_000L, FRAME, 60);
        DiagnosticList d = new DiagnosticList();
        List<ReadFrame> frames = Captures.readAll(b.toByteArray(), d);
        assertEquals(5_000_000_000L, frames.get(0).epochNanos());
        assertTrue(d.withCode("capture.timestamp").get(0).message().contains("if_tsoffset 1099511627776 s is beyond"));
    }

    @Test
    void aTimeBefore1970IsFlagged() throws IOException {
        PcapngBuilder b = new PcapngBuilder(ByteOrder.LITTLE_ENDIAN);
        b.interfaceBlock(LinkType.ETHERNET.wireValue(), 0, b.tsoffset(-100)).enhancedPacket(0, 1_000_000L, FRAME, 60);
        DiagnosticList d = new DiagnosticList();
        List<ReadFrame> frames = Captures.readAll(b.toByteArray(), d);
        assertEquals(-99_000_000_000L, frames.get(0).epochNanos());
        assertTrue(d.withCode("capture.timestamp").get(0).message().contains("before 1970"));
    }

    @Test
    void anIfTsresolTooFineForSixtyFourBitTicksIsFlagged() throws IOException {
        PcapngBuilder b = new PcapngBuilder(ByteOrder.LITTLE_ENDIAN)
                .interfaceBlock(LinkType.ETHERNET.wireValue(), 0, Option.tsresol(0x80 | 70))
                .enhancedPacket(0, 12345L, FRAME, 60);
        DiagnosticList d = new DiagnosticList();
        assertEquals(1, Captures.readAll(b.toByteArray(), d).size());
        assertTrue(d.withCode("capture.timestamp").get(0).message().contains("if_tsresol 2^-70 s"));
    }
}
