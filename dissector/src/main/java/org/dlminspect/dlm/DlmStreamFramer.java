package org.dlminspect.dlm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.dlminspect.Severity;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;
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

        void onProblem(long frame, Severity severity, String code, String message);
    }

    public static final String CODE_LENGTH = "dlm.length";
    public static final String CODE_RESYNC = "stream.resync";
    public static final String CODE_PARTIAL = "stream.partial";

    private static final int HEADER = DlmHeader.SIZE;
    private static final int OPTS_HEADER = 24;
    private static final int V31 = (int) DlmHeader.VERSION_3_1;
    private static final int V32 = (int) DlmHeader.VERSION_3_2;

    private static final int REJECT = 0;
    private static final int ACCEPT = 1;
    private static final int NEED_MORE = 2;

    /** Estimated heap of a framer without its buffer: this object (104) and its sink (24). */
    public static final long COST = 128;
    private static final byte[] NONE = new byte[0];

    private final Sink sink;
    private final Account account;
    private boolean synced;

    /** The start of a message (or, while hunting, of a possible header) waiting for more bytes. */
    private byte[] acc = NONE;
    private ByteBuffer accView;
    private int accLen;
    private long accFirstFrame;
    private long accLastFrame;
    private long accLastEpochNanos;

    /** Stream offset of the next byte handed in (bytes in {@link #acc} lie just before it). */
    private long position;
    /** Bytes skipped since the framer was last in sync. */
    private long skipped;
    /** Bytes still to pass over: the rest of a message truncated by a gap that ended inside it. */
    private long skipRemaining;

    private byte[] wrappedArray;
    private ByteBuffer wrapped;

    /** While hunting: the chunk that follows the bytes in {@link #acc}. */
    private byte[] huntData;
    private int huntPos;

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
        this.account = account;
    }

    /** Heap the framer's buffer holds now (charged to its account). */
    public long bufferBytes() {
        return acc.length == 0 ? 0 : HeapCost.byteArray(acc.length) + HeapCost.object(36);
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
            } else if (accLen > 0) {
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
        freeBuffer();
    }

    // ---- in sync ----

    private int frameInPlace(byte[] data, int pos, int end, long frame, long epochNanos) {
        int avail = end - pos;
        if (avail < HEADER) {
            accFirstFrame = frame;
            append(data, pos, avail, frame, epochNanos);
            return end;
        }
        int length = u16(data, pos + 12);
        if (length < DlmHeader.MIN_LENGTH || length > DlmHeader.MAX_LENGTH) {
            lengthError(length, frame);
            synced = false;
            skipped++;
            position++;
            return pos + 1;
        }
        if (avail < length) {
            accFirstFrame = frame;
            append(data, pos, avail, frame, epochNanos);
            return end;
        }
        huntData = data;
        huntPos = pos;
        int cut = wrongLengthCut(length, avail, frame);
        if (cut > 0) {
            length = cut;
        }
        if (data != wrappedArray) {
            wrappedArray = data;
            wrapped = ByteBuffer.wrap(data);
        }
        ByteBuffer message = wrapped.slice(pos, length).order(ByteOrder.LITTLE_ENDIAN);
        long offset = position;
        position += length;
        sink.onMessage(message, frame, frame, epochNanos, offset, false);
        return pos + length;
    }

    private int continuePartial(byte[] data, int pos, int end, long frame, long epochNanos) {
        if (accLen < HEADER) {
            int n = Math.min(HEADER - accLen, end - pos);
            append(data, pos, n, frame, epochNanos);
            pos += n;
            if (accLen < HEADER) {
                return pos;
            }
        }
        // Checked every time: bytes hunting kept beyond the message it accepted hold headers never checked.
        int length = u16(acc, 12);
        if (length < DlmHeader.MIN_LENGTH || length > DlmHeader.MAX_LENGTH) {
            lengthError(length, frame);
            synced = false;
            dropAcc(1);
            skipped++;
            return pos;
        }
        if (accLen < length) {
            int n = Math.min(length - accLen, end - pos);
            append(data, pos, n, frame, epochNanos);
            pos += n;
        }
        if (accLen >= length) {
            huntData = data;
            huntPos = pos;
            int cut = wrongLengthCut(length, accLen + (end - pos), frame);
            if (cut > 0) {
                length = cut;
            }
            // Hunting may have kept more bytes than the header it accepted holds: the rest starts the next message.
            emitAcc(length, false);
            dropAcc(length);
        }
        return pos;
    }

    /**
     * An in-range but wrong h_length: an OPTS whose h_length runs past the message it wraps (the kernel always
     * sends h_length = 24 + o_optlen + the inner h_length, reference §2.6), with a plausible header right after
     * the wrapped message and none at the claimed end (when those bytes are here). Trusting h_length would lose
     * every message inside the claimed length; instead the message is cut where its contents end and framing
     * goes on from there, with an error that says what the kernel would do. Reads the message through
     * {@link #at} (logical index 0 = its first byte); {@code total} bytes are present from there.
     *
     * @return the length to cut the message to, or -1 to trust h_length
     */
    private int wrongLengthCut(int length, int total, long frame) {
        if (at(14) != DlmCommand.OPTS.wireValue() || length < OPTS_HEADER + 2 * HEADER) {
            return -1;
        }
        int inner = OPTS_HEADER + u16(18);
        if (inner + HEADER > length) {
            return -1;
        }
        int innerLength = u16(inner + 12);
        int end = inner + innerLength;
        if (innerLength < DlmHeader.MIN_LENGTH || end + HEADER > length || plausibleHeader(end) < 0) {
            return -1;
        }
        if (total >= length + HEADER && plausibleHeader(length) >= 0) {
            return -1;
        }
        sink.onProblem(frame, Severity.ERROR, CODE_LENGTH, "h_length " + length + " runs past the " + end
                + " bytes this OPTS wraps (24 + o_optlen " + (inner - OPTS_HEADER) + " + inner h_length " + innerLength
                + "), and a plausible DLM header follows them" + (total >= length + HEADER ? " but none at the claimed end" : "")
                + ": a corrupt h_length. The receiving kernel trusts it: it would take all " + length
                + " bytes as one message and misread the messages inside them; dissected as " + end
                + " bytes, framing resumes at the next header");
        return end;
    }

    private void lengthError(int length, long frame) {
        sink.onProblem(frame, Severity.ERROR, CODE_LENGTH, "h_length " + length + " outside "
                + DlmHeader.MIN_LENGTH + ".." + DlmHeader.MAX_LENGTH + ": the receiving kernel aborts parsing of this stream");
    }

    /**
     * Emits what {@link #acc} holds of the message starting there and reports how many of its bytes
     * are still to come, or -1 when no message header is known.
     */
    private long closePartial(String cause) {
        if (synced) {
            if (accLen == 0) {
                return -1;
            }
            if (accLen < HEADER) {
                sink.onProblem(accLastFrame, Severity.NOTE, CODE_PARTIAL,
                        "dropped " + accLen + " bytes of a DLM header cut short by " + cause);
                accLen = 0;
                return -1;
            }
            int length = u16(acc, 12);
            emitAcc(accLen, true);
            long tail = length - accLen;
            accLen = 0;
            return tail;
        }
        // Hunting: judge what is held with the bytes that are there; nothing more will come.
        huntData = null;
        long tail = -1;
        while (accLen > 0) {
            int k = 0;
            while (k < accLen && judge(k, accLen, true) != ACCEPT) {
                k++;
            }
            skipped += k;
            dropAcc(k);
            if (accLen == 0) {
                break;
            }
            reportResync(accLastFrame);
            int length = u16(acc, 12);
            if (length > accLen) {
                emitAcc(accLen, true);
                tail = length - accLen;
                accLen = 0;
            } else {
                emitAcc(length, false);
                dropAcc(length);
            }
        }
        return tail;
    }

    // ---- hunting ----

    /** Scans the held bytes followed by data[pos, end) for a plausible header; returns where to go on. */
    private int hunt(byte[] data, int pos, int end, long frame, long epochNanos) {
        huntData = data;
        huntPos = pos;
        int total = accLen + (end - pos);
        for (int k = 0; k < total; k++) {
            int verdict = judge(k, total, false);
            if (verdict == REJECT) {
                continue;
            }
            skipped += k;
            int at = dropLogical(k, pos);
            if (verdict == ACCEPT) {
                reportResync(frame);
                synced = true;
                return at;
            }
            // Keep the candidate until more bytes can confirm or refute it.
            if (accLen == 0) {
                accFirstFrame = frame;
            }
            append(data, at, end - at, frame, epochNanos);
            return end;
        }
        skipped += total;
        dropLogical(total, pos);
        return end;
    }

    /** Drops the first {@code k} bytes of (acc, then the chunk at {@code pos}); returns the new chunk position. */
    private int dropLogical(int k, int pos) {
        if (k <= accLen) {
            dropAcc(k);
            return pos;
        }
        int fromChunk = k - accLen;
        accLen = 0;
        position += fromChunk;
        return pos + fromChunk;
    }

    private void reportResync(long frame) {
        if (skipped > 0) {
            sink.onProblem(frame, Severity.NOTE, CODE_RESYNC, "skipped " + skipped + " bytes to the next plausible DLM header");
            skipped = 0;
        }
    }

    /**
     * Whether a header plausibly starts at logical index {@code k} of {@code total} available bytes:
     * version 3.1 or 3.2, 16 ≤ h_length ≤ 4096, h_cmd MSG, RCOM, OPTS or ACK, h_pad 0; an ACK is 16
     * bytes; an OPTS has o_nextcmd MSG, RCOM or FIN and an inner header that looks like one; and the
     * next message's header, when present, looks like one. A FIN at top level is rejected: it is the
     * inner header of an OPTS whose own header was lost (the kernel never sends a bare FIN).
     * Not in {@code finalJudgement}, a candidate whose checks need bytes not yet present waits for them.
     */
    private int judge(int k, int total, boolean finalJudgement) {
        int avail = total - k;
        if (avail < HEADER) {
            return finalJudgement ? REJECT : NEED_MORE;
        }
        int cmd = plausibleHeader(k);
        if (cmd < 0) {
            return REJECT;
        }
        int length = u16(k + 12);
        if (cmd == DlmCommand.OPTS.wireValue()) {
            if (avail < OPTS_HEADER) {
                if (!finalJudgement) {
                    return NEED_MORE;
                }
            } else {
                int nextcmd = at(k + 16);
                if (nextcmd != 1 && nextcmd != 2 && nextcmd != 5) {
                    return REJECT;
                }
                int optlen = u16(k + 18);
                if (OPTS_HEADER + optlen + HEADER > length) {
                    return REJECT;
                }
                int inner = k + OPTS_HEADER + optlen;
                if (total - inner >= HEADER) {
                    int innerVersion = u32(inner);
                    int innerLength = u16(inner + 12);
                    int innerCmd = at(inner + 14);
                    if ((innerVersion != V31 && innerVersion != V32) || innerLength < DlmHeader.MIN_LENGTH
                            || innerLength > length - OPTS_HEADER - optlen
                            || (innerCmd != 1 && innerCmd != 2 && innerCmd != 5) || at(inner + 15) != 0) {
                        return REJECT;
                    }
                } else if (!finalJudgement) {
                    return NEED_MORE;
                }
            }
        }
        if (avail >= length + HEADER && plausibleHeader(k + length) < 0) {
            return REJECT;
        }
        return ACCEPT;
    }

    /** The command of a plausible top-level header at logical index {@code k}, or -1. */
    private int plausibleHeader(int k) {
        int version = u32(k);
        if (version != V31 && version != V32) {
            return -1;
        }
        int length = u16(k + 12);
        if (length < DlmHeader.MIN_LENGTH || length > DlmHeader.MAX_LENGTH || at(k + 15) != 0) {
            return -1;
        }
        int cmd = at(k + 14);
        switch (cmd) {
            case 1, 2:
                return cmd;
            case 3:
                return version == V32 && length >= OPTS_HEADER + HEADER ? cmd : -1;
            case 4:
                return version == V32 && length == HEADER ? cmd : -1;
            default:
                return -1;
        }
    }

    private int at(int k) {
        return k < accLen ? acc[k] & 0xFF : huntData[huntPos + k - accLen] & 0xFF;
    }

    private int u16(int k) {
        return at(k) | at(k + 1) << 8;
    }

    private int u32(int k) {
        return at(k) | at(k + 1) << 8 | at(k + 2) << 16 | at(k + 3) << 24;
    }

    // ---- buffer ----

    /** Makes room for {@code more} bytes after the {@link #accLen} held, growing the buffer by doubling. */
    private void reserve(int more) {
        int need = accLen + more;
        if (need <= acc.length) {
            return;
        }
        int cap = Math.max(need, Math.min(DlmHeader.MAX_LENGTH, Math.max(64, acc.length * 2)));
        long before = bufferBytes();
        byte[] grown = new byte[cap];
        System.arraycopy(acc, 0, grown, 0, accLen);
        acc = grown;
        accView = ByteBuffer.wrap(acc);
        // The budget's pressure is relieved by whoever owns the connections (the caller of onData).
        account.charge(bufferBytes() - before);
    }

    /** Gives the buffer back once nothing is held (end of stream). */
    private void freeBuffer() {
        if (acc.length > 0 && accLen == 0) {
            account.release(bufferBytes());
            acc = NONE;
            accView = null;
        }
    }

    private void append(byte[] data, int pos, int n, long frame, long epochNanos) {
        reserve(n);
        // Held out-of-order bytes arrive with their own, earlier frame: the message is complete
        // only in the latest frame that contributed to it.
        if (accLen == 0 || frame >= accLastFrame) {
            accLastFrame = frame;
            accLastEpochNanos = epochNanos;
        }
        System.arraycopy(data, pos, acc, accLen, n);
        accLen += n;
        position += n;
    }

    private void dropAcc(int n) {
        if (n == 0) {
            return;
        }
        System.arraycopy(acc, n, acc, 0, accLen - n);
        accLen -= n;
    }

    /** Emits acc[0, n). */
    private void emitAcc(int n, boolean truncated) {
        accView.order(ByteOrder.LITTLE_ENDIAN).clear().limit(n);
        sink.onMessage(accView, accFirstFrame, accLastFrame, accLastEpochNanos, position - accLen, truncated);
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }
}
