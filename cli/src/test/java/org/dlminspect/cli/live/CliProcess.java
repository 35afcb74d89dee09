package org.dlminspect.cli.live;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code dlm-inspect} run as a separate JVM on the test classpath: the way users run it, with its
 * own standard output and signals (SIGTERM) that end only that process. Its output is followed
 * while it runs.
 */
final class CliProcess implements AutoCloseable {
    private final Process process;
    private final List<String> stdout = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private final Path outFile;
    private final Path errFile;
    private final Thread outReader;
    private final Thread errReader;

    private CliProcess(Process process, Path outFile, Path errFile) throws IOException {
        this.process = process;
        this.outFile = outFile;
        this.errFile = errFile;
        this.outReader = follow(outFile, line -> {
            synchronized (stdout) {
                stdout.add(line);
                stdout.notifyAll();
            }
        });
        this.errReader = follow(errFile, line -> {
            synchronized (stderr) {
                stderr.append(line).append('\n');
                stderr.notifyAll();
            }
        });
    }

    static CliProcess start(List<String> jvmOptions, String... args) throws IOException {
        return launch(javaCommand(jvmOptions, args));
    }

    static CliProcess start(String... args) throws IOException {
        return start(List.of(), args);
    }

    /** Runs an arbitrary command line (e.g. under setpriv) whose last part is a java command. */
    static CliProcess launch(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("DLM_INSPECT_STDOUT_TTY", "0");
        pb.environment().put("DLM_INSPECT_STDERR_TTY", "0");
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // Files, not pipes: a reader of a process pipe can lose the last output when the process
        // exits during a read (the JDK drains and closes the pipe under the reader).
        Path dir = Files.createTempDirectory("dlm-inspect-cli");
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        return new CliProcess(pb.start(), out, err);
    }

    /** The java command line: this JVM, the test classpath, the given JVM options, then the program's arguments. */
    static List<String> javaCommand(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Quick start-up matters more than peak speed for these short runs.
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.dlminspect.cli.Main");
        cmd.addAll(List.of(args));
        return cmd;
    }

    private interface LineSink {
        void accept(String line);
    }

    /** Follows a growing output file (like tail -f) until the process has exited and the file is read to its end. */
    private Thread follow(Path file, LineSink sink) throws IOException {
        InputStream in = Files.newInputStream(file);
        Thread t = new Thread(() -> {
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            byte[] buf = new byte[1 << 16];
            try (in) {
                while (true) {
                    boolean exited = !process.isAlive();
                    int n = in.read(buf);
                    if (n < 0) {
                        if (exited) {
                            break;
                        }
                        Thread.sleep(5);
                        continue;
                    }
                    int start = 0;
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            line.write(buf, start, i - start);
                            sink.accept(line.toString(StandardCharsets.UTF_8));
                            line.reset();
                            start = i + 1;
                        }
                    }
                    line.write(buf, start, n - start);
                }
            } catch (IOException | InterruptedException e) {
                sink.accept("[test harness: reading " + file + " failed: " + e + "]");
            }
            if (line.size() > 0) {
                sink.accept(line.toString(StandardCharsets.UTF_8));
            }
        }, "cli-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits until stderr contains {@code text}; false on timeout or when the process ended first. */
    boolean awaitStderr(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stderr) {
            while (stderr.indexOf(text) < 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && !errReader.isAlive()) {
                    return stderr.indexOf(text) >= 0;
                }
                stderr.wait(Math.max(1, Math.min(100, left / 1_000_000)));
            }
            return true;
        }
    }

    /** Waits until stdout has at least {@code lines} lines; false on timeout or when the output ended first. */
    boolean awaitStdoutLines(int lines, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stdout) {
            while (stdout.size() < lines) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !outReader.isAlive()) {
                    return stdout.size() >= lines;
                }
                stdout.wait(Math.max(1, Math.min(100, left / 1_000_000)));
            }
            return true;
        }
    }

    /** Waits until a line of stdout contains {@code text}; false on timeout or when the output ended first. */
    boolean awaitStdoutContaining(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        synchronized (stdout) {
            while (true) {
                for (; checked < stdout.size(); checked++) {
                    if (stdout.get(checked).contains(text)) {
                        return true;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !outReader.isAlive()) {
                    return false;
                }
                stdout.wait(Math.max(1, Math.min(100, left / 1_000_000)));
            }
        }
    }

    /** SIGTERM, as {@code kill PID} or a service manager would send. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the exit and for all output; fails the caller with the output on a timeout. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("dlm-inspect did not exit within " + timeout + "; stderr:\n" + stderr());
        }
        outReader.join(10_000);
        errReader.join(10_000);
        return process.exitValue();
    }

    List<String> stdout() {
        synchronized (stdout) {
            return List.copyOf(stdout);
        }
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException, IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        outReader.join(10_000);
        errReader.join(10_000);
        Files.deleteIfExists(outFile);
        Files.deleteIfExists(errFile);
        Files.deleteIfExists(outFile.getParent());
    }
}
