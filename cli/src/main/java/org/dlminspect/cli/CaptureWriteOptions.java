package org.dlminspect.cli;

import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureWriter;
import org.dlminspect.capture.PcapWriter;
import org.dlminspect.capture.PcapngWriter;
import picocli.CommandLine.Option;

/** {@code -w FILE} and {@code -F pcap|pcapng}, for read and live. */
public final class CaptureWriteOptions {
    /** The snaplen written in the file: that of tcpdump and dumpcap; frames are never longer here. */
    static final int SNAPLEN = 262144;

    @Option(names = {"-w", "--write"}, paramLabel = "FILE",
            description = "Write the frames to FILE (- for standard output): read writes the frames of the messages that pass the filters, live every packet captured. pcapng unless -F pcap.")
    String file;

    @Option(names = {"-F", "--write-format"}, paramLabel = "FORMAT",
            description = "Format of the -w file: pcapng (default: every link type, nanosecond times) or pcap (one link type, microseconds).")
    CaptureWriter.Format format = CaptureWriter.Format.PCAPNG;

    boolean writing() {
        return file != null;
    }

    boolean toStdout() {
        return "-".equals(file);
    }

    /** What messages call the file: its name, or "standard output". */
    String name() {
        return toStdout() ? "standard output" : file;
    }

    /**
     * Opens the file (or standard output). A pcap file's header needs the link type: when it is not known
     * ({@code linkType} -1, read) the header is written with the first frame, taking the input's.
     */
    CaptureWriter open(boolean nanoseconds, int linkType) {
        OutputStream out = new BufferedOutputStream(stream(), 1 << 16);
        if (format == CaptureWriter.Format.PCAPNG) {
            PcapngWriter pcapng = new PcapngWriter(out, 0);
            if (linkType >= 0) pcapng.announce(0, linkType);
            return pcapng;
        }
        PcapWriter.Precision precision = nanoseconds ? PcapWriter.Precision.NANOSECONDS : PcapWriter.Precision.MICROSECONDS;
        if (linkType >= 0) return new PcapWriter(out, linkType, SNAPLEN, precision);
        return new CaptureWriter() {
            private PcapWriter pcap;

            @Override
            public void write(CaptureFrame frame) throws IOException {
                if (pcap == null) pcap = new PcapWriter(out, frame.linkType(), SNAPLEN, precision);
                pcap.write(frame);
            }

            @Override
            public void flush() throws IOException {
                if (pcap != null) pcap.flush();
                else out.flush();
            }

            @Override
            public void close() throws IOException {
                // No frame at all: still a valid (empty) capture, as tshark writes one; Ethernet, the usual type.
                if (pcap == null) pcap = new PcapWriter(out, org.dlminspect.capture.LinkType.ETHERNET.wireValue(), SNAPLEN, precision);
                pcap.close();
            }
        };
    }

    private OutputStream stream() {
        if (toStdout()) return Output.stdoutBytes();
        Path path = Path.of(file);
        if (Files.isDirectory(path)) throw new InputError(file + ": is a directory");
        try {
            return new FileOutputStream(path.toFile());
        } catch (FileNotFoundException e) {
            throw new InputError("cannot create " + file + ": " + reason(e));
        }
    }

    static String reason(FileNotFoundException e) {
        // "x.pcap (Permission denied)" → "permission denied"
        String m = e.getMessage() == null ? "" : e.getMessage();
        int open = m.lastIndexOf(" (");
        return open >= 0 && m.endsWith(")") ? m.substring(open + 2, m.length() - 1).toLowerCase(java.util.Locale.ROOT) : m;
    }
}
