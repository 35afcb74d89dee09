package org.dlminspect.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.dlminspect.Severity;
import org.junit.jupiter.api.Test;

/** Sequence arithmetic, the latency histogram, options, codes (the message ring: {@link SeqRingTest}). */
class InternalsTest {

    @Test
    void wrapAwareComparisons() {
        assertTrue(Seq.before(0xFFFFFFFFL, 0));
        assertTrue(Seq.after(0, 0xFFFFFFFFL));
        assertTrue(Seq.before(5, 6));
        assertFalse(Seq.before(6, 6));
        assertEquals(0, Seq.next(0xFFFFFFFFL));
        assertEquals(0xFFFFFFFFL, Seq.prev(0));
        assertEquals(2, Seq.diff(1, 0xFFFFFFFFL));
        assertEquals(1, Seq.add(0xFFFFFFFFL, 2));
        // the kernel's re-ACK test is plain unsigned
        assertTrue(Seq.kernelReAcks(3, 5));
        assertFalse(Seq.kernelReAcks(0xFFFFFFFFL, 2));
    }

    @Test
    void latencyMedianWithinResolution() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(-1, h.median());
        assertEquals(-1, h.max());
        Random rnd = new Random(1);
        long[] v = new long[1001];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1000 + rnd.nextInt(5_000_000);
            h.add(v[i]);
        }
        java.util.Arrays.sort(v);
        long median = v[500];
        assertEquals(median, h.median(), median * 0.04);
        assertEquals(v[1000], h.max());
        assertEquals(1001, h.samples());
        for (long x : new long[] {0, 1, 63, 64, 65, 1000, 1L << 40, Long.MAX_VALUE}) {
            long back = LatencyHistogram.value(LatencyHistogram.index(x));
            assertEquals((double) x, (double) back, Math.max(1, x * 0.032), "value " + x);
        }
    }

    @Test
    void hashSeesEveryByte() {
        byte[] a = Wire.data(2, 5);
        Set<Long> hashes = new HashSet<>();
        hashes.add(MidcommsAnalyzer.hash(ByteBuffer.wrap(a)));
        for (int i = 0; i < a.length; i++) {
            byte[] b = a.clone();
            b[i] ^= 1;
            hashes.add(MidcommsAnalyzer.hash(ByteBuffer.wrap(b)));
        }
        assertEquals(a.length + 1, hashes.size());
        assertNotEquals(MidcommsAnalyzer.hash(ByteBuffer.wrap(a, 0, a.length - 1).slice()),
                MidcommsAnalyzer.hash(ByteBuffer.wrap(a)));
    }

    @Test
    void optionsAreValidated() {
        AnalyzerOptions o = AnalyzerOptions.defaults();
        assertEquals(KernelEra.AUTO, o.era());
        assertEquals(300, o.backlogWarnThreshold());
        assertEquals(5_000_000_000L, o.finAckTimeoutNanos());
        assertEquals(KernelEra.FROM_6_5, o.toBuilder().era(KernelEra.FROM_6_5).build().era());
        assertEquals(7, o.toBuilder().maxFindingsPerCode(7).build().maxFindingsPerCode());
        assertEquals(99, o.toBuilder().ackDelayWarnNanos(99).build().ackDelayWarnNanos());
        assertEquals(77, o.toBuilder().resetWindowNanos(77).build().resetWindowNanos());
        assertEquals(64, o.toBuilder().maxTrackedStreams(64).build().maxTrackedStreams());
        assertEquals(3, o.toBuilder().finAckTimeoutNanos(3).build().finAckTimeoutNanos());
        assertThrows(IllegalArgumentException.class, () -> o.toBuilder().era(null).build());
        assertThrows(IllegalArgumentException.class, () -> o.toBuilder().backlogWarnThreshold(0).build());
        assertThrows(IllegalArgumentException.class, () -> o.toBuilder().maxTrackedMessages(8).build());
        assertThrows(IllegalArgumentException.class, () -> o.toBuilder().maxTrackedPairs(0).build());
        assertThrows(IllegalArgumentException.class, () -> o.toBuilder().maxFindingsPerCode(0).build());
        assertThrows(IllegalArgumentException.class, () -> o.toBuilder().finAckTimeoutNanos(-1).build());
    }

    @Test
    void codesAreStableAndUnique() {
        Set<String> seen = new HashSet<>();
        for (FindingCode c : FindingCode.values()) {
            assertTrue(c.code().matches("[a-z]+\\.[a-z_]+"), c.code());
            assertTrue(seen.add(c.code()), c.code());
            assertEquals(c, FindingCode.fromCode(c.code()));
        }
        assertNull(FindingCode.fromCode("no.such"));
        assertEquals("seq.gap", FindingCode.SEQ_GAP.code());
        assertEquals(Severity.ERROR, FindingCode.SEQ_GAP.defaultSeverity());
        assertEquals(Severity.NOTE, FindingCode.SEQ_RETRANSMISSION.defaultSeverity());
        assertEquals(5, MidcommsState.CLOSE_WAIT.kernelValue());
        assertTrue(MidcommsState.LAST_ACK.sentFin());
        assertFalse(MidcommsState.CLOSE_WAIT.sentFin());
    }

    @Test
    void durationsReadWell() {
        assertEquals("950 ns", Text.duration(950));
        assertEquals("95.0 µs", Text.duration(95_000));
        assertEquals("2.30 ms", Text.duration(2_300_000));
        assertEquals("1.284 s", Text.duration(1_284_000_000L));
        assertEquals("3 min 2 s", Text.duration(182_000_000_000L));
        assertEquals("seq 5", Text.seqs(5, 5));
        assertEquals("seqs 5..9", Text.seqs(5, 9));
    }
}
