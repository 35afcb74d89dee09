package org.dlminspect.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.dlminspect.net.Endpoint;
import org.dlminspect.net.IpAddress;
import org.dlminspect.net.TcpSegment;
import org.junit.jupiter.api.Test;

class TcpReassemblerTest {
    static final IpAddress CLIENT_IP = IpAddress.parse("10.99.0.2");
    static final IpAddress SERVER_IP = IpAddress.parse("10.99.0.1");
    static final int CLIENT_PORT = 40000;
    static final int SERVER_PORT = 21064;

    static final int SYN = TcpSegment.SYN;
    static final int ACK = TcpSegment.ACK;
    static final int FIN = TcpSegment.FIN;
    static final int RST = TcpSegment.RST;
    static final int PSH = TcpSegment.PSH;

    /** Writes every callback as one line; checks each callback's time is its frame's time. */
    static final class Recorder implements StreamHandler {
        final List<String> log = new ArrayList<>();
        final List<byte[]> dataArrays = new ArrayList<>();
        final List<TcpEvent> events = new ArrayList<>();
        final StringBuilder toServer = new StringBuilder();
        final StringBuilder toClient = new StringBuilder();

        @Override
        public void onData(TcpDirection d, byte[] data, int offset, int length, long frame, long epochNanos) {
            assertEquals(frame * 1000, epochNanos, "time of frame " + frame);
            assertTrue(length > 0, "empty delivery");
            String text = new String(data, offset, length, StandardCharsets.ISO_8859_1);
            log.add("DATA " + d.stream() + (d.fromClient() ? "c" : "s") + " f" + frame + " " + text);
            dataArrays.add(data);
            (d.fromClient() ? toServer : toClient).append(text);
        }

        @Override
        public void onEvent(TcpEvent e) {
            assertEquals(e.frame() * 1000, e.epochNanos(), "time of frame " + e.frame());
            events.add(e);
            String s = e.kind() + " " + e.direction().stream() + (e.direction().fromClient() ? "c" : "s") + " f" + e.frame();
            switch (e.kind()) {
                case GAP -> s += " b" + e.bytes() + " o" + e.otherFrame();
                case OVERLAP_MISMATCH, LIMIT, CLOSE, ACKED_AHEAD -> s += " b" + e.bytes();
                default -> { }
            }
            log.add(s);
        }

        List<String> take() {
            List<String> out = new ArrayList<>(log);
            log.clear();
            return out;
        }
    }

    /** A segment under construction. */
    static final class Seg {
        final TcpSegment s = new TcpSegment();

        Seg(IpAddress src, int sport, IpAddress dst, int dport, long seq) {
            s.source = src;
            s.sourcePort = sport;
            s.destination = dst;
            s.destinationPort = dport;
            s.sequence = seq & 0xFFFFFFFFL;
            s.payload = new byte[0];
        }

        Seg ack(long ack) {
            s.acknowledgement = ack & 0xFFFFFFFFL;
            s.flags |= ACK;
            return this;
        }

        Seg flags(int f) {
            s.flags |= f;
            return this;
        }

        Seg data(String text) {
            byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
            // Put the payload inside a larger array, as a frame buffer would.
            byte[] frameBuf = new byte[b.length + 7];
            System.arraycopy(b, 0, frameBuf, 5, b.length);
            s.payload = frameBuf;
            s.payloadOffset = 5;
            s.payloadLength = b.length;
            s.flags |= b.length > 0 ? PSH : 0;
            return this;
        }

        Seg missing(int n) {
            s.missingPayloadLength = n;
            return this;
        }
    }

    static Seg c(long seq) {
        return new Seg(CLIENT_IP, CLIENT_PORT, SERVER_IP, SERVER_PORT, seq);
    }

    static Seg s(long seq) {
        return new Seg(SERVER_IP, SERVER_PORT, CLIENT_IP, CLIENT_PORT, seq);
    }

    static Seg from(int clientPort, long seq) {
        return new Seg(CLIENT_IP, clientPort, SERVER_IP, SERVER_PORT, seq);
    }

    static Seg to(int clientPort, long seq) {
        return new Seg(SERVER_IP, SERVER_PORT, CLIENT_IP, clientPort, seq);
    }

    final Recorder rec = new Recorder();
    TcpReassembler r = new TcpReassembler(rec, ReassemblyLimits.defaults());
    long frame;

    long feed(Seg seg) {
        frame++;
        r.accept(seg.s, frame, frame * 1000);
        return frame;
    }

    void finish() {
        frame++;
        r.finish(frame, frame * 1000);
    }

    /** SYN, SYN-ACK, ACK: frames 1 to 3; client data starts at cisn+1, server data at sisn+1. */
    void handshake(long cisn, long sisn) {
        feed(c(cisn).flags(SYN));
        feed(s(sisn).flags(SYN).ack(cisn + 1));
        feed(c(cisn + 1).ack(sisn + 1));
        assertEquals(List.of("OPEN 0c f1", "SYN 0c f1", "SYN 0s f2"), rec.take());
    }

    // ---- in order ----

    @Test
    void inOrderBytesAreDeliveredAtOnceFromTheSegmentsOwnArray() {
        handshake(1000, 5000);
        Seg a = c(1001).ack(5001).data("abc");
        feed(a);
        assertEquals(List.of("DATA 0c f4 abc"), rec.take());
        assertSame(a.s.payload, rec.dataArrays.get(0), "in-order data must not be copied");
        feed(c(1004).ack(5001).data("def"));
        feed(s(5001).ack(1007).data("xy"));
        assertEquals(List.of("DATA 0c f5 def", "DATA 0s f6 xy"), rec.take());
        assertEquals("abcdef", rec.toServer.toString());
        assertEquals("xy", rec.toClient.toString());
    }

    @Test
    void synWithDataDeliversThePayloadAfterTheSynSequenceNumber() {
        feed(c(1000).flags(SYN).data("hi"));
        feed(c(1003).data("!"));
        assertEquals(List.of("OPEN 0c f1", "SYN 0c f1", "DATA 0c f1 hi", "DATA 0c f2 !"), rec.take());
    }

    // ---- a SYN reusing a live connection's 4-tuple ----

    @Test
    void aRefusedSynReusingTheSourcePortOfALiveConnectionDoesNotSplitIt() {
        handshake(1000, 5000);
        feed(c(1001).ack(5001).data("abc"));
        feed(s(5001).ack(1004).data("xy"));
        rec.take();
        feed(c(777_000_000).flags(SYN));                 // frame 6: a reconnect from the same port, new ISN
        feed(s(0).flags(RST).ack(777_000_001));          // frame 7: refused
        assertEquals(List.of("OPEN 1c f6", "SYN 1c f6", "RST 1s f7", "CLOSE 1c f7 b1", "CLOSE 1s f7 b1"), rec.take());
        feed(s(5003).ack(1004).data("z"));               // the live connection goes on in its own sequence space
        feed(c(1004).ack(5004).data("def"));
        assertEquals(List.of("DATA 0s f8 z", "DATA 0c f9 def"), rec.take());
        assertEquals("abcdef", rec.toServer.toString());
        assertEquals("xyz", rec.toClient.toString());
    }

    @Test
    void anAcceptedSynReusingTheSourcePortReplacesTheLiveConnection() {
        handshake(1000, 5000);
        feed(c(1001).ack(5001).data("abc"));
        rec.take();
        feed(c(777_000_000).flags(SYN));                  // frame 5
        feed(s(9000).flags(SYN).ack(777_000_001));        // frame 6: accepted: the server dropped the old one
        feed(c(777_000_001).ack(9001).data("new"));       // frame 7
        assertEquals(List.of("OPEN 1c f5", "SYN 1c f5", "CLOSE 0c f6 b1", "CLOSE 0s f6 b1", "SYN 1s f6",
                "DATA 1c f7 new"), rec.take());
    }

    // ---- out of order ----

    @Test
    void outOfOrderSegmentsAreHeldAndReleasedInOrderEachWithItsFrame() {
        handshake(1000, 5000);
        Seg def = c(1004).data("def");
        feed(def);
        feed(c(1007).data("ghi"));
        assertEquals(List.of(), rec.take());
        // The held bytes are copies: the frame buffer may be reused for the next frame.
        def.s.payload[5] = 'X';
        feed(c(1001).data("abc"));
        assertEquals(List.of("DATA 0c f6 abc", "DATA 0c f4 def", "DATA 0c f5 ghi"), rec.take());
        assertNotSame(def.s.payload, rec.dataArrays.get(1));
    }

    @Test
    void reverseOrderArrivalIsDeliveredInSequenceOrder() {
        handshake(1000, 5000);
        feed(c(1007).data("ghi"));
        feed(c(1004).data("def"));
        feed(c(1001).data("abc"));
        assertEquals(List.of("DATA 0c f6 abc", "DATA 0c f5 def", "DATA 0c f4 ghi"), rec.take());
        feed(c(1010).data("j"));
        assertEquals(List.of("DATA 0c f7 j"), rec.take());
    }

    @Test
    void reorderingAloneNeverDeclaresAGap() {
        handshake(1000, 5000);
        feed(c(1004).data("def"));
        feed(s(5001).ack(1001));          // the receiver is still waiting for 1001
        feed(c(1007).data("ghi"));
        feed(c(1001).data("abc"));
        feed(s(5001).ack(1010));
        finish();
        assertEquals(List.of("DATA 0c f7 abc", "DATA 0c f4 def", "DATA 0c f6 ghi", "CLOSE 0c f9 b0", "CLOSE 0s f9 b0"),
                rec.take());
    }

    // ---- retransmission and overlap ----

    @Test
    void retransmittedBytesAreDeliveredOnce() {
        handshake(1000, 5000);
        feed(c(1001).data("abc"));
        feed(c(1001).data("abc"));
        feed(c(1004).data("def"));
        feed(c(1001).data("abcdef"));
        assertEquals(List.of("DATA 0c f4 abc", "DATA 0c f6 def"), rec.take());
    }

    @Test
    void aDuplicatedHeldSegmentIsDeliveredOnceFromItsFirstCopy() {
        handshake(1000, 5000);
        feed(c(1004).data("def"));
        feed(c(1004).data("def"));
        feed(c(1001).data("abc"));
        assertEquals(List.of("DATA 0c f6 abc", "DATA 0c f4 def"), rec.take());
    }

    @Test
    void aPartialOverlapDeliversOnlyItsNewBytes() {
        handshake(1000, 5000);
        feed(c(1001).data("abcdefghij"));
        feed(c(1006).data("fghijKLMNO"));
        assertEquals(List.of("DATA 0c f4 abcdefghij", "DATA 0c f5 KLMNO"), rec.take());
        assertEquals("abcdefghijKLMNO", rec.toServer.toString());
    }

    @Test
    void aSegmentOverlappingHeldBytesDeliversThemFromTheirFirstCopy() {
        handshake(1000, 5000);
        feed(c(1011).data("klmno"));
        feed(c(1001).data("abcdefghijkl"));
        assertEquals(List.of("DATA 0c f5 abcdefghij", "DATA 0c f4 klmno"), rec.take());
        assertEquals("abcdefghijklmno", rec.toServer.toString());
    }

    @Test
    void aSegmentSpanningSeveralHeldPiecesFillsOnlyTheHolesBetweenThem() {
        handshake(1000, 5000);
        feed(c(1004).data("de"));       // [1004,1006)
        feed(c(1008).data("hi"));       // [1008,1010)
        feed(c(1001).data("abcDEfgHIjk")); // [1001,1012) differs from both held pieces
        assertEquals(List.of("DATA 0c f6 abc", "DATA 0c f4 de", "DATA 0c f6 fg", "DATA 0c f5 hi", "DATA 0c f6 jk",
                "OVERLAP_MISMATCH 0c f6 b4"), rec.take());
        assertEquals("abcdefghijk", rec.toServer.toString());
    }

    @Test
    void aRetransmissionWithDifferentBytesIsReportedWithTheNumberOfDifferingBytes() {
        handshake(1000, 5000);
        feed(c(1001).data("abcdefghij"));
        feed(c(1006).data("fXhYjklmno"));
        assertEquals(List.of("DATA 0c f4 abcdefghij", "DATA 0c f5 klmno", "OVERLAP_MISMATCH 0c f5 b2"), rec.take());
        feed(c(1001).data("ABCDEFGHIJKLMNO"));
        assertEquals(List.of("OVERLAP_MISMATCH 0c f6 b15"), rec.take());
        assertEquals("abcdefghijklmno", rec.toServer.toString());
    }

    @Test
    void heldOutOfOrderDataOverlappingItselfIsCompared() {
        handshake(1000, 5000);
        feed(c(1011).data("klmno"));
        feed(c(1013).data("MNOpq"));
        assertEquals(List.of("OVERLAP_MISMATCH 0c f5 b3"), rec.take());
        feed(c(1001).data("abcdefghij"));
        assertEquals(List.of("DATA 0c f6 abcdefghij", "DATA 0c f4 klmno", "DATA 0c f5 pq"), rec.take());
    }

    @Test
    void aKeepAliveByteIsNotComparedWithTheDeliveredByte() {
        handshake(1000, 5000);
        feed(c(1001).data("abc"));
        feed(c(1003).data("\0"));
        assertEquals(List.of("DATA 0c f4 abc"), rec.take());
        feed(c(1002).data("\0"));       // not a keep-alive: one byte before the last
        assertEquals(List.of("OVERLAP_MISMATCH 0c f6 b1"), rec.take());
    }

    @Test
    void onlyTheLastWindowOfDeliveredBytesIsComparedWithRetransmissions() {
        r = new TcpReassembler(rec, ReassemblyLimits.defaults().withOverlapWindowBytes(4));
        handshake(1000, 5000);
        feed(c(1001).data("abcdefgh"));
        feed(c(1001).data("ABCDefgh"));   // the first four bytes are older than the 4-byte window
        feed(c(1005).data("EFgh"));
        assertEquals(List.of("DATA 0c f4 abcdefgh", "OVERLAP_MISMATCH 0c f6 b2"), rec.take());
    }

    // ---- sequence wrap ----

    @Test
    void aStreamCrossingTwoToThe32IsReassembledAcrossTheWrap() {
        handshake(0xFFFFFFF8L, 5000);        // client data starts at 0xFFFFFFF9
        feed(c(4).data("lmn"));              // [4, 7) after the wrap
        feed(c(0xFFFFFFFFL).data("ghijk"));  // [0xFFFFFFFF, 4): crosses 2^32
        assertEquals(List.of(), rec.take());
        feed(c(0xFFFFFFF9L).data("abcdef"));
        assertEquals(List.of("DATA 0c f6 abcdef", "DATA 0c f5 ghijk", "DATA 0c f4 lmn"), rec.take());
        feed(c(0xFFFFFFFEL).data("fgXijk"));   // retransmission across the wrap, one byte changed
        assertEquals(List.of("OVERLAP_MISMATCH 0c f7 b1"), rec.take());
        feed(s(5001).ack(10));                 // the receiver has [7, 10) that the capture never showed
        feed(c(10).data("xyz"));
        assertEquals(List.of("ACKED_AHEAD 0c f8 b3", "GAP 0c f9 b3 o4", "DATA 0c f9 xyz"), rec.take());
        assertEquals("abcdefghijklmnxyz", rec.toServer.toString());
    }

    @Test
    void aFinJustBeforeTheWrapIsConsumed() {
        handshake(0xFFFFFFFDL, 5000);        // data at 0xFFFFFFFE
        feed(c(0xFFFFFFFEL).data("ab").flags(FIN));  // FIN at 0, next 1
        feed(s(5001).ack(1));
        finish();
        assertEquals(List.of("DATA 0c f4 ab", "FIN 0c f4", "CLOSE 0c f6 b0", "CLOSE 0s f6 b0"), rec.take());
    }

    // ---- gaps ----

    @Test
    void bytesAcknowledgedButNeverCapturedBecomeAGapBeforeTheHeldDataThatFollows() {
        handshake(1000, 5000);
        feed(c(1001).data("abc"));
        feed(c(1007).data("ghi"));       // [1004,1007) not captured
        feed(s(5001).ack(1010));          // ...but the receiver has it
        assertEquals(List.of("DATA 0c f4 abc", "ACKED_AHEAD 0c f6 b6"), rec.take());
        feed(c(1010).data("jkl"));        // the sender goes on past the acknowledged point
        assertEquals(List.of("GAP 0c f5 b3 o4", "DATA 0c f5 ghi", "DATA 0c f7 jkl"), rec.take());
    }

    @Test
    void anAckCapturedJustBeforeTheDataItAcknowledgesIsNotAGap() {
        // snaplen.pcap frames 19314/19315: the ACK is recorded 6 µs before the segment it acknowledges.
        handshake(1000, 5000);
        feed(c(1001).data("abc"));
        feed(s(5001).ack(1007));
        feed(c(1004).data("def"));
        feed(c(1007).data("g"));
        assertEquals(List.of("DATA 0c f4 abc", "ACKED_AHEAD 0c f5 b3", "DATA 0c f6 def", "DATA 0c f7 g"), rec.take());
    }

    @Test
    void aPureAckFromTheSenderPastTheAcknowledgedPointDeclaresTheGap() {
        handshake(1000, 5000);
        feed(c(1001).data("abc"));
        feed(s(5001).ack(1007));
        feed(c(1003).ack(5001));          // a keep-alive below the acknowledged point proves nothing
        assertEquals(List.of("DATA 0c f4 abc", "ACKED_AHEAD 0c f5 b3"), rec.take());
        feed(c(1007).ack(5001));
        assertEquals(List.of("GAP 0c f7 b3 o4"), rec.take());
        feed(c(1007).data("g"));
        assertEquals(List.of("DATA 0c f8 g"), rec.take());
    }

    @Test
    void bytesCutBySnaplenAreAGapRightAfterTheCapturedPart() {
        handshake(1000, 5000);
        feed(c(1001).data("abc").missing(7));
        feed(c(1011).data("klm").missing(7));
        feed(c(1021).missing(10));                      // headers only
        feed(c(1031).data("uvw"));
        assertEquals(List.of("DATA 0c f4 abc", "GAP 0c f4 b7 o4", "DATA 0c f5 klm", "GAP 0c f5 b7 o5",
                "GAP 0c f6 b10 o5", "DATA 0c f7 uvw"), rec.take());
        feed(c(1001).data("abc").missing(7));           // a retransmission of a cut segment: nothing new
        assertEquals(List.of(), rec.take());
    }

    @Test
    void aCutSegmentHeldOutOfOrderBecomesAGapWhenDeliveryReachesIt() {
        handshake(1000, 5000);
        feed(c(1011).data("klm").missing(7));   // [1011,1014) captured, [1014,1021) missing
        feed(c(1001).data("abcdefghij"));
        assertEquals(List.of("DATA 0c f5 abcdefghij", "DATA 0c f4 klm", "GAP 0c f5 b7 o4"), rec.take());
        feed(c(1021).data("u"));
        assertEquals(List.of("DATA 0c f6 u"), rec.take());
    }

    @Test
    void capturedBytesReplaceBytesKnownOnlyAsMissing() {
        handshake(1000, 5000);
        feed(c(1011).data("klm").missing(7));   // missing [1014,1021)
        feed(c(1016).data("pqrstu"));           // [1016,1022): fills part of it and goes beyond
        feed(c(1014).data("n"));                // [1014,1015)
        feed(c(1001).data("abcdefghij"));
        assertEquals(List.of("DATA 0c f7 abcdefghij", "DATA 0c f4 klm", "DATA 0c f6 n", "GAP 0c f5 b1 o6",
                "DATA 0c f5 pqrst", "DATA 0c f5 u"), rec.take());
    }

    @Test
    void overTheHeldBytesLimitTheEarliestHoleIsGivenUp() {
        r = new TcpReassembler(rec, ReassemblyLimits.defaults().withMaxHeldBytesPerDirection(8));
        handshake(1000, 5000);
        feed(c(1001).data("abc"));
        feed(c(1007).data("ghijk"));        // held 5
        assertEquals(List.of("DATA 0c f4 abc"), rec.take());
        feed(c(1013).data("mnop"));         // held 9 > 8
        assertEquals(List.of("LIMIT 0c f6 b9", "GAP 0c f5 b3 o4", "DATA 0c f5 ghijk"), rec.take());
        feed(c(1012).data("l"));
        assertEquals(List.of("DATA 0c f7 l", "DATA 0c f6 mnop"), rec.take());
        assertEquals(0, r.heldBytes());
    }

    @Test
    void overTheHeldPiecesLimitTheEarliestHoleIsGivenUp() {
        r = new TcpReassembler(rec, ReassemblyLimits.defaults().withMaxHeldSegmentsPerDirection(1));
        handshake(1000, 5000);
        feed(c(1004).data("d"));
        feed(c(1008).data("h"));
        assertEquals(List.of("LIMIT 0c f5 b2", "GAP 0c f4 b3 o0", "DATA 0c f4 d"), rec.take());
        feed(c(1005).data("efg"));
        assertEquals(List.of("DATA 0c f6 efg", "DATA 0c f5 h"), rec.take());
    }

    @Test
    void overTheTotalHeldLimitTheCurrentDirectionGivesUpWaiting() {
        r = new TcpReassembler(rec, ReassemblyLimits.defaults().withMaxHeldBytesTotal(8));
        feed(from(1, 100).data("a"));
        feed(from(2, 200).data("a"));
        rec.take();
        feed(from(1, 110).data("xxxxx"));   // 5 held
        feed(from(2, 210).data("yyyyy"));   // 10 held in all
        assertEquals(List.of("LIMIT 1c f4 b5", "GAP 1c f4 b9 o2", "DATA 1c f4 yyyyy"), rec.take());
        assertEquals(5, r.heldBytes());
    }

    @Test
    void anRstDeclaresTheHolesAndDeliversWhatIsHeld() {
        handshake(1000, 5000);
        feed(c(1001).data("abc"));
        feed(c(1007).data("ghi"));
        feed(s(5001).ack(1004).flags(RST));
        assertEquals(List.of("DATA 0c f4 abc", "RST 0s f6", "GAP 0c f5 b3 o4", "DATA 0c f5 ghi"), rec.take());
        feed(s(5001).flags(RST));           // the same RST again
        feed(s(5002).flags(RST));           // another one
        assertEquals(List.of("RST 0s f8"), rec.take());
    }

    @Test
    void aFinAheadOfAHoleWaitsForTheRetransmission() {
        // loss.pcap: segments lost before the capture point show up later as retransmissions.
        handshake(1000, 5000);
        feed(c(1001).data("abc"));
        feed(c(1007).data("ghi").flags(FIN));
        assertEquals(List.of("DATA 0c f4 abc", "FIN 0c f5"), rec.take());
        feed(c(1004).data("def"));
        feed(s(5001).ack(1011));
        assertEquals(List.of("DATA 0c f6 def", "DATA 0c f5 ghi"), rec.take());
        feed(c(1011).ack(5001));
        assertEquals(List.of(), rec.take());
    }

    @Test
    void aFinAcknowledgedOverAHoleDeclaresTheGapAtOnce() {
        handshake(1000, 5000);
        feed(c(1001).data("abc"));
        feed(c(1007).data("ghi").flags(FIN));
        feed(s(5001).ack(1011));
        assertEquals(List.of("DATA 0c f4 abc", "FIN 0c f5", "ACKED_AHEAD 0c f6 b7", "GAP 0c f5 b3 o4", "DATA 0c f5 ghi"), rec.take());
    }

    @Test
    void endOfInputDeclaresTheHolesDeliversTheRestAndClosesEveryDirection() {
        handshake(1000, 5000);
        feed(c(1001).data("abc"));
        feed(c(1007).data("ghi"));
        feed(s(5001).ack(1004).data("xy"));
        feed(s(5005).data("z"));            // [5003,5005) missing
        finish();
        assertEquals(List.of("DATA 0c f4 abc", "DATA 0s f6 xy", "GAP 0c f5 b3 o4", "DATA 0c f5 ghi",
                "GAP 0s f7 b2 o6", "DATA 0s f7 z", "CLOSE 0c f8 b0", "CLOSE 0s f8 b0"), rec.take());
        assertEquals(0, r.trackedConnections());
    }

    @Test
    void endOfInputDeclaresBytesAcknowledgedButNeverSeen() {
        handshake(1000, 5000);
        feed(c(1001).data("abc"));
        feed(s(5001).ack(1010));
        finish();
        assertEquals(List.of("DATA 0c f4 abc", "ACKED_AHEAD 0c f5 b6", "GAP 0c f6 b6 o4", "CLOSE 0c f6 b0", "CLOSE 0s f6 b0"), rec.take());
    }

    @Test
    void endOfInputDeclaresBytesBeforeACapturedFin() {
        handshake(1000, 5000);
        feed(c(1001).data("abc"));
        feed(c(1009).flags(FIN));           // [1004,1009) never seen
        finish();
        assertEquals(List.of("DATA 0c f4 abc", "FIN 0c f5", "GAP 0c f6 b5 o4", "CLOSE 0c f6 b0", "CLOSE 0s f6 b0"),
                rec.take());
    }

    // ---- connections ----

    @Test
    void aCaptureStartingMidConnectionTakesTheFirstSegmentAsItsBaseline() {
        feed(s(777).ack(9000).data("hello"));
        feed(c(9000).ack(782).data("x"));
        feed(s(782).data("!"));
        assertEquals(List.of("OPEN 0c f1", "DATA 0c f1 hello", "DATA 0s f2 x", "DATA 0c f3 !"), rec.take());
        TcpConnection conn = rec.events.get(0).direction().connection();
        // The first sender is taken as the client when the SYN was not captured.
        assertEquals(new TcpConnection(0, new Endpoint(SERVER_IP, SERVER_PORT), new Endpoint(CLIENT_IP, CLIENT_PORT),
                1, 1000, false), conn);
    }

    @Test
    void theSynSenderIsTheClient() {
        feed(s(1).flags(SYN));   // the server end of a simultaneous open, or a reversed role: it sent the SYN
        TcpConnection conn = rec.events.get(0).direction().connection();
        assertEquals(new TcpConnection(0, new Endpoint(SERVER_IP, SERVER_PORT), new Endpoint(CLIENT_IP, CLIENT_PORT),
                1, 1000, true), conn);
    }

    @Test
    void aSynAckSeenFirstMakesItsDestinationTheClient() {
        feed(s(5000).flags(SYN).ack(1001));
        feed(c(1001).ack(5001).data("a"));
        assertEquals(List.of("OPEN 0c f1", "SYN 0s f1", "DATA 0c f2 a"), rec.take());
        TcpConnection conn = rec.events.get(0).direction().connection();
        assertEquals(new TcpConnection(0, new Endpoint(CLIENT_IP, CLIENT_PORT), new Endpoint(SERVER_IP, SERVER_PORT),
                1, 1000, false), conn);
    }

    @Test
    void aNewSynAfterFinOnTheSame4TupleStartsTheNextStream() {
        handshake(1000, 5000);
        feed(c(1001).ack(5001).flags(FIN));
        feed(s(5001).ack(1002).flags(FIN));
        feed(c(1002).ack(5002));
        assertEquals(List.of("FIN 0c f4", "FIN 0s f5"), rec.take());
        feed(c(3000).flags(SYN));
        feed(c(3000).flags(SYN));           // retransmitted: not a new connection, not a new event
        feed(s(7000).flags(SYN).ack(3001));
        feed(c(3001).ack(7001).data("new"));
        assertEquals(List.of("CLOSE 0c f7 b1", "CLOSE 0s f7 b1", "OPEN 1c f7", "SYN 1c f7", "SYN 1s f9",
                "DATA 1c f10 new"), rec.take());
    }

    @Test
    void aSynWithAnotherIsnStartsANewConnectionEvenWithoutFin() {
        handshake(1000, 5000);
        feed(c(1001).data("old"));
        feed(c(1000).flags(SYN));            // the same SYN again: retransmission
        feed(c(2000).flags(SYN));            // another ISN: a new connection, beside the old until answered
        feed(c(2001).data("new"));           // data on it: accepted, the old connection is gone
        assertEquals(List.of("DATA 0c f4 old", "OPEN 1c f6", "SYN 1c f6", "CLOSE 0c f7 b1", "CLOSE 0s f7 b1",
                "DATA 1c f7 new"), rec.take());
    }

    @Test
    void aDuplicatedSynAfterAnRstIsNotANewConnection() {
        // reconnect.pcap: refused connection attempts get SYN, RST; a duplicate of that SYN is the same attempt.
        feed(c(1000).flags(SYN));
        feed(s(0).ack(1001).flags(RST));
        feed(c(1000).flags(SYN));
        feed(c(4000).flags(SYN));
        assertEquals(List.of("OPEN 0c f1", "SYN 0c f1", "RST 0s f2", "CLOSE 0c f4 b1", "CLOSE 0s f4 b1",
                "OPEN 1c f4", "SYN 1c f4"), rec.take());
    }

    @Test
    void aSynOnAConnectionSeenOnlyMidStreamStartsANewConnection() {
        feed(c(500).data("tail"));
        feed(c(9000).flags(SYN));
        assertEquals(List.of("OPEN 0c f1", "DATA 0c f1 tail", "OPEN 1c f2", "SYN 1c f2"), rec.take());
        feed(s(4000).flags(SYN).ack(9001));  // accepted: the connection seen mid-stream is replaced
        assertEquals(List.of("CLOSE 0c f3 b1", "CLOSE 0s f3 b1", "SYN 1s f3"), rec.take());
    }

    @Test
    void synAndFinAreReportedOncePerDistinctOccurrence() {
        feed(c(1000).flags(SYN));
        feed(c(1000).flags(SYN));
        feed(s(5000).flags(SYN).ack(1001));
        feed(s(5000).flags(SYN).ack(1001));
        feed(c(1001).ack(5001).data("abc").flags(FIN));
        feed(c(1001).ack(5001).data("abc").flags(FIN));
        feed(c(1004).ack(5001).flags(FIN));
        assertEquals(List.of("OPEN 0c f1", "SYN 0c f1", "SYN 0s f3", "DATA 0c f5 abc", "FIN 0c f5"), rec.take());
    }

    @Test
    void streamsAreNumberedInOrderOfFirstAppearanceWhicheverEndSendsFirst() {
        feed(from(1111, 10).data("a"));
        feed(to(2222, 20).data("b"));        // first seen from the server end
        feed(to(1111, 30).data("c"));
        feed(from(3333, 40).flags(SYN));
        feed(from(2222, 50).data("d"));
        assertEquals(List.of("OPEN 0c f1", "DATA 0c f1 a", "OPEN 1c f2", "DATA 1c f2 b", "DATA 0s f3 c",
                "OPEN 2c f4", "SYN 2c f4", "DATA 1s f5 d"), rec.take());
        assertEquals(3, r.trackedConnections());
        assertEquals(new Endpoint(SERVER_IP, SERVER_PORT), rec.events.get(1).direction().connection().client());
    }

    @Test
    void atTheConnectionLimitTheLeastRecentlyActiveConnectionIsEvicted() {
        r = new TcpReassembler(rec, ReassemblyLimits.defaults().withMaxConnections(2));
        feed(from(1, 100).data("a"));         // stream 0
        feed(from(2, 200).data("b"));         // stream 1
        feed(from(2, 205).data("held"));      // stream 1 holds [205,209), [201,205) never seen
        feed(to(1, 900).data("c"));           // stream 0 active again
        assertEquals(List.of("OPEN 0c f1", "DATA 0c f1 a", "OPEN 1c f2", "DATA 1c f2 b", "DATA 0s f4 c"), rec.take());
        feed(from(3, 300).data("d"));         // stream 2: stream 1 goes
        assertEquals(List.of("GAP 1c f3 b4 o2", "DATA 1c f3 held", "CLOSE 1c f3 b2", "CLOSE 1s f3 b2",
                "OPEN 2c f5", "DATA 2c f5 d"), rec.take());
        assertEquals(2, r.trackedConnections());
        feed(from(2, 209).data("e"));         // stream 1's 4-tuple comes back as a new connection; stream 0 goes
        assertEquals(List.of("CLOSE 0c f4 b2", "CLOSE 0s f4 b2", "OPEN 3c f6", "DATA 3c f6 e"), rec.take());
    }

    @Test
    void eventsAndDataNameTheirDirection() {
        handshake(1000, 5000);
        feed(s(5001).ack(1001).data("srv"));
        TcpEvent open = rec.events.get(0);
        assertTrue(open.direction().fromClient());
        assertEquals(new Endpoint(CLIENT_IP, CLIENT_PORT), open.direction().source());
        assertEquals(new Endpoint(SERVER_IP, SERVER_PORT), open.direction().destination());
        TcpEvent serverSyn = rec.events.get(2);
        assertFalse(serverSyn.direction().fromClient());
        assertEquals(new Endpoint(SERVER_IP, SERVER_PORT), serverSyn.direction().source());
        assertEquals("srv", rec.toClient.toString());
    }
}
