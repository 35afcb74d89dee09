package org.dlminspect.sctp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dlminspect.Diagnostic;
import org.dlminspect.capture.AllocationProbe;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.capture.LinkType;
import org.dlminspect.pipeline.DissectionListener;
import org.dlminspect.pipeline.Dissector;
import org.dlminspect.pipeline.DissectorOptions;
import org.dlminspect.testkit.Captures;
import org.dlminspect.testkit.DlmBytes;
import org.junit.jupiter.api.Test;

/**
 * The SCTP path allocates per packet no more than the chunks it decodes (records for decoded values): no packet
 * object, chunk list, endpoints, lookup keys or lambdas per packet.
 */
class SctpAllocationTest {
    private static final long TAG_TO_1 = 0x11111111L;
    private static final long TAG_TO_2 = 0x22222222L;

    @Test
    void aPacketOfAKnownAssociationAllocatesOnlyItsChunks() {
        byte[] opts = DlmBytes.opts(1, 0, DlmBytes.rcom(DlmBytes.V32, DlmBytes.LOCKSPACE, 1, 1, 0, 7, 0, 0, new byte[0]));
        CaptureFrame init = Captures.frame(LinkType.ETHERNET,
                SctpPackets.frame(1, 2, 40000, SctpPackets.DLM_PORT, 0, SctpPackets.init(1, TAG_TO_1, 100)));
        CaptureFrame initAck = Captures.frame(LinkType.ETHERNET,
                SctpPackets.frame(2, 1, SctpPackets.DLM_PORT, 40000, TAG_TO_1, SctpPackets.init(2, TAG_TO_2, 500)));
        // The same DATA again and again (a transport retransmission after the first: counted, never delivered), and
        // the peer's SACK: each packet decodes into exactly one chunk record.
        CaptureFrame data = Captures.frame(LinkType.ETHERNET,
                SctpPackets.frame(1, 2, 40000, SctpPackets.DLM_PORT, TAG_TO_2, SctpPackets.whole(100, opts)));
        CaptureFrame sack = Captures.frame(LinkType.ETHERNET,
                SctpPackets.frame(2, 1, SctpPackets.DLM_PORT, 40000, TAG_TO_1, SctpPackets.sack(100)));
        List<Diagnostic> diagnostics = new ArrayList<>();
        long[] messages = {0};
        Dissector d = new Dissector(DissectorOptions.defaults().withSctpChecksumVerification(true), new DissectionListener() {
            @Override
            public void onMessage(org.dlminspect.pipeline.DissectedMessage m) {
                messages[0]++;
            }

            @Override
            public void onDiagnostic(Diagnostic diagnostic) {
                diagnostics.add(diagnostic);
            }
        });
        d.process(init);
        d.process(initAck);
        int n = 100_000;
        long chunks = Long.MAX_VALUE;
        long perPacket = Long.MAX_VALUE;
        byte[] b = new byte[0];
        Object[] kept = new Object[2]; // stored, so that the baseline's records escape as the decoded ones do
        for (int round = 0; round < 3; round++) {
            long before = AllocationProbe.currentThreadAllocatedBytes();
            for (int i = 0; i < n; i++) {
                // What decoding the two packets must allocate: one Data and one Sack record.
                kept[i & 1] = (i & 1) == 0 ? new SctpChunk.Data(3, 100, 100 + i, 0, 0, 0, b, 0, 0) : new SctpChunk.Sack(0, 16, i, 0, 0);
            }
            long middle = AllocationProbe.currentThreadAllocatedBytes();
            for (int i = 0; i < n; i++) {
                d.process((i & 1) == 0 ? data : sack);
            }
            long after = AllocationProbe.currentThreadAllocatedBytes();
            chunks = Math.min(chunks, (middle - before) / n);
            perPacket = Math.min(perPacket, (after - middle) / n);
        }
        assertTrue(kept[0] != null && kept[1] != null);
        assertTrue(perPacket <= chunks, "bytes allocated per SCTP packet: " + perPacket + ", its chunk record: " + chunks);
        assertEquals(1, messages[0], "the DATA once, its copies are transport retransmissions");
        assertEquals(List.of(), diagnostics, "checksums verified and right");
    }
}
