package org.dlminspect.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.List;
import org.dlminspect.Diagnostic;
import org.dlminspect.capture.LinkType;
import org.dlminspect.testkit.Captures;
import org.dlminspect.testkit.PcapngBuilder;
import org.junit.jupiter.api.Test;

/** A pcapng section keeps at most 65,536 interfaces; more are reported once, and their packets skipped. */
class CaptureLimitsTest {
    @Test
    void interfacesBeyondTheLimitAreReportedAndTheirPacketsSkipped() throws IOException {
        PcapngBuilder b = new PcapngBuilder(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < 65_538; i++) {
            b.interfaceBlock(LinkType.ETHERNET.wireValue(), 0);
        }
        byte[] frame = new byte[60];
        b.enhancedPacket(65_535, 1, frame, 60).enhancedPacket(65_536, 2, frame, 60)
                .enhancedPacket(65_538, 3, frame, 60).enhancedPacket(0, 4, frame, 60);
        Captures.DiagnosticList d = new Captures.DiagnosticList();
        List<Captures.ReadFrame> frames = Captures.readAll(b.toByteArray(), d);
        assertEquals(List.of(1L, 4L), frames.stream().map(Captures.ReadFrame::number).toList());
        assertEquals(List.of("0 warn capture.interface_limit", "2 error capture.interface_limit",
                "3 error capture.unknown_interface"), d.all().stream().map(CaptureLimitsTest::brief).toList());
        assertEquals("interface description block at byte offset " + (28 + 65_536 * 20) + ": the section describes"
                + " more than 65536 interfaces; the rest are ignored and their packets skipped", d.all().get(0).message());
        assertEquals("enhanced packet block at byte offset " + (28 + 65_538 * 20 + 92) + " names interface 65536, beyond"
                + " the first 65536 interfaces of its section that are kept; packet skipped", d.all().get(1).message());
    }

    private static String brief(Diagnostic d) {
        return d.frame() + " " + d.severity().label() + " " + d.code();
    }
}
