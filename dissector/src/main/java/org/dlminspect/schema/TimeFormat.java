package org.dlminspect.schema;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * tshark's {@code -t} time stamp formats, with its {@code .N} precision suffix ({@code -t ad.3}, {@code -t .9}):
 * a (local time of day), ad (local date and time), adoy (local year/day-of-year and time), d (since the
 * previous captured frame), dd (since the previous displayed message), e (epoch seconds), r (since the first
 * frame, the default), u, ud, udoy (as a, ad, adoy in UTC). Precision is the number of decimals (0..9, default 6).
 *
 * @param mode      the format
 * @param precision decimals of the seconds
 * @param zone      the zone of the local formats (the system's)
 */
public record TimeFormat(Mode mode, int precision, ZoneId zone) {
    /** What {@code -t} names. */
    public enum Mode { A, AD, ADOY, D, DD, E, R, U, UD, UDOY }

    /** {@code -t r.6}: seconds since the first frame, microseconds, as the packet list always showed. */
    public static final TimeFormat DEFAULT = new TimeFormat(Mode.R, 6, ZoneId.systemDefault());

    /** Parses a {@code -t} argument; a bad one is an {@link IllegalArgumentException} saying what is allowed. */
    public static TimeFormat parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        int dot = s.indexOf('.');
        String name = dot >= 0 ? s.substring(0, dot) : s;
        int precision = DEFAULT.precision();
        if (dot >= 0) {
            String p = s.substring(dot + 1);
            if (!p.isEmpty()) {
                if (p.length() != 1 || !Character.isDigit(p.charAt(0))) {
                    throw new IllegalArgumentException("not a time precision: '" + p + "' (0 to 9 decimals)");
                }
                precision = p.charAt(0) - '0';
            }
        }
        Mode mode = Mode.R;
        if (!name.isEmpty()) {
            try {
                mode = Mode.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a time format: '" + text
                        + "' (a, ad, adoy, d, dd, e, r, u, ud or udoy, with an optional .N precision)");
            }
        }
        return new TimeFormat(mode, precision, ZoneId.systemDefault());
    }

    /** This format with another zone for a, ad and adoy (tests use UTC). */
    public TimeFormat withZone(ZoneId z) {
        return new TimeFormat(mode, precision, z);
    }

    /** True for the formats that are a number of seconds (r, d, dd, e). */
    public boolean isSeconds() {
        return mode == Mode.R || mode == Mode.D || mode == Mode.DD || mode == Mode.E;
    }

    /** True for the formats that need the previous frame or message (d, dd). */
    public boolean isDelta() {
        return mode == Mode.D || mode == Mode.DD;
    }

    /**
     * Appends the time of a record at {@code epochNanos}.
     *
     * @param firstNanos      the capture's first frame (r)
     * @param previousNanos   the previous captured frame (d) or displayed message (dd); the record's own time when none
     */
    public StringBuilder append(StringBuilder sb, long epochNanos, long firstNanos, long previousNanos) {
        switch (mode) {
            case R -> seconds(sb, epochNanos - firstNanos);
            case D, DD -> seconds(sb, epochNanos - previousNanos);
            case E -> seconds(sb, epochNanos);
            case A, AD, ADOY -> absolute(sb, epochNanos, zone);
            case U, UD, UDOY -> absolute(sb, epochNanos, ZoneOffset.UTC);
        }
        return sb;
    }

    /**
     * {@link #append(StringBuilder, long, long, long)} into ASCII bytes (the packet list): the numbers of seconds
     * written as digits there, the dates through the StringBuilder.
     */
    public AsciiText append(AsciiText text, long epochNanos, long firstNanos, long previousNanos) {
        long nanos = switch (mode) {
            case R -> epochNanos - firstNanos;
            case D, DD -> epochNanos - previousNanos;
            case E -> epochNanos;
            default -> Long.MIN_VALUE;
        };
        if (nanos == Long.MIN_VALUE) {
            return text.append(format(epochNanos, firstNanos, previousNanos));
        }
        if (nanos < 0) {
            text.append('-');
            nanos = -nanos;
        }
        text.append(nanos / 1_000_000_000L);
        if (precision > 0) {
            // the first `precision` of the nine digits of the fraction (truncated, as tshark)
            text.append('.').appendZeroPadded((nanos % 1_000_000_000L) / POWERS[9 - precision], precision);
        }
        return text;
    }

    private static final long[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000};

    /** {@link #append} as a string. */
    public String format(long epochNanos, long firstNanos, long previousNanos) {
        return append(new StringBuilder(32), epochNanos, firstNanos, previousNanos).toString();
    }

    private void absolute(StringBuilder sb, long epochNanos, ZoneId z) {
        LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                Math.floorMod(epochNanos, 1_000_000_000L)), z);
        if (mode == Mode.AD || mode == Mode.UD) {
            sb.append(t.getYear()).append('-');
            two(sb, t.getMonthValue()).append('-');
            two(sb, t.getDayOfMonth()).append(' ');
        } else if (mode == Mode.ADOY || mode == Mode.UDOY) {
            sb.append(t.getYear()).append('/');
            int d = t.getDayOfYear();
            if (d < 100) sb.append('0');
            if (d < 10) sb.append('0');
            sb.append(d).append(' ');
        }
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond());
        fraction(sb, t.getNano());
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        if (v < 10) sb.append('0');
        return sb.append(v);
    }

    /** Signed seconds with {@code precision} decimals (truncated, as tshark). */
    private void seconds(StringBuilder sb, long nanos) {
        if (nanos < 0) {
            sb.append('-');
            nanos = -nanos;
        }
        sb.append(nanos / 1_000_000_000L);
        fraction(sb, (int) (nanos % 1_000_000_000L));
    }

    private void fraction(StringBuilder sb, int nanos) {
        if (precision == 0) return;
        sb.append('.');
        String digits = Integer.toString(1_000_000_000 + nanos).substring(1, 1 + precision);
        sb.append(digits);
    }
}
