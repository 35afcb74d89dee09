package org.dlminspect.cli.render;

/**
 * UTF-16 characters to UTF-8 bytes one at a time, as the JDK's UTF-8 encoder with its default replacement does:
 * a surrogate pair is one 4-byte character, an unpaired surrogate a {@code ?}. Holds a high surrogate until the
 * next character says whether it has its low half, even across separate writes. The one copy of that rule for
 * {@link TextLine} and the standard output's writer. Not thread-safe.
 */
public final class Utf8Chars {
    /** A high surrogate put last, waiting for its low half; 0 when none. */
    private char pendingHigh;

    /** True when a high surrogate waits for its low half (the next character must go through {@link #put}). */
    public boolean pending() {
        return pendingHigh != 0;
    }

    /**
     * Encodes {@code c} at {@code b[at]} (room for 4 bytes is there) after the waiting high surrogate, if any;
     * returns the index after the bytes written (the same index when {@code c} is a high surrogate now waiting).
     */
    public int put(byte[] b, int at, char c) {
        if (pendingHigh != 0) {
            char high = pendingHigh;
            pendingHigh = 0;
            if (Character.isLowSurrogate(c)) {
                return Utf8Sink.put(b, at, Character.toCodePoint(high, c));
            }
            b[at++] = '?';
        }
        if (Character.isHighSurrogate(c)) {
            pendingHigh = c;
        } else if (Character.isLowSurrogate(c)) {
            b[at++] = '?';
        } else {
            at = Utf8Sink.put(b, at, c);
        }
        return at;
    }

    /** Forgets the waiting high surrogate and returns it (0 when none): the caller writes it or its {@code ?}. */
    public char take() {
        char high = pendingHigh;
        pendingHigh = 0;
        return high;
    }
}
