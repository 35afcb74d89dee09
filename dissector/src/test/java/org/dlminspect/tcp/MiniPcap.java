package org.dlminspect.tcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dlminspect.net.IpAddress;
import org.dlminspect.net.TcpSegment;

/**
 * A deliberately small classic-pcap / Ethernet / IPv4 / TCP reader for replaying the shared captures
 * through the reassembler in tests, independent of the project's capture package.
 */
final class MiniPcap {
    interface SegmentConsumer {
        void accept(TcpSegment segment, long frame, long epochNanos);
    }

    private MiniPcap() { }

    /** Calls {@code consumer} for every IPv4 TCP frame; returns the number of frames in the file. */
    static long replay(Path file, SegmentConsumer consumer) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        boolean nanos;
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            nanos = magic == 0xa1b23c4d;
        } else {
            b.order(ByteOrder.BIG_ENDIAN);
            magic = b.getInt(0);
            nanos = magic == 0xa1b23c4d;
        }
        if (b.getInt(20) != 1) {
            throw new IOException("not Ethernet");
        }
        byte[] a = b.array();
        TcpSegment s = new TcpSegment();
        int pos = 24;
        long frame = 0;
        while (pos + 16 <= a.length) {
            long sec = b.getInt(pos) & 0xFFFFFFFFL;
            long frac = b.getInt(pos + 4) & 0xFFFFFFFFL;
            int caplen = b.getInt(pos + 8);
            int rec = pos + 16;
            pos = rec + caplen;
            frame++;
            long epoch = sec * 1_000_000_000L + (nanos ? frac : frac * 1000);
            int end = rec + caplen;
            int eth = rec + 12;
            int type = (a[eth] & 0xFF) << 8 | (a[eth + 1] & 0xFF);
            int ip = rec + 14;
            if (type == 0x8100) {
                type = (a[eth + 4] & 0xFF) << 8 | (a[eth + 5] & 0xFF);
                ip += 4;
            }
            if (type != 0x0800 || ip + 20 > end || (a[ip + 9] & 0xFF) != 6) {
                continue;
            }
            int ihl = (a[ip] & 0x0F) * 4;
            int total = (a[ip + 2] & 0xFF) << 8 | (a[ip + 3] & 0xFF);
            int tcp = ip + ihl;
            if (tcp + 20 > end) {
                continue;
            }
            int thl = ((a[tcp + 12] & 0xFF) >> 4) * 4;
            int payloadStart = tcp + thl;
            int wireEnd = ip + total;
            int capturedEnd = Math.min(end, wireEnd);
            s.source = IpAddress.ipv4(a, ip + 12);
            s.destination = IpAddress.ipv4(a, ip + 16);
            s.sourcePort = (a[tcp] & 0xFF) << 8 | (a[tcp + 1] & 0xFF);
            s.destinationPort = (a[tcp + 2] & 0xFF) << 8 | (a[tcp + 3] & 0xFF);
            s.sequence = be32(a, tcp + 4);
            s.acknowledgement = be32(a, tcp + 8);
            s.flags = a[tcp + 13] & 0x3F;
            s.window = (a[tcp + 14] & 0xFF) << 8 | (a[tcp + 15] & 0xFF);
            s.payload = a;
            s.payloadOffset = Math.min(payloadStart, capturedEnd);
            s.payloadLength = Math.max(0, capturedEnd - payloadStart);
            s.missingPayloadLength = Math.max(0, wireEnd - Math.max(payloadStart, capturedEnd));
            consumer.accept(s, frame, epoch);
        }
        return frame;
    }

    private static long be32(byte[] a, int i) {
        return ((a[i] & 0xFFL) << 24) | ((a[i + 1] & 0xFF) << 16) | ((a[i + 2] & 0xFF) << 8) | (a[i + 3] & 0xFF);
    }
}
