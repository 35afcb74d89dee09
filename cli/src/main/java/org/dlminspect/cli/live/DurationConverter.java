package org.dlminspect.cli.live;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/**
 * {@code --duration}: seconds as a plain number ({@code 10}, {@code 1.5}) or with a unit (ms, s, m, h);
 * tshark's {@code duration:N} is accepted too.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        String s = value.strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("duration:")) {
            // tshark's autostop syntax, -a duration:N
            s = s.substring("duration:".length());
        }
        long unitNanos;
        String number;
        if (s.endsWith("ms")) {
            unitNanos = 1_000_000L;
            number = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s")) {
            unitNanos = 1_000_000_000L;
            number = s.substring(0, s.length() - 1);
        } else if (s.endsWith("m")) {
            unitNanos = 60_000_000_000L;
            number = s.substring(0, s.length() - 1);
        } else if (s.endsWith("h")) {
            unitNanos = 3_600_000_000_000L;
            number = s.substring(0, s.length() - 1);
        } else {
            unitNanos = 1_000_000_000L;
            number = s;
        }
        double amount;
        try {
            if (number.isEmpty() || !Character.isDigit(number.charAt(0)) && number.charAt(0) != '.') {
                throw new NumberFormatException();
            }
            amount = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("not a duration: '" + value + "' (use e.g. 30, 1.5s, 500ms, 10m, 1h)");
        }
        double nanos = amount * unitNanos;
        if (!(nanos > 0) || nanos > 1e18) {
            throw new CommandLine.TypeConversionException("duration out of range: '" + value + "'");
        }
        return Duration.ofNanos((long) nanos);
    }
}
