package org.dlminspect.cli.live;

import org.pcap4j.core.Pcaps;

/**
 * Whether libpcap can be used at all. pcap4j loads libpcap through JNA on its first call; when
 * that fails the first call throws {@link UnsatisfiedLinkError} and every later one a confusing
 * {@link NoClassDefFoundError}, so the CLI probes once, before anything else touches pcap4j.
 */
public final class Libpcap {
    /** Debian/Ubuntu package that ships libpcap.so.0.8 (tshark and tcpdump depend on it). */
    public static final String DEBIAN_PACKAGE = "libpcap0.8";

    private static volatile String version;
    private static volatile String failure;

    private Libpcap() { }

    /**
     * @return libpcap's version string, e.g. "libpcap version 1.10.3 (with TPACKET_V3)"
     * @throws CaptureUnavailable naming the package to install when libpcap cannot be loaded
     */
    public static synchronized String require() {
        if (version != null) {
            return version;
        }
        if (failure == null) {
            try {
                version = Pcaps.libVersion();
                return version;
            } catch (LinkageError e) {
                failure = explain(e);
            }
        }
        throw new CaptureUnavailable(failure);
    }

    static String explain(LinkageError e) {
        String detail = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof UnsatisfiedLinkError && !detail.contains("pcap")) {
            // JNA's own native stub failed (e.g. a noexec temporary directory): libpcap is not the problem.
            return "cannot load native code for packet capture: " + firstLine(detail);
        }
        return "libpcap is not installed (live capture needs it): install the package " + DEBIAN_PACKAGE
                + " (apt-get install " + DEBIAN_PACKAGE + ") or your distribution's libpcap";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
