package org.dlminspect.analysis;

/**
 * Arithmetic on 32-bit midcomms sequence numbers held in a {@code long} (0 .. 2^32-1).
 * Ordering is the kernel's TCP-style {@code before()/after()}: {@code (s32)(a - b)}, so it survives wrap-around.
 */
final class Seq {
    static final long MASK = 0xFFFFFFFFL;

    private Seq() { }

    static long next(long s) {
        return (s + 1) & MASK;
    }

    static long add(long s, long n) {
        return (s + n) & MASK;
    }

    static long prev(long s) {
        return (s - 1) & MASK;
    }

    /** {@code a - b} as the kernel's signed 32-bit difference. */
    static int diff(long a, long b) {
        return (int) (a - b);
    }

    static boolean before(long a, long b) {
        return diff(a, b) < 0;
    }

    static boolean after(long a, long b) {
        return diff(a, b) > 0;
    }

    /**
     * The receiver's "past message, send a re-ACK" test in {@code dlm_midcomms_receive_buffer} is a plain
     * unsigned {@code seq < seq_next}, not wrap-aware (reference §3.4).
     */
    static boolean kernelReAcks(long seq, long expected) {
        return seq < expected;
    }
}
