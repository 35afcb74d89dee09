package org.dlminspect.analysis;

/**
 * Tuning of {@link MidcommsAnalyzer}. Start from {@link #defaults()} or {@link #builder()}; change a copy with
 * {@link #toBuilder()}.
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
 * @param ackHoldNanos            how long an ACK for messages not yet seen is held before it is judged: the
 *                                capture point may record an ACK a few microseconds before the data it covers
 * @param silenceNanos            a node that sends nothing for this long while peers wait for its ACKs (their
 *                                messages unacknowledged, their TCP retransmitting) is {@code node.silent}
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
        long resetWindowNanos,
        long ackHoldNanos,
        long silenceNanos) {

    private static final AnalyzerOptions DEFAULTS = new AnalyzerOptions(KernelEra.AUTO, 300, 65536, 1024, 65536, 100,
            1_000_000_000L, 5_000_000_000L, 200_000_000L, 50_000_000L, 3_000_000_000L);

    public AnalyzerOptions {
        if (era == null) throw new IllegalArgumentException("era must not be null");
        if (backlogWarnThreshold < 1) throw new IllegalArgumentException("backlogWarnThreshold must be >= 1");
        if (maxTrackedMessages < 16) throw new IllegalArgumentException("maxTrackedMessages must be >= 16");
        if (maxTrackedPairs < 1) throw new IllegalArgumentException("maxTrackedPairs must be >= 1");
        if (maxTrackedStreams < 16) throw new IllegalArgumentException("maxTrackedStreams must be >= 16");
        if (maxFindingsPerCode < 1) throw new IllegalArgumentException("maxFindingsPerCode must be >= 1");
        if (ackDelayWarnNanos < 0 || finAckTimeoutNanos < 0 || resetWindowNanos < 0 || ackHoldNanos < 0
                || silenceNanos < 0) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    public static AnalyzerOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes some options of a copy; {@link #build()} validates. */
    public static final class Builder {
        private KernelEra era;
        private int backlogWarnThreshold;
        private int maxTrackedMessages;
        private int maxTrackedPairs;
        private int maxTrackedStreams;
        private int maxFindingsPerCode;
        private long ackDelayWarnNanos;
        private long finAckTimeoutNanos;
        private long resetWindowNanos;
        private long ackHoldNanos;
        private long silenceNanos;

        private Builder(AnalyzerOptions o) {
            era = o.era;
            backlogWarnThreshold = o.backlogWarnThreshold;
            maxTrackedMessages = o.maxTrackedMessages;
            maxTrackedPairs = o.maxTrackedPairs;
            maxTrackedStreams = o.maxTrackedStreams;
            maxFindingsPerCode = o.maxFindingsPerCode;
            ackDelayWarnNanos = o.ackDelayWarnNanos;
            finAckTimeoutNanos = o.finAckTimeoutNanos;
            resetWindowNanos = o.resetWindowNanos;
            ackHoldNanos = o.ackHoldNanos;
            silenceNanos = o.silenceNanos;
        }

        public Builder era(KernelEra v) { era = v; return this; }

        public Builder backlogWarnThreshold(int v) { backlogWarnThreshold = v; return this; }

        public Builder maxTrackedMessages(int v) { maxTrackedMessages = v; return this; }

        public Builder maxTrackedPairs(int v) { maxTrackedPairs = v; return this; }

        public Builder maxTrackedStreams(int v) { maxTrackedStreams = v; return this; }

        public Builder maxFindingsPerCode(int v) { maxFindingsPerCode = v; return this; }

        public Builder ackDelayWarnNanos(long v) { ackDelayWarnNanos = v; return this; }

        public Builder finAckTimeoutNanos(long v) { finAckTimeoutNanos = v; return this; }

        public Builder resetWindowNanos(long v) { resetWindowNanos = v; return this; }

        public Builder ackHoldNanos(long v) { ackHoldNanos = v; return this; }

        public Builder silenceNanos(long v) { silenceNanos = v; return this; }

        public AnalyzerOptions build() {
            return new AnalyzerOptions(era, backlogWarnThreshold, maxTrackedMessages, maxTrackedPairs,
                    maxTrackedStreams, maxFindingsPerCode, ackDelayWarnNanos, finAckTimeoutNanos, resetWindowNanos,
                    ackHoldNanos, silenceNanos);
        }
    }
}
