package org.dlminspect.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureReader;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole pipeline (capture reader, link/IP/TCP, reassembly, framing, decoding, midcomms analysis) over
 * VALID captures built from the input by {@link ValidCaptures}, with TCP mishaps: the mutations reach the
 * reassembler's and the analyzer's deep states, which random capture bytes almost never reach.
 *
 * <p>Properties: those of {@link PipelineRun}: no exception; every diagnostic, message, event and finding
 * well formed; one end; the stages' memory accounts stay within the budget and are empty after the end;
 * and, every few thousand runs, the real heap the running pipeline retains (after a full GC) is within the
 * budget.
 */
class ValidCaptureFuzzTest {
    @BeforeAll
    static void coverageWhenFuzzing() {
        FuzzChecks.requireCoverageWhenFuzzing();
    }

    @FuzzTest(maxDuration = "10s")
    void dissectAndAnalyze(FuzzedDataProvider data) throws IOException {
        byte[] capture = ValidCaptures.build(data, true);
        PipelineRun run = new PipelineRun();
        try (CaptureReader reader = CaptureFiles.open(new ByteArrayInputStream(capture), "valid.pcap", run::onDiagnostic)) {
            run.run(reader);
        }
    }
}
