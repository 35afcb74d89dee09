package org.dlminspect.cli.stats;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.dlminspect.analysis.Finding;
import org.dlminspect.memory.Account;
import org.dlminspect.pipeline.DissectedMessage;

/** Parses {@code -z} arguments into {@link Statistic}s, with tshark's names. */
public final class Statistics {
    /** What {@code -z help} lists. */
    public static final String HELP = String.join("\n",
            "Statistics (-z), printed after the input has been read (add -q to print only them):",
            "  conv,dlm                      messages and bytes per node pair, each way (tshark -z conv,tcp)",
            "  dlm,types                     messages per command and type, per direction",
            "  io,stat,INTERVAL[,FILTER]...  messages and bytes per INTERVAL seconds (0: whole capture),",
            "                                a column per display FILTER",
            "  expert                        findings and input problems by severity and code (runs the analysis)");

    private Statistics() { }

    /** What a {@code -z} argument was wrong about. */
    public static final class BadSpec extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BadSpec(String message) {
            super(message);
        }
    }

    /**
     * @param spec     the argument of {@code -z}
     * @param filters  compiles a display filter (the FILTER of io,stat), as {@code -Y} does
     * @param findings the analysis findings, read when the statistic is written (for expert)
     */
    public static Statistic parse(String spec, Function<String, Predicate<DissectedMessage>> filters,
            Supplier<List<Finding>> findings, Account account) {
        String s = spec.trim();
        if (s.equals("conv,dlm")) return new ConversationStat(account);
        if (s.equals("dlm,types")) return new TypeStat(account);
        if (s.equals("expert") || s.startsWith("expert,")) return new ExpertStat(findings);
        if (s.startsWith("io,stat,")) {
            String[] parts = s.substring("io,stat,".length()).split(",", -1);
            long interval = interval(parts[0]);
            List<String> texts = new ArrayList<>();
            List<Predicate<DissectedMessage>> compiled = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                String f = parts[i].trim();
                if (f.isEmpty()) continue;
                texts.add(f);
                compiled.add(filters.apply(f));
            }
            return new IoStat(interval, texts, compiled, account);
        }
        if (s.equals("io,stat")) throw new BadSpec("io,stat needs an interval: -z io,stat,1 (seconds)");
        throw new BadSpec("unknown statistic '" + spec + "'; " + suggestion(s) + "see -z help");
    }

    /** Whether the statistic {@code spec} needs the midcomms analysis to run. */
    public static boolean needsAnalysis(String spec) {
        String s = spec.trim();
        return s.equals("expert") || s.startsWith("expert,");
    }

    private static long interval(String text) {
        try {
            BigDecimal seconds = new BigDecimal(text.trim());
            if (seconds.signum() < 0) throw new NumberFormatException();
            BigDecimal nanos = seconds.movePointRight(9);
            if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 || (seconds.signum() > 0 && nanos.compareTo(BigDecimal.ONE) < 0)) {
                throw new NumberFormatException();
            }
            return nanos.longValue();
        } catch (NumberFormatException e) {
            throw new BadSpec("not an interval in seconds: '" + text + "' (e.g. 1, 0.1, 0 for the whole capture)");
        }
    }

    private static String suggestion(String s) {
        for (String known : List.of("conv,dlm", "dlm,types", "io,stat,", "expert")) {
            String stem = known.replace(",", "");
            if (!s.isEmpty() && (known.startsWith(s) || s.replace(",", "").startsWith(stem.substring(0, Math.min(4, stem.length()))))) {
                return "did you mean " + known + (known.endsWith(",") ? "1" : "") + "? ";
            }
        }
        return "";
    }
}
