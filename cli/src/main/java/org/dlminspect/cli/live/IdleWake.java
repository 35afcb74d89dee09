package org.dlminspect.cli.live;

import java.time.Duration;

/**
 * Wakes the capture thread at a fixed period ({@link LiveCapture#wake}), so that it runs
 * {@link LiveCapture.PacketSink#onBatchEnd} even while the interface is idle: there the frames the time order
 * holds are released by the wall clock ({@code live --analyze}). This thread touches no capture state itself:
 * everything runs on the capture thread, which it only interrupts in libpcap.
 */
public final class IdleWake implements AutoCloseable {
    private final Thread thread;
    private volatile boolean closed;

    private IdleWake(LiveCapture capture, Duration period) {
        long millis = Math.max(1, period.toMillis());
        thread = new Thread(() -> {
            while (!closed) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    return;
                }
                if (!closed) capture.wake();
            }
        }, "dlm-inspect-live-wake");
        thread.setDaemon(true);
    }

    /** Starts waking {@code capture} every {@code period}. */
    public static IdleWake start(LiveCapture capture, Duration period) {
        IdleWake w = new IdleWake(capture, period);
        w.thread.start();
        return w;
    }

    /**
     * How often to wake for a time-order window: a frame is shown at most this much after the window has passed
     * for it; a tenth of the window, between 10 ms and 250 ms (a wake costs one return from libpcap).
     */
    public static Duration periodFor(long windowNanos) {
        return Duration.ofNanos(Math.max(10_000_000L, Math.min(250_000_000L, windowNanos / 10)));
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
