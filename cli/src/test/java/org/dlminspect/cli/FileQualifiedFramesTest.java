package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * With several inputs every frame a user reads names its file ({@code reconnect:1234}, FrameRef.text): in the
 * sentences of findings and diagnostics as in the packet list. The reference packs the file index above bit 40,
 * so a sentence that printed the bare number would show 13-digit frame numbers such as 1099511653385.
 */
class FileQualifiedFramesTest {
    private static final String LOSS = CliRun.sample("loss.pcap.gz");
    private static final String RECONNECT = CliRun.sample("reconnect.pcap.gz");
    /** A frame reference packed with a file index (at least 2^40): never to be printed as it is. */
    private static final Pattern PACKED = Pattern.compile("\\b\\d{13,}\\b");
    private static final Pattern NAMED_FRAME = Pattern.compile("\\bframes? (loss|reconnect):\\d+");

    private static void assertFileQualified(CliRun run, String what) {
        String all = run.out() + run.err();
        Matcher m = PACKED.matcher(all);
        List<String> packed = m.results().map(r -> context(all, r.start())).toList();
        assertEquals(List.of(), packed, what + ": frame references printed as packed numbers");
        assertTrue(NAMED_FRAME.matcher(all).find(), what + " names frames by file: " + all);
    }

    private static String context(String s, int at) {
        return s.substring(Math.max(0, at - 60), Math.min(s.length(), at + 20)).replace('\n', ' ');
    }

    @Test
    void analyzeFindingSentencesNameTheFileOfEveryFrame() {
        // reconnect's findings (RST, refused connections, retransmission episodes) cite frames in their sentences.
        CliRun run = CliRun.run("analyze", "--merge", LOSS, RECONNECT);
        assertEquals(0, run.status(), run.err());
        assertFileQualified(run, "analyze");
        assertTrue(run.out().contains("with RST (frame reconnect:"), run.out());
    }

    @Test
    void locksReportNamesTheFileOfEveryFrame() {
        CliRun run = CliRun.run("locks", "--merge", LOSS, RECONNECT);
        assertEquals(0, run.status(), run.err());
        assertFileQualified(run, "locks");
        assertTrue(run.out().contains("frames reconnect:"), run.out());
    }
}
