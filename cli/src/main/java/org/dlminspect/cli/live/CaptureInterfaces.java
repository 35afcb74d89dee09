package org.dlminspect.cli.live;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.dlminspect.net.IpAddress;
import org.pcap4j.core.PcapAddress;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.Pcaps;

/** The interfaces libpcap can capture on (pcap_findalldevs), as {@code tshark -D} lists them. */
public final class CaptureInterfaces {
    /**
     * One capture interface.
     *
     * @param name        what to pass to {@code live -i}
     * @param description libpcap's description, or null
     * @param addresses   IPv4 and IPv6 addresses (a DLM node is known by its address)
     */
    public record Device(String name, String description, boolean loopback, boolean up, boolean running,
            List<String> addresses) {
        /** "3. lo (Loopback) 127.0.0.1 ::1" style line, without the number. */
        public String describe() {
            StringBuilder sb = new StringBuilder(name);
            String d = description != null ? description : loopback ? "Loopback" : null;
            if (d != null) {
                sb.append(" (").append(d).append(')');
            }
            if (!up) {
                sb.append(" [down]");
            }
            for (String a : addresses) {
                sb.append(' ').append(a);
            }
            return sb.toString();
        }
    }

    private CaptureInterfaces() { }

    /** Lists the interfaces; pcap_findalldevs is not thread-safe, so callers must not race it. */
    public static synchronized List<Device> list() {
        Libpcap.require();
        List<PcapNetworkInterface> devs;
        try {
            devs = Pcaps.findAllDevs();
        } catch (PcapNativeException e) {
            throw new CaptureUnavailable("cannot list capture interfaces: " + e.getMessage());
        }
        List<Device> out = new ArrayList<>(devs.size());
        for (PcapNetworkInterface d : devs) {
            List<String> addrs = new ArrayList<>();
            for (PcapAddress a : d.getAddresses()) {
                String s = format(a.getAddress());
                if (s != null) {
                    addrs.add(s);
                }
            }
            out.add(new Device(d.getName(), d.getDescription(), d.isLoopBack(), d.isUp(), d.isRunning(), List.copyOf(addrs)));
        }
        return out;
    }

    static String format(InetAddress a) {
        if (a == null) {
            return null;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            return IpAddress.ipv4(b, 0).toString();
        }
        if (b.length == 16) {
            return IpAddress.ipv6(b, 0).toString();
        }
        return null;
    }
}
