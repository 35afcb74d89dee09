package org.dlminspect.tcp;

/**
 * A piece of one direction's stream that arrived ahead of the next expected byte: either a copy of
 * captured bytes, or (when {@code data} is null) bytes a segment carried on the wire that the capture
 * does not hold (snaplen), which become a GAP when delivery reaches them.
 */
final class HeldChunk {
    final long start;
    final long end;
    /** Copy of the bytes [start, end), or null for bytes known to be missing from the capture. */
    final byte[] data;
    final long frame;
    final long epochNanos;

    HeldChunk(long start, long end, byte[] data, long frame, long epochNanos) {
        this.start = start;
        this.end = end;
        this.data = data;
        this.frame = frame;
        this.epochNanos = epochNanos;
    }

    boolean missing() {
        return data == null;
    }

    /** How many of {@code n} bytes of {@code data} from {@code at}, at stream position {@code c}, differ from this copy. */
    int differences(byte[] data, int at, long c, int n) {
        int from = (int) (c - start);
        int differ = 0;
        for (int i = 0; i < n; i++) {
            if (data[at + i] != this.data[from + i]) {
                differ++;
            }
        }
        return differ;
    }

    long length() {
        return end - start;
    }
}
