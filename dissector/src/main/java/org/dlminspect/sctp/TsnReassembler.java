package org.dlminspect.sctp;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.TreeMap;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;

/**
 * One direction of an association: DATA chunks in TSN order (RFC 9260 §6.5, serial number arithmetic), each
 * TSN delivered once (a chunk seen again with a TSN already delivered or held is a transport retransmission,
 * counted, not delivered), fragments B ... E joined into their user message. Chunks that arrive after a
 * missing TSN are held (charged to the memory budget) until the TSN appears, until the peer's SACK proves it
 * was received although the capture does not hold it, or until the budget or the hold limit is reached: then
 * the missing TSNs are declared not captured and delivery moves on. I-DATA (RFC 8260) goes through the same TSN
 * order; its fragments, which may interleave across streams, are joined by {@link InterleavedMessages}.
 *
 * <p>A FORWARD TSN or I-FORWARD TSN from the sender (RFC 3758 §3.6, RFC 8260 §2.3.2) moves the cumulative TSN:
 * the TSNs before it that the capture lacks were abandoned by the sender (not lost by the capture), the chunks
 * held before it are delivered as the receiver does, and the fragments of the abandoned messages are dropped.
 */
public final class TsnReassembler {

    /** Receives what the direction carries. */
    public interface Sink {
        /**
         * One complete user message (its bytes valid during the call only): from the fragment with TSN
         * {@code firstTsn} to {@code last} (the chunk itself when unfragmented), which names its stream.
         */
        void onUserMessage(byte[] data, int offset, int length, long firstTsn, SctpChunk.UserData last,
                           long firstFrame, long frame, long epochNanos);

        /** TSNs {@code fromTsn..toTsn} were never captured: the user messages they carried are lost to us. */
        void onMissing(long fromTsn, long toTsn, long frame, long epochNanos);

        /**
         * A FORWARD TSN (RFC 3758) moved the cumulative TSN past TSNs {@code fromTsn..toTsn} the capture does not
         * hold: the sender abandoned them (partial reliability), the capture did not lose them.
         */
        void onAbandoned(long fromTsn, long toTsn, long newCumulativeTsn, long frame, long epochNanos);

        /** A fragmented user message grew past the limit without its last fragment: dropped. */
        void onOversized(long firstTsn, long bytes, long frame);

        /**
         * A user message being joined was dropped ({@code why}) with {@code bytes} of it held: at a limit, or
         * {@code abandoned} by the sender's FORWARD TSN.
         */
        void onDropped(long firstTsn, long bytes, long frame, String why, boolean abandoned);
    }

    /** The largest user message joined from fragments (DLM's are at most a few KiB). */
    public static final int MAX_USER_MESSAGE = 1 << 20;

    private record Held(SctpChunk.UserData chunk, byte[] payload, long frame, long epochNanos, long cost) { }

    private static final long HELD_OVERHEAD = HeapCost.object(40) + HeapCost.HASH_ENTRY + HeapCost.object(24);

    private final Sink sink;
    private final Account account;
    private final int maxHeld;
    private long next = -1;
    private final TreeMap<Long, Held> held = new TreeMap<>((a, b) -> Integer.compare((int) (a - next), (int) (b - next)));
    private final ByteArrayOutputStream fragments = new ByteArrayOutputStream();
    private final InterleavedMessages interleaved;
    private boolean inMessage;
    private long messageFirstTsn;
    private long messageFirstFrame;
    private long retransmissions;
    private long missing;
    private long abandoned;

    public TsnReassembler(Sink sink, Account account, int maxHeld) {
        this.sink = sink;
        this.account = account;
        this.maxHeld = maxHeld;
        this.interleaved = new InterleavedMessages(sink, account);
    }

    /** The direction's first TSN, from its INIT or INIT ACK (ignored once DATA has been seen). */
    public void start(long initialTsn) {
        if (next < 0) next = initialTsn & 0xFFFFFFFFL;
    }

    /** A DATA or I-DATA chunk of this direction, captured in {@code frame}. */
    public void onData(SctpChunk.UserData c, long frame, long epochNanos) {
        long tsn = c.tsn();
        if (next < 0) {
            next = tsn; // the capture starts here (mid-association if no INIT was seen)
        }
        int ahead = serial(tsn, next);
        if (ahead < 0 || held.containsKey(tsn)) {
            retransmissions++;
            return;
        }
        if (ahead == 0) {
            deliver(c, c.payload(), c.payloadOffset(), frame, epochNanos);
            next = (next + 1) & 0xFFFFFFFFL;
            drain();
            return;
        }
        byte[] copy = java.util.Arrays.copyOfRange(c.payload(), c.payloadOffset(), c.payloadOffset() + c.payloadLength());
        long cost = HELD_OVERHEAD + HeapCost.byteArray(copy.length);
        held.put(tsn, new Held(c, copy, frame, epochNanos, cost));
        boolean fits = account.charge(cost);
        if (!fits || held.size() > maxHeld) {
            skipToHeld(frame, epochNanos, !fits);
        }
    }

    /** The peer acknowledged everything up to {@code cumulativeTsn}: TSNs before it that we lack were not captured. */
    public void onPeerCumulativeAck(long cumulativeTsn, long frame, long epochNanos) {
        if (next < 0) return;
        while (serial(cumulativeTsn, next) >= 0) {
            if (held.isEmpty()) {
                // Received by the peer, never in the capture, nothing after it held yet.
                declareMissing(next, cumulativeTsn, frame, epochNanos);
                next = (cumulativeTsn + 1) & 0xFFFFFFFFL;
                return;
            }
            skipToHeld(frame, epochNanos, false);
        }
    }

    /**
     * The sender's FORWARD TSN or I-FORWARD TSN: everything up to {@code f.newCumulativeTsn()} counts as received.
     * An old one (at or before the cumulative TSN already reached) changes nothing.
     */
    public void onForwardTsn(SctpChunk.ForwardTsn f, long frame, long epochNanos) {
        long cumulative = f.newCumulativeTsn() & 0xFFFFFFFFL;
        if (next < 0) {
            next = (cumulative + 1) & 0xFFFFFFFFL; // the capture starts here: delivery begins after it
            return;
        }
        int ahead = serial(cumulative, next);
        if (ahead < -1) return; // -1: every TSN was received, but a message being joined may be given up
        if (ahead >= 0) {
            Map.Entry<Long, Held> first;
            while ((first = held.firstEntry()) != null && serial(cumulative, first.getKey()) >= 0) {
                // A chunk the receiver has, before the new cumulative TSN: delivered as it would be; the TSNs before
                // it that the capture lacks were abandoned.
                if (first.getKey() != next) abandon(next, (first.getKey() - 1) & 0xFFFFFFFFL, cumulative, frame, epochNanos);
                next = first.getKey();
                drainUpTo(cumulative);
            }
            if (serial(cumulative, next) >= 0) abandon(next, cumulative, cumulative, frame, epochNanos);
            next = (cumulative + 1) & 0xFFFFFFFFL;
        }
        if (inMessage && serial(messageFirstTsn, cumulative) <= 0) {
            // RFC 3758 §3.6: fragments at or before the new cumulative TSN of a message not complete are discarded.
            sink.onDropped(messageFirstTsn, fragments.size(), frame, abandonedBy(f), true);
            inMessage = false;
            fragments.reset();
        }
        if (f.interleaved()) {
            for (SctpChunk.Skipped s : f.skipped()) interleaved.abandon(s, frame, abandonedBy(f));
        }
        drain();
    }

    private static String abandonedBy(SctpChunk.ForwardTsn f) {
        return "abandoned by the sender (" + SctpChunkType.name(f.type()) + " to TSN " + f.newCumulativeTsn() + ")";
    }

    private void abandon(long from, long to, long cumulative, long frame, long epochNanos) {
        abandoned += serial(to, from) + 1L;
        if (inMessage) {
            inMessage = false; // the DATA message's other fragments were abandoned with those TSNs
            fragments.reset();
        }
        sink.onAbandoned(from, to, cumulative, frame, epochNanos);
    }

    /** End of input: what is still held after a hole is delivered after declaring the hole. */
    public void finish(long frame, long epochNanos) {
        while (!held.isEmpty()) skipToHeld(frame, epochNanos, false);
        if (inMessage) {
            inMessage = false;
            fragments.reset();
        }
        interleaved.finish();
    }

    public long retransmissions() {
        return retransmissions;
    }

    public long missingTsns() {
        return missing;
    }

    /** TSNs a FORWARD TSN skipped that the capture does not hold. */
    public long abandonedTsns() {
        return abandoned;
    }

    private void skipToHeld(long frame, long epochNanos, boolean budget) {
        Map.Entry<Long, Held> first = held.firstEntry();
        if (first == null) return;
        long to = (first.getKey() - 1) & 0xFFFFFFFFL;
        if (serial(to, next) >= 0) declareMissing(next, to, frame, epochNanos);
        next = first.getKey();
        drain();
    }

    private void declareMissing(long from, long to, long frame, long epochNanos) {
        missing += serial(to, from) + 1L;
        if (inMessage) {
            inMessage = false; // the DATA message's other fragments are gone with the missing TSNs
            fragments.reset();
        }
        // I-DATA messages are not dropped here: a missing TSN may be any stream's, the FSN of the next fragment tells.
        sink.onMissing(from, to, frame, epochNanos);
    }

    private void drain() {
        drainUpTo(-1);
    }

    /** Delivers the held chunks from {@code next} on while consecutive (and, unless {@code last} is -1, up to it). */
    private void drainUpTo(long last) {
        Map.Entry<Long, Held> e;
        while ((e = held.firstEntry()) != null && e.getKey() == next && (last < 0 || serial(last, next) >= 0)) {
            held.pollFirstEntry();
            Held h = e.getValue();
            account.release(h.cost());
            deliver(h.chunk(), h.payload(), 0, h.frame(), h.epochNanos());
            next = (next + 1) & 0xFFFFFFFFL;
        }
    }

    private void deliver(SctpChunk.UserData chunk, byte[] bytes, int offset, long frame, long epochNanos) {
        if (chunk instanceof SctpChunk.IData i) {
            interleaved.add(i, bytes, offset, frame, epochNanos);
            return;
        }
        SctpChunk.Data c = (SctpChunk.Data) chunk;
        int length = c.payloadLength();
        if (c.beginning() && c.ending()) {
            if (inMessage) fragments.reset();
            inMessage = false;
            sink.onUserMessage(bytes, offset, length, c.tsn(), c, frame, frame, epochNanos);
            return;
        }
        if (c.beginning()) {
            fragments.reset();
            inMessage = true;
            messageFirstTsn = c.tsn();
            messageFirstFrame = frame;
        } else if (!inMessage) {
            return; // a middle or last fragment whose beginning the capture does not hold
        }
        if (fragments.size() + length > MAX_USER_MESSAGE) {
            sink.onOversized(messageFirstTsn, fragments.size() + (long) length, frame);
            fragments.reset();
            inMessage = false;
            return;
        }
        fragments.write(bytes, offset, length);
        if (c.ending()) {
            inMessage = false;
            byte[] whole = fragments.toByteArray();
            fragments.reset();
            sink.onUserMessage(whole, 0, whole.length, messageFirstTsn, c, messageFirstFrame, frame, epochNanos);
        }
    }

    /** {@code a - b} in 32-bit serial number arithmetic (RFC 1982). */
    static int serial(long a, long b) {
        return (int) (a - b);
    }
}
