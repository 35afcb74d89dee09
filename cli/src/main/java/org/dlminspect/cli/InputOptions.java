package org.dlminspect.cli;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dlminspect.DiagnosticSink;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.capture.MergingReader;
import org.dlminspect.dlm.DlmText;
import org.dlminspect.memory.MemoryBudget;
import org.dlminspect.pernode.PerNodeInput;
import org.dlminspect.pipeline.DissectorOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Where the captures come from and what counts as DLM traffic: shared by the commands that read captures.
 * Several captures (positional arguments, or {@code -r} repeated) are merged by timestamp as mergecap merges
 * them ({@link MergingReader}), each frame keeping a reference to its file ({@link FrameRef}, {@code node2:1234}).
 */
public final class InputOptions {
    @Option(names = {"-r", "--read"}, paramLabel = "FILE", description = "Capture to read (pcap or pcapng, optionally compressed: gzip, zstd, xz, lz4, bzip2); - reads standard input. May be repeated.")
    List<String> readOption = new ArrayList<>();

    @Parameters(arity = "0..*", paramLabel = "FILE", description = "Same as -r; several captures are merged by timestamp (frames named file:number).")
    List<String> readPositional = new ArrayList<>();

    @Mixin
    DlmTrafficOptions traffic = new DlmTrafficOptions();

    @Mixin
    NodeCaptureOptions nodes = new NodeCaptureOptions();

    /** The inputs in command-line order: {@code -r} ones first, then the arguments. */
    List<String> sources() {
        List<String> all = new ArrayList<>(readOption);
        all.addAll(readPositional);
        if (all.isEmpty()) {
            throw new UsageError("no capture given: use -r FILE (or -r - for standard input)");
        }
        if (all.stream().filter("-"::equals).count() > 1) {
            throw new UsageError("standard input (-) can be given only once");
        }
        return all;
    }

    /** Whether the capture comes from standard input ({@code -r -}). */
    boolean fromStdin() {
        return readOption.contains("-") || readPositional.contains("-");
    }

    DissectorOptions dissectorOptions() {
        return traffic.dissectorOptions();
    }

    /**
     * An open capture (several inputs merged into one reader) and the progress counter wrapped around it.
     * The file names of this run's frame references outlive it: reports printed after the capture is closed
     * (locks, analyze) still name the file of every frame. The next {@link #open} sets them again.
     */
    record OpenCapture(CaptureReader reader, Progress progress, List<String> names, PerNodeInput perNode) implements Closeable {
        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    OpenCapture open(DiagnosticSink sink, boolean progressOnTerminal) throws IOException {
        return open(sink, progressOnTerminal, MemoryBudget.defaults());
    }

    /** @param budget the run's memory budget: per-node matching charges its window to it */
    OpenCapture open(DiagnosticSink sink, boolean progressOnTerminal, MemoryBudget budget) throws IOException {
        List<String> sources = sources();
        if (sources.size() == 1) {
            FrameRef.useNames(null);
            Progress progress = progress(sources.get(0), progressOnTerminal, null);
            // One file: decompressed on a thread of its own when a core is idle (not standard input: a thread blocked
            // reading a pipe could not be stopped).
            boolean ahead = !sources.get(0).equals("-") && Threads.decompressAhead();
            return new OpenCapture(reader(sources.get(0), progress, sink, ahead), progress, List.of(sources.get(0)), null);
        }
        long total = 0;
        for (String s : sources) total += s.equals("-") ? 0 : size(s);
        Progress all = new Progress(InputStream.nullInputStream(), total, System.err, progressOnTerminal && Terminal.stderrIsTerminal());
        List<String> names = FrameRef.shortNames(sources);
        FrameRef.useNames(names);
        try {
            return openSeveral(sources, names, total, all, sink, progressOnTerminal, budget);
        } catch (IOException | RuntimeException e) {
            FrameRef.useNames(null);
            throw e;
        }
    }

    private OpenCapture openSeveral(List<String> sources, List<String> names, long total, Progress all, DiagnosticSink sink,
                                    boolean progressOnTerminal, MemoryBudget budget) throws IOException {
        boolean stdin = sources.contains("-");
        if (nodes.mode.perNode && stdin) {
            throw new UsageError("--per-node reads each capture twice: give files, not standard input");
        }
        if (!nodes.mode.merge && !stdin) {
            PerNodeInput perNode = PerNodeInput.open(sources, names, nodes.settings(sources, names, budget.account("pernode")), dissectorOptions(),
                    (i, s) -> reader(sources.get(i), progress(sources.get(i), false, null), s), sink, nodes.mode.perNode);
            if (perNode != null) {
                // The progress bar follows the second (matching) pass.
                Progress second = new Progress(InputStream.nullInputStream(), total, System.err, progressOnTerminal && Terminal.stderrIsTerminal());
                return new OpenCapture(perNode.reader(), second, names, perNode);
            }
        }
        List<CaptureReader> readers = new ArrayList<>();
        try {
            for (int i = 0; i < sources.size(); i++) {
                readers.add(reader(sources.get(i), progress(sources.get(i), false, all), MergingReader.sinkFor(i, sink)));
            }
        } catch (IOException | RuntimeException e) {
            for (CaptureReader r : readers) r.close();
            throw e;
        }
        return new OpenCapture(new MergingReader(readers), all, names, null);
    }

    private static Progress progress(String src, boolean progressOnTerminal, Progress shared) throws IOException {
        if (src.equals("-")) {
            if (StandardStreams.stdinClosed()) {
                throw new InputError("standard input is closed (give a capture with -r FILE, or pipe one in)");
            }
            return new Progress(System.in, 0, System.err, false, shared);
        }
        return new Progress(openFile(src), size(src), System.err, progressOnTerminal && Terminal.stderrIsTerminal(), shared);
    }

    private static CaptureReader reader(String src, Progress in, DiagnosticSink sink) throws IOException {
        return reader(src, in, sink, false);
    }

    private static CaptureReader reader(String src, Progress in, DiagnosticSink sink, boolean decompressAhead) throws IOException {
        try {
            return CaptureFiles.open(in, src.equals("-") ? "standard input" : DlmText.escapeText(src), sink, decompressAhead);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static long size(String src) throws IOException {
        try {
            return Files.size(path(src));
        } catch (NoSuchFileException e) {
            throw new InputError(DlmText.escapeText(src) + ": no such file");
        }
    }

    private static Path path(String src) {
        try {
            return Path.of(src);
        } catch (java.nio.file.InvalidPathException e) {
            throw new InputError(DlmText.escapeText(src) + ": not a valid file name");
        }
    }

    private static InputStream openFile(String src) throws IOException {
        Path path = path(src);
        // The name as the user typed it, escaped like capture bytes: it may hold terminal controls.
        String name = DlmText.escapeText(src);
        if (Files.isDirectory(path)) {
            throw new InputError(name + ": is a directory, not a capture file");
        }
        try {
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new InputError(name + ": no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new InputError(name + ": permission denied");
        } catch (IOException e) {
            throw new InputError(name + ": cannot open: " + e.getClass().getSimpleName());
        }
    }
}
