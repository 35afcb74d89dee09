package org.dlminspect.cli;

import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.pipeline.DissectionListener;

/**
 * The time of the capture's first frame (tshark's reference for frame.time_relative), for stages that see only
 * messages. Added inline, so that it is set before any message reaches another thread.
 */
final class FirstFrameClock implements DissectionListener {
    private volatile long first = Long.MIN_VALUE;

    @Override
    public void onFrame(CaptureFrame frame) {
        if (first == Long.MIN_VALUE) {
            first = frame.epochNanos();
        }
    }

    /** The first frame's time, or {@code orElse} before any. */
    long firstEpochNanos(long orElse) {
        long f = first;
        return f == Long.MIN_VALUE ? orElse : f;
    }
}
