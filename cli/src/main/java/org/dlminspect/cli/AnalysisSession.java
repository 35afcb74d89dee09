package org.dlminspect.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.dlminspect.Severity;
import org.dlminspect.analysis.AnalyzerOptions;
import org.dlminspect.analysis.Finding;
import org.dlminspect.analysis.MidcommsAnalyzer;
import org.dlminspect.analysis.ReportFormatter;
import org.dlminspect.analysis.Verdict;
import org.dlminspect.cli.render.Ansi;
import org.dlminspect.cli.render.FindingJson;
import org.dlminspect.cli.render.StoryJson;

/**
 * The analysis side of {@code analyze}, {@code read --analyze} and {@code live}: the midcomms
 * analyzer, the findings it reported (also passed on as they happen), and the end report.
 */
final class AnalysisSession {
    private final MidcommsAnalyzer analyzer;
    private final List<Finding> findings = new ArrayList<>();
    private final List<Finding> captureFindings = new ArrayList<>();
    private java.util.function.Predicate<Finding> shown = f -> true;

    /**
     * @param budget       the run's one memory budget: the analyzer charges its state to it
     * @param asTheyHappen receives each finding when it is found (inline output), or null
     */
    AnalysisSession(AnalyzerOptions options, org.dlminspect.memory.MemoryBudget budget, Consumer<Finding> asTheyHappen) {
        this.analyzer = new MidcommsAnalyzer(f -> {
            if (!shown.test(f)) return;
            findings.add(f);
            if (asTheyHappen != null) asTheyHappen.accept(f);
        }, options, budget);
    }

    /** Only findings that pass {@code test} are listed and passed on (the verdict still counts them all). */
    AnalysisSession showOnly(java.util.function.Predicate<Finding> test) {
        this.shown = test;
        return this;
    }

    MidcommsAnalyzer analyzer() {
        return analyzer;
    }

    List<Finding> findings() {
        return findings;
    }

    /** The text report: per-pair table, findings in time order, verdict. */
    void writeReport(Writer out, Ansi ansi, long firstEpochNanos, boolean allFindings) throws IOException {
        writeReport(out, ansi, firstEpochNanos, org.dlminspect.schema.TimeFormat.DEFAULT, allFindings);
    }

    /** The text report with finding times in a {@code -t} format (d and dd: since the previous finding). */
    void writeReport(Writer out, Ansi ansi, long firstEpochNanos, org.dlminspect.schema.TimeFormat times,
            boolean allFindings) throws IOException {
        ReportFormatter.Style style = new ReportFormatter.Style() {
            @Override
            public String severity(Severity s, String text) {
                return ansi.severity(s, text);
            }

            @Override
            public String heading(String text) {
                return ansi.bold(text);
            }

            @Override
            public String verdict(Severity worst, String text) {
                return worst == null ? ansi.bold(text) : ansi.severity(worst, text);
            }
        };
        ReportFormatter formatter = new ReportFormatter(style, firstEpochNanos);
        if (times != null && times != org.dlminspect.schema.TimeFormat.DEFAULT) {
            long[] previous = {Long.MIN_VALUE};
            formatter.withTimes(n -> {
                String text = times.format(n, firstEpochNanos > 0 ? firstEpochNanos : n, previous[0] == Long.MIN_VALUE ? n : previous[0]);
                previous[0] = n;
                return text;
            });
        }
        formatter.write(out, analyzer.pairSummaries(), sortedFindings(), episodes(), analyzer.stories(), verdict(),
                allFindings);
    }

    /**
     * The JSON report: every finding, then one object per connection failure's story (the text report's "Connection
     * failures"), then one summary object. Its episodes are the text report's timeline: the analyzer's, then one per
     * finding about the captures (which carries that episode's id).
     */
    void writeJson(JsonGenerator json, boolean includeFindings) throws IOException {
        if (includeFindings) {
            for (Finding f : sortedFindings()) {
                int episode = episodeOf(f);
                FindingJson.finding(json, episode == f.episode() ? f : new Finding(f.kind(), f.severity(), f.fromNode(),
                        f.toNode(), f.fromAddress(), f.toAddress(), f.frame(), f.epochNanos(), f.frames(), f.seqs(),
                        f.stream(), f.message(), episode));
            }
        }
        int story = 0;
        for (org.dlminspect.analysis.Story st : analyzer.stories()) StoryJson.story(json, ++story, st);
        FindingJson.summary(json, analyzer.pairSummaries(), episodes(), verdict(), analyzer.messages());
    }

    /** The episode of {@code f}: the analyzer's, or the one {@link #episodes()} gives a finding about the captures. */
    int episodeOf(Finding f) {
        if (f.episode() > 0) return f.episode();
        for (int i = 0; i < captureFindings.size(); i++) {
            if (captureFindings.get(i) == f) return analyzer.episodes().size() + 1 + i;
        }
        return 0;
    }

    /** Findings about the captures themselves (per-node matching): listed with the others, counted in the verdict. */
    void addCaptureFindings(List<Finding> more) {
        findings.addAll(more);
        captureFindings.addAll(more);
    }

    /** The analyzer's episodes, then one per finding about the captures themselves. */
    List<org.dlminspect.analysis.Episode> episodes() {
        List<org.dlminspect.analysis.Episode> all = new ArrayList<>(analyzer.episodes());
        int id = all.size();
        for (Finding f : captureFindings) {
            all.add(new org.dlminspect.analysis.Episode(++id, org.dlminspect.analysis.EpisodeKind.CAPTURE, f.kind(),
                    f.severity(), f.fromNode(), f.toNode(), f.frame(), f.frame(), f.epochNanos(), f.epochNanos(), 1,
                    List.of(), f.message()));
        }
        return all;
    }

    /** The analyzer's verdict, with the capture findings counted in. */
    Verdict verdict() {
        Verdict v = analyzer.verdict();
        if (captureFindings.isEmpty()) return v;
        long[] n = new long[Severity.values().length];
        Severity worst = v.worst();
        for (Finding f : captureFindings) {
            n[f.severity().ordinal()]++;
            if (worst == null || f.severity().atLeast(worst)) worst = f.severity();
        }
        // The verdict's first word follows the worst severity, capture findings included (never "OK" with warnings).
        String base = v.text();
        String label = v.errors() + n[Severity.ERROR.ordinal()] > 0 ? "ERRORS"
                : v.warnings() + n[Severity.WARN.ordinal()] > 0 ? "WARNINGS" : null;
        int colon = base.indexOf(':');
        if (label != null && colon > 0) base = label + base.substring(colon);
        String text = base + "; captures: " + n[Severity.ERROR.ordinal()] + " errors, " + n[Severity.WARN.ordinal()]
                + " warnings, " + n[Severity.NOTE.ordinal()] + " notes";
        return new Verdict(worst, v.errors() + n[Severity.ERROR.ordinal()], v.warnings() + n[Severity.WARN.ordinal()],
                v.notes() + n[Severity.NOTE.ordinal()], v.chats() + n[Severity.CHAT.ordinal()], text);
    }

    /** The findings in time order, as the reports list them. */
    List<Finding> sortedFindings() {
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(java.util.Comparator.comparingLong(Finding::epochNanos).thenComparingLong(Finding::frame));
        return sorted;
    }

    /** 1 when a finding at or above {@code failOn} exists, else 0. */
    int exitStatus(Severity failOn) {
        if (failOn == null) return Main.EXIT_OK;
        for (Severity s : Severity.values()) {
            if (s.atLeast(failOn) && verdict().count(s) > 0) return Main.EXIT_FINDINGS;
        }
        return Main.EXIT_OK;
    }

    /**
     * The analyzer as a stage of {@code builder} (read --analyze, live --analyze), on frames in timestamp order: a file
     * written in batches per interface steps back in time, and capture-point reordering (an ACK recorded before the
     * data it acknowledges) is no kernel fault. The order's account is taken from the builder's budget.
     */
    AnalysisSession stageOf(org.dlminspect.pipeline.PipelineBuilder builder, org.dlminspect.pipeline.TimeOrderOptions order) {
        builder.listener(analyzer).timeOrder(order, builder.memory().account("time-order"));
        return this;
    }

    /** Each finding beside the message it concerns, in the output of {@code session}: JSON, -T fields or text. */
    static Consumer<Finding> inline(RenderSession session, Ansi ansi, FirstFrameClock clock) {
        return session.json() != null ? inlineJson(session.json())
                : session.fields() != null ? inlineFields(session.fields(), session.context(), clock::firstEpochNanos)
                : inlineText(session.out(), ansi);
    }

    /** A finding printed beside the message it concerns, as Wireshark's expert info column. */
    static Consumer<Finding> inlineText(Writer out, Ansi ansi) {
        return f -> {
            try {
                out.append("        ").append(ansi.severity(f.severity(), "[" + f.severity().label() + " " + f.code() + "]"))
                        .append(' ').append(f.message()).append('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** A finding as a -T fields line (the -e fields it has). */
    static Consumer<Finding> inlineFields(org.dlminspect.cli.render.FieldsRenderer fields,
            org.dlminspect.cli.render.MessageContext ctx, java.util.function.LongUnaryOperator firstEpochNanos) {
        return f -> {
            try {
                fields.render(f, firstEpochNanos.applyAsLong(f.epochNanos()), ctx);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    static Consumer<Finding> inlineJson(JsonGenerator json) {
        return f -> {
            try {
                FindingJson.finding(json, f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
