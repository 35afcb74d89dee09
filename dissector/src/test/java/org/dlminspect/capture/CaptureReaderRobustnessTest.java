package org.dlminspect.capture;

import static org.dlminspect.capture.CaptureFilesTest.bytes;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.dlminspect.testkit.Captures;
import org.dlminspect.testkit.Captures.DiagnosticList;
import org.dlminspect.testkit.PcapngBuilder;
import org.junit.jupiter.api.Test;

/** Seeded mutations of valid captures: a reader either refuses the input at open or reads it to an end, never throws. */
class CaptureReaderRobustnessTest {

    @Test
    void mutatedCapturesNeverThrowWhileReading() throws IOException {
        byte[] pcap = Captures.pcap(LinkType.ETHERNET, bytes(60, 1), bytes(0, 2), bytes(1514, 3), bytes(70, 4));
        PcapngBuilder b = new PcapngBuilder(ByteOrder.BIG_ENDIAN);
        byte[] pcapng = b.interfaceBlock(1, 0, PcapngBuilder.Option.tsresol(0x80 | 30), b.tsoffset(5))
                .enhancedPacket(0, 1, bytes(60, 1), 60, PcapngBuilder.Option.comment("x"))
                .block(PcapngBuilder.NAME_RESOLUTION, bytes(20, 1)).simplePacket(bytes(50, 2), 50)
                .section(ByteOrder.LITTLE_ENDIAN).interfaceBlock(113, 100).obsoletePacket(0, 9, bytes(40, 3), 40)
                .toByteArray();
        SplittableRandom random = new SplittableRandom(42);
        int refused = 0;
        long frames = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] seed = random.nextBoolean() ? pcap : pcapng;
            byte[] input = Arrays.copyOf(seed, random.nextInt(seed.length + 10));
            for (int m = 1 + random.nextInt(4); m > 0 && input.length > 0; m--) {
                input[random.nextInt(input.length)] = (byte) random.nextInt(256);
            }
            if (i % 7 == 0) {
                input = Captures.gzip(input);
                if (random.nextBoolean()) {
                    input = Arrays.copyOf(input, random.nextInt(input.length + 1));
                }
            }
            CaptureReader r;
            try {
                r = Captures.open(input, "fuzz", new DiagnosticList());
            } catch (CaptureFormatException e) {
                refused++;
                continue;
            }
            try (r) {
                CaptureFrame f = new CaptureFrame();
                int guard = 0;
                while (r.next(f)) {
                    frames++;
                    assertTrue(f.capturedLength() >= 0 && f.capturedLength() <= f.data().length);
                    assertTrue(++guard < 10_000);
                }
            }
        }
        assertTrue(refused > 0 && frames > 0, "refused " + refused + ", frames " + frames);
    }
}
