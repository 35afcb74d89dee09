package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The root command line holds every command for help, completion and the man page, and only the command named
 * for a run of one (start-up); {@link Main#command} makes each under the name its annotation gives it.
 */
class CommandTreeTest {

    @Test
    void everyCommandUnderItsOwnName() {
        for (String name : Main.COMMANDS) {
            assertEquals(name, new CommandLine(Main.command(name)).getCommandName());
        }
        assertEquals(Main.COMMANDS, List.copyOf(Main.commandLine().getSubcommands().keySet()));
    }

    @Test
    void aRunOfOneCommandBuildsOnlyThatOne() {
        for (String name : List.of("read", "analyze", "locks", "report", "live", "interfaces", "fields")) {
            assertEquals(Set.of(name), Main.commandLine(name, "x").getSubcommands().keySet());
        }
        for (String[] args : List.of(new String[] {"help", "read"}, new String[] {"completion"}, new String[] {"--help"},
                new String[] {"raed"}, new String[0])) {
            assertEquals(Main.COMMANDS, List.copyOf(Main.commandLine(args).getSubcommands().keySet()), String.join(" ", args));
        }
    }

    @Test
    void aMistypedCommandStillGetsItsSuggestion() {
        CliRun r = CliRun.run("raed", "x.pcap");
        assertEquals(2, r.status());
        assertEquals("dlm-inspect: unknown command 'raed'; did you mean 'read'?", r.err().lines().findFirst().orElse(""));
    }
}
