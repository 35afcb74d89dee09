package org.dlminspect.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.dlm.DlmText;
import org.dlminspect.pipeline.DissectorOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Where the capture comes from and what counts as DLM traffic: shared by read and analyze. */
public final class InputOptions {
    @Option(names = {"-r", "--read"}, paramLabel = "FILE", description = "Capture to read (pcap or pcapng, optionally gzip-compressed); - reads standard input.")
    String readOption;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Same as -r.")
    String readPositional;

    @Mixin
    DlmTrafficOptions traffic = new DlmTrafficOptions();

    String source() {
        if (readOption != null && readPositional != null) {
            throw new UsageError("give the capture either with -r or as an argument, not both");
        }
        String s = readOption != null ? readOption : readPositional;
        if (s == null) {
            throw new UsageError("no capture given: use -r FILE (or -r - for standard input)");
        }
        return s;
    }

    DissectorOptions dissectorOptions() {
        return traffic.dissectorOptions();
    }

    /** An open capture and the progress counter wrapped around it. */
    record OpenCapture(CaptureReader reader, Progress progress) { }

    OpenCapture open(DiagnosticSink sink, boolean progressOnTerminal) throws IOException {
        String src = source();
        if (src.equals("-")) {
            if (StandardStreams.stdinClosed()) {
                throw new InputError("standard input is closed (give a capture with -r FILE, or pipe one in)");
            }
            InputStream in = new Progress(System.in, 0, System.err, false);
            return new OpenCapture(CaptureFiles.open(in, "standard input", sink), (Progress) in);
        }
        Path path;
        try {
            path = Path.of(src);
        } catch (java.nio.file.InvalidPathException e) {
            throw new InputError(DlmText.escapeText(src) + ": not a valid file name");
        }
        // The name as the user typed it, escaped like capture bytes: it may hold terminal controls.
        String name = DlmText.escapeText(src);
        if (Files.isDirectory(path)) {
            throw new InputError(name + ": is a directory, not a capture file");
        }
        InputStream raw;
        try {
            raw = Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new InputError(name + ": no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new InputError(name + ": permission denied");
        } catch (IOException e) {
            throw new InputError(name + ": cannot open: " + e.getClass().getSimpleName());
        }
        Progress progress = new Progress(raw, Files.size(path), System.err, progressOnTerminal && Terminal.stderrIsTerminal());
        return new OpenCapture(CaptureFiles.open(progress, name, sink), progress);
    }
}
