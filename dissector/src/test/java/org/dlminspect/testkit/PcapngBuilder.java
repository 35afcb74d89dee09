package org.dlminspect.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes pcapng files block by block for tests, in either byte order: section headers, interface
 * descriptions with options (if_tsresol, if_tsoffset, any other), enhanced/simple/obsolete packet blocks,
 * arbitrary blocks, and raw bytes for corrupting a file on purpose. Lengths and padding are computed unless
 * a method says it writes what it is given.
 */
public final class PcapngBuilder {
    public static final int SECTION_HEADER = 0x0A0D0D0A;
    public static final int INTERFACE_DESCRIPTION = 1;
    public static final int OBSOLETE_PACKET = 2;
    public static final int SIMPLE_PACKET = 3;
    public static final int NAME_RESOLUTION = 4;
    public static final int INTERFACE_STATISTICS = 5;
    public static final int ENHANCED_PACKET = 6;
    public static final int DECRYPTION_SECRETS = 0x0A;
    public static final int CUSTOM = 0x00000BAD;

    /** One option: code and value (padded to 4 bytes when written). */
    public record Option(int code, byte[] value) {
        public static Option tsresol(int value) {
            return new Option(9, new byte[] {(byte) value});
        }

        public static Option comment(String text) {
            return new Option(1, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order;

    /** Starts the file with a section header block in {@code order}. */
    public PcapngBuilder(ByteOrder order) {
        section(order);
    }

    /** The next block's byte offset in the file. */
    public int size() {
        return out.size();
    }

    /** A new section header block (version 1.0, unknown section length): interfaces start over. */
    public PcapngBuilder section(ByteOrder newOrder) {
        return section(newOrder, 1, 0);
    }

    public PcapngBuilder section(ByteOrder newOrder, int major, int minor) {
        this.order = newOrder;
        ByteBuffer body = buffer(16).putInt(0x1A2B3C4D).putShort((short) major).putShort((short) minor).putLong(-1L);
        return block(SECTION_HEADER, body.array());
    }

    /** An if_tsoffset option in this section's byte order. */
    public Option tsoffset(long seconds) {
        return new Option(14, buffer(8).putLong(seconds).array());
    }

    public PcapngBuilder interfaceBlock(int linkType, int snaplen, Option... options) {
        ByteBuffer fixed = buffer(8).putShort((short) linkType).putShort((short) 0).putInt(snaplen);
        return block(INTERFACE_DESCRIPTION, concat(fixed.array(), options(options)));
    }

    /** An enhanced packet block holding all of {@code data}. */
    public PcapngBuilder enhancedPacket(int interfaceId, long ticks, byte[] data, int originalLength, Option... options) {
        return enhancedPacket(interfaceId, ticks, data, data.length, originalLength, options);
    }

    /** An enhanced packet block whose captured-length field says {@code capturedLength}, true or not. */
    public PcapngBuilder enhancedPacket(int interfaceId, long ticks, byte[] data, int capturedLength,
                                        int originalLength, Option... options) {
        ByteBuffer fixed = buffer(20).putInt(interfaceId).putInt((int) (ticks >>> 32)).putInt((int) ticks)
                .putInt(capturedLength).putInt(originalLength);
        return block(ENHANCED_PACKET, concat(fixed.array(), pad(data), options(options)));
    }

    public PcapngBuilder simplePacket(byte[] data, int originalLength) {
        return block(SIMPLE_PACKET, concat(buffer(4).putInt(originalLength).array(), pad(data)));
    }

    /** An obsolete packet block (type 2): 16-bit interface id and drops count. */
    public PcapngBuilder obsoletePacket(int interfaceId, long ticks, byte[] data, int originalLength) {
        ByteBuffer fixed = buffer(20).putShort((short) interfaceId).putShort((short) 0).putInt((int) (ticks >>> 32))
                .putInt((int) ticks).putInt(data.length).putInt(originalLength);
        return block(OBSOLETE_PACKET, concat(fixed.array(), pad(data)));
    }

    /** Any block: type, body padded to 4 bytes, both total lengths computed. */
    public PcapngBuilder block(int type, byte[] body) {
        byte[] padded = pad(body);
        int total = 12 + padded.length;
        return block(type, padded, total, total);
    }

    /** A block written exactly as given: body unpadded, leading and trailing total lengths as told. */
    public PcapngBuilder block(int type, byte[] body, int leadingLength, int trailingLength) {
        out.writeBytes(buffer(8).putInt(type).putInt(leadingLength).array());
        out.writeBytes(body);
        out.writeBytes(buffer(4).putInt(trailingLength).array());
        return this;
    }

    public PcapngBuilder bytes(byte[] raw) {
        out.writeBytes(raw);
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private byte[] options(Option... options) {
        if (options.length == 0) {
            return new byte[0];
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (Option option : options) {
            o.writeBytes(buffer(4).putShort((short) option.code()).putShort((short) option.value().length).array());
            o.writeBytes(pad(option.value()));
        }
        o.writeBytes(new byte[4]);
        return o.toByteArray();
    }

    private ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(order);
    }

    private static byte[] pad(byte[] data) {
        byte[] padded = new byte[(data.length + 3) & ~3];
        System.arraycopy(data, 0, padded, 0, data.length);
        return padded;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }
}
