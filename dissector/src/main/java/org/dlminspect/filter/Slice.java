package org.dlminspect.filter;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The ranges of a slice, as Wireshark writes them between brackets, comma-separated: {@code [i:n]} n bytes from
 * offset i, {@code [i-j]} offsets i to j both included, {@code [i]} one byte, {@code [:n]} the first n,
 * {@code [i:]} from i to the end. A negative offset counts from the end ({@code [-1]} is the last byte).
 * Several ranges are joined in order ({@code [0:2,5]}).
 *
 * @param text the text between the brackets, for messages
 */
record Slice(String text, List<Range> ranges) {
    /** One range: {@code start} (negative: from the end), and a length, an inclusive end, or to the end. */
    record Range(int start, int length, Integer end) {
        static final int TO_END = -1;
    }

    /** Parses the text between the brackets; {@code pos} is the column of the '['. */
    static Slice parse(String text, int pos) {
        List<Range> ranges = new ArrayList<>();
        int at = pos + 1;
        for (String part : text.split(",", -1)) {
            String p = part.trim();
            if (p.isEmpty()) {
                throw new FilterSyntaxException("empty range in the slice at " + pos + " (like [0:4], [2-5], [3], [-2:])", pos);
            }
            ranges.add(range(p, at));
            at += part.length() + 1;
        }
        return new Slice(text, List.copyOf(ranges));
    }

    /**
     * The layers of Wireshark's layer operator ({@code tcp.port#[2-4]}): the same ranges, read as layer numbers
     * counted from 1 rather than offsets; a layer cannot count from the end.
     */
    static Slice layers(String text, int pos) {
        Slice s = parse(text, pos);
        for (Range r : s.ranges()) {
            if (r.start() < 0 || (r.end() != null && r.end() < 0)) {
                throw new FilterSyntaxException("a layer cannot be negative: '#[" + text + "]' at " + pos, pos);
            }
        }
        return s;
    }

    /** Whether layer {@code n} is in the ranges (read as {@link #layers}). */
    boolean containsLayer(int n) {
        for (Range r : ranges) {
            long last = r.end() != null ? r.end() : r.length() == Range.TO_END ? Long.MAX_VALUE : (long) r.start() + r.length() - 1;
            if (n >= r.start() && n <= last) {
                return true;
            }
        }
        return false;
    }

    private static Range range(String p, int pos) {
        int colon = p.indexOf(':');
        if (colon >= 0) {
            int start = colon == 0 ? 0 : number(p.substring(0, colon), pos);
            String len = p.substring(colon + 1).trim();
            if (len.isEmpty()) {
                return new Range(start, Range.TO_END, null);
            }
            int n = number(len, pos);
            if (n < 0) {
                throw new FilterSyntaxException("a slice length cannot be negative: '" + p + "' at " + pos, pos);
            }
            return new Range(start, n, null);
        }
        int dash = p.indexOf('-', 1);
        if (dash > 0) {
            int start = number(p.substring(0, dash), pos);
            int end = number(p.substring(dash + 1), pos);
            return new Range(start, 0, end);
        }
        return new Range(number(p, pos), 1, null);
    }

    private static int number(String s, int pos) {
        Long n = Literals.integer(s.trim());
        if (n == null || n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new FilterSyntaxException("expected an offset or length in the slice at " + pos + ", found '" + s.trim() + "'", pos);
        }
        return (int) (long) n;
    }

    /** The bytes the ranges pick from {@code data}, joined; null when a range falls outside it. */
    byte[] apply(byte[] data) {
        int n = data.length;
        if (ranges.size() == 1) {
            return pick(ranges.get(0), data, n);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Range r : ranges) {
            byte[] part = pick(r, data, n);
            if (part == null) {
                return null;
            }
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] pick(Range r, byte[] data, int n) {
        long start = r.start() < 0 ? (long) n + r.start() : r.start();
        long length;
        if (r.end() != null) {
            long end = r.end() < 0 ? (long) n + r.end() : r.end();
            length = end - start + 1;
        } else {
            length = r.length() == Range.TO_END ? n - start : r.length();
        }
        if (start < 0 || length < 0 || start + length > n) {
            return null;
        }
        return java.util.Arrays.copyOfRange(data, (int) start, (int) (start + length));
    }
}
