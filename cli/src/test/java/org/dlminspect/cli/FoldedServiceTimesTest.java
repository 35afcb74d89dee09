package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dlminspect.cli.report.HeadlessChromium;
import org.dlminspect.cli.report.JsonTree;
import org.junit.jupiter.api.Test;

/**
 * Service times folded into histograms under the memory budget are marked: in {@code locks --json} (and its text
 * report), and in the HTML report, whose histograms draw the folded series instead of leaving them out. The real
 * {@code normal} capture under a 1 MiB budget folds its two largest series.
 */
class FoldedServiceTimesTest {
    private static final Path NORMAL = Path.of("/work/shared/captures/normal.pcap");
    private static final Pattern FOLDED = Pattern.compile("(\\d+) service-time rows kept as histograms");

    @Test
    void locksJsonMarksExactlyTheFoldedRows() {
        assumeTrue(Files.exists(NORMAL), "shared capture not present");
        Map<String, Object> tight = locks("--json", "--memory-budget", "1M");
        List<Map<String, Object>> rows = rows(tight);
        int folded = 0;
        for (Object f : (List<?>) tight.get("findings")) {
            Matcher m = FOLDED.matcher((String) ((Map<?, ?>) f).get("message"));
            if (m.find()) folded = Integer.parseInt(m.group(1));
        }
        assertTrue(folded > 0, "1 MiB folds some series (the lock.limit note says how many)");
        Map<String, Boolean> anyPairApproximate = new HashMap<>();
        int approximatePairs = 0;
        for (Map<String, Object> r : rows) {
            boolean approximate = (Boolean) r.get("approximate");
            assertEquals(approximate, r.containsKey("approximation"), "an approximate row says why, an exact one does not: " + r);
            String group = r.get("lockspace") + " " + r.get("exchange");
            if (JsonTree.exact(r.get("from_node")).signum() >= 0) {
                if (approximate) approximatePairs++;
                anyPairApproximate.merge(group, approximate, Boolean::logicalOr);
                if (approximate) assertTrue(((String) r.get("approximation")).startsWith("its samples were folded"), r::toString);
            } else {
                assertEquals(anyPairApproximate.get(group), approximate, "the row over all pairs is approximate when a pair is: " + r);
            }
        }
        assertEquals(folded, approximatePairs, "one marked row per folded series");

        String text = CliRun.run("locks", "--memory-budget", "1M", NORMAL.toString()).out();
        long marked = text.lines().filter(l -> l.endsWith("  ~")).count();
        long approximateRows = rows.stream().filter(r -> (Boolean) r.get("approximate")).count();
        assertEquals(approximateRows, marked, text);
        assertTrue(text.contains("  ~ approximate: samples folded into log-linear histograms"), text);

        for (Map<String, Object> r : rows(locks("--json"))) {
            assertFalse((Boolean) r.get("approximate"), "the default budget keeps every sample: " + r);
            assertFalse(r.containsKey("approximation"));
        }
    }

    /** The report under the same pressure: every histogram holds its exchange's requests, folded ones marked. */
    @Test
    void theHtmlReportDrawsFoldedSeriesAndSaysSo() throws Exception {
        assumeTrue(Files.exists(NORMAL), "shared capture not present");
        if (!HeadlessChromium.available()) {
            assertTrue(!HeadlessChromium.required(), "DLM_INSPECT_REQUIRE_CHROMIUM is set but " + HeadlessChromium.BINARY + " is missing");
            assumeTrue(false, "chromium not installed");
        }
        Files.createDirectories(ReportBrowserTest.OUT);
        Path html = ReportBrowserTest.OUT.resolve("normal-folded.html").toAbsolutePath();
        CliRun report = CliRun.run("report", "--memory-budget", "1M", "-o", html.toString(), NORMAL.toString());
        assertEquals(0, report.status(), report.err());
        try (HeadlessChromium b = new HeadlessChromium()) {
            b.viewport(1280, 900);
            b.open(html);
            assertEquals("true", b.eval("document.getElementById('report').getAttribute('data-ready')"));
            assertEquals(List.of(), b.problems(), "console errors, exceptions or CSP violations");
            String locks = "JSON.parse(document.getElementById('report-data').textContent).locks";
            // per exchange: [requests of its node-pair rows, whether one of them is approximate]
            Object expected = b.eval("(() => { const L = " + locks + ", m = {};"
                    + " L.serviceTimes.filter(r => r.from >= 0).forEach(r => { const k = r.lockspace + ' ' + r.exchange;"
                    + " const e = m[k] || [0, false]; m[k] = [e[0] + r.count, e[1] || r.approximate]; });"
                    + " return Object.keys(m).sort().map(k => [k, m[k][0], m[k][1]]); })()");
            Object drawn = b.eval("[...document.querySelectorAll('svg[data-histogram][data-grant=\"false\"]')].map(s => ["
                    + "s.dataset.lockspace + ' ' + s.dataset.histogram,"
                    + " [...s.querySelectorAll('rect.hbar')].reduce((a, r) => a + Number(r.dataset.count), 0),"
                    + " s.dataset.approximate === 'true']).sort((x, y) => x[0] < y[0] ? -1 : 1)");
            assertEquals(expected, drawn, "each histogram's bars add up to its exchange's requests, folded or not");
            assertTrue(String.valueOf(drawn).contains("true"), "some series were folded: " + drawn);
            assertEquals(b.eval("document.querySelectorAll('svg[data-histogram][data-approximate=\"true\"]').length"),
                    b.eval("document.querySelectorAll('.histogram.approximate p.approximation').length"),
                    "every approximate histogram says why under it");
            assertEquals(0L, b.eval("document.querySelectorAll('.histogram:not(.approximate) p.approximation').length"));
            assertEquals(true, b.eval("[...document.querySelectorAll('.histogram.approximate h4')].every(h => h.textContent.includes('(approximate)'))"));
            assertEquals(b.eval("" + locks + ".serviceTimes.filter(r => r.approximate).length"),
                    b.eval("document.querySelectorAll('#service-times tr[data-approximate=\"true\"]').length"),
                    "the approximate rows of the service-time table are marked");
            assertEquals(true, b.eval("[...document.querySelectorAll('#service-times tr[data-approximate=\"true\"] td')]"
                    + ".some(td => td.textContent.startsWith('\u2248 '))"));
            b.screenshotOf("#histograms", ReportBrowserTest.OUT.resolve("normal-folded-histograms.png"));
        }
    }

    private Map<String, Object> locks(String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "locks";
        System.arraycopy(options, 0, args, 1, options.length);
        args[args.length - 1] = NORMAL.toString();
        CliRun run = CliRun.run(args);
        assertEquals(0, run.status(), run.err());
        return JsonTree.parseObject(run.out());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Map<String, Object> locks) {
        return (List<Map<String, Object>>) locks.get("service_times");
    }
}
