package org.dlminspect.sctp;

import java.io.ByteArrayOutputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;

/**
 * The I-DATA user messages of one direction being joined (RFC 8260 §2.1). Unlike DATA, whose fragments have
 * consecutive TSNs, I-DATA lets a sender interleave the fragments of messages of different streams; a message is
 * known by its stream, U bit and message identifier (MID), its fragments by their fragment sequence number (FSN,
 * 0 for the first). {@link TsnReassembler} hands fragments over in TSN order, which is their sending order, so
 * within one message they come in FSN order: a fragment whose FSN is not the next one means its predecessor
 * was never captured, and the message is dropped.
 *
 * <p>Bounded: at most {@link #MAX_PARTIAL} messages at once, their bytes charged to the account; at the limit, or
 * when the budget refuses a charge, the oldest message is dropped and said ({@link TsnReassembler.Sink#onDropped}).
 */
final class InterleavedMessages {
    /** Messages joined at once: DLM sends on one stream; a sender interleaving more streams than this is hostile. */
    static final int MAX_PARTIAL = 64;
    private static final long PARTIAL_OVERHEAD = HeapCost.object(48) + HeapCost.object(24) + HeapCost.HASH_ENTRY;

    private static final class Partial {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final long firstTsn;
        final long firstFrame;
        long nextFsn = 1;
        long charged = PARTIAL_OVERHEAD;

        Partial(long firstTsn, long firstFrame) {
            this.firstTsn = firstTsn;
            this.firstFrame = firstFrame;
        }
    }

    private final TsnReassembler.Sink sink;
    private final Account account;
    /** By stream, U bit and MID ({@link #key}), oldest first. */
    private final LinkedHashMap<Long, Partial> partial = new LinkedHashMap<>();

    InterleavedMessages(TsnReassembler.Sink sink, Account account) {
        this.sink = sink;
        this.account = account;
    }

    /** The next I-DATA fragment in TSN order, its payload at {@code bytes[offset]}. */
    void add(SctpChunk.IData c, byte[] bytes, int offset, long frame, long epochNanos) {
        long key = key(c);
        int length = c.payloadLength();
        if (c.beginning()) {
            Partial stale = partial.remove(key);
            if (stale != null) release(stale);
            if (c.ending()) {
                sink.onUserMessage(bytes, offset, length, c.tsn(), c, frame, frame, epochNanos);
                return;
            }
            if (partial.size() >= MAX_PARTIAL) dropOldest(frame, "more than " + MAX_PARTIAL + " interleaved messages at once");
            Partial p = new Partial(c.tsn(), frame);
            partial.put(key, p);
            account.charge(PARTIAL_OVERHEAD);
            append(key, p, bytes, offset, length, frame);
            return;
        }
        Partial p = partial.get(key);
        if (p == null) {
            return; // a later fragment whose first one the capture does not hold
        }
        if (c.fsn() != p.nextFsn) {
            // Fragment p.nextFsn was in a TSN the capture missed (reported as sctp.gap): the message is lost to us.
            partial.remove(key);
            release(p);
            return;
        }
        p.nextFsn++;
        if (!append(key, p, bytes, offset, length, frame)) return;
        if (c.ending()) {
            partial.remove(key);
            byte[] whole = p.bytes.toByteArray();
            release(p);
            sink.onUserMessage(whole, 0, whole.length, p.firstTsn, c, p.firstFrame, frame, epochNanos);
        }
    }

    /**
     * An I-FORWARD TSN entry (RFC 8260 §2.3.2): the messages of its stream and U bit up to its MID are abandoned
     * by the sender; those being joined are dropped and said ({@code why}).
     */
    void abandon(SctpChunk.Skipped skipped, long frame, String why) {
        Iterator<Map.Entry<Long, Partial>> it = partial.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Long, Partial> e = it.next();
            long key = e.getKey();
            boolean sameStream = (int) (key >>> 33) == skipped.streamId() && ((key & (1L << 32)) != 0) == skipped.unordered();
            if (sameStream && (int) ((key & 0xFFFFFFFFL) - skipped.sequence()) <= 0) {
                Partial p = e.getValue();
                it.remove();
                release(p);
                sink.onDropped(p.firstTsn, p.bytes.size(), frame, why, true);
            }
        }
    }

    /** End of input: messages still without their last fragment are dropped. */
    void finish() {
        for (Partial p : partial.values()) release(p);
        partial.clear();
    }

    private boolean append(long key, Partial p, byte[] bytes, int offset, int length, long frame) {
        if (p.bytes.size() + (long) length > TsnReassembler.MAX_USER_MESSAGE) {
            sink.onOversized(p.firstTsn, p.bytes.size() + (long) length, frame);
            partial.remove(key);
            release(p);
            return false;
        }
        p.bytes.write(bytes, offset, length);
        p.charged += length;
        if (!account.charge(length)) {
            // The budget is full: the oldest messages being joined go first (this one too, if it is the oldest).
            while (account.overLimit() && !partial.isEmpty()) dropOldest(frame, "the memory budget is full");
        }
        return partial.get(key) == p;
    }

    private void dropOldest(long frame, String why) {
        Iterator<Map.Entry<Long, Partial>> it = partial.entrySet().iterator();
        if (!it.hasNext()) return;
        Partial p = it.next().getValue();
        it.remove();
        account.evicted(p.charged);
        sink.onDropped(p.firstTsn, p.bytes.size(), frame, why, false);
    }

    private void release(Partial p) {
        account.release(p.charged);
    }

    private static long key(SctpChunk.IData c) {
        return ((long) c.streamId() << 33) | (c.unordered() ? 1L << 32 : 0) | (c.mid() & 0xFFFFFFFFL);
    }
}
