package org.dlminspect.net;

/** Big-endian (network byte order) reads of packet headers, for the layers of {@link PacketDecoder}. */
final class PacketBytes {
    private PacketBytes() { }

    static int be16(byte[] d, int off) {
        return ((d[off] & 0xFF) << 8) | (d[off + 1] & 0xFF);
    }

    static int be32(byte[] d, int off) {
        return ((d[off] & 0xFF) << 24) | ((d[off + 1] & 0xFF) << 16) | ((d[off + 2] & 0xFF) << 8) | (d[off + 3] & 0xFF);
    }
}
