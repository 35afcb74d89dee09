package org.dlminspect.bench;

/**
 * Where the fields of an Ethernet/IPv4/TCP frame are, for the capture tools of the benchmark (which
 * rewrite sequence numbers in place). Network byte order; the DLM payload is little-endian.
 */
final class TcpFrame {
    static final int TCP_FIN = 0x01;
    static final int TCP_SYN = 0x02;
    static final int TCP_RST = 0x04;
    static final int TCP_ACK = 0x10;

    int src;
    int dst;
    int sport;
    int dport;
    int tcp;           // offset of the TCP header
    int flags;
    int payload;       // offset of the payload
    int payloadLength;
    int tsOption = -1; // offset of TSval, or -1

    /** Parses {@code d[0, length)}; false when it is not Ethernet/IPv4/TCP (then copied as it is). */
    boolean parse(byte[] d, int length) {
        tsOption = -1;
        if (length < 14 + 20 || be16(d, 12) != 0x0800 || (d[23] & 0xFF) != 6 || (d[14] & 0xF0) != 0x40) {
            return false;
        }
        int ihl = (d[14] & 0x0F) * 4;
        int ipEnd = 14 + be16(d, 16);
        tcp = 14 + ihl;
        if (ihl < 20 || ipEnd > length || tcp + 20 > ipEnd) return false;
        int headerLength = ((d[tcp + 12] & 0xFF) >>> 4) * 4;
        if (headerLength < 20 || tcp + headerLength > ipEnd) return false;
        src = be32(d, 26);
        dst = be32(d, 30);
        sport = be16(d, tcp);
        dport = be16(d, tcp + 2);
        flags = d[tcp + 13] & 0xFF;
        payload = tcp + headerLength;
        payloadLength = ipEnd - payload;
        for (int o = tcp + 20; o < payload; ) {
            int kind = d[o] & 0xFF;
            if (kind == 0) break;
            if (kind == 1) { o++; continue; }
            if (o + 1 >= payload) break;
            int len = d[o + 1] & 0xFF;
            if (len < 2) break;
            if (kind == 8 && len == 10 && o + 10 <= payload) tsOption = o + 2;
            o += len;
        }
        return true;
    }

    long seq(byte[] d) {
        return be32(d, tcp + 4) & 0xFFFFFFFFL;
    }

    long ack(byte[] d) {
        return be32(d, tcp + 8) & 0xFFFFFFFFL;
    }

    /** The TCP checksum of this frame as it is in {@code d} now (the checksum field counted as zero). */
    int checksum(byte[] d) {
        int tcpLength = payload + payloadLength - tcp;
        long sum = 0;
        for (int i = 26; i < 34; i += 2) sum += be16(d, i);
        sum += 6 + tcpLength;
        int p = tcp;
        int end = p + tcpLength;
        for (; p + 1 < end; p += 2) {
            if (p != tcp + 16) sum += ((d[p] & 0xFF) << 8) | (d[p + 1] & 0xFF);
        }
        if (p < end) sum += (d[p] & 0xFF) << 8;
        while ((sum >>> 16) != 0) sum = (sum & 0xFFFF) + (sum >>> 16);
        return (int) (~sum & 0xFFFF);
    }

    boolean checksumValid(byte[] d) {
        return checksum(d) == be16(d, tcp + 16);
    }

    void writeChecksum(byte[] d) {
        int sum = checksum(d);
        d[tcp + 16] = (byte) (sum >>> 8);
        d[tcp + 17] = (byte) sum;
    }

    static int be16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    static int be32(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
    }

    static void be32(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}
