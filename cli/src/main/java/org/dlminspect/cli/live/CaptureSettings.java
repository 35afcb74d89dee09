package org.dlminspect.cli.live;

/**
 * How to open a live capture.
 *
 * @param device        interface name as libpcap knows it ({@code dlm-inspect interfaces})
 * @param snaplen       bytes kept per packet; large enough for a whole TCP segment on loopback (64 KiB MTU)
 * @param promiscuous   put the interface in promiscuous mode
 * @param bufferBytes   kernel capture buffer: packets arriving while it is full are dropped (and counted)
 * @param timeoutMillis how long libpcap may hold packets to deliver them in batches
 */
public record CaptureSettings(String device, int snaplen, boolean promiscuous, int bufferBytes, int timeoutMillis) {
    /** tcpdump's and dumpcap's default: never cuts a frame on any common link. */
    public static final int DEFAULT_SNAPLEN = 262_144;
    public static final int DEFAULT_BUFFER_MIB = 32;
    /** Short enough that output follows the traffic closely, long enough to batch under load. */
    public static final int DEFAULT_TIMEOUT_MILLIS = 50;

    public CaptureSettings {
        if (device == null || device.isBlank()) {
            throw new IllegalArgumentException("no capture interface");
        }
        if (snaplen <= 0) {
            throw new IllegalArgumentException("snaplen must be positive: " + snaplen);
        }
        if (bufferBytes <= 0) {
            throw new IllegalArgumentException("buffer size must be positive: " + bufferBytes);
        }
    }

    public static CaptureSettings of(String device) {
        return new CaptureSettings(device, DEFAULT_SNAPLEN, false, DEFAULT_BUFFER_MIB << 20, DEFAULT_TIMEOUT_MILLIS);
    }
}
