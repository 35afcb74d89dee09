package org.dlminspect.analysis;

/** Small formatting helpers for finding sentences and the report (only used off the hot path). */
final class Text {
    private Text() { }

    /** "95 µs", "2.3 ms", "1.284 s", "3 min 2 s". */
    static String duration(long nanos) {
        if (nanos < 0) nanos = 0;
        if (nanos < 1_000L) return nanos + " ns";
        if (nanos < 1_000_000L) return trim(nanos / 1_000.0) + " µs";
        if (nanos < 1_000_000_000L) return trim(nanos / 1_000_000.0) + " ms";
        if (nanos < 120_000_000_000L) return trim3(nanos / 1_000_000_000.0) + " s";
        long s = nanos / 1_000_000_000L;
        return (s / 60) + " min " + (s % 60) + " s";
    }

    private static String trim(double v) {
        if (v >= 100) return Long.toString(Math.round(v));
        if (v >= 10) return oneDecimal(v);
        return twoDecimals(v);
    }

    private static String trim3(double v) {
        long m = Math.round(v * 1000);
        return (m / 1000) + "." + pad3(m % 1000);
    }

    private static String oneDecimal(double v) {
        long t = Math.round(v * 10);
        return (t / 10) + "." + (t % 10);
    }

    private static String twoDecimals(double v) {
        long t = Math.round(v * 100);
        long f = t % 100;
        return (t / 100) + "." + (f < 10 ? "0" : "") + f;
    }

    private static String pad3(long v) {
        return v < 10 ? "00" + v : v < 100 ? "0" + v : Long.toString(v);
    }

    /** "seq 5" or "seqs 5..9". */
    static String seqs(long first, long last) {
        return first == last ? "seq " + first : "seqs " + first + ".." + last;
    }

    static String plural(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    static String hex32(long v) {
        return org.dlminspect.schema.FieldFormat.hex32(v);
    }
}
