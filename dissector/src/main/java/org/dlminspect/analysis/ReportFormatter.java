package org.dlminspect.analysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.dlminspect.Severity;
import org.dlminspect.capture.FrameRef;

/**
 * Renders the text report of a midcomms analysis: a table per node pair and direction, the findings in time
 * order, and the one-line verdict. Plain text by default; a {@link Style} lets the CLI add colour.
 */
public final class ReportFormatter {

    /** Decorates parts of the report (ANSI colour in a terminal). Every method returns its text unchanged by default. */
    public interface Style {
        Style PLAIN = new Style() { };

        default String severity(Severity severity, String text) {
            return text;
        }

        default String heading(String text) {
            return text;
        }

        /** The verdict line; {@code worst} is null when nothing was found. */
        default String verdict(Severity worst, String text) {
            return text;
        }
    }

    private static final String[] COLUMNS = {
        "pair", "direction", "msgs", "bytes", "ver", "seq range", "conns", "reconn", "refused", "retrans",
        "gaps", "not capt", "dup ACK", "unacked", "ACK med", "ACK max", "ACK cadence", "FIN state"
    };
    private static final boolean[] RIGHT = {
        false, false, true, true, false, false, true, true, true, true, true, true, true, true, true, true, false, false
    };
    private static final DateTimeFormatter TIME_OF_DAY =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS 'UTC'").withZone(ZoneOffset.UTC);

    private final Style style;
    private final long baseNanos;
    private java.util.function.LongFunction<String> clock;

    /** Plain text, absolute UTC times. */
    public ReportFormatter() {
        this(Style.PLAIN, 0);
    }

    /**
     * @param style     decoration
     * @param baseNanos epoch time of the first frame: finding times are shown relative to it; 0 shows UTC time
     */
    public ReportFormatter(Style style, long baseNanos) {
        this.style = style == null ? Style.PLAIN : style;
        this.baseNanos = baseNanos;
    }

    /** Finding times written by {@code clock} (epoch nanoseconds to text: {@code -t}) instead of the default. */
    public ReportFormatter withTimes(java.util.function.LongFunction<String> clock) {
        this.clock = clock;
        return this;
    }

    /** Writes the whole report: table, findings in time order, verdict. */
    public void write(Appendable out, List<PairSummary> pairs, List<Finding> findings, Verdict verdict)
            throws IOException {
        writeTable(out, pairs);
        out.append('\n');
        writeFindings(out, findings);
        out.append('\n');
        writeVerdict(out, verdict);
    }

    /**
     * Writes the report that tells the story: table, the timeline of episodes (one line per retransmission burst,
     * refused-connect run, node failure, ...), every finding only if {@code allFindings}, verdict.
     */
    public void write(Appendable out, List<PairSummary> pairs, List<Finding> findings, List<Episode> episodes,
                      Verdict verdict, boolean allFindings) throws IOException {
        write(out, pairs, findings, episodes, List.of(), verdict, allFindings);
    }

    /** As above, with the story line of each connection failure after the timeline. */
    public void write(Appendable out, List<PairSummary> pairs, List<Finding> findings, List<Episode> episodes,
                      List<Story> stories, Verdict verdict, boolean allFindings) throws IOException {
        writeTable(out, pairs);
        out.append('\n');
        writeTimeline(out, episodes, findings.size(), allFindings);
        writeStories(out, stories);
        if (allFindings) {
            out.append('\n');
            writeFindings(out, findings);
        }
        out.append('\n');
        writeVerdict(out, verdict);
    }

    /** The episodes in time order, with the time relative to the first frame and in absolute UTC. */
    public void writeTimeline(Appendable out, List<Episode> episodes, int findings, boolean allFindings)
            throws IOException {
        List<Episode> sorted = new ArrayList<>(episodes);
        sorted.sort(Comparator.comparingLong(Episode::firstNanos).thenComparingLong(Episode::firstFrame));
        String more = allFindings || findings == sorted.size() ? "" : "; -v lists all " + findings + " findings";
        out.append(style.heading("Timeline (" + Text.plural(sorted.size(), "episode", "episodes") + more + ")"))
                .append('\n');
        if (sorted.isEmpty()) {
            out.append("  nothing happened worth a finding\n");
            return;
        }
        for (Episode e : sorted) {
            out.append("  ").append(time(e.firstNanos()));
            if (e.lastNanos() - e.firstNanos() >= 1_000_000) out.append("-").append(time(e.lastNanos()));
            out.append("  ").append(UTC.format(Instant.ofEpochSecond(0, e.firstNanos()))).append("  ");
            String sev = e.severity().label();
            out.append(style.severity(e.severity(), sev)).append(" ".repeat(Math.max(1, 6 - sev.length())));
            out.append('#').append(Integer.toString(e.id())).append(' ').append(e.code().code());
            if (e.findings() > 1) out.append(" x").append(Long.toString(e.findings()));
            out.append(": ").append(e.summary()).append('\n');
        }
    }

    /**
     * One line per connection failure, its steps in time order joined by arrows, so that it reads as what happened:
     * "9.454795 node 1 resets node 2's connection (RST) -> 9.454938-11.390 9042 connects of node 2 refused -> ...".
     */
    public void writeStories(Appendable out, List<Story> stories) throws IOException {
        if (stories.isEmpty()) return;
        out.append('\n').append(style.heading("Connection failures (" + stories.size() + ")")).append('\n');
        for (Story story : stories) {
            out.append(" ");
            String sep = " ";
            for (StoryStep s : story.steps()) {
                out.append(sep).append(time(s.nanos()));
                if (s.endNanos() - s.nanos() >= 1_000_000) out.append('-').append(time(s.endNanos()));
                out.append(' ').append(s.text());
                sep = " -> ";
            }
            out.append('\n');
        }
    }

    /** The report as a string (for tests and small outputs). */
    public String format(List<PairSummary> pairs, List<Finding> findings, Verdict verdict) {
        StringBuilder sb = new StringBuilder();
        try {
            write(sb, pairs, findings, verdict);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sb.toString();
    }

    public void writeTable(Appendable out, List<PairSummary> pairs) throws IOException {
        out.append(style.heading("Node pairs")).append('\n');
        if (pairs.isEmpty()) {
            out.append("  (no DLM traffic)\n");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(COLUMNS);
        for (PairSummary p : pairs) {
            String pair = node(p.nodeA(), p.addressA()) + " <-> " + node(p.nodeB(), p.addressB());
            rows.add(row(pair, p, p.aToB(), true));
            rows.add(row("", p, p.bToA(), false));
        }
        int[] width = new int[COLUMNS.length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) width[i] = Math.max(width[i], r[i].length());
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < r.length; i++) {
                if (i > 0) line.append("  ");
                pad(line, r[i], width[i], RIGHT[i] && r != COLUMNS);
            }
            int end = line.length();
            while (end > 0 && line.charAt(end - 1) == ' ') end--;
            out.append(line, 0, end).append('\n');
        }
    }

    private static String[] row(String pair, PairSummary p, DirectionSummary d, boolean first) {
        return new String[] {
            pair,
            node(d.fromNode(), d.fromAddress()) + " -> " + node(d.toNode(), d.toAddress()),
            Long.toString(d.messages()),
            Long.toString(d.bytes()),
            d.version(),
            d.firstSeq() < 0 ? "-" : d.firstSeq() + ".." + d.lastSeq() + (d.sessions() > 1 ? " (" + d.sessions()
                    + " sessions)" : ""),
            first ? Integer.toString(p.connections()) : "",
            first ? Integer.toString(p.reconnects()) : "",
            first ? Long.toString(p.refusedConnects()) : "",
            d.retransmissions() == 0 ? "0" : d.retransmissions() + " (" + d.retransmissionsAfterReconnect() + " rc)",
            Long.toString(d.gaps()),
            Long.toString(d.notCaptured()),
            Long.toString(d.duplicateAcks()),
            Long.toString(d.unackedAtEnd()),
            d.ackLatencyMedianNanos() < 0 ? "-" : Text.duration(d.ackLatencyMedianNanos()),
            d.ackLatencyMaxNanos() < 0 ? "-" : Text.duration(d.ackLatencyMaxNanos()),
            switch (d.ackCadence()) {
                case UP_TO_6_4 -> "per batch (<=6.4)";
                case FROM_6_5 -> "threshold (>=6.5)";
                case AUTO -> "-";
            },
            d.stateLabel()
        };
    }

    private static String node(long id, String address) {
        return id >= 0 ? Long.toString(id) : address;
    }

    private static void pad(StringBuilder sb, String s, int width, boolean right) {
        if (right) for (int i = s.length(); i < width; i++) sb.append(' ');
        sb.append(s);
        if (!right) for (int i = s.length(); i < width; i++) sb.append(' ');
    }

    public void writeFindings(Appendable out, List<Finding> findings) throws IOException {
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparingLong(Finding::epochNanos).thenComparingLong(Finding::frame));
        out.append(style.heading("Findings (" + sorted.size() + ")")).append('\n');
        if (sorted.isEmpty()) {
            out.append("  none\n");
            return;
        }
        for (Finding f : sorted) {
            out.append("  ").append(time(f.epochNanos())).append("  ");
            out.append(f.frame() > 0 ? "frame " + FrameRef.text(f.frame()) : "-").append("  ");
            String sev = f.severity().label();
            out.append(style.severity(f.severity(), sev)).append(" ".repeat(Math.max(1, 6 - sev.length())));
            out.append(f.code());
            if (f.episode() > 0) out.append(" #").append(Integer.toString(f.episode()));
            if (f.fromNode() >= 0 || f.fromAddress() != null) {
                out.append("  ").append(f.fromNode() >= 0 ? Long.toString(f.fromNode()) : String.valueOf(f.fromAddress()))
                        .append(" -> ")
                        .append(f.toNode() >= 0 ? Long.toString(f.toNode()) : String.valueOf(f.toAddress()));
            }
            out.append(": ").append(f.message()).append('\n');
        }
    }

    public void writeVerdict(Appendable out, Verdict verdict) throws IOException {
        out.append(style.verdict(verdict.worst(), "Verdict: " + verdict.text())).append('\n');
    }

    private String time(long nanos) {
        if (clock != null) {
            return clock.apply(nanos);
        }
        if (baseNanos > 0) {
            long rel = nanos - baseNanos;
            String sign = rel < 0 ? "-" : "";
            rel = Math.abs(rel);
            long micros = rel / 1_000;
            String frac = Long.toString(1_000_000 + micros % 1_000_000).substring(1);
            return sign + (micros / 1_000_000) + "." + frac;
        }
        return TIME_OF_DAY.format(Instant.ofEpochSecond(0, nanos));
    }
}
