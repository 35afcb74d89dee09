package org.dlminspect.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code dlm-inspect} in a JVM of its own with the heap the launcher gives it ({@link #heapMiB}) or one set
 * by the test, its stdin fed by the test (a crafted capture generated as it is read), its stdout discarded
 * (or sent where a shell redirection says), and its GC log kept: the heap after each full collection is the
 * REAL heap the run holds, which is what a memory bound must be checked against.
 */
public final class ForkedRun {
    /** What the launcher adds to the budget: a quarter for estimate errors, 96 MiB fixed (see ./dlm-inspect). */
    public static long heapMiB(long budgetMiB) {
        return budgetMiB * 5 / 4 + 96;
    }

    /** Writes the child's standard input. */
    interface Feed {
        void write(OutputStream stdin) throws IOException;
    }

    record Outcome(int exit, String stderr, long maxHeapAfterGcBytes, int collections) {
        /** The lines on stderr (a message that split one would show as two). */
        List<String> stderrLines() {
            return stderr.lines().toList();
        }
    }

    private static final Pattern AFTER_GC = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\(");

    private ForkedRun() { }

    /** The java command: this JVM, the test class path, {@code jvm}, then Main with {@code args}. */
    static List<String> java(List<String> jvm, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseSerialGC");
        cmd.addAll(jvm);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs Main with {@code -Xmx heapMiB}, {@code feed} on stdin (null: /dev/null), stdout discarded. */
    static Outcome run(long heapMiB, Feed feed, String... args) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("dlm-inspect-forked");
        Path gc = dir.resolve("gc.log");
        Path err = dir.resolve("stderr");
        ProcessBuilder pb = new ProcessBuilder(java(List.of("-Xmx" + heapMiB + "m", "-Xlog:gc:file=" + gc), args));
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(err.toFile());
        if (feed == null) {
            pb.redirectInput(new File("/dev/null"));
        }
        Process p = pb.start();
        if (feed != null) {
            try (OutputStream in = new java.io.BufferedOutputStream(p.getOutputStream(), 1 << 16)) {
                feed.write(in);
            } catch (IOException e) {
                // The child stopped reading (it failed): its exit status and stderr tell why.
            }
        }
        int exit = p.waitFor();
        long[] heap = retainedHeap(gc);
        return new Outcome(exit, Files.readString(err, StandardCharsets.UTF_8), heap[0], (int) heap[1]);
    }

    /**
     * What a JVM run with {@code -Xlog:gc:file=gcLog} retained: {bytes, collections}. After a young collection
     * the heap still holds the old generation's garbage (and a young collection that fails to promote shows e.g.
     * 108M->108M just before the full one that frees 64M of it), so only a full collection measures what the run
     * really retains. Without any full collection the old generation never filled, and the largest after-value
     * is an upper bound.
     */
    public static long[] retainedHeap(Path gcLog) throws IOException {
        long maxAfterAny = 0;
        long maxAfterFull = -1;
        int collections = 0;
        if (Files.exists(gcLog)) {
            for (String line : Files.readAllLines(gcLog)) {
                Matcher m = AFTER_GC.matcher(line);
                if (m.find()) {
                    collections++;
                    long after = bytes(m.group(3), m.group(4));
                    maxAfterAny = Math.max(maxAfterAny, after);
                    if (line.contains("Pause Full")) {
                        maxAfterFull = Math.max(maxAfterFull, after);
                    }
                }
            }
        }
        return new long[] {maxAfterFull >= 0 ? maxAfterFull : maxAfterAny, collections};
    }

    /**
     * Runs {@code script} with bash, where the function {@code dlm} runs Main in a JVM of its own (shell
     * redirections are the point); the script's own stdout is discarded.
     */
    static Outcome shell(String script) throws IOException, InterruptedException {
        StringBuilder cmd = new StringBuilder("dlm() { ");
        for (String part : java(List.of("-XX:TieredStopAtLevel=1"))) {
            cmd.append('\'').append(part.replace("'", "'\\''")).append("' ");
        }
        cmd.append("\"$@\"; }; export -f dlm\n");
        Path err = Files.createTempFile("dlm-inspect-shell", ".err");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", cmd + script);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("DLM_INSPECT_STDIN_CLOSED");
        pb.environment().remove("DLM_INSPECT_STDOUT_CLOSED");
        pb.redirectInput(new File("/dev/null"));
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(err.toFile());
        int exit = pb.start().waitFor();
        return new Outcome(exit, Files.readString(err, StandardCharsets.UTF_8), 0, 0);
    }

    private static long bytes(String n, String unit) {
        long v = Long.parseLong(n);
        return switch (unit) {
            case "K" -> v << 10;
            case "M" -> v << 20;
            default -> v << 30;
        };
    }
}
