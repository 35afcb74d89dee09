package org.dlminspect.capture;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.Severity;

/**
 * pcapng files (draft-ietf-opsawg-pcapng): sections in either byte order, each with its own interfaces;
 * packets from enhanced (EPB), simple (SPB) and obsolete (OPB) packet blocks; every other block is skipped
 * by its length.
 *
 * <p>Frame numbers count every packet block in file order. A packet block naming an interface its section
 * never described is reported ({@code capture.unknown_interface}) and skipped but still counted, so that
 * the frames after it keep the number of their place in the file (tshark stops reading there instead).
 *
 * <p>A simple packet block has no timestamp; its frame gets the time of the packet before it (0 for the
 * first), so that times stay in order.
 *
 * <p>A file that ends inside a packet block is a capture cut short while being written, reported as
 * {@code capture.truncated_record} (warning) like classic pcap; any other block whose length runs past the
 * end, or a block whose length is impossible, is {@code capture.corrupt_block} (error). Both end the reading.
 */
final class PcapngReader extends AbstractCaptureReader {
    static final int SECTION_HEADER = 0x0A0D0D0A;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final int INTERFACE_DESCRIPTION = 1;
    static final int OBSOLETE_PACKET = 2;
    static final int SIMPLE_PACKET = 3;
    static final int ENHANCED_PACKET = 6;
    static final int MIN_SECTION_HEADER_LENGTH = 28;

    private static final int MAX_BUFFERED_BLOCK = 2 * MAX_CAPTURED_LENGTH;
    /**
     * Interfaces kept per section. Each description costs a few dozen bytes of heap for 20 bytes of file, so a
     * section describing millions of them would make the heap grow with the file; real captures have a handful.
     */
    static final int MAX_INTERFACES = 1 << 16;

    private boolean bigEndian;
    private long lastNanos;
    private final List<PcapngInterface> interfaces = new ArrayList<>();
    /** Interface descriptions in the current section, including those beyond {@link #MAX_INTERFACES}. */
    private long describedInterfaces;

    /** The first section header is checked; it is read again (as every block) by {@link #next}. */
    PcapngReader(ByteSource src, DiagnosticSink sink, String name) throws IOException {
        super(src, sink, name, "pcapng");
        int n = src.require(MIN_SECTION_HEADER_LENGTH);
        if (n < MIN_SECTION_HEADER_LENGTH) {
            throw new CaptureFormatException(name + ": truncated pcapng section header: " + n + " of "
                    + MIN_SECTION_HEADER_LENGTH + " bytes");
        }
        byte[] b = src.buffer();
        int p = src.position();
        boolean big = Bytes.int32(b, p + 8, true) == BYTE_ORDER_MAGIC;
        int major = Bytes.uint16(b, p + 12, big);
        int minor = Bytes.uint16(b, p + 14, big);
        if (major != 1) {
            throw new CaptureFormatException(
                    name + ": pcapng version " + major + "." + minor + " is not supported (only 1.x)");
        }
    }

    /** The interfaces of the current section, in id order (for tests). */
    List<PcapngInterface> interfaces() {
        return interfaces;
    }

    @Override
    boolean readNext(CaptureFrame frame) throws IOException {
        while (true) {
            long offset = src.offset();
            int n = src.require(8);
            if (n == 0) {
                return false;
            }
            if (n < 8) {
                endsInsideHeader(offset, n, 8);
                return false;
            }
            byte[] b = src.buffer();
            int p = src.position();
            int type = Bytes.int32(b, p, bigEndian);
            if (type == SECTION_HEADER) {
                n = src.require(12);
                if (n < 12) {
                    endsInsideHeader(offset, n, 12);
                    return false;
                }
                b = src.buffer();
                p = src.position();
                int magic = Bytes.int32(b, p + 8, true);
                if (magic == BYTE_ORDER_MAGIC) {
                    bigEndian = true;
                } else if (Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC) {
                    bigEndian = false;
                } else {
                    corruptBlock(0, offset, type, "byte-order magic " + Bytes.hex(b, p + 8, 4)
                            + " is neither 1a 2b 3c 4d nor 4d 3c 2b 1a");
                    return false;
                }
            }
            boolean packet = type == ENHANCED_PACKET || type == SIMPLE_PACKET || type == OBSOLETE_PACKET;
            long number = packet ? frames + 1 : 0;
            long totalLength = Bytes.uint32(b, p + 4, bigEndian);
            int minimum = minimumLength(type);
            if (totalLength % 4 != 0) {
                corruptBlock(number, offset, type, "total length " + totalLength + " is not a multiple of 4");
                return false;
            }
            if (totalLength < minimum) {
                corruptBlock(number, offset, type, "total length " + totalLength + " is less than " + minimum);
                return false;
            }
            if (!packet && type != SECTION_HEADER && type != INTERFACE_DESCRIPTION) {
                if (!skipBlock(offset, type, totalLength)) {
                    return false;
                }
                continue;
            }
            if (totalLength > MAX_BUFFERED_BLOCK) {
                corruptBlock(number, offset, type, "total length " + totalLength + " is more than 32 MiB");
                return false;
            }
            int length = (int) totalLength;
            n = src.require(length);
            if (n < length) {
                if (packet) {
                    frames = number;
                    sink.report(number, Severity.WARN, "capture.truncated_record", "capture ends inside this "
                            + blockName(type) + ": " + n + " of " + length + " bytes present" + readUpTo(number));
                } else {
                    corruptBlock(0, offset, type, "total length " + length
                            + " runs beyond the end of the capture (" + n + " bytes left)");
                }
                return false;
            }
            b = src.buffer();
            p = src.position();
            long trailing = Bytes.uint32(b, p + length - 4, bigEndian);
            if (trailing != totalLength) {
                corruptBlock(number, offset, type,
                        "trailing total length " + trailing + " differs from the leading " + totalLength);
                return false;
            }
            boolean produced = false;
            switch (type) {
                case SECTION_HEADER -> {
                    if (!readSectionHeader(b, p, offset)) {
                        return false;
                    }
                }
                case INTERFACE_DESCRIPTION -> readInterface(b, p, length, offset);
                default -> produced = readPacket(frame, type, b, p, length, offset);
            }
            src.advance(length);
            if (produced) {
                return true;
            }
        }
    }

    private boolean readSectionHeader(byte[] b, int p, long offset) {
        interfaces.clear();
        describedInterfaces = 0;
        int major = Bytes.uint16(b, p + 12, bigEndian);
        if (major != 1) {
            int minor = Bytes.uint16(b, p + 14, bigEndian);
            sink.report(0, Severity.ERROR, "capture.corrupt_block", "section header block at byte offset "
                    + offset + ": pcapng version " + major + "." + minor + " is not supported" + stopsAt());
            return false;
        }
        return true;
    }

    private void readInterface(byte[] b, int p, int length, long offset) {
        if (describedInterfaces++ >= MAX_INTERFACES) {
            if (describedInterfaces == MAX_INTERFACES + 1) {
                sink.report(0, Severity.WARN, "capture.interface_limit", "interface description block at byte offset "
                        + offset + ": the section describes more than " + MAX_INTERFACES + " interfaces; the rest are"
                        + " ignored and their packets skipped");
            }
            return;
        }
        interfaces.add(InterfaceDescriptionBlock.read(b, p, length, offset, interfaces.size(), bigEndian, sink));
    }

    private boolean readPacket(CaptureFrame frame, int type, byte[] b, int p, int length, long offset) {
        long number = ++frames;
        int interfaceId;
        long original;
        long captured;
        long ticks = 0;
        int dataOffset;
        if (type == SIMPLE_PACKET) {
            interfaceId = 0;
            original = Bytes.uint32(b, p + 8, bigEndian);
            dataOffset = p + 12;
            captured = Math.min(original, length - 16);
        } else {
            interfaceId = type == ENHANCED_PACKET ? Bytes.int32(b, p + 8, bigEndian) : Bytes.uint16(b, p + 8, bigEndian);
            ticks = (Bytes.uint32(b, p + 12, bigEndian) << 32) | Bytes.uint32(b, p + 16, bigEndian);
            captured = Bytes.uint32(b, p + 20, bigEndian);
            original = Bytes.uint32(b, p + 24, bigEndian);
            dataOffset = p + 28;
            long holds = length - 32;
            if (captured > holds) {
                sink.report(number, Severity.ERROR, "capture.corrupt_record", blockName(type) + " at byte offset "
                        + offset + " claims " + captured + " captured bytes but holds " + holds
                        + "; packet skipped");
                return false;
            }
        }
        if (interfaceId < 0 || interfaceId >= interfaces.size()) {
            boolean described = interfaceId >= 0 && interfaceId < describedInterfaces;
            sink.report(number, Severity.ERROR, described ? "capture.interface_limit" : "capture.unknown_interface",
                    blockName(type) + " at byte offset " + offset + " names interface "
                            + Integer.toUnsignedString(interfaceId) + (described ? ", beyond the first " + MAX_INTERFACES
                            + " interfaces of its section that are kept" : " but its section " + describeInterfaceCount())
                            + "; packet skipped");
            return false;
        }
        PcapngInterface iface = interfaces.get(interfaceId);
        if (type == SIMPLE_PACKET) {
            if (iface.snaplen() > 0) {
                captured = Math.min(captured, iface.snaplen());
            }
        } else {
            warnCaplen(number, captured, iface.snaplen(), original);
        }
        int count = (int) captured;
        System.arraycopy(b, dataOffset, frame.ensureCapacity(count), 0, count);
        // A simple packet block has no timestamp: it keeps the time of the packet before it.
        long nanos = type == SIMPLE_PACKET ? lastNanos : iface.toNanos(ticks);
        if (nanos == PcapngInterface.OVERFLOW) {
            sink.report(number, Severity.ERROR, CODE_TIMESTAMP, blockName(type) + " at byte offset " + offset + ": timestamp "
                    + Long.toUnsignedString(ticks) + " in units of " + (iface.binary() ? "2^-" : "10^-") + iface.exponent()
                    + " s" + (iface.offsetSeconds() != 0 ? " + if_tsoffset " + iface.offsetSeconds() + " s" : "")
                    + " is after the year 2262 (overflows a 64-bit nanosecond time): impossible; the previous frame's time is used");
            nanos = lastNanos;
        } else if (nanos < 0) {
            sink.report(number, Severity.WARN, CODE_TIMESTAMP, blockName(type) + " at byte offset " + offset
                    + ": timestamp before 1970 (" + nanos + " ns from the epoch): an impossible capture time, kept as written");
        }
        lastNanos = nanos;
        frame.set(number, nanos, iface.linkType(), interfaceId, count, (int) Math.min(original, Integer.MAX_VALUE));
        return true;
    }

    private String describeInterfaceCount() {
        int n = interfaces.size();
        return n == 0 ? "describes no interface" : n == 1 ? "describes only interface 0"
                : "describes only interfaces 0 to " + (n - 1);
    }

    private boolean skipBlock(long offset, int type, long totalLength) throws IOException {
        long skipped = src.skip(totalLength - 4);
        int n = skipped == totalLength - 4 ? src.require(4) : 0;
        if (n < 4) {
            corruptBlock(0, offset, type, "total length " + totalLength
                    + " runs beyond the end of the capture (" + (skipped + n) + " bytes left)");
            return false;
        }
        long trailing = Bytes.uint32(src.buffer(), src.position(), bigEndian);
        if (trailing != totalLength) {
            corruptBlock(0, offset, type,
                    "trailing total length " + trailing + " differs from the leading " + totalLength);
            return false;
        }
        src.advance(4);
        return true;
    }

    private void endsInsideHeader(long offset, int present, int needed) {
        sink.report(0, Severity.WARN, "capture.truncated_record", "capture ends inside the block header at byte offset "
                + offset + ": " + present + " of " + needed + " bytes present" + stopsAt());
    }

    private void corruptBlock(long frame, long offset, int type, String what) {
        sink.report(frame, Severity.ERROR, "capture.corrupt_block",
                blockName(type) + " at byte offset " + offset + ": " + what + stopsAt());
    }

    private String stopsAt() {
        return frames > 0 ? "; reading stops after frame " + frames : "; reading stops before any frame";
    }

    private static int minimumLength(int type) {
        return switch (type) {
            case SECTION_HEADER -> MIN_SECTION_HEADER_LENGTH;
            case INTERFACE_DESCRIPTION -> 20;
            case ENHANCED_PACKET, OBSOLETE_PACKET -> 32;
            case SIMPLE_PACKET -> 16;
            default -> 12;
        };
    }

    static String blockName(int type) {
        return switch (type) {
            case SECTION_HEADER -> "section header block";
            case INTERFACE_DESCRIPTION -> "interface description block";
            case ENHANCED_PACKET -> "enhanced packet block";
            case SIMPLE_PACKET -> "simple packet block";
            case OBSOLETE_PACKET -> "packet block";
            default -> "block of type 0x" + Integer.toHexString(type);
        };
    }
}
