package org.dlminspect.cli.render;

import java.util.List;
import java.util.Locale;

/**
 * tshark's {@code -E} options for {@code -T fields}: header line, separator, quoting, which occurrences of a field
 * repeated in one message (an OPTS's outer and inner {@code dlm.cmd}) and how they are joined.
 *
 * @param header     {@code header=y}: a first line with the field names
 * @param separator  {@code separator=/t|/s|c} (default tab)
 * @param quote      {@code quote=d|s|n}: '"', '\'' or 0 for none (default)
 * @param occurrence {@code occurrence=f|l|a}: first, last or all (default)
 * @param aggregator {@code aggregator=,|/s|c}: between occurrences (default ',')
 */
public record FieldsLayout(boolean header, char separator, char quote, char occurrence, char aggregator) {
    public static final FieldsLayout DEFAULT = new FieldsLayout(false, '\t', (char) 0, 'a', ',');

    /** Applies {@code -E} options in order; a bad one is an {@link IllegalArgumentException} naming it. */
    public static FieldsLayout parse(List<String> options) {
        FieldsLayout l = DEFAULT;
        for (String o : options) {
            int eq = o.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("-E " + o + ": expected NAME=VALUE");
            String name = o.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String v = o.substring(eq + 1);
            l = switch (name) {
                case "header" -> new FieldsLayout(yesNo(o, v), l.separator, l.quote, l.occurrence, l.aggregator);
                case "separator" -> new FieldsLayout(l.header, character(o, v), l.quote, l.occurrence, l.aggregator);
                case "aggregator" -> new FieldsLayout(l.header, l.separator, l.quote, l.occurrence, character(o, v));
                case "quote" -> new FieldsLayout(l.header, l.separator, switch (v) {
                    case "d" -> '"';
                    case "s" -> '\'';
                    case "n" -> (char) 0;
                    default -> throw new IllegalArgumentException("-E " + o + ": quote is d, s or n");
                }, l.occurrence, l.aggregator);
                case "occurrence" -> {
                    if (!v.equals("f") && !v.equals("l") && !v.equals("a")) {
                        throw new IllegalArgumentException("-E " + o + ": occurrence is f, l or a");
                    }
                    yield new FieldsLayout(l.header, l.separator, l.quote, v.charAt(0), l.aggregator);
                }
                default -> throw new IllegalArgumentException("-E " + o
                        + ": unknown option (header, separator, quote, occurrence or aggregator)");
            };
        }
        return l;
    }

    private static boolean yesNo(String o, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "y", "yes" -> true;
            case "n", "no" -> false;
            default -> throw new IllegalArgumentException("-E " + o + ": header is y or n");
        };
    }

    private static char character(String o, String v) {
        return switch (v) {
            case "/t" -> '\t';
            case "/s" -> ' ';
            default -> {
                if (v.length() != 1) throw new IllegalArgumentException("-E " + o + ": one character, /t or /s");
                yield v.charAt(0);
            }
        };
    }
}
