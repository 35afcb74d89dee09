package org.dlminspect.testkit;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;

/**
 * gzip files made of stored (uncompressed) deflate blocks. {@link java.util.zip.GZIPOutputStream}'s bytes depend
 * on the zlib the JVM uses; these do not, so a committed sample can be compared byte for byte on any machine.
 */
public final class StoredGzip {
    private static final int MAX_STORED_BLOCK = 65535;

    private StoredGzip() { }

    /** {@code data} as one gzip member per part: {@code parts} members of about equal size (RFC 1952 allows several). */
    public static byte[] members(byte[] data, int parts) {
        if (parts < 1) {
            throw new IllegalArgumentException("at least one member");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int off = 0;
        for (int i = 0; i < parts; i++) {
            int end = (int) ((long) data.length * (i + 1) / parts);
            member(out, data, off, end - off);
            off = end;
        }
        return out.toByteArray();
    }

    private static void member(ByteArrayOutputStream out, byte[] data, int off, int len) {
        // Header: magic 1f 8b, CM 8 (deflate), FLG 0, MTIME 0, XFL 0, OS 255 (unknown).
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
        int done = 0;
        do {
            int n = Math.min(MAX_STORED_BLOCK, len - done);
            boolean last = done + n == len;
            // Stored block (RFC 1951 §3.2.4): BFINAL and BTYPE 00 padded to a byte, then LEN and its complement NLEN.
            out.write(last ? 1 : 0);
            le16(out, n);
            le16(out, ~n & 0xFFFF);
            out.write(data, off + done, n);
            done += n;
        } while (done < len);
        CRC32 crc = new CRC32();
        crc.update(data, off, len);
        le16(out, (int) crc.getValue());
        le16(out, (int) (crc.getValue() >>> 16));
        le16(out, len);
        le16(out, len >>> 16);
    }

    private static void le16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xFF);
        out.write((v >>> 8) & 0xFF);
    }
}
