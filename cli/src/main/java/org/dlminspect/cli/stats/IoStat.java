package org.dlminspect.cli.stats;

import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.dlminspect.capture.CaptureFrame;
import org.dlminspect.memory.Account;
import org.dlminspect.memory.HeapCost;
import org.dlminspect.pipeline.DissectedMessage;

/**
 * {@code -z io,stat,INTERVAL[,FILTER]...}: DLM messages and bytes (their {@code h_length}) per interval of
 * capture time from the first frame, one column for all messages and one per FILTER, as tshark's
 * {@code -z io,stat}. Interval 0 is the whole capture as one interval.
 */
final class IoStat implements Statistic {
    /** The counters are four longs per interval per column; at most this many intervals are kept. */
    static final int MAX_INTERVALS = 1 << 20;

    private final long intervalNanos;
    private final List<String> filterTexts;
    private final List<Predicate<DissectedMessage>> filters;
    private final Account account;
    /** [column][interval * 2] = messages, [interval * 2 + 1] = bytes. */
    private long[][] counts;
    private int intervals;
    private long firstEpochNanos = Long.MIN_VALUE;
    private long lastEpochNanos;
    private long beyond;

    IoStat(long intervalNanos, List<String> filterTexts, List<Predicate<DissectedMessage>> filters, Account account) {
        this.intervalNanos = intervalNanos;
        this.filterTexts = filterTexts;
        this.filters = filters;
        this.account = account;
        this.counts = new long[1 + filters.size()][16];
        account.charge(cost(counts[0].length));
    }

    private long cost(int length) {
        return HeapCost.longArray(length) * counts.length;
    }

    @Override
    public void onFrame(CaptureFrame frame) {
        if (firstEpochNanos == Long.MIN_VALUE) firstEpochNanos = frame.epochNanos();
        lastEpochNanos = Math.max(lastEpochNanos, frame.epochNanos());
    }

    @Override
    public void onMessage(DissectedMessage m) {
        long offset = Math.max(0, m.epochNanos() - (firstEpochNanos == Long.MIN_VALUE ? m.epochNanos() : firstEpochNanos));
        long index = intervalNanos == 0 ? 0 : offset / intervalNanos;
        if (index >= MAX_INTERVALS || !room((int) index)) {
            beyond++;
            return;
        }
        int i = (int) index;
        intervals = Math.max(intervals, i + 1);
        add(0, i, m);
        for (int c = 0; c < filters.size(); c++) {
            if (filters.get(c).test(m)) add(c + 1, i, m);
        }
    }

    private void add(int column, int interval, DissectedMessage m) {
        counts[column][interval * 2]++;
        counts[column][interval * 2 + 1] += m.header().length();
    }

    /** Grows the counters to hold {@code index}; false when the memory budget says no. */
    private boolean room(int index) {
        int need = (index + 1) * 2;
        if (need <= counts[0].length) return true;
        int length = Math.max(need, Math.min(counts[0].length * 2, MAX_INTERVALS * 2));
        long more = cost(length) - cost(counts[0].length);
        if (!account.charge(more)) {
            account.release(more);
            return false;
        }
        for (int c = 0; c < counts.length; c++) counts[c] = Arrays.copyOf(counts[c], length);
        return true;
    }

    @Override
    public void write(Writer out) throws IOException {
        double duration = firstEpochNanos == Long.MIN_VALUE ? 0 : (lastEpochNanos - firstEpochNanos) / 1e9;
        String rule = "=".repeat(67) + "\n";
        StringBuilder sb = new StringBuilder(rule);
        line(sb, "IO Statistics");
        line(sb, "");
        line(sb, String.format("Duration: %.6f secs", duration));
        line(sb, "Interval: " + (intervalNanos == 0 ? String.format("%.6f secs (the whole capture)", duration)
                : seconds(intervalNanos) + " secs"));
        line(sb, "");
        line(sb, "Col 1: Messages and bytes");
        for (int c = 0; c < filterTexts.size(); c++) line(sb, "    " + (c + 2) + ": " + filterTexts.get(c));
        sb.append("|").append("-".repeat(65)).append("|\n");
        int width = intervalNanos == 0 ? 0 : seconds(intervalNanos * Math.max(1, intervals)).length();
        String intervalHeader = intervalNanos == 0 ? "Interval" : "Interval";
        int iw = Math.max(intervalHeader.length(), 2 * Math.max(width, 3) + 4);
        StringBuilder head1 = new StringBuilder("|" + " ".repeat(iw + 2) + "|");
        StringBuilder head2 = new StringBuilder("| " + pad(intervalHeader, iw) + " |");
        for (int c = 0; c < counts.length; c++) {
            head1.append(String.format("%-20s|", c + 1));
            head2.append(String.format(" %8s | %7s |", "Messages", "Bytes"));
        }
        sb.append(head1).append('\n').append(head2).append('\n');
        sb.append("|").append("-".repeat(head2.length() - 2)).append("|\n");
        for (int i = 0; i < Math.max(1, intervals); i++) {
            String range = intervalNanos == 0 ? "Dur"
                    : pad(seconds(intervalNanos * i), width) + " <> " + pad(seconds(intervalNanos * (i + 1)), width);
            sb.append("| ").append(pad(range, iw)).append(" |");
            for (long[] column : counts) {
                long messages = i * 2 < column.length ? column[i * 2] : 0;
                long bytes = i * 2 + 1 < column.length ? column[i * 2 + 1] : 0;
                sb.append(String.format(" %8d | %7d |", messages, bytes));
            }
            sb.append('\n');
        }
        sb.append(rule);
        if (beyond > 0) {
            sb.append(beyond).append(" messages beyond the last interval kept (").append(MAX_INTERVALS)
                    .append(" intervals, or the memory budget) are not counted: use a longer interval\n");
        }
        out.write(sb.toString());
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    private static void line(StringBuilder sb, String text) {
        sb.append(String.format("| %-63s |%n", text));
    }

    /** Seconds without needless digits: 1, 0.5, 0.001. */
    static String seconds(long nanos) {
        return java.math.BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString();
    }
}
