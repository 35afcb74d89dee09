package org.dlminspect.cli.stats;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.dlminspect.Diagnostic;
import org.dlminspect.Severity;
import org.dlminspect.analysis.Finding;

/**
 * {@code -z expert}: the analysis findings and the input's diagnostics grouped by severity (worst first),
 * then by code, with how often each occurred and the first occurrence's text, as tshark's {@code -z expert}.
 * Diagnostics are few per kind of problem (they come from the input, and per-code counts are small), so
 * grouping them as they come costs little; findings are the analysis's own list.
 */
final class ExpertStat implements Statistic {
    private final Supplier<List<Finding>> findings;
    private final Map<Severity, Map<String, Group>> diagnostics = new EnumMap<>(Severity.class);

    /** One code at one severity: how often, and the first summary. */
    private static final class Group {
        final String protocol;
        final String summary;
        long count;

        Group(String protocol, String summary) {
            this.protocol = protocol;
            this.summary = summary;
        }
    }

    ExpertStat(Supplier<List<Finding>> findings) {
        this.findings = findings;
    }

    @Override
    public void onDiagnostic(Diagnostic d) {
        diagnostics.computeIfAbsent(d.severity(), s -> new LinkedHashMap<>())
                .computeIfAbsent(d.code(), c -> new Group(protocol(c), d.message())).count++;
    }

    @Override
    public void write(Writer out) throws IOException {
        Map<Severity, Map<String, Group>> all = new EnumMap<>(Severity.class);
        diagnostics.forEach((s, groups) -> all.put(s, new LinkedHashMap<>(groups)));
        for (Finding f : findings.get()) {
            all.computeIfAbsent(f.severity(), s -> new LinkedHashMap<>())
                    .computeIfAbsent(f.code(), c -> new Group("DLM", f.message())).count++;
        }
        StringBuilder sb = new StringBuilder();
        List<Severity> worstFirst = new ArrayList<>(List.of(Severity.values()));
        java.util.Collections.reverse(worstFirst);
        for (Severity s : worstFirst) {
            Map<String, Group> groups = all.get(s);
            if (groups == null) continue;
            long total = groups.values().stream().mapToLong(g -> g.count).sum();
            String title = heading(s) + " (" + total + ")";
            sb.append('\n').append(title).append('\n').append("=".repeat(title.length())).append('\n');
            sb.append(String.format("%12s  %-28s %-9s %s%n", "Frequency", "Group", "Protocol", "Summary"));
            List<Map.Entry<String, Group>> rows = new ArrayList<>(groups.entrySet());
            rows.sort((a, b) -> Long.compare(b.getValue().count, a.getValue().count));
            for (Map.Entry<String, Group> r : rows) {
                sb.append(String.format("%12d  %-28s %-9s %s%n", r.getValue().count, r.getKey(), r.getValue().protocol,
                        r.getValue().summary));
            }
        }
        if (sb.length() == 0) sb.append("\nNo expert information: no findings and no input problems\n");
        out.write(sb.toString());
    }

    private static String heading(Severity s) {
        return switch (s) {
            case ERROR -> "Errors";
            case WARN -> "Warns";
            case NOTE -> "Notes";
            case CHAT -> "Chats";
        };
    }

    /** "tcp.gap" → "TCP", "capture.gzip" → "CAPTURE": the layer a diagnostic code names first. */
    private static String protocol(String code) {
        int dot = code.indexOf('.');
        return (dot < 0 ? code : code.substring(0, dot)).toUpperCase(java.util.Locale.ROOT);
    }
}
