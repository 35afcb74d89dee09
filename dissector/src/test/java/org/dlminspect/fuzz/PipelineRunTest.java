package org.dlminspect.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.dlminspect.capture.CaptureFiles;
import org.dlminspect.capture.CaptureReader;
import org.dlminspect.testkit.DlmBytes;
import org.dlminspect.testkit.TcpSession;
import org.dlminspect.testkit.TcpSession.Side;
import org.junit.jupiter.api.Test;

/**
 * {@link PipelineRun} measures the real heap in the runs that allocated enough to fail its check, and only in
 * those: a run of thousands of messages is measured (and retains less than the budget plus the slack), a run of
 * a few is proven by its allocation count alone.
 */
class PipelineRunTest {
    @Test
    void aRunThatAllocatedMoreThanTheBudgetPlusSlackIsMeasured() throws IOException {
        long before = run(capture(20_000));
        assertEquals(before + 1, PipelineRun.measurements(), "the large run was measured");
    }

    @Test
    void aRunThatAllocatedLessIsNotMeasured() throws IOException {
        byte[] small = capture(3);
        run(small); // the first run of a JVM also allocates the classes' static state, and may be measured for it
        long before = run(small);
        assertEquals(before, PipelineRun.measurements(), "the small run could not fail: no full GC");
    }

    /** Runs {@code capture} as the next run after a measurement was due; the measurements before it. */
    private static long run(byte[] capture) throws IOException {
        PipelineRun.measureNextRun();
        long before = PipelineRun.measurements();
        PipelineRun run = new PipelineRun();
        try (CaptureReader reader = CaptureFiles.open(new ByteArrayInputStream(capture), "test.pcap", run::onDiagnostic)) {
            run.run(reader);
        }
        return before;
    }

    /** One connection carrying {@code messages} OPTS-wrapped MSG LOOKUPs in order, each acknowledged. */
    private static byte[] capture(int messages) {
        TcpSession s = new TcpSession();
        TcpSession.Connection c = s.connection("10.99.0.1", 40001, "10.99.0.2", 21064).handshake();
        for (int seq = 0; seq < messages; seq++) {
            c.send(Side.CLIENT, DlmBytes.opts(1, seq, DlmBytes.msg(DlmBytes.V32, DlmBytes.LOCKSPACE, 1,
                    DlmBytes.Msg.of(12).lkid(seq + 1))));
            c.send(Side.SERVER, DlmBytes.ack(2, seq + 1));
        }
        return s.pcap();
    }
}
