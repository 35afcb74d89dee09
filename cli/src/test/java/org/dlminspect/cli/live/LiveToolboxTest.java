package org.dlminspect.cli.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tshark's {@code -x}, {@code -l} and {@code -z} on {@code live}, as on {@code read}: captured on the loopback
 * interface while the test replays the first messages of the real kernel capture {@code samples/normal.pcap.gz},
 * then checked against {@code read} of the file live wrote. Needs root (or CAP_NET_RAW and CAP_NET_ADMIN) and
 * libpcap; skipped otherwise, unless DLM_INSPECT_REQUIRE_LIVE is set.
 */
class LiveToolboxTest {
    private static final Duration START = Duration.ofSeconds(30);
    private static final int MESSAGES = 60;

    @TempDir
    Path tmp;

    @BeforeEach
    void needsCapture() {
        LiveEnvironment.assumeCaptureOnLoopback();
    }

    @Test
    void hexDumpAndStatisticsAreThoseReadGivesForTheWrittenFile() throws Exception {
        SampleStreams streams = SampleStreams.load(LiveEnvironment.samples().resolve("normal.pcap.gz"));
        Path written = tmp.resolve("toolbox.pcapng");
        // Each message: its packet-list line, its bytes 16 a line, an empty line.
        int lines = 0;
        for (int i = 0; i < MESSAGES; i++) {
            lines += 2 + (streams.messages().get(i).bytes().length + 15) / 16;
        }
        List<String> liveOut;
        try (StreamReplayer replay = StreamReplayer.listen(21064)) {
            List<String> args = new ArrayList<>(List.of("live", "-i", "lo", "-f", "host " + replay.clientAddress(),
                    "-x", "-l", "-z", "dlm,types", "-z", "conv,dlm", "-w", written.toString()));
            if (replay.port() != 21064) {
                args.addAll(List.of("-p", Integer.toString(replay.port())));
            }
            try (CliProcess live = CliProcess.start(args.toArray(String[]::new))) {
                assertTrue(live.awaitStderr("dlm-inspect: capturing on 'lo'", START), live::stderr);
                replay.connect();
                for (int i = 0; i < MESSAGES; i++) {
                    replay.send(streams.messages().get(i).fromClient(), streams.messages().get(i).bytes());
                }
                // Every message and its dump is out while the capture still runs.
                int expected = lines;
                assertTrue(live.awaitStdoutLines(expected, Duration.ofSeconds(30)),
                        () -> live.stdout().size() + " lines of " + expected + "; stderr:\n" + live.stderr());
                assertTrue(live.isAlive());
                assertTrue(live.stdout().get(1).startsWith("0000  "), () -> live.stdout().get(1));
                live.terminate();
                assertEquals(0, live.waitFor(Duration.ofSeconds(30)), live::stderr);
                liveOut = live.stdout();
                replay.finish();
            }
        }
        // The statistics follow the messages, after the capture stopped.
        int rule = liveOut.indexOf("=".repeat(80));
        assertTrue(rule > 0, liveOut::toString);
        assertEquals(lines, rule, "nothing but the messages and their dumps before the statistics");
        assertEquals(LiveCaptureEndToEndTest.run("read", "-x", written.toString()), liveOut.subList(0, rule));
        assertEquals(LiveCaptureEndToEndTest.run("read", "-q", "-z", "dlm,types", "-z", "conv,dlm", written.toString()),
                liveOut.subList(rule, liveOut.size()));
        assertTrue(liveOut.contains("DLM Message Types (per direction)"), liveOut::toString);
    }

    @Test
    void statisticsOptionsAreCheckedBeforeTheCaptureStarts() throws Exception {
        for (List<String> args : List.of(
                List.of("live", "-i", "lo", "-z", "frobnicate"),
                List.of("live", "-i", "lo", "-x", "--json"),
                List.of("live", "-i", "lo", "-q", "-w", "-", "-z", "conv,dlm"))) {
            try (CliProcess p = CliProcess.start(args.toArray(String[]::new))) {
                assertEquals(2, p.waitFor(Duration.ofSeconds(30)), args.toString());
                assertTrue(p.stderr().startsWith("dlm-inspect: "), p::stderr);
                assertTrue(!p.stderr().contains("capturing on"), p::stderr);
            }
        }
        try (CliProcess help = CliProcess.start("live", "-z", "help")) {
            assertEquals(0, help.waitFor(Duration.ofSeconds(30)), help::stderr);
            assertTrue(help.stdout().get(0).startsWith("Statistics (-z)"), help.stdout()::toString);
        }
    }
}
