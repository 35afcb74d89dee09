package org.dlminspect.cli.live;

import org.dlminspect.capture.LinkType;

/**
 * libpcap reports a handle's link type as a DLT_* value; capture files and the dissector use
 * LINKTYPE_* values. They are equal except for a few DLT values that differ between operating
 * systems, which the file format gave one portable number each (pcap-common.c's dlt_to_linktype).
 */
final class LinkTypes {
    private static final int DLT_RAW_BSD = 12;
    private static final int DLT_RAW_OPENBSD = 14;

    private LinkTypes() { }

    static int fromDlt(int dlt) {
        return switch (dlt) {
            case DLT_RAW_BSD, DLT_RAW_OPENBSD -> LinkType.RAW.wireValue();
            default -> dlt;
        };
    }
}
