package org.dlminspect.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.IdentityHashMap;
import java.util.Map;
import org.dlminspect.net.IpAddress;
import org.dlminspect.net.TcpSegment;
import org.dlminspect.tcp.ReassemblyLimits;
import org.dlminspect.tcp.StreamHandler;
import org.dlminspect.tcp.TcpConnection;
import org.dlminspect.tcp.TcpDirection;
import org.dlminspect.tcp.TcpEvent;
import org.dlminspect.tcp.TcpReassembler;
import org.junit.jupiter.api.BeforeAll;

/**
 * TCP reassembly fed arbitrary segment sequences under small limits. The input chooses the limits,
 * then segments on three 4-tuples (IPv4 and IPv6), either direction, with sequence and
 * acknowledgement numbers near each direction's initial number (which may sit just below the 2^32
 * wrap), any flags, payloads of up to 1500 bytes and sometimes bytes the capture lost.
 *
 * <p>Properties: no exception; the bytes held out of order never exceed the global limit, nor the
 * per-direction limit times the directions tracked; no more connections than the limit are tracked;
 * each connection opens once and closes once per direction, and nothing is delivered or reported for
 * it after that; delivered ranges lie inside their arrays; after {@code finish} nothing is held or tracked.
 */
class TcpReassemblerFuzzTest {
    @BeforeAll
    static void coverageWhenFuzzing() {
        FuzzChecks.requireCoverageWhenFuzzing();
    }

    private static final long MASK = 0xFFFFFFFFL;
    private static final int MAX_SEGMENTS = 256;

    private static final IpAddress[][] TUPLES = {
        {IpAddress.parse("10.99.0.1"), IpAddress.parse("10.99.0.2")},
        {IpAddress.parse("10.99.0.2"), IpAddress.parse("10.99.0.1")},
        {IpAddress.parse("fd00::1"), IpAddress.parse("fd00::2")},
    };
    private static final int[][] PORTS = {{21064, 48933}, {40000, 21064}, {21064, 21064}};

    @FuzzTest(maxDuration = "10s")
    void reassemble(FuzzedDataProvider data) {
        ReassemblyLimits limits = new ReassemblyLimits(data.consumeInt(0, 4096), data.consumeInt(0, 64),
                data.consumeLong(0, 8192), data.consumeInt(1, 4), data.consumeInt(0, 1024), data.consumeLong(0, 4096));
        Checker checker = new Checker();
        TcpReassembler reassembler = new TcpReassembler(checker, limits);
        long[][] base = new long[TUPLES.length][2];
        for (long[] pair : base) {
            pair[0] = initialSequence(data);
            pair[1] = initialSequence(data);
        }
        TcpSegment s = new TcpSegment();
        long frame = 0;
        while (data.remainingBytes() > 0 && frame < MAX_SEGMENTS) {
            int t = data.consumeInt(0, TUPLES.length - 1);
            int from = data.consumeBoolean() ? 1 : 0;
            s.source = TUPLES[t][from];
            s.destination = TUPLES[t][1 - from];
            s.sourcePort = PORTS[t][from];
            s.destinationPort = PORTS[t][1 - from];
            s.flags = data.consumeInt(0, 0x3F);
            s.sequence = (base[t][from] + data.consumeInt(-2000, 6000)) & MASK;
            s.acknowledgement = (base[t][1 - from] + data.consumeInt(-2000, 6000)) & MASK;
            s.window = 65535;
            int lead = data.consumeInt(0, 8);
            byte[] payload = data.consumeBytes(data.consumeInt(0, 1500));
            byte[] array = new byte[lead + payload.length + 3];
            System.arraycopy(payload, 0, array, lead, payload.length);
            s.payload = array;
            s.payloadOffset = lead;
            s.payloadLength = payload.length;
            s.missingPayloadLength = data.consumeInt(0, 7) == 0 ? data.consumeInt(0, 3000) : 0;
            frame++;
            checker.frame = frame;
            reassembler.accept(s, frame, frame * 1_000_000L);

            long held = reassembler.heldBytes();
            if (held < 0 || held > limits.maxHeldBytesTotal()) {
                throw new AssertionError("holding " + held + " bytes, limit " + limits.maxHeldBytesTotal());
            }
            int tracked = reassembler.trackedConnections();
            if (tracked > limits.maxConnections()) {
                throw new AssertionError("tracking " + tracked + " connections, limit " + limits.maxConnections());
            }
            if (held > 2L * tracked * limits.maxHeldBytesPerDirection()) {
                throw new AssertionError("holding " + held + " bytes in " + tracked
                        + " connections, per-direction limit " + limits.maxHeldBytesPerDirection());
            }
        }
        reassembler.finish(frame, frame * 1_000_000L);
        if (reassembler.heldBytes() != 0 || reassembler.trackedConnections() != 0) {
            throw new AssertionError("after finish: " + reassembler.heldBytes() + " bytes held, "
                    + reassembler.trackedConnections() + " connections tracked");
        }
        checker.assertAllClosed();
    }

    /** Usually any 32-bit value; often just below the wrap, so that streams cross 2^32. */
    private static long initialSequence(FuzzedDataProvider data) {
        return data.consumeBoolean() ? (MASK - data.consumeInt(0, 4000)) & MASK : data.consumeInt() & MASK;
    }

    /** Checks the reassembler's output as it comes. */
    private static final class Checker implements StreamHandler {
        /** Per connection: [0] OPEN seen, [1] client direction closed, [2] server direction closed. */
        private final Map<TcpConnection, boolean[]> connections = new IdentityHashMap<>();
        private int nextStream;
        long frame;

        @Override
        public void onData(TcpDirection direction, byte[] data, int offset, int length, long dataFrame, long epochNanos) {
            live(direction, "data");
            if (length <= 0 || offset < 0 || offset + length > data.length) {
                throw new AssertionError("delivered [" + offset + ", +" + length + ") of a " + data.length + "-byte array");
            }
            if (dataFrame < 1 || dataFrame > frame) {
                throw new AssertionError("data of frame " + dataFrame + " delivered at frame " + frame);
            }
        }

        @Override
        public void onEvent(TcpEvent e) {
            if (e == null || e.kind() == null || e.direction() == null) {
                throw new AssertionError("incomplete event " + e);
            }
            if (e.frame() < 0 || e.frame() > frame) {
                throw new AssertionError(e.kind() + " of frame " + e.frame() + " reported at frame " + frame);
            }
            TcpConnection c = e.direction().connection();
            switch (e.kind()) {
                case OPEN -> {
                    if (connections.containsKey(c)) {
                        throw new AssertionError("stream " + c.stream() + " opened twice");
                    }
                    if (c.stream() != nextStream) {
                        throw new AssertionError("stream " + c.stream() + " opened, expected " + nextStream);
                    }
                    nextStream++;
                    connections.put(c, new boolean[3]);
                }
                case GAP -> {
                    live(e.direction(), "GAP");
                    if (e.bytes() == 0 || e.bytes() < -1) {
                        throw new AssertionError("GAP of " + e.bytes() + " bytes");
                    }
                }
                case CLOSE -> {
                    boolean[] state = live(e.direction(), "CLOSE");
                    if (e.bytes() != TcpEvent.CLOSE_END_OF_INPUT && e.bytes() != TcpEvent.CLOSE_REUSED
                            && e.bytes() != TcpEvent.CLOSE_EVICTED) {
                        throw new AssertionError("CLOSE for reason " + e.bytes());
                    }
                    state[e.direction().fromClient() ? 1 : 2] = true;
                }
                case OVERLAP_MISMATCH -> {
                    live(e.direction(), "OVERLAP_MISMATCH");
                    if (e.bytes() <= 0) {
                        throw new AssertionError("OVERLAP_MISMATCH of " + e.bytes() + " bytes");
                    }
                }
                case LIMIT -> {
                    live(e.direction(), "LIMIT");
                    if (e.bytes() < 0) {
                        throw new AssertionError("LIMIT with " + e.bytes() + " bytes held");
                    }
                }
                default -> live(e.direction(), e.kind().name());
            }
        }

        private boolean[] live(TcpDirection d, String what) {
            boolean[] state = connections.get(d.connection());
            if (state == null) {
                throw new AssertionError(what + " on stream " + d.stream() + " before its OPEN");
            }
            if (state[d.fromClient() ? 1 : 2]) {
                throw new AssertionError(what + " on stream " + d.stream() + " after its CLOSE");
            }
            return state;
        }

        void assertAllClosed() {
            for (Map.Entry<TcpConnection, boolean[]> e : connections.entrySet()) {
                if (!e.getValue()[1] || !e.getValue()[2]) {
                    throw new AssertionError("stream " + e.getKey().stream() + " never closed in both directions");
                }
            }
        }
    }
}
