package org.dlminspect.cli;

import java.math.BigInteger;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Numbers on the command line: decimal or 0x hex wherever a number is taken (node ids, lockspace ids
 * and lock ids are hex in kernel logs), with an error in the user's terms ("not a node id: 'abc'").
 * A leading 0 is decimal, not octal.
 */
final class Numbers {
    private Numbers() { }

    /** The value of {@code text} (decimal or 0x hex), or null when it is not an integer. */
    static BigInteger parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace("_", "");
        boolean negative = t.startsWith("-");
        if (negative || t.startsWith("+")) t = t.substring(1);
        boolean hex = t.startsWith("0x");
        if (hex) t = t.substring(2);
        final int radix = hex ? 16 : 10;
        if (t.isEmpty() || !t.chars().allMatch(c -> Character.digit(c, radix) >= 0)) {
            return null;
        }
        BigInteger v = new BigInteger(t, radix);
        return negative ? v.negate() : v;
    }

    /** {@code text} as a number in [min, max], or a conversion error "not a WHAT: 'text'". */
    static long parse(String text, String what, long min, long max) {
        BigInteger v = parse(text);
        if (v == null || v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new TypeConversionException("not " + what + ": '" + text + "'");
        }
        return v.longValue();
    }

    /** As {@link #parse(String, String, long, long)}, for values checked after parsing: a {@link UsageError}. */
    static long parseOrUsage(String text, String what, long min, long max) {
        try {
            return parse(text, what, min, max);
        } catch (TypeConversionException e) {
            throw new UsageError(e.getMessage());
        }
    }

    /** Registers hex-aware converters for the plain number types of every option. */
    static void register(CommandLine cl) {
        // Classes, not lambdas: see ErrorHandlers (a lambda keeps picocli's converters out of the AppCDS archive).
        ITypeConverter<Long> longs = new AnyLong();
        ITypeConverter<Integer> ints = new AnyInt();
        cl.registerConverter(Long.class, longs).registerConverter(long.class, longs)
                .registerConverter(Integer.class, ints).registerConverter(int.class, ints);
    }

    /** Any long. */
    static final class AnyLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String s) {
            return parse(s, "a number", Long.MIN_VALUE, Long.MAX_VALUE);
        }
    }

    /** Any int. */
    static final class AnyInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String s) {
            return (int) parse(s, "a number", Integer.MIN_VALUE, Integer.MAX_VALUE);
        }
    }

    /** A DLM node id: unsigned 32-bit ({@code h_nodeid}). */
    static final class NodeId implements ITypeConverter<Long> {
        @Override
        public Long convert(String s) {
            return parse(s, "a node id", 0, 0xFFFFFFFFL);
        }
    }

    /** A TCP stream index. */
    static final class StreamIndex implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String s) {
            return (int) parse(s, "a stream number", 0, Integer.MAX_VALUE);
        }
    }

    /** A count of at least 1. */
    static final class PositiveLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String s) {
            return parse(s, "a positive count", 1, Long.MAX_VALUE);
        }
    }

    /** A byte count of at least 0. */
    static final class ByteCount implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String s) {
            return (int) parse(s, "a byte count", 0, Integer.MAX_VALUE);
        }
    }
}
