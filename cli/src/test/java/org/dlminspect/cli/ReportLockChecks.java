package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dlminspect.capture.FrameRef;
import org.dlminspect.cli.report.HeadlessChromium;
import org.dlminspect.cli.report.JsonTree;

/**
 * The lock views of the report, as the browser shows them, against {@code locks --json} of the same captures:
 * the same lockspaces, service-time rows, slowest requests, resources, waiting requests, recoveries and lock
 * findings; histograms whose bars add up to the requests each exchange answered and stand in proportion to their
 * counts; recovery phases drawn, and each recovery a band on every traffic chart.
 */
final class ReportLockChecks {
    private ReportLockChecks() { }

    static void check(HeadlessChromium b, Map<String, Object> locks) {
        assertEquals(true, b.eval("document.querySelectorAll('#lockspaces').length === 1"), "the lock views are drawn");
        List<Object> ids = new ArrayList<>();
        for (Object l : JsonTree.array(locks.get("lockspaces"))) ids.add(JsonTree.object(l).get("id"));
        assertEquals(ids, b.eval("[...document.querySelectorAll('#lockspaces tr[data-lockspace]')].map(r => Number(r.dataset.lockspace))"));

        timesAndHistograms(b, JsonTree.array(locks.get("service_times")), "#service-times", false);
        timesAndHistograms(b, JsonTree.array(locks.get("grant_times")), "#grant-times", true);

        List<Object> slowest = JsonTree.array(locks.get("slowest"));
        assertEquals(frames(slowest, "request_frame"), b.eval("[...document.querySelectorAll('#slowest tr[data-request-frame]')]"
                + ".map(r => Number(r.dataset.requestFrame.replace(/.*:/, '')))"), "slowest requests");
        if (!slowest.isEmpty()) {
            assertEquals((long) slowest.size(), b.eval("document.querySelectorAll('[data-chart=lock-waits] circle.dot').length"));
        }

        List<Object> resources = JsonTree.array(locks.get("resources"));
        List<Object> names = new ArrayList<>();
        for (Object r : resources.subList(0, Math.min(20, resources.size()))) names.add(JsonTree.object(r).get("name"));
        assertEquals(names, b.eval("[...document.querySelectorAll('#resources tr[data-resource]')].map(r => r.dataset.resource)"));

        List<Object> waiting = JsonTree.array(locks.get("waiting"));
        List<Object> states = new ArrayList<>();
        for (Object w : waiting.subList(0, Math.min(200, waiting.size()))) states.add(JsonTree.object(w).get("state"));
        assertEquals(states, b.eval("[...document.querySelectorAll('#waiting tr[data-state]')].map(r => r.dataset.state)"));
        assertEquals(frames(waiting.subList(0, states.size()), "request_frame"), b.eval("[...document.querySelectorAll('#waiting tr[data-state]')]"
                + ".map(r => Number(r.dataset.requestFrame.replace(/.*:/, '')))"));

        recoveries(b, JsonTree.array(locks.get("recoveries")));

        List<Object> findings = new ArrayList<>();
        for (Object f : JsonTree.array(locks.get("findings"))) {
            Map<String, Object> m = JsonTree.object(f);
            findings.add(List.of(m.get("finding"), FrameRef.number((Long) m.get("frame")), m.get("severity")));
        }
        assertEquals(findings, b.eval("[...document.querySelectorAll('#lock-findings li.finding')].map(e => [e.dataset.code,"
                + " Number(e.dataset.frame), e.dataset.severity])"), "lock findings");
    }

    private static List<Object> frames(List<Object> rows, String key) {
        List<Object> out = new ArrayList<>();
        for (Object r : rows) out.add(FrameRef.number((Long) JsonTree.object(r).get(key)));
        return out;
    }

    /**
     * The table rows equal the JSON rows; one histogram per lockspace and exchange holding as many requests as
     * its node-pair rows count, with bars in proportion to their counts.
     */
    private static void timesAndHistograms(HeadlessChromium b, List<Object> rows, String table, boolean grant) {
        List<Object> expectedRows = new ArrayList<>();
        Map<List<Object>, Long> perExchange = new LinkedHashMap<>();
        Map<List<Object>, Long> medians = new LinkedHashMap<>();
        for (Object o : rows) {
            Map<String, Object> r = JsonTree.object(o);
            expectedRows.add(List.of(r.get("exchange"), r.get("count")));
            List<Object> key = List.of(r.get("lockspace"), r.get("exchange"));
            if ((Long) r.get("from_node") >= 0 || (Long) r.get("to_node") >= 0) {
                perExchange.merge(key, (Long) r.get("count"), Long::sum);
                medians.putIfAbsent(key, (Long) r.get("median_nanos")); // the only pair's, unless an "all" row follows
            } else {
                medians.put(key, (Long) r.get("median_nanos"));
            }
        }
        List<Object> edges = JsonTree.array(b.eval("JSON.parse(document.getElementById('report-data').textContent).locks.edges"));
        assertEquals(expectedRows, b.eval("[...document.querySelectorAll('" + table + " tr[data-exchange]')].map(r => [r.dataset.exchange,"
                + " Number(r.dataset.count)])"), table);
        List<Object> expected = new ArrayList<>();
        perExchange.forEach((k, n) -> expected.add(List.of(k.get(0), k.get(1), n, n)));
        List<Object> drawn = JsonTree.array(b.eval("[...document.querySelectorAll('svg[data-histogram][data-grant=\"" + grant + "\"]')].map(s => {"
                + " const bars = [...s.querySelectorAll('rect.hbar')].map(r => [Number(r.dataset.count), r.getBoundingClientRect().height]);"
                + " return [Number(s.dataset.lockspace), s.dataset.histogram, Number(s.dataset.samples), bars.reduce((a, x) => a + x[0], 0), bars]; })"));
        List<Object> summary = new ArrayList<>();
        for (Object d : drawn) {
            List<Object> h = JsonTree.array(d);
            summary.add(List.of(h.get(0), h.get(1), h.get(2), h.get(3)));
            List<Object> bars = JsonTree.array(h.get(4));
            proportional(bars, h.get(1) + (grant ? " to grant" : ""));
            // the bar where half the requests are counted holds the median locks reports
            long half = ((Long) h.get(2) + 1) / 2;
            long seen = 0;
            int bar = 0;
            while (seen + (Long) JsonTree.array(bars.get(bar)).get(0) < half) seen += (Long) JsonTree.array(bars.get(bar++)).get(0);
            long median = medians.get(List.of(h.get(0), h.get(1)));
            assertTrue((bar == 0 || median >= (Long) edges.get(bar - 1)) && (bar == edges.size() || median < (Long) edges.get(bar)),
                    h.get(1) + ": median " + median + " ns in bar " + bar);
        }
        assertEquals(expected, summary, "histograms of " + table);
    }

    /**
     * Bars: 20 intervals; a bar is drawn exactly when its count is not zero (at least 1 px, so that a single slow
     * request shows), and its height is in proportion to the tallest bar's.
     */
    private static void proportional(List<Object> bars, String name) {
        assertEquals(20, bars.size(), name);
        long maxCount = 0;
        double maxHeight = 0;
        for (Object o : bars) {
            List<Object> bar = JsonTree.array(o);
            if ((Long) bar.get(0) > maxCount) {
                maxCount = (Long) bar.get(0);
                maxHeight = ((Number) bar.get(1)).doubleValue();
            }
        }
        assertTrue(maxHeight >= 60, name + ": the tallest bar fills most of the plot");
        for (Object o : bars) {
            List<Object> bar = JsonTree.array(o);
            long count = (Long) bar.get(0);
            double height = ((Number) bar.get(1)).doubleValue();
            if (count == 0) {
                assertEquals(0.0, height, 1e-6, name);
                continue;
            }
            assertTrue(height >= 1, name + ": a bar of " + count + " is visible");
            double expected = maxHeight * count / maxCount;
            if (expected >= 2) assertEquals(expected, height, 0.6, name + ": bar of " + count + " of at most " + maxCount);
        }
    }

    private static void recoveries(HeadlessChromium b, List<Object> recoveries) {
        List<Object> phases = new ArrayList<>();
        for (Object o : recoveries) phases.add((long) JsonTree.array(JsonTree.object(o).get("phases")).size());
        assertEquals(phases, b.eval("[...document.querySelectorAll('#recoveries .recovery')].map(r => [...r.querySelectorAll('rect.phase')]"
                + ".filter(p => { const x = p.getBoundingClientRect(), s = p.ownerSVGElement.getBoundingClientRect();"
                + " return x.width > 0 && x.left >= s.left - 1 && x.right <= s.right + 1; }).length)"), "recovery phases drawn");
        long charts = (Long) b.eval("document.querySelectorAll('[data-chart^=traffic-]').length");
        for (int i = 0; i < recoveries.size(); i++) {
            assertEquals(charts, b.eval("document.querySelectorAll('[data-chart^=traffic-] rect.band[data-recovery=\"" + i + "\"]').length"),
                    "recovery " + i + " is a band on every traffic chart");
        }
    }

    static void screenshots(HeadlessChromium b, Path out, String base) throws IOException {
        for (String[] s : new String[][] {{"#histograms", "histograms"}, {"#slowest", "slowest"}, {"#recoveries", "recovery"},
            {"#waiting", "waiting"}, {"#resources", "resources"}}) {
            if ((Long) b.eval("document.querySelectorAll('" + s[0] + "').length") > 0) {
                b.screenshotOf(s[0], out.resolve(base + "-" + s[1] + ".png"));
            }
        }
    }
}
