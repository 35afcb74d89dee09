package org.dlminspect.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrameRefTest {
    @AfterEach
    void plainNumbersAgain() {
        FrameRef.useNames(null);
    }

    @Test
    void theFirstFilesReferencesArePlainFrameNumbers() {
        assertEquals(1234, FrameRef.of(0, 1234));
        assertEquals("1234", FrameRef.text(1234));
        assertNull(FrameRef.fileName(1234));
        assertFalse(FrameRef.named());
        assertEquals(7, FrameRef.width());
    }

    @Test
    void referencesCarryFileAndNumber() {
        long ref = FrameRef.of(2, 99_000_000_001L);
        assertEquals(2, FrameRef.file(ref));
        assertEquals(99_000_000_001L, FrameRef.number(ref));
        FrameRef.useNames(List.of("node1", "node2", "node3"));
        assertTrue(FrameRef.named());
        assertEquals("node3:99000000001", FrameRef.text(ref));
        assertEquals("node1:7", FrameRef.text(7));
        assertEquals(7 + 6, FrameRef.width());
        assertEquals("0", FrameRef.text(0), "0 is no frame, never a file's");
    }

    @Test
    void shortNamesDropWhatAllNamesShare() {
        assertEquals(List.of("node1", "node2", "node3"),
                FrameRef.shortNames(List.of("/x/pernode3.node1.pcap", "pernode3.node2.pcap.gz", "pernode3.node3.pcap")));
        assertEquals(List.of("a", "b", "c"), FrameRef.shortNames(List.of("a.pcap", "b.pcapng.gz", "c.pcap")));
        assertEquals(List.of("n1", "n2"), FrameRef.shortNames(List.of("dlm-n1-eth0.pcap", "dlm-n2-eth0.pcap")));
        assertEquals(List.of("stdin", "x"), FrameRef.shortNames(List.of("-", "x.pcap")));
        assertEquals(List.of("x", "x#2"), FrameRef.shortNames(List.of("a/x.pcap", "b/x.pcap")));
    }
}
