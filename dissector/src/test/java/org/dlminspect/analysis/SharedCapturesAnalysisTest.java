package org.dlminspect.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dlminspect.Severity;
import org.dlminspect.testkit.Captures;
import org.junit.jupiter.api.Test;

/** The analysis of the real captures in the shared folder (three nodes, several interfaces, node failure). */
class SharedCapturesAnalysisTest {

    static AnalyzeRun.Run shared(String file) throws IOException {
        Path p = Captures.SHARED.resolve(file);
        assumeTrue(Files.isReadable(p), p + " not available");
        return AnalyzeRun.run(p);
    }

    @Test
    void pcapng2ifIsCleanOnceInTimeOrder() throws IOException {
        AnalyzeRun.Run run = shared("pcapng2if.pcapng.gz");
        assertTrue(run.atLeast(Severity.WARN).isEmpty(), run.dump());
        assertTrue(run.of("ack.unsent").isEmpty() && run.of("fin.incomplete").isEmpty(), run.dump());
        Finding order = run.of("capture.out_of_order").get(0);
        assertEquals(Severity.NOTE, order.severity());
        assertTrue(order.message().contains("the largest backward step is 237 ms"), order.message());
        for (PairSummary p : run.analyzer().pairSummaries()) {
            assertEquals(MidcommsState.CLOSED, p.aToB().finState(), p.toString());
            assertEquals(MidcommsState.CLOSED, p.bToA().finState(), p.toString());
        }
    }

    /** reordercap's output of pcapng2if is analysed to the same table and the same findings (bar the order note). */
    @Test
    void pcapng2ifAnalysesLikeItsReordercapOutput() throws Exception {
        Path in = Captures.SHARED.resolve("pcapng2if.pcapng.gz");
        assumeTrue(Files.isReadable(in));
        Path tmp = Files.createTempDirectory("reorder");
        Path sorted = tmp.resolve("sorted.pcapng");
        Process p;
        try {
            p = new ProcessBuilder("reordercap", in.toString(), sorted.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            assumeTrue(false, "reordercap not installed");
            return;
        }
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "reordercap failed");
        AnalyzeRun.Run ours = AnalyzeRun.run(in);
        AnalyzeRun.Run theirs = AnalyzeRun.run(sorted);
        assertTrue(theirs.of("capture.out_of_order").isEmpty(), theirs.dump());
        assertEquals(theirs.analyzer().pairSummaries(), ours.analyzer().pairSummaries());
        List<String> a = ours.findings().stream().filter(f -> !f.code().equals("capture.out_of_order"))
                .map(Finding::toString).toList();
        assertEquals(theirs.findings().stream().map(Finding::toString).toList(), a);
        Files.deleteIfExists(sorted);
        Files.deleteIfExists(tmp);
    }
}
