package org.dlminspect.analysis;

import java.util.function.IntFunction;
import org.dlminspect.Severity;
import org.dlminspect.memory.Account;

/**
 * What the parts of the analysis share, instead of a pointer to the whole analyzer: the options, where findings go
 * (as data, to the {@link FindingSink}), the TCP connections known by stream id, and the memory account every
 * pair, connection and message ring is charged to ({@link AnalysisCost}, {@link SeqRing}).
 */
final class AnalysisContext {
    private final AnalyzerOptions options;
    private final FindingSink findings;
    private final IntFunction<StreamState> streams;
    private final Account memory;

    AnalysisContext(AnalyzerOptions options, FindingSink findings, IntFunction<StreamState> streams, Account memory) {
        this.options = options;
        this.findings = findings;
        this.streams = streams;
        this.memory = memory;
    }

    Account memory() {
        return memory;
    }

    AnalyzerOptions options() {
        return options;
    }

    FindingSink findings() {
        return findings;
    }

    /** The state of TCP stream {@code id}, or null when unknown or forgotten. */
    StreamState stream(int id) {
        return streams.apply(id);
    }

    /** A finding about direction {@code d} (null: none) seen on {@code st} (null: none). */
    void report(DirectionState d, FindingCode code, Severity sev, long frame, long nanos, StreamState st,
                long[] frames, long[] seqs, String message) {
        findings.report(d, code, sev, frame, nanos, st == null ? -1 : st.stream(), frames, seqs, message);
    }

    /** A finding about direction {@code d} (null: none) on TCP stream {@code stream} (-1: none). */
    void report(DirectionState d, FindingCode code, Severity sev, long frame, long nanos, int stream,
                long[] frames, long[] seqs, String message) {
        findings.report(d, code, sev, frame, nanos, stream, frames, seqs, message);
    }
}
