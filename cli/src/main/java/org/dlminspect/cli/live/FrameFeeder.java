package org.dlminspect.cli.live;

import java.io.Flushable;
import java.io.IOException;
import java.util.function.LongSupplier;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.CaptureWriter;
import org.dlminspect.pipeline.Pipeline;

/**
 * Turns captured packets into {@link CaptureFrame}s for the same {@link Pipeline} that reads
 * files, recording each one to the {@code -w} file first. After every batch libpcap delivers, the
 * file and the output are flushed: the file is a valid capture at that point (so an abrupt end
 * loses at most the batch in flight) and what was decoded is on screen. Before that, frames the pipeline holds for
 * its time order ({@code live --analyze}) that are older than the window by the clock are passed on, so that a
 * silence on the wire (the moment that matters when a node dies) does not keep the last frames back.
 *
 * <p>The clock is the capture's own: the newest frame's timestamp plus the time elapsed since the last frame
 * arrived, on the monotonic clock. While frames keep arriving it is the newest frame's time, so a capture that
 * lags behind the wall clock (a loaded machine working off libpcap's buffer) is still sorted by its frames, exactly
 * as a file is; once they stop, it runs on with real time; and a step of the system clock changes nothing.
 */
public final class FrameFeeder implements LiveCapture.PacketSink {
    private final Pipeline dissector;
    private final int linkType;
    private final CaptureWriter writer;
    private final long maxFrames;
    private final Flushable output;
    private final LongSupplier monotonicNanos;
    /** The newest frame timestamp seen, and when (monotonic clock) the last frame arrived. */
    private long newestNanos = Long.MIN_VALUE;
    private long lastArrival;
    private final CaptureFrame frame = new CaptureFrame();
    private long frames;
    private long firstEpochNanos;

    /**
     * @param linkType  LINKTYPE_* of the capture's packets
     * @param writer    where to record the packets ({@code -w}), or null
     * @param maxFrames stop after this many packets ({@code -c}); 0 for no limit
     * @param output    flushed after every batch (the rendered messages)
     */
    public FrameFeeder(Pipeline dissector, int linkType, CaptureWriter writer, long maxFrames, Flushable output) {
        this(dissector, linkType, writer, maxFrames, output, System::nanoTime);
    }

    /** @param monotonicNanos a monotonic clock in nanoseconds ({@link System#nanoTime}; a test clock in tests) */
    public FrameFeeder(Pipeline dissector, int linkType, CaptureWriter writer, long maxFrames, Flushable output,
            LongSupplier monotonicNanos) {
        this.dissector = dissector;
        this.linkType = linkType;
        this.writer = writer;
        this.maxFrames = maxFrames;
        this.output = output;
        this.monotonicNanos = monotonicNanos;
    }

    @Override
    public boolean onPacket(long epochNanos, byte[] data, int originalLength) throws IOException {
        if (maxFrames > 0 && frames >= maxFrames) {
            return false;
        }
        if (frames++ == 0) {
            firstEpochNanos = epochNanos;
        }
        // pcap4j hands over a fresh array per packet: adopt it instead of copying.
        frame.setData(data);
        frame.set(frames, epochNanos, linkType, 0, data.length, Math.max(originalLength, data.length));
        if (writer != null) {
            writer.write(frame);
        }
        newestNanos = Math.max(newestNanos, epochNanos);
        lastArrival = monotonicNanos.getAsLong();
        dissector.process(frame);
        return maxFrames <= 0 || frames < maxFrames;
    }

    @Override
    public void onBatchEnd() throws IOException {
        if (frames > 0) dissector.releaseDue(captureClock());
        flush();
    }

    /** Now on the capture's timeline: the newest frame's time plus the time since the last frame arrived. */
    long captureClock() {
        return newestNanos + Math.max(0, monotonicNanos.getAsLong() - lastArrival);
    }

    /** Flushes the file and the output. */
    public void flush() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        output.flush();
    }

    /** Packets captured so far. */
    public long frames() {
        return frames;
    }

    /** Time of the first packet (0 before any): the origin of relative times in the report. */
    public long firstEpochNanos() {
        return firstEpochNanos;
    }

    /** Whether the {@code -c} count has been reached. */
    public boolean countReached() {
        return maxFrames > 0 && frames >= maxFrames;
    }
}
