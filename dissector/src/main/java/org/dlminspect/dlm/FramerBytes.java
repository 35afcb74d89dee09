package org.dlminspect.dlm;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;

/**
 * The bytes {@link DlmStreamFramer} holds: the start of a message split across chunks (or, while hunting, of a
 * possible header) waiting for more, followed by the chunk being framed, read as one logical sequence
 * ({@link #at}: index 0 is the first held byte). That lets the header checks ({@link DlmFrameChecks}) look at
 * a header wherever it lies without copying the chunk.
 *
 * <p>The buffer is allocated only when a message is split across chunks, grows by doubling to what the message
 * needs (at most 4096 bytes, reference §1.4) and is charged to the framer's {@link Account}. Not thread-safe.
 */
final class FramerBytes {
    private static final byte[] NONE = new byte[0];

    private final Account account;
    private byte[] held = NONE;
    private ByteBuffer heldView;
    private int heldLength;
    /** Frame of the first held byte, and frame and time of the latest frame that contributed to the held bytes. */
    private long firstFrame;
    private long lastFrame;
    private long lastEpochNanos;

    /** The chunk that follows the held bytes (see {@link #follow}). */
    private byte[] chunk;
    private int chunkPos;

    FramerBytes(Account account) {
        this.account = account;
    }

    /** Heap the buffer holds now (charged to the account). */
    long bufferBytes() {
        return held.length == 0 ? 0 : HeapCost.byteArray(held.length) + HeapCost.object(36);
    }

    int heldLength() {
        return heldLength;
    }

    long firstFrame() {
        return firstFrame;
    }

    long lastFrame() {
        return lastFrame;
    }

    long lastEpochNanos() {
        return lastEpochNanos;
    }

    void firstFrame(long frame) {
        firstFrame = frame;
    }

    /** Makes {@code data} from {@code pos} the bytes that follow the held ones ({@code null}: none follow). */
    void follow(byte[] data, int pos) {
        chunk = data;
        chunkPos = pos;
    }

    /** Byte {@code k} of the held bytes followed by the chunk. */
    int at(int k) {
        return k < heldLength ? held[k] & 0xFF : chunk[chunkPos + k - heldLength] & 0xFF;
    }

    int u16(int k) {
        return at(k) | at(k + 1) << 8;
    }

    int u32(int k) {
        return at(k) | at(k + 1) << 8 | at(k + 2) << 16 | at(k + 3) << 24;
    }

    /** Appends {@code n} bytes of {@code data} from {@code pos}, from frame {@code frame}. */
    void append(byte[] data, int pos, int n, long frame, long epochNanos) {
        reserve(n);
        // Held out-of-order bytes arrive with their own, earlier frame: the message is complete
        // only in the latest frame that contributed to it.
        if (heldLength == 0 || frame >= lastFrame) {
            lastFrame = frame;
            lastEpochNanos = epochNanos;
        }
        System.arraycopy(data, pos, held, heldLength, n);
        heldLength += n;
    }

    /** Drops the first {@code n} held bytes. */
    void drop(int n) {
        if (n == 0) {
            return;
        }
        System.arraycopy(held, n, held, 0, heldLength - n);
        heldLength -= n;
    }

    void clear() {
        heldLength = 0;
    }

    /** The first {@code n} held bytes as a LITTLE_ENDIAN buffer, valid until the held bytes change. */
    ByteBuffer view(int n) {
        return heldView.order(ByteOrder.LITTLE_ENDIAN).clear().limit(n);
    }

    /** Gives the buffer back once nothing is held (end of stream). */
    void free() {
        if (held.length > 0 && heldLength == 0) {
            account.release(bufferBytes());
            held = NONE;
            heldView = null;
        }
    }

    /** Makes room for {@code more} bytes after those held, growing the buffer by doubling. */
    private void reserve(int more) {
        int need = heldLength + more;
        if (need <= held.length) {
            return;
        }
        int cap = Math.max(need, Math.min(DlmHeader.MAX_LENGTH, Math.max(64, held.length * 2)));
        long before = bufferBytes();
        byte[] grown = new byte[cap];
        System.arraycopy(held, 0, grown, 0, heldLength);
        held = grown;
        heldView = ByteBuffer.wrap(held);
        // The budget's pressure is relieved by whoever owns the connections (the caller of onData).
        account.charge(bufferBytes() - before);
    }
}
