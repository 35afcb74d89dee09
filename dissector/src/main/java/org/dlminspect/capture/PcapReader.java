package org.dlminspect.capture;

import java.io.IOException;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.Severity;

/** Classic libpcap files: a 24-byte file header, then 16-byte record headers each followed by the frame. */
final class PcapReader extends AbstractCaptureReader {
    static final int FILE_HEADER_LENGTH = 24;
    private static final int RECORD_HEADER_LENGTH = 16;

    private final boolean bigEndian;
    private final boolean nanosecond;
    private final long snaplen;
    private final int linkType;

    /** Reads the file header; the magic has been checked by {@link CaptureFiles}. */
    PcapReader(ByteSource src, DiagnosticSink sink, String name, boolean bigEndian, boolean nanosecond)
            throws IOException {
        super(src, sink, name, nanosecond ? "pcap-ns" : "pcap");
        this.bigEndian = bigEndian;
        this.nanosecond = nanosecond;
        int n = src.require(FILE_HEADER_LENGTH);
        if (n < FILE_HEADER_LENGTH) {
            throw new CaptureFormatException(
                    name + ": truncated pcap file header: " + n + " of " + FILE_HEADER_LENGTH + " bytes");
        }
        byte[] b = src.buffer();
        int p = src.position();
        snaplen = Bytes.uint32(b, p + 16, bigEndian);
        // The upper 6 bits carry FCS information, not the link type.
        linkType = Bytes.int32(b, p + 20, bigEndian) & 0x03FFFFFF;
        src.advance(FILE_HEADER_LENGTH);
    }

    long snaplen() {
        return snaplen;
    }

    int linkType() {
        return linkType;
    }

    @Override
    boolean readNext(CaptureFrame frame) throws IOException {
        int n = src.require(RECORD_HEADER_LENGTH);
        if (n < RECORD_HEADER_LENGTH) {
            if (n > 0) {
                long number = frames + 1;
                sink.report(number, Severity.WARN, "capture.truncated_record",
                        "capture ends inside this record's header: " + n + " of " + RECORD_HEADER_LENGTH
                                + " bytes present" + readUpTo(number));
            }
            return false;
        }
        byte[] b = src.buffer();
        int p = src.position();
        long seconds = Bytes.uint32(b, p, bigEndian);
        long fraction = Bytes.uint32(b, p + 4, bigEndian);
        long captured = Bytes.uint32(b, p + 8, bigEndian);
        long original = Bytes.uint32(b, p + 12, bigEndian);
        long number = ++frames;
        if (captured > MAX_CAPTURED_LENGTH) {
            sink.report(number, Severity.ERROR, "capture.corrupt_record",
                    "record header claims " + captured + " captured bytes (more than 16 MiB): the file is corrupt"
                            + readUpTo(number));
            return false;
        }
        warnCaplen(number, captured, snaplen, original);
        src.advance(RECORD_HEADER_LENGTH);
        int length = (int) captured;
        int got = src.read(frame.ensureCapacity(length), 0, length);
        if (got < length) {
            sink.report(number, Severity.WARN, "capture.truncated_record",
                    "capture ends inside this record: " + got + " of " + length + " bytes present"
                            + readUpTo(number));
            return false;
        }
        long limit = nanosecond ? 1_000_000_000L : 1_000_000L;
        if (fraction >= limit) {
            // libpcap and Wireshark take it as written (it carries into the seconds); say that it is impossible.
            sink.report(number, Severity.WARN, CODE_TIMESTAMP, "timestamp fraction " + fraction + " is out of range for "
                    + (nanosecond ? "nanoseconds" : "microseconds") + " (at most " + (limit - 1)
                    + "): an impossible time, kept as written (" + seconds + " s + " + fraction
                    + (nanosecond ? " ns)" : " µs)"));
        }
        long nanos = seconds * 1_000_000_000L + (nanosecond ? fraction : fraction * 1000L);
        frame.set(number, nanos, linkType, 0, length, (int) Math.min(original, Integer.MAX_VALUE));
        return true;
    }
}
