package org.dlminspect.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureReader;
import org.junit.jupiter.api.BeforeAll;

/**
 * The midcomms analyzer behind the real pipeline, over VALID captures of clean TCP whose DLM 3.2
 * conversations the input chooses ({@link ValidCaptures} without TCP mishaps): every input byte goes
 * into seqs, ACKs, resends, ring-slot collisions, FINs, node pairs and timing, so that the analyzer's
 * per-direction state machines (and their memory) are what gets explored.
 *
 * <p>Properties: those of {@link PipelineRun}.
 */
class ValidMidcommsFuzzTest {
    @BeforeAll
    static void coverageWhenFuzzing() {
        FuzzChecks.requireCoverageWhenFuzzing();
    }

    @FuzzTest(maxDuration = "10s")
    void analyze(FuzzedDataProvider data) throws IOException {
        byte[] capture = ValidCaptures.build(data, false);
        PipelineRun run = new PipelineRun();
        try (CaptureReader reader = CaptureFiles.open(new ByteArrayInputStream(capture), "valid.pcapng", run::onDiagnostic)) {
            run.run(reader);
        }
    }
}
