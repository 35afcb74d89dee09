package org.dlminspect.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether the program was started with standard input or output closed ({@code <&-}, {@code >&-}). The JVM
 * then opens its own files (the JDK's modules and class archive, the jar) on the lowest free descriptor, 0 or
 * 1, so reading "standard input" would read one of them. The launcher tests the descriptors before Java
 * starts and says so in {@code DLM_INSPECT_STDIN_CLOSED} / {@code DLM_INSPECT_STDOUT_CLOSED}; without the
 * launcher, on Linux, a descriptor that leads to a file of the JDK or of the class path is taken as closed.
 */
final class StandardStreams {
    private StandardStreams() { }

    static boolean stdinClosed() {
        return closed(0, "DLM_INSPECT_STDIN_CLOSED");
    }

    static boolean stdoutClosed() {
        return closed(1, "DLM_INSPECT_STDOUT_CLOSED");
    }

    private static boolean closed(int fd, String variable) {
        if ("1".equals(System.getenv(variable))) {
            return true;
        }
        try {
            Path target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd));
            if (target.startsWith(Path.of(System.getProperty("java.home")).toRealPath())) {
                return true;
            }
            for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
                if (!entry.isEmpty() && target.equals(Path.of(entry).toAbsolutePath().normalize())) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException unknown) {
            // Not Linux, or the descriptor is not open at all.
            return Files.isDirectory(Path.of("/proc/self/fd")) && !Files.exists(Path.of("/proc/self/fd/" + fd));
        }
    }
}
