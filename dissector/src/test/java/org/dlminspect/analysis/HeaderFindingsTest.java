package org.dlminspect.analysis;

import static org.dlminspect.analysis.SequenceFindingsTest.established;
import static org.dlminspect.analysis.Wire.ack;
import static org.dlminspect.analysis.Wire.data;
import static org.dlminspect.analysis.Wire.fin;
import static org.dlminspect.analysis.Wire.request;
import static org.dlminspect.analysis.Wire.reverse;
import static org.dlminspect.analysis.Wire.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.dlminspect.Severity;
import org.dlminspect.tcp.TcpDirection;
import org.dlminspect.testkit.DlmBytes;
import org.junit.jupiter.api.Test;

/** version.*, cmd.unsupported, nodeid.mismatch and opts.* findings. */
class HeaderFindingsTest {

    private static byte[] withU16(byte[] m, int offset, int value) {
        byte[] c = m.clone();
        c[offset] = (byte) value;
        c[offset + 1] = (byte) (value >>> 8);
        return c;
    }

    @Test
    void versionChangeWithinSessionIsDropped() {
        Wire w = new Wire();
        established(w);
        TcpDirection c = w.connect(2, 1);
        w.send(c, data(2, 0));
        long f = w.send(c, DlmBytes.msg(DlmBytes.V31, DlmBytes.LOCKSPACE, 2, DlmBytes.Msg.of(1).lkid(7).name("x")));
        Finding v = w.only("version.mismatch");
        assertEquals(Severity.ERROR, v.severity());
        assertEquals(f, v.frame());
        assertTrue(v.message().contains("sends a 3.1 message to node 1 after 3.2 ones"), v.message());
        assertTrue(v.message().contains("'version mismatch detected, assumed 0x00030002 but node 2 has 0x00030001'"),
                v.message());
    }

    @Test
    void unknownVersionIsSkipped() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], DlmBytes.msg(0x00030000, DlmBytes.LOCKSPACE, 2, DlmBytes.Msg.of(1).name("x")));
        w.send(d[0], data(2, 0));
        Finding v = w.only("version.unknown");
        assertEquals(Severity.ERROR, v.severity());
        assertTrue(v.message().contains("h_version 0x00030000"), v.message());
        assertTrue(w.of("version.mismatch").isEmpty(), "the skipped message does not set a version");
    }

    @Test
    void sequencedMessageBeforeAnyExchangeCannotHaveDetectedVersions() {
        Wire w = new Wire();
        TcpDirection c = w.connect(2, 1);
        long f = w.send(c, data(2, 0));
        List<Finding> v = w.of("version.undetected");
        assertEquals(2, v.size(), w.dump());
        v.forEach(x -> assertEquals(f, x.frame()));
        assertTrue(v.stream().anyMatch(x -> x.message().contains("in an invalid sequence")), w.dump());
        assertTrue(v.stream().anyMatch(x -> x.message().contains("dlm_midcomms_get_mhandle")), w.dump());
    }

    @Test
    void captureStartingMidConnectionDoesNotJudgeVersionDetection() {
        Wire w = new Wire();
        TcpDirection c = w.connect(2, 1, false);
        w.send(c, data(2, 0));
        w.send(reverse(c), ack(1, 1));
        w.end();
        w.assertNothing();
    }

    @Test
    void optsWithA31HeaderIsRejected() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], DlmBytes.opts(DlmBytes.V31, 2, 0, 1, new byte[0], request(2, 1)));
        Finding f = w.only("cmd.unsupported");
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.message().contains("'unsupported h_cmd received: 3'"), f.message());
        assertEquals(0, w.dir(2).sequenced(), "not counted as a sequenced message");
    }

    @Test
    void ackWithA31HeaderIsRejected() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        ByteBuffer b = DlmBytes.le(16);
        DlmBytes.header(b, DlmBytes.V31, 5, 1, 16, 4);
        w.send(d[1], b.array());
        assertTrue(w.only("cmd.unsupported").message().contains("'unsupported h_cmd received: 4'"));
    }

    @Test
    void unwrappedMsgOrLookupBetween32NodesIsRejected() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], request(2, 1));
        w.send(d[0], DlmBytes.rcom(DlmBytes.V32, DlmBytes.LOCKSPACE, 2, 3, 0, 9, 1, 0, "res".getBytes()));
        List<Finding> f = w.of("cmd.unsupported");
        assertEquals(2, f.size(), w.dump());
        assertTrue(f.get(0).message().contains("'unsupported h_cmd received: 1'"), f.get(0).message());
        assertTrue(f.get(1).message().contains("'unsupported rcom type received: 3'"), f.get(1).message());
    }

    @Test
    void unwrappedMsgTowardsA31PeerIsFine() {
        Wire w = new Wire();
        TcpDirection c = w.connect(2, 1);
        w.send(c, status(2));
        // node 1 is an old 3.1 kernel; node 2 (3.2) talks to it unwrapped
        w.send(reverse(c), DlmBytes.rcom(DlmBytes.V31, DlmBytes.LOCKSPACE, 1, 5, 0, 1, 1, 1, DlmBytes.rcomConfig(32, 0, 1, 1)));
        w.send(c, request(2, 1));
        w.end();
        w.assertNothing();
        assertEquals("3.1", w.dir(1).version());
    }

    @Test
    void unknownCommandIsSkipped() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        ByteBuffer b = DlmBytes.le(16);
        DlmBytes.header(b, DlmBytes.V32, 0, 2, 16, 9);
        w.send(d[0], b.array());
        assertTrue(w.only("cmd.unsupported").message().contains("h_cmd 9"));
    }

    @Test
    void innerNodeIdOtherThanTheSendersIsDropped() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], DlmBytes.opts(2, 0, request(3, 1)));
        Finding f = w.only("nodeid.mismatch");
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.message().contains("inner h_nodeid 3"), f.message());
        assertTrue(f.message().contains("'invalid h_nodeid 3 from 2'"), f.message());
        // the seq is still consumed: the next one is in order
        w.send(d[0], data(2, 1));
        assertTrue(w.of("seq.gap").isEmpty());
    }

    @Test
    void outerOrAckNodeIdMismatchIsAWarning() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], DlmBytes.opts(DlmBytes.V32, 4, 0, 1, new byte[0], request(2, 1)));
        w.send(d[1], ack(5, 1));
        List<Finding> f = w.of("nodeid.mismatch");
        assertEquals(2, f.size(), w.dump());
        f.forEach(x -> assertEquals(Severity.WARN, x.severity()));
        assertTrue(f.get(0).message().contains("outer h_nodeid 4"), f.get(0).message());
        assertTrue(f.get(1).message().contains("DLM_ACK 1 with h_nodeid 5"), f.get(1).message());
    }

    @Test
    void twoAddressesClaimingOneNodeId() {
        Wire w = new Wire();
        established(w);
        TcpDirection c = w.connect(3, 1);
        w.send(c, status(2));
        Finding f = w.only("nodeid.mismatch");
        assertEquals(Severity.WARN, f.severity());
        assertTrue(f.message().startsWith("10.99.0.3 sends as node 2, which 10.99.0.2 already uses"), f.message());
    }

    @Test
    void malformedOptsIsDroppedWithoutConsumingItsSeq() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], data(2, 0));
        long bad = w.send(d[0], DlmBytes.opts(DlmBytes.V32, 2, 1, 7, new byte[0], request(2, 2)));
        long next = w.send(d[0], data(2, 2));
        Finding i = w.only("opts.invalid");
        assertEquals(Severity.ERROR, i.severity());
        assertEquals(bad, i.frame());
        assertTrue(i.message().contains("o_nextcmd 7 is not MSG, RCOM or FIN"), i.message());
        Finding g = w.only("seq.gap");
        assertEquals(next, g.frame());
        assertTrue(g.message().contains("seq 1 crossed the wire in frame " + bad
                + " but node 1 dropped that copy as malformed"), g.message());
    }

    @Test
    void tooShortForTheInnerCommandIsInvalid() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        byte[] inner = DlmBytes.rcom(DlmBytes.V32, DlmBytes.LOCKSPACE, 2, 3, 0, 1, 1, 0, new byte[0]);
        w.send(d[0], DlmBytes.opts(DlmBytes.V32, 2, 0, 1, new byte[0], inner)); // says MSG, 48 bytes follow
        assertTrue(w.only("opts.invalid").message().contains("48 bytes remain for the inner DLM_MSG, fewer than 88"));
    }

    @Test
    void innerLengthDifferentFromTheOuterRemainder() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        byte[] inner = request(2, 1);
        w.send(d[0], DlmBytes.opts(DlmBytes.V32, 2, 0, 1, new byte[0], withU16(inner, 12, inner.length + 8)));
        Finding f = w.only("opts.inner_length");
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.message().contains("inner h_length of " + (inner.length + 8) + " but carries " + inner.length),
                f.message());
        assertTrue(f.message().contains("reads past the end"), f.message());
        w.send(d[0], DlmBytes.opts(DlmBytes.V32, 2, 1, 1, new byte[0], withU16(request(2, 2), 12, 90)));
        assertTrue(w.of("opts.inner_length").get(1).message().contains("ignores the trailing"));
    }

    @Test
    void nextcmdDifferentFromInnerCommand() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], DlmBytes.opts(DlmBytes.V32, 2, 0, 2, new byte[0], request(2, 1)));
        Finding f = w.only("opts.nextcmd_mismatch");
        assertEquals(Severity.WARN, f.severity());
        assertTrue(f.message().contains("o_nextcmd 2 (DLM_RCOM) but wraps h_cmd 1 (DLM_MSG)"), f.message());
    }

    @Test
    void optionsAreNotedAndSkipped() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], DlmBytes.opts(DlmBytes.V32, 2, 0, 1, new byte[8], request(2, 1)));
        w.send(d[0], data(2, 1));
        w.send(d[1], ack(1, 2));
        w.end();
        Finding f = w.only("opts.options");
        assertEquals(Severity.NOTE, f.severity());
        assertTrue(f.message().contains("o_optlen 8"), f.message());
        w.assertCodes("opts.options");
    }

    @Test
    void finWrappedWithOptionsIsStillAFin() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], DlmBytes.opts(DlmBytes.V32, 2, 0, 5, new byte[8], DlmBytes.finInner(2)));
        assertEquals(MidcommsState.FIN_WAIT1, w.dir(2).finState());
        assertEquals(MidcommsState.CLOSE_WAIT, w.dir(1).finState());
    }

    @Test
    void recoveryRcomWhileClosingIsTheShutdownStuckReset() {
        Wire w = new Wire();
        TcpDirection[] d = established(w);
        w.send(d[0], data(2, 0));
        w.send(d[0], fin(2, 1));
        w.send(d[1], ack(1, 2));
        long f = w.send(d[0], status(2));
        Finding r = w.only("session.restart");
        assertEquals(f, r.frame());
        assertTrue(r.message().contains("while in state CLOSE_WAIT"), r.message());
        assertTrue(r.message().contains("'reset node 2 because shutdown stuck'"), r.message());
    }
}
