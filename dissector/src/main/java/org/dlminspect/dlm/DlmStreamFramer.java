package org.dlminspect.dlm;

import static org.dlminspect.dlm.DlmFrameChecks.HEADER;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.dlminspect.Severity;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.MemoryBudget;

/**
 * Cuts one direction's byte stream into DLM messages by {@code h_length} (u16 LE at offset 12), which
 * is the whole message length including the 16-byte header (protocol reference §1.3). Messages lie back
 * to back with no padding and may be split anywhere across the chunks handed in.
 *
 * <p>Out of sync (capture started mid-stream, after a gap, after a bad length), the framer hunts for the
 * next position that holds a plausible header ({@link #plausible}) and reports how many bytes it skipped.
 * While in sync it trusts {@code h_length} like the kernel does, except that a length outside
 * 16..4096 is the kernel's fatal framing error (§1.5, anomaly A1): reported, then the framer hunts
 * (where the kernel would stop reading the stream).
 *
 * <p>A message that lies within one chunk is handed over as a view of the caller's array; others are
 * gathered in one buffer that is allocated only when a message is split across chunks, grows to what the
 * message needs (at most 4096 bytes) and is charged to the {@link Account} given; a framer that never holds a
 * partial message costs only itself ({@link #COST}). Not thread-safe.
 *
 * <p>This class keeps the stream position and the sync state; the held bytes are a {@link FramerBytes} and the
 * header checks (hunting, a corrupt OPTS length) are {@link DlmFrameChecks}.
 */
public final class DlmStreamFramer {

    /** Receives framed messages and framing problems. */
    public interface Sink {
        /**
         * One message. {@code message}: LITTLE_ENDIAN, position 0, limit = bytes present (== h_length
         * unless truncated, or cut where a corrupt h_length ran past the message, reported as
         * {@link #CODE_LENGTH}). Valid only during the call.
         *
         * @param firstFrame   frame holding the message's first byte
         * @param frame        frame holding its last byte (the frame that completes it)
         * @param epochNanos   time of {@code frame}
         * @param streamOffset offset of the message's first byte in this direction's stream, counting
         *                     from the first byte handed to the framer and including missing bytes
         * @param truncated    bytes are missing from the end of the message (gap or end of input)
         */
        void onMessage(ByteBuffer message, long firstFrame, long frame, long epochNanos, long streamOffset, boolean truncated);

        /**
         * A whole message that lies in the caller's array: {@code length} bytes from {@code offset} in
         * {@code data}, valid only during the call, never to be written. The same message as the other
         * {@code onMessage} would get (untruncated); a sink overrides this one to spare the buffer object.
         */
        default void onMessage(byte[] data, int offset, int length, long firstFrame, long frame, long epochNanos,
                               long streamOffset) {
            onMessage(ByteBuffer.wrap(data).slice(offset, length).order(ByteOrder.LITTLE_ENDIAN), firstFrame, frame,
                    epochNanos, streamOffset, false);
        }

        void onProblem(long frame, Severity severity, String code, String message);
    }

    public static final String CODE_LENGTH = "dlm.length";
    public static final String CODE_RESYNC = "stream.resync";
    public static final String CODE_PARTIAL = "stream.partial";

    /** Estimated heap of a framer without its buffer: this object (56), its {@link FramerBytes} (64) and its sink (24). */
    public static final long COST = 144;

    private final Sink sink;
    private boolean synced;

    /** The start of a message (or, while hunting, of a possible header) waiting for more bytes. */
    private final FramerBytes held;

    /** Stream offset of the next byte handed in (the {@link #held} bytes lie just before it). */
    private long position;
    /** Bytes skipped since the framer was last in sync. */
    private long skipped;
    /** Bytes still to pass over: the rest of a message truncated by a gap that ended inside it. */
    private long skipRemaining;


    /**
     * @param alignedAtStart true when the first byte handed in starts a message (the connection's SYN
     *                       was captured); false to hunt for the first plausible header
     */
    public DlmStreamFramer(Sink sink, boolean alignedAtStart) {
        this(sink, alignedAtStart, MemoryBudget.unlimited().account("framing"));
    }

    /** @param account charged for the buffer of partial messages (the caller charges {@link #COST}) */
    public DlmStreamFramer(Sink sink, boolean alignedAtStart, Account account) {
        this.sink = sink;
        this.synced = alignedAtStart;
        this.held = new FramerBytes(account);
    }

    /** Heap the framer's buffer holds now (charged to its account). */
    public long bufferBytes() {
        return held.bufferBytes();
    }

    /** True when the framer knows where the next message starts. */
    public boolean synchronised() {
        return synced;
    }

    /** The next {@code length} bytes of the stream, from frame {@code frame}. */
    public void onData(byte[] data, int offset, int length, long frame, long epochNanos) {
        int pos = offset;
        int end = offset + length;
        if (skipRemaining > 0) {
            int n = (int) Math.min(skipRemaining, length);
            pos += n;
            skipRemaining -= n;
            position += n;
        }
        while (pos < end) {
            if (!synced) {
                pos = hunt(data, pos, end, frame, epochNanos);
            } else if (held.heldLength() > 0) {
                pos = continuePartial(data, pos, end, frame, epochNanos);
            } else {
                pos = frameInPlace(data, pos, end, frame, epochNanos);
            }
        }
    }

    /**
     * {@code missingBytes} bytes of the stream were never captured. A message whose header is known is
     * emitted truncated; if the gap ends inside it the framer stays in sync, otherwise it hunts.
     */
    public void onGap(long missingBytes, long frame, long epochNanos) {
        if (missingBytes == 0) {
            return;
        }
        boolean known = missingBytes > 0;
        long missing = Math.max(0, missingBytes);
        if (skipRemaining > 0) {
            if (known && missing <= skipRemaining) {
                skipRemaining -= missing;
            } else {
                skipRemaining = 0;
                synced = false;
            }
            position += missing;
            return;
        }
        long tail = closePartial("missing bytes");
        if (tail >= 0 && known && missing <= tail) {
            skipRemaining = tail - missing;
            synced = true;
        } else {
            synced = false;
        }
        position += missing;
    }

    /** End of the stream: a partial message is emitted truncated, as far as its bytes go. */
    public void onEnd(long frame, long epochNanos) {
        skipRemaining = 0;
        closePartial("the end of the stream");
        if (skipped > 0) {
            sink.onProblem(frame, Severity.NOTE, CODE_RESYNC,
                    "skipped " + skipped + " bytes: no plausible DLM header before the end of the stream");
            skipped = 0;
        }
        synced = false;
        held.free();
    }

    // ---- in sync ----

    private int frameInPlace(byte[] data, int pos, int end, long frame, long epochNanos) {
        int avail = end - pos;
        if (avail < HEADER) {
            held.firstFrame(frame);
            append(data, pos, avail, frame, epochNanos);
            return end;
        }
        int length = (data[pos + 12] & 0xFF) | (data[pos + 13] & 0xFF) << 8;
        if (length < DlmHeader.MIN_LENGTH || length > DlmHeader.MAX_LENGTH) {
            lengthError(length, frame);
            synced = false;
            skipped++;
            position++;
            return pos + 1;
        }
        if (avail < length) {
            held.firstFrame(frame);
            append(data, pos, avail, frame, epochNanos);
            return end;
        }
        held.follow(data, pos);
        int cut = DlmFrameChecks.corruptOptsLengthCut(held, length, avail, sink, frame);
        if (cut > 0) {
            length = cut;
        }
        long offset = position;
        position += length;
        sink.onMessage(data, pos, length, frame, frame, epochNanos, offset);
        return pos + length;
    }

    private int continuePartial(byte[] data, int pos, int end, long frame, long epochNanos) {
        if (held.heldLength() < HEADER) {
            int n = Math.min(HEADER - held.heldLength(), end - pos);
            append(data, pos, n, frame, epochNanos);
            pos += n;
            if (held.heldLength() < HEADER) {
                return pos;
            }
        }
        // Checked every time: bytes hunting kept beyond the message it accepted hold headers never checked.
        int length = held.u16(12);
        if (length < DlmHeader.MIN_LENGTH || length > DlmHeader.MAX_LENGTH) {
            lengthError(length, frame);
            synced = false;
            held.drop(1);
            skipped++;
            return pos;
        }
        if (held.heldLength() < length) {
            int n = Math.min(length - held.heldLength(), end - pos);
            append(data, pos, n, frame, epochNanos);
            pos += n;
        }
        if (held.heldLength() >= length) {
            held.follow(data, pos);
            int cut = DlmFrameChecks.corruptOptsLengthCut(held, length, held.heldLength() + (end - pos), sink, frame);
            if (cut > 0) {
                length = cut;
            }
            // Hunting may have kept more bytes than the header it accepted holds: the rest starts the next message.
            emitAcc(length, false);
            held.drop(length);
        }
        return pos;
    }

    private void lengthError(int length, long frame) {
        sink.onProblem(frame, Severity.ERROR, CODE_LENGTH, "h_length " + length + " outside "
                + DlmHeader.MIN_LENGTH + ".." + DlmHeader.MAX_LENGTH + ": the receiving kernel aborts parsing of this stream");
    }

    /**
     * Emits what {@link #held} holds of the message starting there and reports how many of its bytes
     * are still to come, or -1 when no message header is known.
     */
    private long closePartial(String cause) {
        // Hunting may have kept more bytes than the header it accepted holds: whole messages among them are
        // handed over first (as continuePartial would), only the last one is cut short.
        while (synced && held.heldLength() >= HEADER) {
            int length = held.u16(12);
            if (length < DlmHeader.MIN_LENGTH || length > DlmHeader.MAX_LENGTH) {
                lengthError(length, held.lastFrame());
                synced = false;
                held.drop(1);
                skipped++;
            } else if (held.heldLength() >= length) {
                held.follow(null, 0);
                int cut = DlmFrameChecks.corruptOptsLengthCut(held, length, held.heldLength(), sink, held.lastFrame());
                emitAcc(cut > 0 ? cut : length, false);
                held.drop(cut > 0 ? cut : length);
            } else {
                break;
            }
        }
        if (synced) {
            if (held.heldLength() == 0) {
                return -1;
            }
            if (held.heldLength() < HEADER) {
                sink.onProblem(held.lastFrame(), Severity.NOTE, CODE_PARTIAL,
                        "dropped " + held.heldLength() + " bytes of a DLM header cut short by " + cause);
                held.clear();
                return -1;
            }
            int length = held.u16(12);
            emitAcc(held.heldLength(), true);
            long tail = length - held.heldLength();
            held.clear();
            return tail;
        }
        // Hunting: judge what is held with the bytes that are there; nothing more will come.
        held.follow(null, 0);
        long tail = -1;
        while (held.heldLength() > 0) {
            int k = 0;
            while (k < held.heldLength() && DlmFrameChecks.judge(held, k, held.heldLength(), true) != DlmFrameChecks.ACCEPT) {
                k++;
            }
            skipped += k;
            held.drop(k);
            if (held.heldLength() == 0) {
                break;
            }
            reportResync(held.lastFrame());
            int length = held.u16(12);
            if (length > held.heldLength()) {
                emitAcc(held.heldLength(), true);
                tail = length - held.heldLength();
                held.clear();
            } else {
                emitAcc(length, false);
                held.drop(length);
            }
        }
        return tail;
    }

    // ---- hunting ----

    /** Scans the held bytes followed by data[pos, end) for a plausible header; returns where to go on. */
    private int hunt(byte[] data, int pos, int end, long frame, long epochNanos) {
        held.follow(data, pos);
        int total = held.heldLength() + (end - pos);
        for (int k = 0; k < total; k++) {
            int verdict = DlmFrameChecks.judge(held, k, total, false);
            if (verdict == DlmFrameChecks.REJECT) {
                continue;
            }
            skipped += k;
            int at = dropLogical(k, pos);
            if (verdict == DlmFrameChecks.ACCEPT) {
                reportResync(frame);
                synced = true;
                return at;
            }
            // Keep the candidate until more bytes can confirm or refute it.
            if (held.heldLength() == 0) {
                held.firstFrame(frame);
            }
            append(data, at, end - at, frame, epochNanos);
            return end;
        }
        skipped += total;
        dropLogical(total, pos);
        return end;
    }

    /** Drops the first {@code k} bytes of (the held bytes, then the chunk at {@code pos}); returns the new chunk position. */
    private int dropLogical(int k, int pos) {
        if (k <= held.heldLength()) {
            held.drop(k);
            return pos;
        }
        int fromChunk = k - held.heldLength();
        held.clear();
        position += fromChunk;
        return pos + fromChunk;
    }

    private void reportResync(long frame) {
        if (skipped > 0) {
            sink.onProblem(frame, Severity.NOTE, CODE_RESYNC, "skipped " + skipped + " bytes to the next plausible DLM header");
            skipped = 0;
        }
    }
    // ---- held bytes ----

    private void append(byte[] data, int pos, int n, long frame, long epochNanos) {
        held.append(data, pos, n, frame, epochNanos);
        position += n;
    }

    /** Emits the first {@code n} held bytes. */
    private void emitAcc(int n, boolean truncated) {
        sink.onMessage(held.view(n), held.firstFrame(), held.lastFrame(), held.lastEpochNanos(),
                position - held.heldLength(), truncated);
    }
}
