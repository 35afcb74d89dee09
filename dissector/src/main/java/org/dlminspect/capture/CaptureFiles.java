package org.dlminspect.capture;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipException;
import org.dlminspect.DiagnosticSink;

/**
 * Opens a capture of any supported format, told apart by its first bytes: classic pcap (magic a1b2c3d4 for
 * microseconds, a1b23c4d for nanoseconds, either byte order), pcapng (section header 0a0d0d0a with
 * byte-order magic 1a2b3c4d, either byte order), and any of those compressed with gzip, zstd, xz, lz4 (frame
 * format) or bzip2, told apart by their magic ({@link Compression}); several members, streams or frames
 * one after the other are read as one.
 *
 * <p>Readers stream through one reusable buffer and copy each frame into the caller's {@link CaptureFrame}:
 * nothing is allocated per frame. Problems inside the capture (truncated or corrupt records, unknown
 * interfaces) go to the {@link DiagnosticSink} with the frame they concern; an input that is not a capture
 * at all fails here with a {@link CaptureFormatException} whose message names the input.
 *
 * <p>Diagnostic codes of the readers (frame = the frame concerned, 0 for the file as a whole):
 * <ul>
 *   <li>{@code capture.caplen} (warn): captured length above the snaplen or the original length; frame read.
 *   <li>{@code capture.truncated_record} (warn): the input ends inside a record or block; reading ends.
 *   <li>{@code capture.corrupt_record} (error): pcap record claiming more than 16 MiB (reading ends), or a
 *       pcapng packet block claiming more bytes than it holds (packet skipped, reading goes on).
 *   <li>{@code capture.corrupt_block} (error): impossible pcapng block length, differing trailing length,
 *       bad byte-order magic or unsupported version in a later section; reading ends.
 *   <li>{@code capture.unknown_interface} (error): pcapng packet naming an undescribed interface; skipped.
 *   <li>{@code capture.corrupt_option} (warn): malformed pcapng interface option; ignored.
 *   <li>{@code capture.gzip} (the code for every compression): compressed input ending early (warn), bytes after
 *       the last gzip member that are not gzip (warn), or corrupt (error); reading ends.
 * </ul>
 */
public final class CaptureFiles {
    private static final int PCAP_MICROS = 0xA1B2C3D4;
    private static final int PCAP_NANOS = 0xA1B23C4D;

    private CaptureFiles() { }

    /**
     * Up to {@code n} bytes, fewer only at the end of the input: a pipe may deliver the first bytes in
     * several reads, and each is waited for.
     */
    private static byte[] readUpTo(InputStream in, int n) throws IOException {
        byte[] b = new byte[n];
        int got = 0;
        while (got < n) {
            int r = in.read(b, got, n - got);
            if (r < 0) break;
            got += r;
        }
        return got == n ? b : java.util.Arrays.copyOf(b, got);
    }

    /** Opens the capture file at {@code path}; the path as given names it in messages. */
    public static CaptureReader open(Path path, DiagnosticSink sink) throws IOException {
        InputStream in = Files.newInputStream(path);
        try {
            return open(in, path.toString(), sink);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Reads a capture from a stream (standard input for {@code -r -}); the reader closes it.
     *
     * @param displayName names the input in messages, e.g. "-" or "stdin"
     */
    public static CaptureReader open(InputStream in, String displayName, DiagnosticSink sink) throws IOException {
        return open(in, displayName, sink, false);
    }

    /**
     * Reads a capture from a stream; the reader closes it.
     *
     * @param decompressAhead a compressed capture is decompressed on a thread of its own ({@link ReadAhead}), the
     *                        reader parsing on this one: for a file (whose reads an interrupt ends) when a second
     *                        core is idle. The frames and diagnostics are the same either way.
     */
    public static CaptureReader open(InputStream in, String displayName, DiagnosticSink sink, boolean decompressAhead)
            throws IOException {
        PushbackInputStream peek = new PushbackInputStream(in, Compression.MAGIC_LENGTH);
        byte[] first = readUpTo(peek, Compression.MAGIC_LENGTH);
        peek.unread(first);
        Compression compression = Compression.detect(first, first.length);
        InputStream body = peek;
        if (compression != Compression.NONE) {
            try {
                body = compression.open(peek);
            } catch (java.io.EOFException e) {
                throw new CaptureFormatException(displayName + ": " + compression.label()
                        + "-compressed, but it ends before anything could be decompressed");
            } catch (ZipException e) {
                throw new CaptureFormatException(displayName + ": " + compression.label()
                        + "-compressed, but its " + compression.label() + " header is corrupt");
            }
            if (decompressAhead) {
                ReadAhead ahead = new ReadAhead(body, displayName);
                try {
                    return open(ahead, compression, displayName, sink);
                } catch (IOException | RuntimeException e) {
                    ahead.close(); // its thread would otherwise wait for the reader for ever
                    throw e;
                }
            }
        }
        return open(body, compression, displayName, sink);
    }

    /** The reader for the (decompressed) stream {@code body}. */
    private static CaptureReader open(InputStream body, Compression compression, String displayName, DiagnosticSink sink)
            throws IOException {
        boolean gzip = compression != Compression.NONE;
        ByteSource src = new ByteSource(body, compression.label());
        int n = src.require(4);
        byte[] b = src.buffer();
        int p = src.position();
        String compressed = gzip ? " after " + compression.label() + " decompression" : "";
        if (n < 4 && src.streamProblem() != null) {
            throw new CaptureFormatException(displayName + ": " + compression.label() + "-compressed, but its compressed data is corrupt ("
                    + src.streamProblem().getMessage() + ")");
        }
        if (n == 0) {
            throw new CaptureFormatException(displayName + ": empty input" + compressed + ", not a pcap or pcapng capture");
        }
        if (n == 4) {
            int big = Bytes.int32(b, p, true);
            if (big == PCAP_MICROS || big == PCAP_NANOS) {
                return new PcapReader(src, sink, displayName, true, big == PCAP_NANOS);
            }
            int little = Integer.reverseBytes(big);
            if (little == PCAP_MICROS || little == PCAP_NANOS) {
                return new PcapReader(src, sink, displayName, false, little == PCAP_NANOS);
            }
            if (big == PcapngReader.SECTION_HEADER) {
                int m = src.require(12);
                if (m < 12) {
                    throw new CaptureFormatException(displayName + ": truncated pcapng section header: " + m
                            + " of " + PcapngReader.MIN_SECTION_HEADER_LENGTH + " bytes");
                }
                b = src.buffer();
                p = src.position();
                int magic = Bytes.int32(b, p + 8, true);
                if (magic == PcapngReader.BYTE_ORDER_MAGIC || Integer.reverseBytes(magic) == PcapngReader.BYTE_ORDER_MAGIC) {
                    return new PcapngReader(src, sink, displayName);
                }
                throw new CaptureFormatException(displayName + ": starts like pcapng, but its byte-order magic is "
                        + Bytes.hex(b, p + 8, 4) + " instead of 1a 2b 3c 4d");
            }
        }
        throw new CaptureFormatException(displayName + ": not a pcap or pcapng capture (starts with "
                + Bytes.hex(b, p, n) + compressed + ")");
    }
}
