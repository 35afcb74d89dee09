package org.dlminspect.cli.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dlminspect.capture.LinkType;
import org.junit.jupiter.api.Test;

/** The one-line messages for each way opening a capture fails (libpcap's PCAP_ERROR_* codes). */
class LiveCaptureErrorsTest {
    @Test
    void unknownInterfaceSuggestsTheInterfacesCommand() {
        assertEquals("no capture interface named 'eth9': list them with 'dlm-inspect interfaces'",
                LiveCapture.describeOpenError("eth9", -5, "No such device exists"));
    }

    @Test
    void permissionDeniedNamesRootAndTheCapabilities() {
        String m = LiveCapture.describeOpenError("lo", -8, "socket: Operation not permitted");
        assertEquals("not permitted to capture on 'lo' (socket: Operation not permitted): run as root,"
                + " or give java the capabilities CAP_NET_RAW and CAP_NET_ADMIN", m);
        assertTrue(LiveCapture.describeOpenError("eth0", -11, "").contains("CAP_NET_RAW and CAP_NET_ADMIN"));
    }

    @Test
    void interfaceDown() {
        assertEquals("interface 'ifb0' is down: bring it up first (ip link set ifb0 up)",
                LiveCapture.describeOpenError("ifb0", -9, "That device is not up"));
    }

    @Test
    void otherFailuresKeepLibpcapsMessage() {
        assertEquals("cannot capture on 'eth0' (some libpcap text)", LiveCapture.describeOpenError("eth0", -1, " some libpcap text\n"));
        assertEquals("cannot capture on 'eth0'", LiveCapture.describeOpenError("eth0", null, null));
    }

    @Test
    void missingLibpcapNamesTheDebianPackage() {
        String m = Libpcap.explain(new UnsatisfiedLinkError("Unable to load library 'pcap': libpcap.so: cannot open shared object file"));
        assertTrue(m.startsWith("libpcap is not installed"), m);
        assertTrue(m.contains("libpcap0.8"), m);
        // Later pcap4j calls fail with NoClassDefFoundError naming pcap4j's NativeMappings.
        assertTrue(Libpcap.explain(new NoClassDefFoundError("Could not initialize class org.pcap4j.core.NativeMappings"))
                .contains("libpcap0.8"));
    }

    @Test
    void jnaFailureIsNotBlamedOnLibpcap() {
        String m = Libpcap.explain(new UnsatisfiedLinkError("/tmp/jna123.tmp: failed to map segment from shared object\nmore"));
        assertEquals("cannot load native code for packet capture: /tmp/jna123.tmp: failed to map segment from shared object", m);
    }

    @Test
    void dltValuesBecomeLinktypeValues() {
        assertEquals(LinkType.ETHERNET.wireValue(), LinkTypes.fromDlt(1));
        assertEquals(LinkType.LINUX_SLL.wireValue(), LinkTypes.fromDlt(113));
        assertEquals(LinkType.LINUX_SLL2.wireValue(), LinkTypes.fromDlt(276));
        // DLT_RAW is 12 on Linux and 14 on OpenBSD; the file format's LINKTYPE_RAW is 101.
        assertEquals(LinkType.RAW.wireValue(), LinkTypes.fromDlt(12));
        assertEquals(LinkType.RAW.wireValue(), LinkTypes.fromDlt(14));
    }
}
