package org.dlminspect.cli.live;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What ends a live capture besides {@code -c}: Ctrl-C or SIGTERM, and {@code --duration}.
 *
 * <p>A signal makes the JVM run shutdown hooks and then exit with 128+signal. The hook here stops
 * the capture, waits until the capture thread has flushed its output, closed the {@code -w} file and
 * printed the end-of-capture report, and then ends the process with the command's own exit status,
 * so an interrupted capture ends like one stopped by its count or duration.
 */
public final class StopTriggers {
    /** How long the signal hook waits for the capture thread to finish its report. */
    private static final long FINISH_TIMEOUT_SECONDS = 20;

    /** What stopped the capture, among the triggers watched here. */
    public enum Reason { NONE, SIGNAL, DURATION }

    private final LiveCapture capture;
    private final Thread hook;
    private final Thread timer;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Reason reason = Reason.NONE;
    private volatile int exitStatus;
    private volatile boolean hookRunning;

    private StopTriggers(LiveCapture capture, Duration duration) {
        this.capture = capture;
        this.hook = new Thread(this::onSignal, "dlm-inspect-live-stop");
        this.timer = duration == null ? null : new Thread(() -> sleepThenStop(duration), "dlm-inspect-live-duration");
    }

    /**
     * Starts watching: the signal hook is registered and the duration timer started.
     *
     * @param duration how long to capture, or null for no limit
     */
    public static StopTriggers arm(LiveCapture capture, Duration duration) {
        StopTriggers t = new StopTriggers(capture, duration);
        Runtime.getRuntime().addShutdownHook(t.hook);
        if (t.timer != null) {
            t.timer.setDaemon(true);
            t.timer.start();
        }
        return t;
    }

    /** Why the capture stopped (the first trigger wins). */
    public Reason reason() {
        return reason;
    }

    private void stop(Reason why) {
        synchronized (this) {
            if (reason == Reason.NONE) {
                reason = why;
            }
        }
        capture.stop();
    }

    private void sleepThenStop(Duration duration) {
        try {
            Thread.sleep(Math.max(0, duration.toMillis()));
        } catch (InterruptedException e) {
            return;
        }
        stop(Reason.DURATION);
    }

    private void onSignal() {
        hookRunning = true;
        stop(Reason.SIGNAL);
        try {
            if (finished.await(FINISH_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                // halt, not exit: exit() would wait for this very hook to return.
                Runtime.getRuntime().halt(exitStatus);
            }
        } catch (InterruptedException ignored) {
            // Fall through: the JVM exits with its own status.
        }
    }

    /**
     * Call once the capture has been wound up completely (report printed, files closed). With a signal
     * pending this hands {@code status} to the signal hook, which ends the process with it.
     */
    public void finish(int status) {
        exitStatus = status;
        if (timer != null) {
            timer.interrupt();
        }
        if (!hookRunning) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // A signal arrived just now: the hook runs and waits for the latch below.
            }
        }
        System.err.flush();
        System.out.flush();
        finished.countDown();
    }
}
