package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import org.junit.jupiter.api.Test;

/** Errors in the user's terms, hex numbers, suggestions, -V, the man page and the completion script. */
class CommandLineTest {
    private static final String NORMAL = CliRun.sample("normal.pcap.gz");

    @Test
    void aBadNumberSaysWhatWasExpected() {
        CliRun r = CliRun.run("read", "--node", "abc", NORMAL);
        assertEquals(2, r.status());
        assertEquals("dlm-inspect: not a node id: 'abc'", r.err().lines().findFirst().orElse(""));
        CliRun count = CliRun.run("read", "-c", "ten", NORMAL);
        assertEquals("dlm-inspect: --count: not a positive count: 'ten'", count.err().lines().findFirst().orElse(""));
        CliRun big = CliRun.run("read", "--max-out-of-order", "0x1_0000_0000", NORMAL);
        assertEquals("dlm-inspect: --max-out-of-order: not a number: '0x1_0000_0000'", big.err().lines().findFirst().orElse(""));
        CliRun color = CliRun.run("read", "--color", "sometimes", NORMAL);
        assertEquals("dlm-inspect: --color: expected one of [AUTO, ALWAYS, NEVER] but was 'sometimes'",
                color.err().lines().findFirst().orElse(""));
    }

    @Test
    void hexIsAcceptedWhereverANumberIs() {
        assertEquals(CliRun.run("read", "--node", "2", NORMAL).out(), CliRun.run("read", "--node", "0x2", NORMAL).out());
        assertEquals(CliRun.run("read", "--stream", "0", "-c", "3", NORMAL).out(),
                CliRun.run("read", "--stream", "0x0", "-c", "0x3", NORMAL).out());
        // A leading zero is decimal (not octal): 010 is ten.
        assertEquals(CliRun.run("read", "-c", "10", NORMAL).out(), CliRun.run("read", "-c", "010", NORMAL).out());
        CliRun maxOoo = CliRun.run("read", "--max-out-of-order", "0x1000", "-c", "1", NORMAL);
        assertEquals(0, maxOoo.status(), maxOoo.err());
    }

    @Test
    void anUnknownCommandSuggestsTheClosest() {
        CliRun r = CliRun.run("raed", NORMAL);
        assertEquals(2, r.status());
        assertEquals("dlm-inspect: unknown command 'raed'; did you mean 'read'?", r.err().lines().findFirst().orElse(""));
        assertEquals("dlm-inspect: unknown command 'analyse'; did you mean 'analyze'?",
                CliRun.run("analyse", NORMAL).err().lines().findFirst().orElse(""));
        assertTrue(CliRun.run("frobnicate").err().startsWith("dlm-inspect: unknown command 'frobnicate' (commands: read, analyze"));
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
        assertEquals(1, Suggestions.distance("raed", "read"));
    }

    @Test
    void versionOptionsPrintTheVersion() {
        for (List<String> args : List.of(List.of("analyze", "-V"), List.of("interfaces", "-V"), List.of("--version"))) {
            CliRun r = CliRun.run(args.toArray(String[]::new));
            assertEquals(0, r.status(), args.toString());
            assertTrue(r.out().startsWith("dlm-inspect "), args + ": " + r.out());
        }
    }

    @Test
    void theManPageListsEveryCommandAndOption() {
        CliRun r = CliRun.run("help", "man");
        assertEquals(0, r.status(), r.err());
        String man = r.out();
        assertTrue(man.startsWith(".TH DLM-INSPECT 1 "), man);
        CommandLine root = Main.commandLine();
        for (var e : root.getSubcommands().entrySet()) {
            assertTrue(man.contains(".SS dlm\\-inspect " + e.getKey() + "\n"), e.getKey());
            for (OptionSpec o : e.getValue().getCommandSpec().options()) {
                if (o.hidden()) continue;
                assertTrue(man.contains("\\fB" + o.longestName().replace("-", "\\-") + "\\fR"), e.getKey() + " " + o.longestName());
            }
        }
        // No line may start with a dot or quote that troff would take for a request, except the macros.
        for (String line : man.split("\n")) {
            if (line.startsWith(".") ) {
                assertTrue(line.matches("\\.(TH|SH|SS|TP|B|BR|br|PP|nf|fi)( .*)?"), line);
            }
        }
        assertTrue(CliRun.run("help", "read").out().contains("Usage: dlm-inspect read"));
    }

    @Test
    void theBuildWritesTheSameManPageAsHelpMan(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        // What Maven's package phase runs (cli/pom.xml, exec-maven-plugin) to make cli/target/dlm-inspect.1.
        java.nio.file.Path file = dir.resolve("man1/dlm-inspect.1");
        ManPage.main(new String[] {file.toString()});
        assertEquals(CliRun.run("help", "man").out(), java.nio.file.Files.readString(file));
        assertTrue(java.nio.file.Files.readString(file).contains(".SS dlm\\-inspect read\n.nf\ndlm\\-inspect read ["),
                "each command has its synopsis");
    }

    @Test
    void completionScriptsAreGeneratedFromTheModel() {
        for (String shell : List.of("bash", "zsh")) {
            CliRun r = CliRun.run("completion", shell);
            assertEquals(0, r.status(), r.err());
            assertTrue(r.out().contains("complete -F _complete_dlm-inspect"), shell);
            assertTrue(r.out().contains("--display-filter") || r.out().contains("--count"), shell);
            assertTrue(r.out().contains("bashcompinit"), "loads in zsh too");
        }
        assertEquals(2, CliRun.run("completion", "fish").status());
    }
}
