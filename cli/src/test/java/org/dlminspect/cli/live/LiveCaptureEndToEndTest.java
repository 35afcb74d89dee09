package org.dlminspect.cli.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.capture.LinkType;
import org.dlminspect.dlm.DlmCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dlm-inspect live} for real: captures on the loopback interface while the test replays
 * the DLM byte streams of the real kernel capture {@code samples/normal.pcap.gz} over a real TCP
 * connection to port 21064. Needs root (or CAP_NET_RAW and CAP_NET_ADMIN) and libpcap; skipped
 * otherwise, unless DLM_INSPECT_REQUIRE_LIVE is set.
 */
class LiveCaptureEndToEndTest {
    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration EXIT = Duration.ofSeconds(30);
    /** Fields that depend on where and when the bytes travelled, not on what they are. */
    private static final Set<String> WHERE_AND_WHEN =
            Set.of("frame", "first_frame", "time", "stream", "src", "src_port", "dst", "dst_port", "dst_node", "lock");

    @TempDir
    Path tmp;

    @BeforeEach
    void needsCapture() {
        LiveEnvironment.assumeCaptureOnLoopback();
    }

    @Test
    void decodesAndAnalyzesEveryMessageOfAReplayedKernelSessionAndWritesAReadableCapture() throws Exception {
        Path sample = LiveEnvironment.samples().resolve("normal.pcap.gz");
        SampleStreams streams = SampleStreams.load(sample);
        assertTrue(streams.diagnostics().isEmpty(), () -> "the reference sample should dissect cleanly: " + streams.diagnostics());
        assertTrue(streams.count(true) > 10_000 && streams.count(false) > 10_000, "both nodes talk in normal.pcap.gz");

        Path written = tmp.resolve("live.pcap");
        List<String> liveOut;
        String liveErr;
        try (StreamReplayer replay = StreamReplayer.listen(21064)) {
            List<String> args = new ArrayList<>(List.of("live", "-i", "lo", "--json", "--analyze", "-w", written.toString(),
                    "-f", "host " + replay.clientAddress()));
            if (replay.port() != 21064) {
                args.addAll(List.of("-p", Integer.toString(replay.port())));
            }
            try (CliProcess live = CliProcess.start(args.toArray(String[]::new))) {
                assertTrue(live.awaitStderr("dlm-inspect: capturing on 'lo'", START), live::stderr);
                replay.connect();
                for (SampleStreams.Message m : streams.messages()) {
                    replay.send(m.fromClient(), m.bytes());
                }
                replay.finish();
                boolean all = live.awaitStdoutLines(streams.messages().size(), Duration.ofSeconds(30));
                live.terminate();
                int status = live.waitFor(EXIT);
                liveErr = live.stderr();
                assertEquals(0, status, () -> "exit status after SIGTERM; stderr:\n" + liveErr);
                assertTrue(all, () -> "live printed " + live.stdout().size() + " lines for " + streams.messages().size()
                        + " messages; stderr:\n" + liveErr);
                liveOut = live.stdout();
            }
        }

        // Nothing but the start line and the end-of-capture summary: no diagnostics, no drops.
        String[] errLines = liveErr.strip().split("\n");
        assertEquals(2, errLines.length, liveErr);
        assertTrue(errLines[1].matches("dlm-inspect: \\d+ packets captured \\(interrupted\\)"), liveErr);

        Output live = Output.of(liveOut);
        assertTrue(live.summary() != null, "the analysis summary closes the output");

        // Every message decoded, with the same fields as in the original capture, per direction.
        List<String> original = run("read", "--json", sample.toString());
        assertEquals(streams.messages().size(), original.size());
        assertEquals(bySender(original), bySender(live.messages()));

        // The -w file is a complete capture: reading it gives exactly what live showed (same frames, times; in
        // timestamp order within live's 1 s window, as read --analyze puts them), and analyzing it with that window
        // gives the findings and the summary live reported. On a loaded machine lo's frames can reach the capture a
        // microsecond out of time order: both then sort them, and both note it (capture.out_of_order).
        List<String> readBack = run("read", "--json", written.toString());
        assertEquals(sorted(live.messages()), sorted(readBack), "the same messages");
        assertEquals(live.messages(), Output.of(run("read", "--analyze", "--order-window", "1", "--json", written.toString())).messages());
        Output analyzedFile = Output.of(run("analyze", "--order-window", "1", "--json", written.toString()));
        assertEquals(sorted(analyzedFile.findings()), sorted(live.findings()));
        assertEquals(analyzedFile.stories(), live.stories());
        assertEquals(analyzedFile.summary(), live.summary());

        // And the analysis agrees with that of the original capture, apart from addresses and timing, and from the
        // note about lo's capture order when the machine's load made lo record frames out of time order.
        Output analyzedOriginal = Output.of(run("analyze", "--json", sample.toString()));
        List<String> liveFindings = live.findings().stream()
                .filter(f -> !f.startsWith("{\"finding\":\"capture.out_of_order\"")).toList();
        Set<String> orderKeys = liveFindings.size() < live.findings().size()
                ? Set.of("summary", "worst", "notes", "episodes") : Set.of();
        assertEquals(findingKinds(analyzedOriginal.findings()), findingKinds(liveFindings));
        Set<String> pairsAndOrder = new java.util.HashSet<>(orderKeys);
        pairsAndOrder.add("pairs");
        assertEquals(JsonLines.without(analyzedOriginal.summary(), pairsAndOrder), JsonLines.without(live.summary(), pairsAndOrder));
        Set<String> timingAndOrder = new java.util.HashSet<>(TIMING_AND_ADDRESSES);
        timingAndOrder.addAll(orderKeys);
        assertEquals(JsonLines.withoutDeep(analyzedOriginal.summary(), timingAndOrder),
                JsonLines.withoutDeep(live.summary(), timingAndOrder));
    }

    /** Summary fields that depend on the network and the clock, not on the DLM conversation. */
    private static final Set<String> TIMING_AND_ADDRESSES =
            Set.of("address_a", "address_b", "from", "to", "ack_latency_median_ns", "ack_latency_max_ns");

    /** {@code live --json --analyze} output split into its parts. */
    private record Output(List<String> messages, List<String> findings, List<String> stories, String summary) {
        static Output of(List<String> lines) {
            List<String> messages = new ArrayList<>();
            List<String> findings = new ArrayList<>();
            List<String> stories = new ArrayList<>();
            String summary = null;
            for (String line : lines) {
                switch (JsonLines.firstKey(line)) {
                    case "finding" -> findings.add(line);
                    case "story" -> {
                        assertEquals(null, summary, "the summary comes last");
                        stories.add(line);
                    }
                    case "summary" -> {
                        assertEquals(null, summary, "one summary");
                        summary = line;
                    }
                    default -> {
                        assertEquals(null, summary, "the summary comes last");
                        messages.add(line);
                    }
                }
            }
            return new Output(messages, findings, stories, summary);
        }
    }

    private static List<String> sorted(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        java.util.Collections.sort(copy);
        return copy;
    }

    /** What each finding says happened (code, severity, nodes, sequence numbers), in order, without frames and times. */
    private static List<String> findingKinds(List<String> findings) {
        List<String> out = new ArrayList<>();
        for (String f : findings) {
            out.add(JsonLines.without(f, Set.of("frame", "time", "stream", "from", "to", "frames", "message")));
        }
        java.util.Collections.sort(out);
        return out;
    }

    @Test
    void reportsAFindingAsSoonAsItHappensAndFailOnSetsTheExitStatus() throws Exception {
        SampleStreams streams = SampleStreams.load(LiveEnvironment.samples().resolve("normal.pcap.gz"));
        // Send one of node 2's sequenced messages twice: midcomms sees a retransmission (a warning).
        int duplicated = -1;
        int opts = 0;
        for (int i = 0; i < streams.messages().size() && duplicated < 0; i++) {
            SampleStreams.Message m = streams.messages().get(i);
            if (m.fromClient() && (m.bytes()[14] & 0xFF) == DlmCommand.OPTS.wireValue() && ++opts == 50) {
                duplicated = i;
            }
        }
        assertTrue(duplicated > 0);
        try (StreamReplayer replay = StreamReplayer.listen(21064);
                CliProcess live = CliProcess.start(liveArgs(replay, "--analyze", "--fail-on", "warn"))) {
            assertTrue(live.awaitStderr("capturing on", START), live::stderr);
            replay.connect();
            for (int i = 0; i <= duplicated + 20; i++) {
                SampleStreams.Message m = streams.messages().get(i);
                replay.send(m.fromClient(), m.bytes());
                if (i == duplicated) {
                    replay.send(m.fromClient(), m.bytes());
                }
            }
            // Shown while the capture is still running, below the message it concerns.
            assertTrue(live.awaitStdoutContaining("[warn seq.retransmission]", Duration.ofSeconds(20)), () -> live.stdout().toString());
            assertTrue(live.isAlive());
            live.terminate();
            assertEquals(1, live.waitFor(EXIT), live::stderr);
            List<String> out = live.stdout();
            int finding = indexOf(out, "        [warn seq.retransmission]");
            assertTrue(out.get(finding - 1).contains(" OPTS "), out.get(finding - 1));
            // The report at the end: per-pair table, the finding again, and the verdict.
            assertTrue(out.contains("Node pairs"), out::toString);
            assertTrue(out.get(out.size() - 1).startsWith("Verdict: WARNINGS: 0 errors, 1 warning"), out.get(out.size() - 1));
            assertTrue(live.stderr().contains("packets captured (interrupted)"), live::stderr);
            replay.finish();
        }
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' in " + lines);
    }

    @Test
    void stopsByItselfAfterCountPacketsWithACompleteFile() throws Exception {
        SampleStreams streams = SampleStreams.load(LiveEnvironment.samples().resolve("normal.pcap.gz"));
        Path written = tmp.resolve("count.pcap");
        try (StreamReplayer replay = StreamReplayer.listen(21064);
                CliProcess live = CliProcess.start(liveArgs(replay, "-c", "6", "-w", written.toString()))) {
            assertTrue(live.awaitStderr("capturing on", START), live::stderr);
            replay.connect();
            // Three messages: at least three data segments after the three handshake packets.
            for (int i = 0; i < 3; i++) {
                replay.send(streams.messages().get(i).fromClient(), streams.messages().get(i).bytes());
            }
            int status = live.waitFor(EXIT);
            assertEquals(0, status, live::stderr);
            assertTrue(live.stderr().contains("dlm-inspect: 6 packets captured (count reached)"), live::stderr);
            replay.finish();
        }
        List<CaptureFrame> frames = readFrames(written);
        assertEquals(6, frames.size());
        // Frame 1 is the client's SYN (Ethernet + 20-byte IPv4 header: TCP flags at byte 47).
        CaptureFrame syn = frames.get(0);
        assertEquals(LinkType.ETHERNET.wireValue(), syn.linkType());
        assertEquals(0x02, syn.data()[47] & 0x3F);
        long previous = Long.MIN_VALUE;
        for (CaptureFrame f : frames) {
            assertTrue(f.epochNanos() >= previous, "timestamps in capture order");
            previous = f.epochNanos();
        }
        // The capture clock is the wall clock, to the nanosecond (pcap-ns file).
        long now = System.currentTimeMillis() * 1_000_000L;
        assertTrue(Math.abs(now - previous) < 120_000_000_000L, "timestamp " + previous + " near now " + now);
    }

    @Test
    void stopsByItselfAfterTheDurationOnAnIdleInterface() throws Exception {
        try (StreamReplayer replay = StreamReplayer.listen(21064);
                CliProcess live = CliProcess.start(liveArgs(replay, "--duration", "1.5", "-q"))) {
            assertTrue(live.awaitStderr("capturing on", START), live::stderr);
            long started = System.nanoTime();
            int status = live.waitFor(EXIT);
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(0, status, live::stderr);
            assertTrue(live.stderr().contains("dlm-inspect: 0 packets captured (duration reached)"), live::stderr);
            assertTrue(elapsedMillis >= 1_300 && elapsedMillis < 15_000, "stopped after " + elapsedMillis + " ms");
            assertTrue(live.stdout().isEmpty());
        }
    }

    @Test
    void sigtermOnAnIdleInterfaceEndsAtOnceWithStatusZero() throws Exception {
        Path written = tmp.resolve("idle.pcap");
        try (StreamReplayer replay = StreamReplayer.listen(21064);
                CliProcess live = CliProcess.start(liveArgs(replay, "-w", written.toString(), "-F", "pcap"))) {
            assertTrue(live.awaitStderr("capturing on", START), live::stderr);
            long started = System.nanoTime();
            live.terminate();
            int status = live.waitFor(EXIT);
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(0, status, live::stderr);
            assertTrue(elapsedMillis < 5_000, "SIGTERM took " + elapsedMillis + " ms");
            assertTrue(live.stderr().contains("dlm-inspect: 0 packets captured (interrupted)"), live::stderr);
        }
        // An empty but valid classic pcap (-F pcap): just the file header.
        assertEquals(0, readFrames(written).size());
        assertEquals(24, java.nio.file.Files.size(written));
    }

    @Test
    void stopsWhenStandardOutputIsClosedAndKeepsTheFileValid() throws Exception {
        SampleStreams streams = SampleStreams.load(LiveEnvironment.samples().resolve("normal.pcap.gz"));
        Path written = tmp.resolve("head.pcap");
        try (StreamReplayer replay = StreamReplayer.listen(21064)) {
            List<String> command = new ArrayList<>(List.of("sh", "-c", "\"$@\" | head -n 2", "sh"));
            command.addAll(CliProcess.javaCommand(List.of(), liveArgs(replay, "-w", written.toString())));
            try (CliProcess pipeline = CliProcess.launch(command)) {
                assertTrue(pipeline.awaitStderr("capturing on", START), pipeline::stderr);
                replay.connect();
                for (SampleStreams.Message m : streams.messages()) {
                    replay.send(m.fromClient(), m.bytes());
                }
                replay.finish();
                // No signal: live notices the closed pipe at its next flush and ends by itself.
                assertEquals(0, pipeline.waitFor(EXIT), pipeline::stderr);
                assertEquals(2, pipeline.stdout().size());
                assertTrue(pipeline.stderr().matches("(?s).*dlm-inspect: \\d+ packets captured \\(standard output closed\\)\n"),
                        pipeline::stderr);
            }
        }
        List<CaptureFrame> frames = readFrames(written);
        assertTrue(frames.size() >= 2 && frames.size() < 20_000, frames.size() + " frames");
    }

    private static String[] liveArgs(StreamReplayer replay, String... more) {
        List<String> args = new ArrayList<>(List.of("live", "-i", "lo", "-f", "host " + replay.clientAddress()));
        if (replay.port() != 21064) {
            args.addAll(List.of("-p", Integer.toString(replay.port())));
        }
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** Runs dlm-inspect to completion, expecting success, and returns its standard output. */
    static List<String> run(String... args) throws IOException, InterruptedException {
        try (CliProcess p = CliProcess.start(args)) {
            int status = p.waitFor(Duration.ofSeconds(60));
            assertEquals(0, status, () -> String.join(" ", args) + " failed:\n" + p.stderr());
            assertFalse(p.stderr().contains("Exception"), p::stderr);
            return p.stdout();
        }
    }

    /** Messages grouped by sending node, in order, without where/when they travelled. */
    private static Map<Long, List<String>> bySender(List<String> jsonLines) {
        Map<Long, List<String>> out = new LinkedHashMap<>();
        for (String line : jsonLines) {
            long node = JsonLines.number(line, "src_node");
            out.computeIfAbsent(node, k -> new ArrayList<>()).add(JsonLines.without(line, WHERE_AND_WHEN));
        }
        return out;
    }

    private static List<CaptureFrame> readFrames(Path file) throws IOException {
        List<CaptureFrame> frames = new ArrayList<>();
        try (CaptureReader r = CaptureFiles.open(file, d -> {
            throw new AssertionError("problem in " + file + ": " + d);
        })) {
            while (true) {
                CaptureFrame f = new CaptureFrame();
                if (!r.next(f)) {
                    break;
                }
                frames.add(f);
            }
        }
        return frames;
    }
}
