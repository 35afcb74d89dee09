package org.dlminspect.analysis;

/**
 * Tuning of {@link MidcommsAnalyzer}. Use {@link #defaults()} and the {@code with...} methods.
 *
 * @param era                     ACK policy of the kernels (decides when unacknowledged messages are normal)
 * @param backlogWarnThreshold    unacknowledged messages in one direction above which {@code ack.backlog} is
 *                                raised; ≥ 6.5 receivers may leave 256 (receive path) outstanding legitimately
 * @param maxTrackedMessages      per direction, how many recent messages are remembered individually (frame,
 *                                time, content hash) to recognise repeats; more unacknowledged ones than this are
 *                                counted but not tracked, with one {@code analysis.limit} finding
 * @param maxTrackedPairs         node pairs (address pairs) tracked; traffic of further pairs is only counted
 * @param maxTrackedStreams       TCP connections whose state is kept; closed ones beyond this are forgotten
 * @param maxFindingsPerCode      per direction and code, findings emitted individually before the rest are
 *                                only counted and summarised at the end
 * @param ackDelayWarnNanos       an ACK still missing this long after a message reached the receiver is late
 *                                for a ≤ 6.4 kernel (and a later ACK that does not cover it means it never got it)
 * @param finAckTimeoutNanos      a FIN not acknowledged within this time is {@code fin.incomplete}
 *                                ({@code DLM_SHUTDOWN_TIMEOUT} is 5 s from 6.3)
 * @param resetWindowNanos        data a node sent no more than this long before its peer answered the connection
 *                                with RST is taken as rejected by that RST (not received)
 */
public record AnalyzerOptions(
        KernelEra era,
        int backlogWarnThreshold,
        int maxTrackedMessages,
        int maxTrackedPairs,
        int maxTrackedStreams,
        int maxFindingsPerCode,
        long ackDelayWarnNanos,
        long finAckTimeoutNanos,
        long resetWindowNanos) {

    public AnalyzerOptions {
        if (era == null) throw new IllegalArgumentException("era must not be null");
        if (backlogWarnThreshold < 1) throw new IllegalArgumentException("backlogWarnThreshold must be >= 1");
        if (maxTrackedMessages < 16) throw new IllegalArgumentException("maxTrackedMessages must be >= 16");
        if (maxTrackedPairs < 1) throw new IllegalArgumentException("maxTrackedPairs must be >= 1");
        if (maxTrackedStreams < 16) throw new IllegalArgumentException("maxTrackedStreams must be >= 16");
        if (maxFindingsPerCode < 1) throw new IllegalArgumentException("maxFindingsPerCode must be >= 1");
        if (ackDelayWarnNanos < 0 || finAckTimeoutNanos < 0 || resetWindowNanos < 0) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    public static AnalyzerOptions defaults() {
        return new AnalyzerOptions(KernelEra.AUTO, 300, 65536, 1024, 65536, 100,
                1_000_000_000L, 5_000_000_000L, 200_000_000L);
    }

    public AnalyzerOptions withEra(KernelEra v) {
        return new AnalyzerOptions(v, backlogWarnThreshold, maxTrackedMessages, maxTrackedPairs, maxTrackedStreams,
                maxFindingsPerCode, ackDelayWarnNanos, finAckTimeoutNanos, resetWindowNanos);
    }

    public AnalyzerOptions withBacklogWarnThreshold(int v) {
        return new AnalyzerOptions(era, v, maxTrackedMessages, maxTrackedPairs, maxTrackedStreams,
                maxFindingsPerCode, ackDelayWarnNanos, finAckTimeoutNanos, resetWindowNanos);
    }

    public AnalyzerOptions withMaxTrackedMessages(int v) {
        return new AnalyzerOptions(era, backlogWarnThreshold, v, maxTrackedPairs, maxTrackedStreams,
                maxFindingsPerCode, ackDelayWarnNanos, finAckTimeoutNanos, resetWindowNanos);
    }

    public AnalyzerOptions withMaxTrackedPairs(int v) {
        return new AnalyzerOptions(era, backlogWarnThreshold, maxTrackedMessages, v, maxTrackedStreams,
                maxFindingsPerCode, ackDelayWarnNanos, finAckTimeoutNanos, resetWindowNanos);
    }

    public AnalyzerOptions withMaxTrackedStreams(int v) {
        return new AnalyzerOptions(era, backlogWarnThreshold, maxTrackedMessages, maxTrackedPairs, v,
                maxFindingsPerCode, ackDelayWarnNanos, finAckTimeoutNanos, resetWindowNanos);
    }

    public AnalyzerOptions withMaxFindingsPerCode(int v) {
        return new AnalyzerOptions(era, backlogWarnThreshold, maxTrackedMessages, maxTrackedPairs, maxTrackedStreams,
                v, ackDelayWarnNanos, finAckTimeoutNanos, resetWindowNanos);
    }

    public AnalyzerOptions withAckDelayWarnNanos(long v) {
        return new AnalyzerOptions(era, backlogWarnThreshold, maxTrackedMessages, maxTrackedPairs, maxTrackedStreams,
                maxFindingsPerCode, v, finAckTimeoutNanos, resetWindowNanos);
    }

    public AnalyzerOptions withFinAckTimeoutNanos(long v) {
        return new AnalyzerOptions(era, backlogWarnThreshold, maxTrackedMessages, maxTrackedPairs, maxTrackedStreams,
                maxFindingsPerCode, ackDelayWarnNanos, v, resetWindowNanos);
    }

    public AnalyzerOptions withResetWindowNanos(long v) {
        return new AnalyzerOptions(era, backlogWarnThreshold, maxTrackedMessages, maxTrackedPairs, maxTrackedStreams,
                maxFindingsPerCode, ackDelayWarnNanos, finAckTimeoutNanos, v);
    }
}
