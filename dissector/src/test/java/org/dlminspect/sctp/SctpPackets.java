package org.dlminspect.sctp;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.dlminspect.capture.LinkType;
import org.dlminspect.testkit.Captures;

/**
 * Builds Ethernet/IPv4/SCTP frames for tests, from RFC 9260: common header with a correct CRC32c (unless told
 * otherwise), chunks padded to 4 bytes. Addresses are 10.99.0.N for node N.
 */
public final class SctpPackets {
    public static final int DLM_PORT = 21064;

    private SctpPackets() { }

    /** A chunk's bytes (header included, padded). */
    public static byte[] chunk(int type, int flags, byte[] value) {
        int length = 4 + value.length;
        ByteBuffer b = ByteBuffer.allocate((length + 3) & ~3);
        b.put((byte) type).put((byte) flags).putShort((short) length).put(value);
        return b.array();
    }

    /** DATA with flags B/E (and U) as given: 0x03 is a whole message. */
    public static byte[] data(int flags, long tsn, int streamId, int ssn, byte[] payload) {
        ByteBuffer v = ByteBuffer.allocate(12 + payload.length);
        v.putInt((int) tsn).putShort((short) streamId).putShort((short) ssn).putInt(0).put(payload);
        return chunk(0, flags, v.array());
    }

    /**
     * I-DATA (RFC 8260 §2.1) with flags B/E (and U) as given: stream {@code streamId}, message {@code mid}; the
     * first fragment (B) carries the PPID (0 here), the others their fragment sequence number {@code fsn}.
     */
    public static byte[] iData(int flags, long tsn, int streamId, long mid, long fsn, byte[] payload) {
        ByteBuffer v = ByteBuffer.allocate(16 + payload.length);
        v.putInt((int) tsn).putShort((short) streamId).putShort((short) 0).putInt((int) mid)
                .putInt((flags & 0x02) != 0 ? 0 : (int) fsn).put(payload);
        return chunk(64, flags, v.array());
    }

    public static byte[] whole(long tsn, byte[]... dlmMessages) {
        return data(0x03, tsn, 0, 0, concat(dlmMessages));
    }

    public static byte[] sack(long cumulativeTsn) {
        ByteBuffer v = ByteBuffer.allocate(12);
        v.putInt((int) cumulativeTsn).putInt(65536).putShort((short) 0).putShort((short) 0);
        return chunk(3, 0, v.array());
    }

    /** FORWARD TSN (RFC 3758 §3.2): the new cumulative TSN, then (stream, SSN) pairs. */
    public static byte[] forwardTsn(long newCumulativeTsn, int... streamAndSsn) {
        ByteBuffer v = ByteBuffer.allocate(4 + 2 * streamAndSsn.length);
        v.putInt((int) newCumulativeTsn);
        for (int x : streamAndSsn) v.putShort((short) x);
        return chunk(192, 0, v.array());
    }

    /** I-FORWARD TSN (RFC 8260 §2.3.1) naming one message: stream, U bit (the low bit of the flags half), MID. */
    public static byte[] iForwardTsn(long newCumulativeTsn, int streamId, boolean unordered, long mid) {
        ByteBuffer v = ByteBuffer.allocate(12);
        v.putInt((int) newCumulativeTsn).putShort((short) streamId).putShort((short) (unordered ? 1 : 0)).putInt((int) mid);
        return chunk(194, 0, v.array());
    }

    public static byte[] init(int type, long initiateTag, long initialTsn) {
        ByteBuffer v = ByteBuffer.allocate(16);
        v.putInt((int) initiateTag).putInt(65536).putShort((short) 10).putShort((short) 10).putInt((int) initialTsn);
        return chunk(type, 0, v.array());
    }

    /** An SCTP packet from node {@code src} to node {@code dst} in an Ethernet frame. */
    public static byte[] frame(int src, int dst, int sport, int dport, long vtag, byte[]... chunks) {
        return frame(src, dst, sport, dport, vtag, true, chunks);
    }

    public static byte[] frame(int src, int dst, int sport, int dport, long vtag, boolean goodChecksum, byte[]... chunks) {
        byte[] body = concat(chunks);
        byte[] sctp = new byte[12 + body.length];
        ByteBuffer s = ByteBuffer.wrap(sctp);
        s.putShort((short) sport).putShort((short) dport).putInt((int) vtag).putInt(0).put(body);
        long crc = SctpDecoder.crc32c(sctp, 0, sctp.length);
        if (!goodChecksum) crc ^= 0x5A5A;
        s.putInt(8, (int) crc);
        return ipv4(src, dst, sctp);
    }

    public static byte[] ipv4(int src, int dst, byte[] sctp) {
        ByteBuffer f = ByteBuffer.allocate(14 + 20 + sctp.length);
        f.put(new byte[] {2, 0, 0, 0, 0, (byte) dst, 2, 0, 0, 0, 0, (byte) src}).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) (20 + sctp.length)).putShort((short) 1).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 132).putShort((short) 0);
        f.put(new byte[] {10, 99, 0, (byte) src}).put(new byte[] {10, 99, 0, (byte) dst});
        f.put(sctp);
        return f.array();
    }

    public static byte[] pcap(List<byte[]> frames) {
        return Captures.pcap(LinkType.ETHERNET, frames.toArray(new byte[0][]));
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) o.writeBytes(p);
        return o.toByteArray();
    }

    public static List<byte[]> list() {
        return new ArrayList<>();
    }
}
