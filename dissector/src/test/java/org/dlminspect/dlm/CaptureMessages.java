package org.dlminspect.dlm;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Test-only: pulls the DLM messages out of a classic-pcap Ethernet/IPv4/TCP capture without gaps (the shared
 * captures), so the decoder can be checked against real kernel traffic. In-order reassembly per TCP direction;
 * retransmitted bytes are skipped; a gap fails loudly.
 */
final class CaptureMessages {
    private CaptureMessages() { }

    /** Calls {@code sink} with (frame number, message bytes) for every complete DLM message. */
    static void read(Path pcap, int port, BiConsumer<Long, byte[]> sink) throws IOException {
        try (InputStream raw = Files.newInputStream(pcap);
             DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
            byte[] gh = new byte[24];
            in.readFully(gh);
            ByteOrder order = (gh[0] & 0xFF) == 0xd4 || (gh[0] & 0xFF) == 0x4d ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            int linkType = ByteBuffer.wrap(gh).order(order).getInt(20);
            if (linkType != 1) {
                throw new IOException("not Ethernet: " + linkType);
            }
            Map<String, Direction> dirs = new HashMap<>();
            byte[] rh = new byte[16];
            long frame = 0;
            while (true) {
                try {
                    in.readFully(rh);
                } catch (EOFException e) {
                    break;
                }
                frame++;
                ByteBuffer r = ByteBuffer.wrap(rh).order(order);
                int incl = r.getInt(8);
                int orig = r.getInt(12);
                byte[] pkt = new byte[incl];
                in.readFully(pkt);
                if (incl != orig) {
                    throw new IOException("frame " + frame + " is cut by the snaplen");
                }
                segment(frame, pkt, port, dirs, sink);
            }
        }
    }

    private static final class Direction {
        long next = -1;
        byte[] buf = new byte[8192];
        int len;
    }

    private static void segment(long frame, byte[] p, int port, Map<String, Direction> dirs, BiConsumer<Long, byte[]> sink)
            throws IOException {
        ByteBuffer b = ByteBuffer.wrap(p).order(ByteOrder.BIG_ENDIAN);
        int eth = 14;
        int type = b.getShort(12) & 0xFFFF;
        if (type == 0x8100) {
            type = b.getShort(16) & 0xFFFF;
            eth = 18;
        }
        if (type != 0x0800) {
            return;
        }
        int ihl = (p[eth] & 0x0F) * 4;
        if (p[eth + 9] != 6) {
            return;
        }
        int ipTotal = b.getShort(eth + 2) & 0xFFFF;
        int tcp = eth + ihl;
        int sport = b.getShort(tcp) & 0xFFFF;
        int dport = b.getShort(tcp + 2) & 0xFFFF;
        if (sport != port && dport != port) {
            return;
        }
        long seq = b.getInt(tcp + 4) & 0xFFFFFFFFL;
        int flags = p[tcp + 13] & 0xFF;
        int thl = ((p[tcp + 12] & 0xF0) >> 4) * 4;
        int payload = tcp + thl;
        int plen = eth + ipTotal - payload;
        String key = b.getInt(eth + 12) + ":" + sport + ">" + b.getInt(eth + 16) + ":" + dport;
        Direction d = dirs.computeIfAbsent(key, k -> new Direction());
        if ((flags & 0x02) != 0) {
            d.next = (seq + 1) & 0xFFFFFFFFL;
            d.len = 0;
            return;
        }
        if (plen <= 0) {
            return;
        }
        if (d.next < 0) {
            d.next = seq;
        }
        long behind = (d.next - seq) & 0xFFFFFFFFL;
        if (behind >= 0x80000000L) {
            throw new IOException("frame " + frame + ": gap of " + (0x100000000L - behind) + " bytes in " + key);
        }
        if (behind >= plen) {
            return;
        }
        int skip = (int) behind;
        int n = plen - skip;
        if (d.len + n > d.buf.length) {
            d.buf = Arrays.copyOf(d.buf, Math.max(d.buf.length * 2, d.len + n));
        }
        System.arraycopy(p, payload + skip, d.buf, d.len, n);
        d.len += n;
        d.next = (d.next + n) & 0xFFFFFFFFL;
        int at = 0;
        while (d.len - at >= 16) {
            int hlen = (d.buf[at + 12] & 0xFF) | (d.buf[at + 13] & 0xFF) << 8;
            if (hlen < 16 || hlen > 4096) {
                throw new IOException("frame " + frame + ": invalid h_length " + hlen);
            }
            if (d.len - at < hlen) {
                break;
            }
            sink.accept(frame, Arrays.copyOfRange(d.buf, at, at + hlen));
            at += hlen;
        }
        System.arraycopy(d.buf, at, d.buf, 0, d.len - at);
        d.len -= at;
    }
}
