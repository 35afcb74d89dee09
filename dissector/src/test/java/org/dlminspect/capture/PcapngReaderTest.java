package org.dlminspect.capture;

import static org.dlminspect.capture.CaptureFilesTest.bytes;
import static org.dlminspect.testkit.PcapngBuilder.Option.tsresol;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.dlminspect.Diagnostic;
import org.dlminspect.Severity;
import org.dlminspect.testkit.Captures;
import org.dlminspect.testkit.Captures.DiagnosticList;
import org.dlminspect.testkit.Captures.ReadFrame;
import org.dlminspect.testkit.PcapngBuilder;
import org.dlminspect.testkit.PcapngBuilder.Option;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** pcapng sections, interfaces, timestamp resolutions, packet block kinds, skipped and corrupt blocks. */
class PcapngReaderTest {
    private static final long EPOCH = 1_700_000_000L;

    enum Order {
        LITTLE(ByteOrder.LITTLE_ENDIAN), BIG(ByteOrder.BIG_ENDIAN);

        final ByteOrder order;

        Order(ByteOrder order) {
            this.order = order;
        }
    }

    private static List<ReadFrame> read(byte[] capture, DiagnosticList sink) throws IOException {
        return Captures.readAll(capture, sink);
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void interfacesWithDifferentLinkTypesAndResolutions(Order o) throws IOException {
        PcapngBuilder b = new PcapngBuilder(o.order);
        b.interfaceBlock(LinkType.ETHERNET.wireValue(), 0)                              // 10^-6 by default
                .interfaceBlock(LinkType.RAW.wireValue(), 65535, tsresol(9))             // ns
                .interfaceBlock(LinkType.LINUX_SLL.wireValue(), 0, tsresol(3), b.tsoffset(EPOCH)) // ms + offset
                .interfaceBlock(LinkType.LINUX_SLL2.wireValue(), 0, tsresol(0x80 | 20))  // 2^-20 s
                .interfaceBlock(LinkType.IPV6.wireValue(), 0, tsresol(0x80 | 32), b.tsoffset(-10)) // 2^-32 s
                .interfaceBlock(LinkType.NULL.wireValue(), 0, tsresol(12), b.tsoffset(EPOCH)); // ps
        b.enhancedPacket(0, EPOCH * 1_000_000 + 123_456, bytes(60, 0), 60)
                .enhancedPacket(1, EPOCH * 1_000_000_000 + 123_456_789, bytes(61, 1), 61)
                .enhancedPacket(2, 42_123, bytes(62, 2), 62)
                .enhancedPacket(3, (EPOCH << 20) | (1 << 19) | 1, bytes(63, 3), 63)
                .enhancedPacket(4, ((EPOCH + 10) << 32) | (1L << 31), bytes(64, 4), 64)
                .enhancedPacket(5, 123_456_789_999L, bytes(65, 5), 65);
        DiagnosticList sink = new DiagnosticList();
        List<ReadFrame> frames = read(b.toByteArray(), sink);
        assertTrue(sink.isEmpty(), sink.all()::toString);
        assertEquals(6, frames.size());
        long s = EPOCH * 1_000_000_000L;
        long[] nanos = {
            s + 123_456_000L,
            s + 123_456_789L,
            s + 42_123_000_000L,
            s + 500_000_953L,        // 2^-1 s + 2^-20 s = 500000000 + 953.67 ns, truncated
            s + 500_000_000L,
            s + 123_456_789L,        // 123456789999 ps
        };
        int[] linkTypes = {1, 101, 113, 276, 229, 0};
        for (int i = 0; i < 6; i++) {
            ReadFrame f = frames.get(i);
            assertEquals(i + 1, f.number());
            assertEquals(i, f.interfaceId());
            assertEquals(linkTypes[i], f.linkType(), "link type of frame " + (i + 1));
            assertEquals(nanos[i], f.epochNanos(), "time of frame " + (i + 1));
            assertArrayEquals(bytes(60 + i, i), f.data());
        }
    }

    @Test
    void timestampConversionCoversTheWholeRange() {
        // Units of 10^-n and 2^-n beyond the usual ones must neither overflow nor throw.
        assertEquals(1_000_000_000L, new PcapngInterface(1, 0, false, 0, 0).toNanos(1));
        assertEquals(12L, new PcapngInterface(1, 0, false, 10, 0).toNanos(120));
        assertEquals(1L, new PcapngInterface(1, 0, false, 27, 0).toNanos(1_000_000_000_000_000_000L));
        assertEquals(1L, new PcapngInterface(1, 0, false, 28, 0).toNanos(-1L));
        assertEquals(0L, new PcapngInterface(1, 0, false, 28, 0).toNanos(9_000_000_000_000_000_000L));
        assertEquals(0L, new PcapngInterface(1, 0, false, 127, 0).toNanos(-1L));
        assertEquals(3_000_000_000L, new PcapngInterface(1, 0, true, 0, 0).toNanos(3));
        assertEquals(999_999_999L, new PcapngInterface(1, 0, true, 64, 0).toNanos(-1L));
        assertEquals(499_999_999L, new PcapngInterface(1, 0, true, 65, 0).toNanos(-1L));
        assertEquals(0L, new PcapngInterface(1, 0, true, 127, 0).toNanos(-1L));
        long ticks = (1L << 63) | (1L << 62) | 1; // 2^-63 units: 1.5 s and one tick
        assertEquals(1_500_000_000L, new PcapngInterface(1, 0, true, 63, 0).toNanos(ticks));
        assertEquals(7_000_000_000L + 3, new PcapngInterface(1, 0, false, 9, 7).toNanos(3));
    }

    @Test
    void simplePacketBlocksTakeInterfaceZeroAndTheSmallestLength() throws IOException {
        PcapngBuilder b = new PcapngBuilder(ByteOrder.LITTLE_ENDIAN).interfaceBlock(1, 64, tsresol(9))
                .interfaceBlock(101, 0);
        b.enhancedPacket(0, EPOCH * 1_000_000_000L + 5, bytes(60, 0), 60)
                .simplePacket(bytes(100, 1), 100)   // snaplen 64 wins
                .simplePacket(bytes(50, 2), 50)     // original length wins over the padded 52
                .simplePacket(bytes(40, 3), 1500);  // the block holds 40
        DiagnosticList sink = new DiagnosticList();
        List<ReadFrame> frames = read(b.toByteArray(), sink);
        assertTrue(sink.isEmpty(), sink.all()::toString);
        assertEquals(4, frames.size());
        assertArrayEquals(Arrays.copyOf(bytes(100, 1), 64), frames.get(1).data());
        assertEquals(100, frames.get(1).originalLength());
        assertArrayEquals(bytes(50, 2), frames.get(2).data());
        assertArrayEquals(bytes(40, 3), frames.get(3).data());
        assertEquals(1500, frames.get(3).originalLength());
        for (ReadFrame f : frames) {
            assertEquals(0, f.interfaceId());
            assertEquals(1, f.linkType());
            // No timestamp in a simple packet block: the time of the packet before it.
            assertEquals(EPOCH * 1_000_000_000L + 5, f.epochNanos());
        }
    }

    @ParameterizedTest
    @EnumSource(Order.class)
    void obsoletePacketBlocksAreRead(Order o) throws IOException {
        byte[] capture = new PcapngBuilder(o.order).interfaceBlock(1, 0).interfaceBlock(113, 0)
                .obsoletePacket(1, EPOCH * 1_000_000 + 7, bytes(70, 1), 80).toByteArray();
        DiagnosticList sink = new DiagnosticList();
        List<ReadFrame> frames = read(capture, sink);
        assertEquals(1, frames.size());
        assertEquals(1, frames.get(0).interfaceId());
        assertEquals(113, frames.get(0).linkType());
        assertEquals(EPOCH * 1_000_000_000L + 7_000, frames.get(0).epochNanos());
        assertEquals(80, frames.get(0).originalLength());
        assertArrayEquals(bytes(70, 1), frames.get(0).data());
        assertTrue(sink.isEmpty());
    }

    @Test
    void otherBlocksAreSkippedByTheirLength() throws IOException {
        PcapngBuilder b = new PcapngBuilder(ByteOrder.BIG_ENDIAN)
                .block(PcapngBuilder.NAME_RESOLUTION, bytes(30, 9))
                .interfaceBlock(1, 0, Option.comment("eth0 on the bridge"))
                .block(PcapngBuilder.DECRYPTION_SECRETS, bytes(16, 8))
                .enhancedPacket(0, 1, bytes(60, 1), 60, Option.comment("first"), new Option(0x8001, bytes(5, 1)))
                .block(PcapngBuilder.INTERFACE_STATISTICS, bytes(24, 7))
                .block(PcapngBuilder.CUSTOM, bytes(300_000, 6))
                .block(0x12345678, new byte[0])
                .enhancedPacket(0, 2, bytes(61, 2), 61);
        DiagnosticList sink = new DiagnosticList();
        List<ReadFrame> frames = read(b.toByteArray(), sink);
        assertTrue(sink.isEmpty(), sink.all()::toString);
        assertEquals(2, frames.size());
        assertEquals(2, frames.get(1).number());
        assertArrayEquals(bytes(60, 1), frames.get(0).data());
        assertArrayEquals(bytes(61, 2), frames.get(1).data());
    }

    @Test
    void aNewSectionStartsItsInterfacesOverAndMayChangeByteOrder() throws IOException {
        PcapngBuilder b = new PcapngBuilder(ByteOrder.LITTLE_ENDIAN).interfaceBlock(1, 0).interfaceBlock(101, 0)
                .enhancedPacket(1, 10, bytes(60, 1), 60)
                .section(ByteOrder.BIG_ENDIAN).interfaceBlock(113, 0, tsresol(9))
                .enhancedPacket(0, 20, bytes(61, 2), 61);
        int offset = b.size();
        b.enhancedPacket(1, 30, bytes(62, 3), 62).enhancedPacket(0, 40, bytes(63, 4), 63);
        DiagnosticList sink = new DiagnosticList();
        List<ReadFrame> frames = read(b.toByteArray(), sink);
        assertEquals(3, frames.size());
        assertEquals(101, frames.get(0).linkType());
        assertEquals(10_000, frames.get(0).epochNanos());
        assertEquals(113, frames.get(1).linkType());
        assertEquals(20, frames.get(1).epochNanos());
        // The packet naming the vanished interface 1 is skipped but keeps its number.
        assertEquals(4, frames.get(2).number());
        assertArrayEquals(bytes(63, 4), frames.get(2).data());
        assertEquals(new Diagnostic(3, Severity.ERROR, "capture.unknown_interface",
                "enhanced packet block at byte offset " + offset
                        + " names interface 1 but its section describes only interface 0; packet skipped"),
                sink.single());
    }

    @Test
    void aPacketBeforeAnyInterfaceIsSkipped() throws IOException {
        PcapngBuilder b = new PcapngBuilder(ByteOrder.LITTLE_ENDIAN).simplePacket(bytes(60, 1), 60)
                .interfaceBlock(1, 0).interfaceBlock(1, 0).interfaceBlock(1, 0);
        int offset = b.size();
        b.obsoletePacket(7, 1, bytes(60, 2), 60).simplePacket(bytes(60, 3), 60);
        DiagnosticList sink = new DiagnosticList();
        List<ReadFrame> frames = read(b.toByteArray(), sink);
        assertEquals(1, frames.size());
        assertEquals(3, frames.get(0).number());
        assertEquals(List.of(
                new Diagnostic(1, Severity.ERROR, "capture.unknown_interface",
                        "simple packet block at byte offset 28 names interface 0 but its section describes no"
                                + " interface; packet skipped"),
                new Diagnostic(2, Severity.ERROR, "capture.unknown_interface",
                        "packet block at byte offset " + offset + " names interface 7 but its section describes"
                                + " only interfaces 0 to 2; packet skipped")), sink.all());
    }

    @Test
    void aPacketBlockClaimingMoreThanItHoldsIsSkipped() throws IOException {
        PcapngBuilder b = new PcapngBuilder(ByteOrder.LITTLE_ENDIAN).interfaceBlock(1, 0);
        int offset = b.size();
        b.enhancedPacket(0, 1, bytes(60, 1), 200, 200).enhancedPacket(0, 2, bytes(60, 2), 60);
        DiagnosticList sink = new DiagnosticList();
        List<ReadFrame> frames = read(b.toByteArray(), sink);
        assertEquals(1, frames.size());
        assertEquals(2, frames.get(0).number());
        assertEquals(new Diagnostic(1, Severity.ERROR, "capture.corrupt_record", "enhanced packet block at byte offset "
                + offset + " claims 200 captured bytes but holds 60; packet skipped"), sink.single());
    }

    @Test
    void capturedLengthOverTheSnaplenOrOriginalLengthIsAWarning() throws IOException {
        byte[] capture = new PcapngBuilder(ByteOrder.BIG_ENDIAN).interfaceBlock(1, 64)
                .enhancedPacket(0, 1, bytes(60, 1), 60).enhancedPacket(0, 2, bytes(80, 2), 80)
                .enhancedPacket(0, 3, bytes(60, 3), 50).toByteArray();
        DiagnosticList sink = new DiagnosticList();
        assertEquals(3, read(capture, sink).size());
        assertEquals(List.of(
                new Diagnostic(2, Severity.WARN, "capture.caplen",
                        "captured length 80 exceeds the snaplen 64; frame read anyway"),
                new Diagnostic(3, Severity.WARN, "capture.caplen",
                        "captured length 60 exceeds the original length 50; frame read anyway")), sink.all());
    }

    @Test
    void aFileEndingInsideAPacketBlockIsAWarning() throws IOException {
        byte[] whole = new PcapngBuilder(ByteOrder.LITTLE_ENDIAN).interfaceBlock(1, 0)
                .enhancedPacket(0, 1, bytes(60, 1), 60).enhancedPacket(0, 2, bytes(64, 2), 64).toByteArray();
        DiagnosticList sink = new DiagnosticList();
        assertEquals(1, read(Arrays.copyOf(whole, whole.length - 56), sink).size());
        assertEquals(new Diagnostic(2, Severity.WARN, "capture.truncated_record",
                "capture ends inside this enhanced packet block: 40 of 96 bytes present; read up to frame 1"),
                sink.single());

        sink = new DiagnosticList();
        assertEquals(2, read(Arrays.copyOf(whole, whole.length + 5), sink).size());
        assertEquals(new Diagnostic(0, Severity.WARN, "capture.truncated_record",
                "capture ends inside the block header at byte offset " + whole.length
                        + ": 5 of 8 bytes present; reading stops after frame 2"), sink.single());
    }

    @Test
    void impossibleBlockLengthsAreCorruptAndStopTheReading() throws IOException {
        PcapngBuilder base = new PcapngBuilder(ByteOrder.LITTLE_ENDIAN).interfaceBlock(1, 0)
                .enhancedPacket(0, 1, bytes(60, 1), 60);
        int offset = base.size();
        byte[] head = base.toByteArray();

        assertCorrupt(new PcapngBuilder(ByteOrder.LITTLE_ENDIAN).bytes(Arrays.copyOfRange(head, 28, head.length))
                        .block(6, new byte[22], 34, 34).toByteArray(),
                new Diagnostic(2, Severity.ERROR, "capture.corrupt_block", "enhanced packet block at byte offset "
                        + offset + ": total length 34 is not a multiple of 4; reading stops after frame 1"));
        assertCorrupt(concat(head, new PcapngBuilder(ByteOrder.LITTLE_ENDIAN).block(4, new byte[0], 8, 8)),
                new Diagnostic(0, Severity.ERROR, "capture.corrupt_block", "block of type 0x4 at byte offset "
                        + offset + ": total length 8 is less than 12; reading stops after frame 1"));
        assertCorrupt(concat(head, new PcapngBuilder(ByteOrder.LITTLE_ENDIAN).block(6, new byte[16], 28, 28)),
                new Diagnostic(2, Severity.ERROR, "capture.corrupt_block", "enhanced packet block at byte offset "
                        + offset + ": total length 28 is less than 32; reading stops after frame 1"));
        assertCorrupt(concat(head, new PcapngBuilder(ByteOrder.LITTLE_ENDIAN).block(1, new byte[8], 20, 24)),
                new Diagnostic(0, Severity.ERROR, "capture.corrupt_block", "interface description block at byte offset "
                        + offset + ": trailing total length 24 differs from the leading 20; reading stops after frame 1"));
        assertCorrupt(concat(head, new PcapngBuilder(ByteOrder.LITTLE_ENDIAN).block(5, new byte[8], 20, 16)),
                new Diagnostic(0, Severity.ERROR, "capture.corrupt_block", "block of type 0x5 at byte offset "
                        + offset + ": trailing total length 16 differs from the leading 20; reading stops after frame 1"));
        assertCorrupt(concat(head, new PcapngBuilder(ByteOrder.LITTLE_ENDIAN).block(4, new byte[8], 1000, 20)),
                new Diagnostic(0, Severity.ERROR, "capture.corrupt_block", "block of type 0x4 at byte offset "
                        + offset + ": total length 1000 runs beyond the end of the capture (20 bytes left);"
                        + " reading stops after frame 1"));
        assertCorrupt(concat(head, new PcapngBuilder(ByteOrder.LITTLE_ENDIAN).block(1, new byte[8], 1000, 20)),
                new Diagnostic(0, Severity.ERROR, "capture.corrupt_block", "interface description block at byte offset "
                        + offset + ": total length 1000 runs beyond the end of the capture (20 bytes left);"
                        + " reading stops after frame 1"));
        assertCorrupt(concat(head, new PcapngBuilder(ByteOrder.LITTLE_ENDIAN).block(6, new byte[8], 0x7FFFFFF0, 20)),
                new Diagnostic(2, Severity.ERROR, "capture.corrupt_block", "enhanced packet block at byte offset "
                        + offset + ": total length 2147483632 is more than 32 MiB; reading stops after frame 1"));
    }

    @Test
    void aLaterSectionWithABadByteOrderMagicOrVersionIsCorrupt() throws IOException {
        PcapngBuilder b = new PcapngBuilder(ByteOrder.LITTLE_ENDIAN).interfaceBlock(1, 0)
                .enhancedPacket(0, 1, bytes(60, 1), 60);
        int offset = b.size();
        byte[] capture = b.section(ByteOrder.BIG_ENDIAN).interfaceBlock(1, 0)
                .enhancedPacket(0, 1, bytes(60, 1), 60).toByteArray();
        capture[offset + 9] = 0x77;
        assertCorrupt(capture, new Diagnostic(0, Severity.ERROR, "capture.corrupt_block", "section header block at"
                + " byte offset " + offset + ": byte-order magic 1a 77 3c 4d is neither 1a 2b 3c 4d nor 4d 3c 2b 1a;"
                + " reading stops after frame 1"));
        byte[] v3 = new PcapngBuilder(ByteOrder.LITTLE_ENDIAN).interfaceBlock(1, 0)
                .enhancedPacket(0, 1, bytes(60, 1), 60).section(ByteOrder.BIG_ENDIAN, 3, 1).toByteArray();
        assertCorrupt(v3, new Diagnostic(0, Severity.ERROR, "capture.corrupt_block", "section header block at"
                + " byte offset " + offset + ": pcapng version 3.1 is not supported; reading stops after frame 1"));
    }

    @Test
    void badInterfaceOptionsAreWarningsAndTheInterfaceStillCounts() throws IOException {
        PcapngBuilder b = new PcapngBuilder(ByteOrder.LITTLE_ENDIAN);
        int offset = b.size();
        b.interfaceBlock(1, 0, new Option(9, new byte[] {9, 9}), new Option(14, new byte[4]))
                .enhancedPacket(0, 1, bytes(60, 1), 60);
        DiagnosticList sink = new DiagnosticList();
        List<ReadFrame> frames = read(b.toByteArray(), sink);
        assertEquals(1, frames.size());
        assertEquals(1_000, frames.get(0).epochNanos(), "the default microseconds");
        String where = "interface description block 0 at byte offset " + offset + ": ";
        assertEquals(List.of(
                new Diagnostic(0, Severity.WARN, "capture.corrupt_option", where + "if_tsresol has length 2 instead of 1; ignored"),
                new Diagnostic(0, Severity.WARN, "capture.corrupt_option", where + "if_tsoffset has length 4 instead of 8; ignored")),
                sink.all());

        // An option running past its block: the rest is ignored, the interface is still defined.
        PcapngBuilder c = new PcapngBuilder(ByteOrder.LITTLE_ENDIAN);
        byte[] body = java.nio.ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 1)
                .putShort((short) 0).putInt(0).putShort((short) 9).putShort((short) 40).put(new byte[] {9, 0, 0, 0}).array();
        c.block(1, body).enhancedPacket(0, 1, bytes(60, 1), 60);
        sink = new DiagnosticList();
        frames = read(c.toByteArray(), sink);
        assertEquals(1, frames.size());
        assertEquals(1_000, frames.get(0).epochNanos());
        assertEquals(new Diagnostic(0, Severity.WARN, "capture.corrupt_option", "interface description block 0 at byte"
                + " offset 28: option 9 of length 40 runs past the end of the block; the rest of its options are"
                + " ignored"), sink.single());
    }

    @Test
    void blocksLargerThanTheReadBufferAreRead() throws IOException {
        byte[] big = bytes(1_000_000, 5);
        byte[] capture = new PcapngBuilder(ByteOrder.BIG_ENDIAN).interfaceBlock(1, 0)
                .enhancedPacket(0, 1, big, big.length).enhancedPacket(0, 2, bytes(60, 1), 60).toByteArray();
        DiagnosticList sink = new DiagnosticList();
        List<ReadFrame> frames = read(capture, sink);
        assertEquals(2, frames.size());
        assertArrayEquals(big, frames.get(0).data());
        assertArrayEquals(bytes(60, 1), frames.get(1).data());
        assertTrue(sink.isEmpty());
    }

    @Test
    void afterTheEndNextStaysFalse() throws IOException {
        byte[] capture = new PcapngBuilder(ByteOrder.BIG_ENDIAN).interfaceBlock(1, 0)
                .enhancedPacket(0, 1, bytes(60, 1), 60).toByteArray();
        try (CaptureReader r = Captures.open(capture, "x", new DiagnosticList())) {
            CaptureFrame f = new CaptureFrame();
            assertTrue(r.next(f));
            assertFalse(r.next(f));
            assertFalse(r.next(f));
        }
    }

    private static void assertCorrupt(byte[] capture, Diagnostic expected) throws IOException {
        DiagnosticList sink = new DiagnosticList();
        List<ReadFrame> frames = read(capture, sink);
        assertEquals(1, frames.size(), "the frame before the corrupt block is read");
        assertEquals(expected, sink.single());
    }

    private static byte[] concat(byte[] head, PcapngBuilder tail) {
        byte[] t = tail.toByteArray();
        // Drop the tail builder's own section header.
        byte[] out = Arrays.copyOf(head, head.length + t.length - 28);
        System.arraycopy(t, 28, out, head.length, t.length - 28);
        return out;
    }
}
