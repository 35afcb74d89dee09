package org.dlminspect.cli.live;

import java.io.Closeable;
import java.sql.Timestamp;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.RawPacketListener;

/**
 * One libpcap capture handle (through pcap4j's raw API: no pcap4j packet parsing). {@link #run}
 * delivers packets on the calling thread until {@link #stop} is called from any thread, the
 * packet sink asks to stop, or the capture fails.
 *
 * <p>Every libpcap failure is turned into an {@link CaptureUnavailable} with a one-line message for the
 * user; nothing thrown inside the native callback escapes into JNA (which would print a stack
 * trace and carry on).
 */
public final class LiveCapture implements Closeable {
    /** pcap_activate()'s PCAP_ERROR_* codes that pcap4j passes on as return codes. */
    static final int PCAP_ERROR_NO_SUCH_DEVICE = -5;
    static final int PCAP_ERROR_PERM_DENIED = -8;
    static final int PCAP_ERROR_IFACE_NOT_UP = -9;
    static final int PCAP_ERROR_PROMISC_PERM_DENIED = -11;
    static final int PCAP_ERROR_TSTAMP_PRECISION_NOTSUP = -12;

    /** Packets handled between two {@link PacketSink#onBatchEnd} calls (flushes) at most. */
    static final int MAX_PACKETS_PER_BATCH = 256;

    /** Receives captured packets on the capture thread. */
    public interface PacketSink {
        /**
         * @param epochNanos     capture time, nanoseconds since the Unix epoch
         * @param data           the captured bytes (a fresh array per packet, owned by the sink)
         * @param originalLength length on the wire (larger than data.length when cut by the snaplen)
         * @return false to stop the capture after this packet
         */
        boolean onPacket(long epochNanos, byte[] data, int originalLength) throws Exception;

        /** After each batch libpcap delivers (flush output here), and when the interface is idle. */
        default void onBatchEnd() throws Exception { }
    }

    private final String device;
    private final PcapHandle handle;
    private final int linkType;
    private final boolean nanosecond;
    /** Guards the handle against breakLoop() from another thread racing close(), which frees it. */
    private final Object lifecycle = new Object();
    private boolean open = true;
    private volatile boolean stopRequested;
    private Throwable sinkFailure;

    private LiveCapture(String device, PcapHandle handle, boolean nanosecond) {
        this.device = device;
        this.handle = handle;
        this.nanosecond = nanosecond;
        this.linkType = LinkTypes.fromDlt(handle.getDlt().value());
    }

    /** Opens and activates the interface (libpcap must have been probed with {@link Libpcap#require}). */
    public static LiveCapture open(CaptureSettings settings) {
        Libpcap.require();
        try {
            return new LiveCapture(settings.device(), build(settings, true), true);
        } catch (PcapNativeException e) {
            if (e.getReturnCode() == PCAP_ERROR_TSTAMP_PRECISION_NOTSUP) {
                try {
                    return new LiveCapture(settings.device(), build(settings, false), false);
                } catch (PcapNativeException again) {
                    throw openError(settings, again);
                }
            }
            throw openError(settings, e);
        }
    }

    private static PcapHandle build(CaptureSettings s, boolean nano) throws PcapNativeException {
        PcapHandle.Builder b = new PcapHandle.Builder(s.device())
                .snaplen(s.snaplen())
                .promiscuousMode(s.promiscuous()
                        ? PcapNetworkInterface.PromiscuousMode.PROMISCUOUS
                        : PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                .bufferSize(s.bufferBytes())
                .timeoutMillis(s.timeoutMillis());
        if (nano) {
            b.timestampPrecision(PcapHandle.TimestampPrecision.NANO);
        }
        return b.build();
    }

    static CaptureUnavailable openError(CaptureSettings s, PcapNativeException e) {
        return new CaptureUnavailable(describeOpenError(s.device(), e.getReturnCode(), e.getMessage()));
    }

    /** One line for each way pcap_activate() fails, saying what to do about it. */
    static String describeOpenError(String device, Integer returnCode, String libpcapMessage) {
        int rc = returnCode == null ? 0 : returnCode;
        String detail = libpcapMessage == null || libpcapMessage.isBlank() ? "" : " (" + libpcapMessage.strip() + ")";
        return switch (rc) {
            case PCAP_ERROR_NO_SUCH_DEVICE -> "no capture interface named '" + device
                    + "': list them with 'dlm-inspect interfaces'";
            case PCAP_ERROR_PERM_DENIED, PCAP_ERROR_PROMISC_PERM_DENIED -> "not permitted to capture on '" + device
                    + "'" + detail + ": run as root, or give java the capabilities CAP_NET_RAW and CAP_NET_ADMIN";
            case PCAP_ERROR_IFACE_NOT_UP -> "interface '" + device + "' is down: bring it up first (ip link set "
                    + device + " up)";
            default -> "cannot capture on '" + device + "'" + detail;
        };
    }

    /**
     * Compiles and installs a BPF filter.
     *
     * @param shownAs the expression as the user wrote it, for the error message
     * @throws CaptureUnavailable with libpcap's own message when the expression does not compile
     */
    public void setFilter(String expression, String shownAs) {
        try {
            // pcap_compile is not thread-safe; pcap4j serialises it behind a global lock.
            handle.setFilter(expression, BpfProgram.BpfCompileMode.OPTIMIZE);
        } catch (PcapNativeException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage();
            String prefix = "Error occurred in pcap_compile: ";
            if (msg.startsWith(prefix)) {
                msg = msg.substring(prefix.length());
            }
            throw new CaptureUnavailable("bad capture filter '" + shownAs + "': " + msg);
        } catch (NotOpenException e) {
            throw new IllegalStateException("capture handle closed", e);
        }
    }

    public String device() {
        return device;
    }

    /** LINKTYPE_* value of every packet of this capture. */
    public int linkType() {
        return linkType;
    }

    /** Whether timestamps have nanosecond resolution (else microseconds). */
    public boolean nanosecondTimestamps() {
        return nanosecond;
    }

    public int snaplen() {
        try {
            return handle.getSnapshot();
        } catch (NotOpenException e) {
            throw new IllegalStateException("capture handle closed", e);
        }
    }

    /**
     * Delivers packets to {@code sink} until stopped. Returns normally when stopped by {@link #stop},
     * by the sink, or by the end of a {@code count}; rethrows what the sink threw.
     */
    public void run(PacketSink sink) throws Exception {
        RawPacketListener listener = bytes -> {
            if (stopRequested) {
                return;
            }
            try {
                Timestamp ts = handle.getTimestamp();
                long epochNanos = Math.floorDiv(ts.getTime(), 1000L) * 1_000_000_000L + ts.getNanos();
                Integer original = handle.getOriginalLength();
                if (!sink.onPacket(epochNanos, bytes, original == null ? bytes.length : original)) {
                    stop();
                }
            } catch (Throwable t) {
                // Never let an exception unwind into JNA's native callback.
                sinkFailure = t;
                stop();
            }
        };
        while (!stopRequested) {
            try {
                // Bounded: with -1 libpcap keeps going while packets arrive faster than we handle them,
                // and nothing would be flushed until the burst ends.
                handle.dispatch(MAX_PACKETS_PER_BATCH, listener);
            } catch (InterruptedException broken) {
                // breakLoop(): stopRequested is set.
            } catch (PcapNativeException e) {
                throw new CaptureUnavailable("capture on '" + device + "' failed: " + e.getMessage());
            }
            rethrowSinkFailure();
            try {
                sink.onBatchEnd();
            } catch (Throwable t) {
                sinkFailure = t;
                rethrowSinkFailure();
            }
        }
        rethrowSinkFailure();
    }

    private void rethrowSinkFailure() throws Exception {
        Throwable t = sinkFailure;
        if (t == null) {
            return;
        }
        sinkFailure = null;
        if (t instanceof Exception ex) {
            throw ex;
        }
        if (t instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException(t);
    }

    /** Makes {@link #run} return as soon as possible. Safe from any thread (signal handlers, timers), idempotent. */
    public void stop() {
        stopRequested = true;
        synchronized (lifecycle) {
            if (open) {
                try {
                    // Since libpcap 1.10 this also wakes a poll() waiting on an idle interface.
                    handle.breakLoop();
                } catch (NotOpenException ignored) {
                    // Closed meanwhile: nothing left to break.
                }
            }
        }
    }

    /**
     * Makes a {@link #run} waiting on an idle interface return from libpcap without stopping: it calls
     * {@link PacketSink#onBatchEnd} on the capture thread and waits again. On Linux (TPACKET_V3) libpcap waits
     * for a full or timed-out block, and an empty block does not time out, so without this an idle interface
     * never hands the thread back. Safe from any thread; a wake while packets are handled only ends that batch early.
     */
    public void wake() {
        synchronized (lifecycle) {
            if (open && !stopRequested) {
                try {
                    handle.breakLoop();
                } catch (NotOpenException ignored) {
                    // Closed meanwhile: nothing to wake.
                }
            }
        }
    }

    /** Kernel counters since the capture started, or null when libpcap cannot tell. */
    public Stats stats() {
        synchronized (lifecycle) {
            if (!open) {
                return null;
            }
            try {
                PcapStat s = handle.getStats();
                return new Stats(s.getNumPacketsReceived(), s.getNumPacketsDropped(), s.getNumPacketsDroppedByIf());
            } catch (PcapNativeException | NotOpenException | UnsupportedOperationException e) {
                return null;
            }
        }
    }

    /**
     * libpcap's pcap_stats: on Linux {@code received} counts packets that passed the filter (whether
     * or not read yet), {@code dropped} those lost because the buffer was full.
     */
    public record Stats(long received, long dropped, long droppedByInterface) { }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (open) {
                open = false;
                handle.close();
            }
        }
    }
}
