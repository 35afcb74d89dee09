package org.dlminspect.sctp;

import static org.dlminspect.sctp.SctpPackets.DLM_PORT;
import static org.dlminspect.sctp.SctpPackets.data;
import static org.dlminspect.sctp.SctpPackets.forwardTsn;
import static org.dlminspect.sctp.SctpPackets.frame;
import static org.dlminspect.sctp.SctpPackets.iData;
import static org.dlminspect.sctp.SctpPackets.iForwardTsn;
import static org.dlminspect.sctp.SctpPackets.init;
import static org.dlminspect.sctp.SctpPackets.pcap;
import static org.dlminspect.sctp.SctpPackets.sack;
import static org.dlminspect.sctp.SctpPackets.whole;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.dlminspect.tcp.TcpEvent;
import org.dlminspect.testkit.DlmBytes;
import org.junit.jupiter.api.Test;

/** Synthetic SCTP captures, one per case the reassembly and association tracking must get right. */
class SctpSyntheticTest {
    private static final long TAG_TO_1 = 0x11111111L;
    private static final long TAG_TO_2 = 0x22222222L;
    private static final int CLIENT_PORT = 40000;

    /** OPTS seq {@code seq} from node {@code node} carrying an ACK-less inner message (a DLM_ACK is not wrapped). */
    private static byte[] opts(int node, int seq) {
        return DlmBytes.opts(node, seq, DlmBytes.rcom(DlmBytes.V32, DlmBytes.LOCKSPACE, node, 1, 0, 7, 0, 0, new byte[0]));
    }

    private static byte[] from1(long tag, byte[]... chunks) {
        return frame(1, 2, CLIENT_PORT, DLM_PORT, tag, chunks);
    }

    private static byte[] from2(long tag, byte[]... chunks) {
        return frame(2, 1, DLM_PORT, CLIENT_PORT, tag, chunks);
    }

    /** INIT from node 1, INIT ACK from node 2: the handshake that gives both tags. */
    private static List<byte[]> handshake(long tagTo1, long tagTo2, long tsn1, long tsn2) {
        List<byte[]> f = SctpPackets.list();
        f.add(from1(0, init(1, tagTo1, tsn1)));
        f.add(from2(tagTo1, init(2, tagTo2, tsn2)));
        return f;
    }

    @Test
    void aMessageFragmentedOverThreeDataChunksIsJoined() throws IOException {
        byte[] m = opts(1, 0);
        byte[] a = Arrays.copyOfRange(m, 0, 10);
        byte[] b = Arrays.copyOfRange(m, 10, 30);
        byte[] c = Arrays.copyOfRange(m, 30, m.length);
        List<byte[]> f = handshake(TAG_TO_1, TAG_TO_2, 100, 500);
        f.add(from1(TAG_TO_2, data(0x02, 100, 0, 0, a)));
        f.add(from1(TAG_TO_2, data(0x00, 101, 0, 0, b)));
        f.add(from1(TAG_TO_2, data(0x01, 102, 0, 0, c)));
        SctpRecording r = SctpRecording.of(pcap(f));
        assertEquals(1, r.messages.size(), r.diagnostics.toString());
        SctpRecording.Message got = r.messages.get(0);
        assertEquals(3, got.cmd());
        assertEquals(5, got.frame(), "reported in the frame that completes it");
        assertEquals(100, got.sctp().firstTsn());
        assertEquals(102, got.sctp().lastTsn());
        assertEquals(m.length, got.length());
        assertEquals(List.of(), r.diagnostics);
    }

    @Test
    void aRetransmittedTsnIsDeliveredOnce() throws IOException {
        List<byte[]> f = handshake(TAG_TO_1, TAG_TO_2, 100, 500);
        f.add(from1(TAG_TO_2, whole(100, opts(1, 0))));
        f.add(from1(TAG_TO_2, whole(100, opts(1, 0)))); // T3-rtx: the same TSN again
        f.add(from1(TAG_TO_2, whole(101, opts(1, 1))));
        SctpRecording r = SctpRecording.of(pcap(f));
        assertEquals(List.of(0L, 1L), r.messages.stream().map(SctpRecording.Message::seq).toList());
        assertEquals(List.of(), r.diagnostics);
    }

    @Test
    void severalDlmMessagesInOneChunkAndDataBundledWithSack() throws IOException {
        List<byte[]> f = handshake(TAG_TO_1, TAG_TO_2, 100, 500);
        f.add(from1(TAG_TO_2, whole(100, opts(1, 0), opts(1, 1), DlmBytes.ack(1, 7))));
        f.add(from2(TAG_TO_1, sack(100), whole(500, opts(2, 0), DlmBytes.ack(2, 2))));
        SctpRecording r = SctpRecording.of(pcap(f));
        assertEquals(List.of(3, 3, 4, 3, 4), r.messages.stream().map(SctpRecording.Message::cmd).toList());
        assertEquals(List.of(1, 1, 1, 2, 2), r.messages.stream().map(SctpRecording.Message::nodeid).toList());
        assertEquals(List.of(), r.diagnostics);
    }

    @Test
    void aMissingTsnProvenBySackIsReportedAndTheRestDecoded() throws IOException {
        List<byte[]> f = handshake(TAG_TO_1, TAG_TO_2, 100, 500);
        f.add(from1(TAG_TO_2, whole(100, opts(1, 0))));
        // TSN 101 was sent and received, but the capture does not hold it: node 2's SACK says so.
        f.add(from2(TAG_TO_1, sack(101)));
        f.add(from1(TAG_TO_2, whole(102, opts(1, 2))));
        SctpRecording r = SctpRecording.of(pcap(f));
        assertEquals(List.of(0L, 2L), r.messages.stream().map(SctpRecording.Message::seq).toList());
        assertEquals(List.of("sctp.gap"), r.codes());
        assertTrue(r.diagnostics.get(0).message().contains("TSN 101 not captured"), r.diagnostics.toString());
        assertEquals(4, r.diagnostics.get(0).frame());
        assertEquals(1, r.events(TcpEvent.Kind.GAP));
    }

    @Test
    void aHeldChunkAfterAHoleIsDeliveredWhenTheHoleFills() throws IOException {
        List<byte[]> f = handshake(TAG_TO_1, TAG_TO_2, 100, 500);
        f.add(from1(TAG_TO_2, whole(101, opts(1, 1)))); // captured before 100 (reordered)
        f.add(from1(TAG_TO_2, whole(100, opts(1, 0))));
        SctpRecording r = SctpRecording.of(pcap(f));
        assertEquals(List.of(0L, 1L), r.messages.stream().map(SctpRecording.Message::seq).toList());
        assertEquals(List.of(), r.diagnostics);
    }

    @Test
    void aMultiHomedAssociationOnTwoAddressPairsIsOne() throws IOException {
        List<byte[]> f = handshake(TAG_TO_1, TAG_TO_2, 100, 500);
        f.add(from1(TAG_TO_2, whole(100, opts(1, 0))));
        // The same association on the second path: other addresses, same ports and tags.
        f.add(frame(11, 12, CLIENT_PORT, DLM_PORT, TAG_TO_2, whole(101, opts(1, 1))));
        f.add(frame(12, 11, DLM_PORT, CLIENT_PORT, TAG_TO_1, sack(101), whole(500, opts(2, 0))));
        SctpRecording r = SctpRecording.of(pcap(f));
        assertEquals(3, r.messages.size(), r.diagnostics.toString());
        assertEquals(1, r.messages.stream().map(m -> m.sctp().association()).distinct().count());
        assertEquals(1, r.events(TcpEvent.Kind.OPEN));
        assertTrue(r.messages.get(1).direction().fromClient());
        assertTrue(!r.messages.get(2).direction().fromClient());
        assertEquals(List.of(), r.diagnostics);
    }

    @Test
    void anAbortThenANewAssociationIsAReconnectWithTheMessagesSentAgain() throws IOException {
        List<byte[]> f = handshake(TAG_TO_1, TAG_TO_2, 100, 500);
        f.add(from1(TAG_TO_2, whole(100, opts(1, 0))));
        f.add(from2(TAG_TO_1, SctpPackets.chunk(6, 0, new byte[0]))); // ABORT
        f.addAll(handshake(0x33333333L, 0x44444444L, 900, 700));
        f.add(from1(0x44444444L, whole(900, opts(1, 0)))); // midcomms retransmits seq 0 on the new association
        SctpRecording r = SctpRecording.of(pcap(f));
        assertEquals(2, r.messages.size());
        assertEquals(List.of(0, 1), r.messages.stream().map(m -> m.sctp().association()).toList());
        assertEquals(2, r.events(TcpEvent.Kind.OPEN));
        assertEquals(1, r.events(TcpEvent.Kind.RST));
        assertTrue(r.codes().contains("sctp.abort"));
    }

    @Test
    void aBadChecksumIsReportedWhenVerificationIsOn() throws IOException {
        List<byte[]> f = handshake(TAG_TO_1, TAG_TO_2, 100, 500);
        f.add(frame(1, 2, CLIENT_PORT, DLM_PORT, TAG_TO_2, false, whole(100, opts(1, 0))));
        SctpRecording off = SctpRecording.of(pcap(f), false);
        assertEquals(List.of(), off.diagnostics, "off by default, as tshark's sctp.checksum");
        SctpRecording on = SctpRecording.of(pcap(f), true);
        assertEquals(List.of("sctp.checksum"), on.codes());
        assertEquals(3, on.diagnostics.get(0).frame());
        assertEquals(1, on.messages.size(), "decoded all the same");
    }

    @Test
    void lyingAndTruncatedChunkLengthsAreReportedAndNothingCrashes() throws IOException {
        List<byte[]> f = handshake(TAG_TO_1, TAG_TO_2, 100, 500);
        byte[] good = whole(100, opts(1, 0));
        byte[] lying = good.clone();
        lying[2] = 0x7F; // chunk length far past the packet
        f.add(from1(TAG_TO_2, lying));
        byte[] tiny = SctpPackets.chunk(0, 3, new byte[0]);
        tiny[3] = 2; // length 2 < chunk header
        f.add(from1(TAG_TO_2, tiny));
        f.add(from1(TAG_TO_2, SctpPackets.chunk(0, 3, new byte[4]))); // DATA shorter than its fixed fields
        f.add(from1(TAG_TO_2, good));
        SctpRecording r = SctpRecording.of(pcap(f));
        assertEquals(List.of("sctp.chunk_length", "sctp.chunk_length", "sctp.chunk_length"), r.codes());
        assertEquals(List.of(3L, 4L, 5L), r.diagnostics.stream().map(d -> d.frame()).toList());
        assertEquals(1, r.messages.size(), "the good chunk after them is decoded");
        assertNotNull(r.messages.get(0).sctp());
    }

    @Test
    void unknownChunkTypesAreCountedAndReportedOnce() throws IOException {
        List<byte[]> f = handshake(TAG_TO_1, TAG_TO_2, 100, 500);
        f.add(from1(TAG_TO_2, SctpPackets.chunk(0x55, 0, new byte[4]), whole(100, opts(1, 0))));
        f.add(from1(TAG_TO_2, SctpPackets.chunk(0x4D, 0, new byte[4]))); // type 77: not assigned
        SctpRecording r = SctpRecording.of(pcap(f));
        assertEquals(List.of("sctp.not_dissected"), r.codes());
        assertTrue(r.diagnostics.get(0).message().startsWith("2 SCTP chunks"), r.diagnostics.toString());
        assertTrue(r.diagnostics.get(0).message().contains("between frame 3 and frame 4"));
        assertEquals(1, r.messages.size());
    }

    @Test
    void aCaptureStartingMidAssociationPairsItsDirectionsByPorts() throws IOException {
        List<byte[]> f = SctpPackets.list();
        f.add(from1(TAG_TO_2, whole(7000, opts(1, 40))));
        f.add(from2(TAG_TO_1, sack(7000), whole(3000, opts(2, 12))));
        f.add(from1(TAG_TO_2, sack(3000), data(0x01, 7001, 0, 1, new byte[8]))); // a last fragment without its start
        f.add(from1(TAG_TO_2, whole(7002, opts(1, 41))));
        SctpRecording r = SctpRecording.of(pcap(f));
        assertEquals(List.of(40L, 12L, 41L), r.messages.stream().map(SctpRecording.Message::seq).toList());
        assertEquals(1, r.events(TcpEvent.Kind.OPEN));
        assertEquals(List.of(), r.diagnostics);
    }

    @Test
    void aMessageFragmentedOverThreeIDataChunksIsJoinedByMidAndFsn() throws IOException {
        byte[] m = opts(1, 0);
        List<byte[]> f = handshake(TAG_TO_1, TAG_TO_2, 100, 500);
        f.add(from1(TAG_TO_2, iData(0x02, 100, 3, 7, 0, Arrays.copyOfRange(m, 0, 10))));
        f.add(from1(TAG_TO_2, iData(0x00, 101, 3, 7, 1, Arrays.copyOfRange(m, 10, 30))));
        f.add(from1(TAG_TO_2, iData(0x01, 102, 3, 7, 2, Arrays.copyOfRange(m, 30, m.length))));
        f.add(from1(TAG_TO_2, iData(0x03, 103, 3, 8, 0, opts(1, 1)))); // unfragmented: B and E
        SctpRecording r = SctpRecording.of(pcap(f));
        assertEquals(List.of(0L, 1L), r.messages.stream().map(SctpRecording.Message::seq).toList(), r.diagnostics.toString());
        SctpRecording.Message got = r.messages.get(0);
        assertEquals(5, got.frame(), "reported in the frame that completes it");
        assertEquals(m.length, got.length());
        assertEquals(100, got.sctp().firstTsn());
        assertEquals(102, got.sctp().lastTsn());
        assertEquals(3, got.sctp().streamId());
        assertEquals(7, got.sctp().mid());
        assertTrue(got.sctp().interleaved());
        assertEquals(-1, got.sctp().ssn(), "I-DATA has no SSN");
        assertEquals(8, r.messages.get(1).sctp().mid());
        assertEquals(List.of(), r.diagnostics, "I-DATA is dissected, not counted as not dissected");
    }

    @Test
    void interleavedIDataMessagesOfTwoStreamsAreJoinedEach() throws IOException {
        byte[] a = opts(1, 0);
        byte[] b = opts(1, 1);
        List<byte[]> f = handshake(TAG_TO_1, TAG_TO_2, 100, 500);
        // Stream 0 message 0 and stream 1 message 0 interleave in TSN order (RFC 8260 §1: what I-DATA is for).
        f.add(from1(TAG_TO_2, iData(0x02, 100, 0, 0, 0, Arrays.copyOfRange(a, 0, 20))));
        f.add(from1(TAG_TO_2, iData(0x02, 101, 1, 0, 0, Arrays.copyOfRange(b, 0, 12))));
        f.add(from1(TAG_TO_2, iData(0x00, 102, 0, 0, 1, Arrays.copyOfRange(a, 20, 40))));
        f.add(from1(TAG_TO_2, iData(0x01, 103, 1, 0, 1, Arrays.copyOfRange(b, 12, b.length))));
        f.add(from1(TAG_TO_2, iData(0x01, 104, 0, 0, 2, Arrays.copyOfRange(a, 40, a.length))));
        SctpRecording r = SctpRecording.of(pcap(f));
        assertEquals(List.of(1L, 0L), r.messages.stream().map(SctpRecording.Message::seq).toList(),
                "each message when its last fragment arrives: " + r.diagnostics);
        assertEquals(List.of(1, 0), r.messages.stream().map(m -> m.sctp().streamId()).toList());
        assertEquals(List.of(101L, 100L), r.messages.stream().map(m -> m.sctp().firstTsn()).toList());
        assertEquals(List.of(103L, 104L), r.messages.stream().map(m -> m.sctp().lastTsn()).toList());
        assertEquals(List.of(6L, 7L), r.messages.stream().map(SctpRecording.Message::frame).toList());
        assertEquals(List.of(), r.diagnostics);
    }

    @Test
    void anIDataFragmentInAMissingTsnLosesOnlyItsOwnMessage() throws IOException {
        byte[] a = opts(1, 0);
        byte[] b = opts(1, 1);
        List<byte[]> f = handshake(TAG_TO_1, TAG_TO_2, 100, 500);
        f.add(from1(TAG_TO_2, iData(0x02, 100, 0, 0, 0, Arrays.copyOfRange(a, 0, 20))));
        f.add(from1(TAG_TO_2, iData(0x02, 101, 1, 0, 0, Arrays.copyOfRange(b, 0, 12))));
        // TSN 102 (stream 0, FSN 1) was received by node 2 but not captured: its SACK says so.
        f.add(from2(TAG_TO_1, sack(102)));
        f.add(from1(TAG_TO_2, iData(0x01, 103, 1, 0, 1, Arrays.copyOfRange(b, 12, b.length))));
        f.add(from1(TAG_TO_2, iData(0x01, 104, 0, 0, 2, Arrays.copyOfRange(a, 40, a.length))));
        f.add(from1(TAG_TO_2, iData(0x03, 105, 0, 1, 0, opts(1, 2))));
        SctpRecording r = SctpRecording.of(pcap(f));
        assertEquals(List.of(1L, 2L), r.messages.stream().map(SctpRecording.Message::seq).toList(),
                "stream 1's message and the next one of stream 0 survive: " + r.diagnostics);
        assertEquals(List.of("sctp.gap"), r.codes());
        assertTrue(r.diagnostics.get(0).message().contains("TSN 102 not captured"), r.diagnostics.toString());
    }

    @Test
    void aForwardTsnAbandonsTheMissingTsnAndDeliveryGoesOn() throws IOException {
        List<byte[]> f = handshake(TAG_TO_1, TAG_TO_2, 100, 500);
        f.add(from1(TAG_TO_2, whole(100, opts(1, 0))));
        f.add(from1(TAG_TO_2, whole(102, opts(1, 2)))); // held: TSN 101 is not there
        // The sender gave TSN 101 up (RFC 3758 §3.5): its FORWARD TSN says so, naming stream 0 SSN 1.
        f.add(from1(TAG_TO_2, forwardTsn(101, 0, 1)));
        f.add(from2(TAG_TO_1, sack(102)));
        f.add(from1(TAG_TO_2, whole(103, opts(1, 3))));
        SctpRecording r = SctpRecording.of(pcap(f));
        assertEquals(List.of(0L, 2L, 3L), r.messages.stream().map(SctpRecording.Message::seq).toList(), r.diagnostics.toString());
        assertEquals(4, r.messages.get(1).frame(), "the held chunk, delivered when the FORWARD TSN frees it, keeps its frame");
        assertEquals(List.of("sctp.abandoned"), r.codes(), "abandoned, not a capture gap");
        assertEquals(5, r.diagnostics.get(0).frame());
        String m = r.diagnostics.get(0).message();
        assertTrue(m.startsWith("DATA TSN 101 abandoned by the sender"), m);
        assertTrue(m.contains("cumulative TSN to 101") && m.contains("not lost by the capture"), m);
        assertEquals(0, r.events(TcpEvent.Kind.GAP), "no capture gap is claimed");
    }

    @Test
    void aForwardTsnPastSeveralMissingTsnsAbandonsEachRangeAroundHeldChunks() throws IOException {
        List<byte[]> f = handshake(TAG_TO_1, TAG_TO_2, 100, 500);
        f.add(from1(TAG_TO_2, whole(100, opts(1, 0))));
        f.add(from1(TAG_TO_2, whole(103, opts(1, 3)))); // 101 and 102 missing
        f.add(from1(TAG_TO_2, whole(106, opts(1, 6)))); // 104 and 105 missing
        f.add(from1(TAG_TO_2, forwardTsn(105)));
        SctpRecording r = SctpRecording.of(pcap(f));
        assertEquals(List.of(0L, 3L, 6L), r.messages.stream().map(SctpRecording.Message::seq).toList(), r.diagnostics.toString());
        assertEquals(List.of("sctp.abandoned", "sctp.abandoned"), r.codes());
        assertTrue(r.diagnostics.get(0).message().startsWith("DATA TSNs 101-102 abandoned"), r.diagnostics.toString());
        assertTrue(r.diagnostics.get(1).message().startsWith("DATA TSNs 104-105 abandoned"), r.diagnostics.toString());
    }

    @Test
    void theFragmentsOfAMessageAbandonedByForwardTsnAreDropped() throws IOException {
        byte[] m = opts(1, 0);
        List<byte[]> f = handshake(TAG_TO_1, TAG_TO_2, 100, 500);
        f.add(from1(TAG_TO_2, data(0x02, 100, 0, 0, Arrays.copyOfRange(m, 0, 10))));
        f.add(from1(TAG_TO_2, data(0x00, 101, 0, 0, Arrays.copyOfRange(m, 10, 30))));
        // The last fragment (TSN 102) was never sent: the sender abandons the message up to TSN 102.
        f.add(from1(TAG_TO_2, forwardTsn(102, 0, 0)));
        f.add(from1(TAG_TO_2, data(0x01, 103, 0, 1, Arrays.copyOfRange(m, 30, m.length)))); // a stray last fragment
        f.add(from1(TAG_TO_2, whole(104, opts(1, 1))));
        SctpRecording r = SctpRecording.of(pcap(f));
        assertEquals(List.of(1L), r.messages.stream().map(SctpRecording.Message::seq).toList(), r.diagnostics.toString());
        assertEquals(List.of("sctp.abandoned"), r.codes());
        assertTrue(r.diagnostics.get(0).message().startsWith("DATA TSN 102 abandoned"), r.diagnostics.toString());
    }

    @Test
    void aForwardTsnEndingInsideAMessageDropsItsHeldFragments() throws IOException {
        byte[] m = opts(1, 0);
        List<byte[]> f = handshake(TAG_TO_1, TAG_TO_2, 100, 500);
        f.add(from1(TAG_TO_2, data(0x02, 100, 0, 0, Arrays.copyOfRange(m, 0, 10))));
        f.add(from1(TAG_TO_2, data(0x00, 101, 0, 0, Arrays.copyOfRange(m, 10, 30))));
        f.add(from1(TAG_TO_2, forwardTsn(101, 0, 0))); // every TSN up to 101 was received: only the message is given up
        f.add(from1(TAG_TO_2, whole(102, opts(1, 1))));
        SctpRecording r = SctpRecording.of(pcap(f));
        assertEquals(List.of(1L), r.messages.stream().map(SctpRecording.Message::seq).toList(), r.diagnostics.toString());
        assertEquals(List.of("sctp.abandoned"), r.codes());
        assertTrue(r.diagnostics.get(0).message().startsWith("a user message from TSN 100 was dropped with 30 bytes"),
                r.diagnostics.toString());
        assertEquals(5, r.diagnostics.get(0).frame());
    }

    @Test
    void anOldForwardTsnChangesNothing() throws IOException {
        List<byte[]> f = handshake(TAG_TO_1, TAG_TO_2, 100, 500);
        f.add(from1(TAG_TO_2, whole(100, opts(1, 0))));
        f.add(from1(TAG_TO_2, whole(101, opts(1, 1))));
        f.add(from1(TAG_TO_2, forwardTsn(100))); // a late copy: TSN 100 is behind the cumulative TSN
        f.add(from1(TAG_TO_2, whole(102, opts(1, 2))));
        SctpRecording r = SctpRecording.of(pcap(f));
        assertEquals(List.of(0L, 1L, 2L), r.messages.stream().map(SctpRecording.Message::seq).toList());
        assertEquals(List.of(), r.diagnostics);
    }

    @Test
    void anIForwardTsnDropsOnlyTheMessagesItNames() throws IOException {
        byte[] a = opts(1, 0);
        byte[] c = opts(1, 5);
        List<byte[]> f = handshake(TAG_TO_1, TAG_TO_2, 100, 500);
        f.add(from1(TAG_TO_2, iData(0x02, 100, 0, 0, 0, Arrays.copyOfRange(a, 0, 20)))); // stream 0 MID 0: abandoned
        f.add(from1(TAG_TO_2, iData(0x02, 101, 2, 0, 0, Arrays.copyOfRange(c, 0, 20)))); // stream 2 MID 0: goes on
        f.add(from1(TAG_TO_2, iForwardTsn(101, 0, false, 0)));
        f.add(from1(TAG_TO_2, iData(0x01, 102, 2, 0, 1, Arrays.copyOfRange(c, 20, c.length))));
        f.add(from1(TAG_TO_2, iData(0x03, 103, 0, 1, 0, opts(1, 1))));
        f.add(from1(TAG_TO_2, iData(0x01, 104, 0, 0, 1, Arrays.copyOfRange(a, 20, a.length)))); // too late: dropped
        SctpRecording r = SctpRecording.of(pcap(f));
        assertEquals(List.of(5L, 1L), r.messages.stream().map(SctpRecording.Message::seq).toList(), r.diagnostics.toString());
        assertEquals(List.of("sctp.abandoned"), r.codes());
        String m = r.diagnostics.get(0).message();
        assertTrue(m.startsWith("a user message from TSN 100 was dropped with 20 bytes"), m);
        assertTrue(m.contains("I FORWARD TSN to TSN 101"), m);
    }

    @Test
    void anIForwardTsnOfTheOtherUBitKeepsTheMessage() throws IOException {
        byte[] a = opts(1, 0);
        List<byte[]> f = handshake(TAG_TO_1, TAG_TO_2, 100, 500);
        f.add(from1(TAG_TO_2, iData(0x02, 100, 0, 0, 0, Arrays.copyOfRange(a, 0, 20))));
        f.add(from1(TAG_TO_2, iForwardTsn(100, 0, true, 0))); // names the unordered MID 0 of stream 0: not this one
        f.add(from1(TAG_TO_2, iData(0x01, 101, 0, 0, 1, Arrays.copyOfRange(a, 20, a.length))));
        SctpRecording r = SctpRecording.of(pcap(f));
        assertEquals(List.of(0L), r.messages.stream().map(SctpRecording.Message::seq).toList(), r.diagnostics.toString());
        assertEquals(List.of(), r.diagnostics);
    }

    @Test
    void forwardTsnChunksShorterThanTheirFieldsAreReported() throws IOException {
        List<byte[]> f = handshake(TAG_TO_1, TAG_TO_2, 100, 500);
        f.add(from1(TAG_TO_2, SctpPackets.chunk(192, 0, new byte[2]))); // 6 bytes: no room for the new cumulative TSN
        byte[] odd = SctpPackets.chunk(192, 0, new byte[] {0, 0, 0, 99, 0, 1}); // a half stream entry after it
        f.add(from1(TAG_TO_2, odd, whole(100, opts(1, 0))));
        SctpRecording r = SctpRecording.of(pcap(f));
        assertEquals(List.of("sctp.chunk_length", "sctp.chunk_length"), r.codes());
        assertTrue(r.diagnostics.get(0).message().contains("shorter than its fixed fields (8 bytes)"), r.diagnostics.toString());
        assertTrue(r.diagnostics.get(1).message().contains("leaves 2 bytes after its last 4-byte stream entry"),
                r.diagnostics.toString());
        assertEquals(List.of(0L), r.messages.stream().map(SctpRecording.Message::seq).toList());
    }
}
