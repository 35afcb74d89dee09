package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command lines {@link QuickStart} parses without picocli give the command picocli gives, and run the same. */
class QuickStartTest {
    private static final String LOSS = CliRun.sample("loss.pcap.gz");
    private static final String NORMAL = CliRun.sample("normal.pcap.gz");

    /** Every option QuickStart takes, alone and together, with one and several files. */
    private static final List<List<String>> TAKEN = List.of(
            List.of("read", LOSS),
            List.of("read", LOSS, NORMAL),
            List.of("read", "-V", LOSS),
            List.of("read", "--json", LOSS),
            List.of("read", "-Y", "dlm.msg.type==5", LOSS),
            List.of("read", LOSS, "-T", "fields", "-e", "frame.number", "-e", "dlm.msg.type"),
            List.of("read", "-V", "-Y", "dlm.node == 2", "-T", "text", LOSS),
            List.of("analyze", LOSS),
            List.of("analyze", LOSS, NORMAL),
            List.of("analyze", "--json", LOSS),
            List.of("analyze", "-Y", "dlm.cmd == ACK", LOSS),
            List.of("analyze", "--json", "-Y", "dlm.cmd == ACK", LOSS),
            List.of("locks", LOSS),
            List.of("locks", "--json", LOSS, NORMAL));

    @Test
    void everyFieldAsPicocliSetsIt() throws Exception {
        for (List<String> line : TAKEN) {
            String[] args = line.toArray(new String[0]);
            Callable<Integer> quick = QuickStart.parse(args);
            assertNotNull(quick, String.join(" ", line));
            CommandLine.ParseResult parsed = Main.commandLine(args).parseArgs(args);
            Object picocli = parsed.subcommand().commandSpec().userObject();
            assertSameState(picocli, quick, String.join(" ", line) + ": " + quick.getClass().getSimpleName());
        }
    }

    @Test
    void everyOtherLineIsPicocli() {
        List<List<String>> left = List.of(
                List.of("read"), List.of("analyze"), List.of("read", "-V"), List.of("read", "-"),
                List.of("read", "-r", LOSS), List.of("read", "--json", "-V", LOSS), List.of("read", "-V", "-V", LOSS),
                List.of("analyze", "--json", "--json", LOSS), List.of("read", "-Y", "a", "-Y", "b", LOSS),
                List.of("read", "-Y", LOSS), List.of("read", "-Y", "-V", LOSS), List.of("read", "-Y", "@f", LOSS),
                List.of("read", "--json=true", LOSS), List.of("read", "-Vx", LOSS), List.of("read", "@args"),
                List.of("read", LOSS, "--"), List.of("read", ""), List.of("analyze", "-V", LOSS),
                List.of("analyze", "-h", LOSS), List.of("analyze", "--html", "x.html", LOSS), List.of("locks", "-V", LOSS),
                List.of("locks", "-Y", "dlm.cmd==ACK", LOSS), List.of("report", "-o", "x.html", LOSS),
                List.of("live", "lo"), List.of("help", "read"), List.of("--help"), List.of("raed", LOSS));
        for (List<String> line : left) {
            assertNull(QuickStart.parse(line.toArray(new String[0])), String.join(" ", line));
        }
    }

    @Test
    void sameOutputStatusAndErrors() {
        List<List<String>> lines = List.of(
                List.of("analyze", LOSS), List.of("analyze", "--json", LOSS), List.of("locks", LOSS),
                List.of("read", "-Y", "dlm.msg.type==5", LOSS), List.of("read", "-T", "fields", "-e", "frame.number", LOSS),
                // errors: from the run (no such file, a bad filter, a bad field), worded by picocli's handlers
                List.of("analyze", "/nonexistent/x.pcap"), List.of("read", "-Y", "dlm.msg.type===", LOSS),
                List.of("read", "-T", "fields", "-e", "no.such.field", LOSS), List.of("read", "-T", "xml", LOSS),
                List.of("locks", "--json", CliRun.sample("malformed/not-a-capture.pcap")));
        for (List<String> line : lines) {
            String[] args = line.toArray(new String[0]);
            assertNotNull(QuickStart.parse(args), String.join(" ", line));
            CliRun picocli = CliRun.run(args);
            CliRun quick = CliRun.runMain(args);
            assertEquals(picocli, quick, String.join(" ", line));
        }
    }

    /** Every field of our option classes equal, followed into the option objects; values compared by equals. */
    private static void assertSameState(Object expected, Object actual, String path) throws IllegalAccessException {
        if (expected == null || actual == null) {
            assertEquals(expected, actual, path);
            return;
        }
        assertEquals(expected.getClass(), actual.getClass(), path);
        Class<?> type = expected.getClass();
        if (!type.getName().startsWith("org.dlminspect.cli.") || type.isEnum() || type.isRecord()) {
            assertEquals(expected, actual, path);
            return;
        }
        for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) continue;
                f.setAccessible(true);
                assertSameState(f.get(expected), f.get(actual), path + "." + f.getName());
            }
        }
    }
}
