package org.dlminspect.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.LinkType;
import org.dlminspect.testkit.Captures.DiagnosticList;
import org.junit.jupiter.api.Test;

/** Seeded random and mutated frames: the decoder answers, reports, and never throws. */
class PacketDecoderRobustnessTest {
    private static final int[] LINK_TYPES = {0, 1, 101, 108, 113, 228, 229, 276, 147};

    @Test
    void mutatedFramesNeverThrow() {
        SplittableRandom random = new SplittableRandom(20261124);
        byte[][] seeds = {
            FrameBuilder.tcp("10.0.0.1", 1, "10.0.0.2", 21064).payload(new byte[40]).ipv4Options(new byte[8]).build(),
            FrameBuilder.tcp("2001:db8::1", 1, "2001:db8::2", 21064).ipv6Extension(0, new byte[6])
                    .ipv6Extension(51, new byte[10]).ipv6Fragment(0, false, 1).payload(new byte[20]).build(),
            FrameBuilder.tcp("10.0.0.1", 1, "10.0.0.2", 2).vlan(0x88a8, 1).vlan(0x8100, 2).padTo(60).build(),
            FrameBuilder.tcp("10.0.0.1", 1, "10.0.0.2", 2).link(LinkType.LINUX_SLL2).build(),
        };
        PacketDecoder decoder = new PacketDecoder();
        DiagnosticList sink = new DiagnosticList();
        TcpSegment seg = new TcpSegment();
        CaptureFrame frame = new CaptureFrame();
        int decoded = 0;
        for (int i = 0; i < 300_000; i++) {
            byte[] seed = seeds[random.nextInt(seeds.length)];
            byte[] data = Arrays.copyOf(seed, random.nextInt(seed.length + 8));
            for (int m = random.nextInt(4); m > 0 && data.length > 0; m--) {
                data[random.nextInt(data.length)] = (byte) random.nextInt(256);
            }
            int link = i % 10 == 0 ? LINK_TYPES[random.nextInt(LINK_TYPES.length)]
                    : seed == seeds[3] ? 276 : 1;
            System.arraycopy(data, 0, frame.ensureCapacity(data.length), 0, data.length);
            int original = random.nextBoolean() ? data.length : data.length + random.nextInt(2000);
            frame.set(i + 1, 0, link, 0, data.length, original);
            if (decoder.decode(frame, seg, sink)) {
                decoded++;
                assertTrue(seg.payloadOffset >= 0 && seg.payloadLength >= 0 && seg.missingPayloadLength >= 0);
                assertTrue(seg.payloadOffset + seg.payloadLength <= data.length, "payload inside the frame");
            }
        }
        assertTrue(decoded > 10_000, "some frames still decode: " + decoded);
    }

    @Test
    void randomBytesNeverThrow() {
        SplittableRandom random = new SplittableRandom(7);
        PacketDecoder decoder = new PacketDecoder();
        DiagnosticList sink = new DiagnosticList();
        TcpSegment seg = new TcpSegment();
        CaptureFrame frame = new CaptureFrame();
        for (int i = 0; i < 200_000; i++) {
            int length = random.nextInt(120);
            byte[] data = frame.ensureCapacity(length);
            for (int j = 0; j < length; j++) {
                data[j] = (byte) random.nextInt(256);
            }
            int link = LINK_TYPES[random.nextInt(LINK_TYPES.length)];
            // Bias towards IP so that the deeper layers are reached.
            if (length > 0 && random.nextBoolean()) {
                data[0] = (byte) (random.nextBoolean() ? 0x45 : 0x60);
                link = 101;
            }
            frame.set(i + 1, 0, link, 0, length, length + (random.nextBoolean() ? 0 : random.nextInt(100)));
            if (decoder.decode(frame, seg, sink)) {
                assertTrue(seg.payloadOffset + seg.payloadLength <= length);
            }
        }
    }
}
