package org.dlminspect.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Runs the dlm-inspect command line in-process and captures its exit status, stdout and stderr. */
record CliRun(int status, String out, String err) {

    static synchronized CliRun run(String... args) {
        return runWithStdin(new byte[0], args);
    }

    static synchronized CliRun runWithStdin(byte[] stdin, String... args) {
        return capture(stdin, () -> Main.commandLine(args) // as Main.execute: only the command named when it runs alone
                .setOut(new java.io.PrintWriter(System.out, true))
                .setErr(new java.io.PrintWriter(System.err, true))
                .execute(args));
    }

    /** As {@link #run}, through {@link Main#execute} (the process's entry, which may parse without picocli). */
    static synchronized CliRun runMain(String... args) {
        return capture(new byte[0], () -> Main.execute(args));
    }

    private static CliRun capture(byte[] stdin, java.util.function.IntSupplier run) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream(stdin));
            int status = run.getAsInt();
            System.out.flush();
            System.err.flush();
            return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        }
    }

    List<String> lines() {
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    static Path samples() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("samples"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("samples/ not found");
        return p.resolve("samples");
    }

    static String sample(String name) {
        return samples().resolve(name).toString();
    }
}
