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
        StringBuilder sb = new StringBuilder(20);
        long s = Math.floorDiv(epochNanos, 1_000_000_000L);
        long n = Math.floorMod(epochNanos, 1_000_000_000L);
        sb.append(s).append('.');
        String frac = Long.toString(n);
        for (int i = frac.length(); i < 9; i++) sb.append('0');
        return sb.append(frac).toString();
    }
}
