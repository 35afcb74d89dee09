package org.dlminspect.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.dlminspect.testkit.Captures;
import org.dlminspect.testkit.Captures.DiagnosticList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The project's real captures: frame counts, link type, snaplen and first timestamps as tshark/capinfos show. */
class SharedCapturesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file,          frames, snaplen, first frame time (ns),  its length
        "normal.pcap,     23478,  262144,  1795554121977384000,    74",
        "reconnect.pcap,  26521,  262144,  ,                       ",
        "loss.pcap,       2898,   262144,  ,                       ",
        "snaplen.pcap,    33334,  96,      1795554250831360000,    74",
    })
    void readsEveryFrame(String file, long expectedFrames, long snaplen, Long firstNanos, Integer firstLength)
            throws IOException {
        Path path = Captures.SHARED.resolve(file);
        DiagnosticList sink = new DiagnosticList();
        long frames = 0;
        long cut = 0;
        long previous = Long.MIN_VALUE;
        try (CaptureReader r = CaptureFiles.open(path, sink)) {
            assertEquals("pcap", r.format());
            assertEquals(snaplen, ((PcapReader) r).snaplen());
            CaptureFrame f = new CaptureFrame();
            while (r.next(f)) {
                frames++;
                assertEquals(frames, f.number());
                assertEquals(LinkType.ETHERNET.wireValue(), f.linkType());
                assertTrue(f.capturedLength() <= snaplen);
                assertTrue(f.epochNanos() >= previous, "time goes forward at frame " + frames);
                previous = f.epochNanos();
                if (f.truncatedBySnaplen()) {
                    cut++;
                }
                if (frames == 1 && firstNanos != null) {
                    assertEquals(firstNanos, f.epochNanos());
                    assertEquals(firstLength, f.capturedLength());
                }
            }
        }
        assertEquals(expectedFrames, frames);
        assertTrue(sink.isEmpty(), sink.all()::toString);
        if (snaplen == 96) {
            assertTrue(cut > 10_000, "frames cut by the snaplen: " + cut);
        } else {
            assertEquals(0, cut);
        }
    }
}
