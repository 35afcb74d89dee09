package org.dlminspect.cli.render;

/** Small formatting helpers that avoid String.format on the per-message path. */
public final class Text {
    private Text() { }

    public static StringBuilder padLeft(StringBuilder sb, String s, int width) {
        for (int i = s.length(); i < width; i++) sb.append(' ');
        return sb.append(s);
    }

    public static StringBuilder padRight(StringBuilder sb, String s, int width) {
        sb.append(s);
        for (int i = s.length(); i < width; i++) sb.append(' ');
        return sb;
    }

    /** Seconds with 6 decimals from a nanosecond count (relative times may be negative). */
    public static StringBuilder seconds(StringBuilder sb, long nanos) {
        if (nanos < 0) { sb.append('-'); nanos = -nanos; }
        long micros = (nanos + 500) / 1000;
        sb.append(micros / 1_000_000).append('.');
        String frac = Long.toString(micros % 1_000_000);
        for (int i = frac.length(); i < 6; i++) sb.append('0');
        return sb.append(frac);
    }

    /** Epoch seconds with 9 decimals, for JSON ("time": 1795554056.196138000). */
    public static String epochSeconds(long epochNanos) {
        char[] text = new char[EPOCH_SECONDS_CHARS];
        return new String(text, 0, epochSeconds(text, epochNanos));
    }

    /** Room {@link #epochSeconds(char[], long)} needs: a sign, 10 digits of seconds, the point and 9 decimals. */
    public static final int EPOCH_SECONDS_CHARS = 21;

    /** {@link #epochSeconds(long)} written into {@code into} from index 0, without a String; returns its length. */
    public static int epochSeconds(char[] into, long epochNanos) {
        long s = Math.floorDiv(epochNanos, 1_000_000_000L);
        long n = Math.floorMod(epochNanos, 1_000_000_000L);
        int len = 0;
        if (s < 0) {
            into[len++] = '-';
            s = -s; // |s| <= 2^63 / 10^9: 10 digits at most
        }
        int digits = 1;
        for (long p = 10; p <= s; p *= 10) digits++;
        for (int i = len + digits - 1; i >= len; i--) {
            into[i] = (char) ('0' + s % 10);
            s /= 10;
        }
        len += digits;
        into[len++] = '.';
        for (int i = len + 8; i >= len; i--) {
            into[i] = (char) ('0' + n % 10);
            n /= 10;
        }
        return len + 9;
    }
}
