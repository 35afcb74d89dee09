package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dlminspect.cli.report.HeadlessChromium;
import org.dlminspect.cli.report.JsonTree;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTML report of real captures, opened in headless Chromium: it draws without a console error or a
 * request leaving the page, it lists exactly the findings {@code analyze --json} reports, and its charts hold
 * the traffic the analysis counted. Screenshots go to {@code target/report-browser/}.
 */
class ReportBrowserTest {
    private static final Path SHARED = Path.of("/work/shared/captures");
    static final Path OUT = Path.of("target", "report-browser");
    private static HeadlessChromium browser;

    @BeforeAll
    static void start() throws Exception {
        if (!HeadlessChromium.available()) {
            assertTrue(!HeadlessChromium.required(), "DLM_INSPECT_REQUIRE_CHROMIUM is set but " + HeadlessChromium.BINARY + " is missing");
            assumeTrue(false, "chromium not installed");
        }
        Files.createDirectories(OUT);
        browser = new HeadlessChromium();
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) browser.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"reconnect.pcap", "nodefail.pcap.gz", "pernode3.node1.pcap+pernode3.node2.pcap+pernode3.node3.pcap",
        "loss.pcap"})
    void reportShowsWhatAnalyzeFinds(String names) throws Exception {
        List<String> captures = new ArrayList<>();
        for (String name : names.split("\\+")) {
            Path capture = SHARED.resolve(name);
            assumeTrue(Files.exists(capture), "shared capture " + capture + " not present");
            captures.add(capture.toString());
        }
        String base = names.substring(0, names.indexOf('.'));
        Path html = OUT.resolve(base + ".html").toAbsolutePath();

        List<String> args = new ArrayList<>(List.of("analyze", "--json"));
        args.addAll(captures);
        CliRun analyze = CliRun.run(args.toArray(new String[0]));
        List<Object> json = JsonTree.parseLines(analyze.out());
        args = new ArrayList<>(List.of("report", "-o", html.toString()));
        args.addAll(captures);
        CliRun report = CliRun.run(args.toArray(new String[0]));
        assertEquals(analyze.status(), report.status(), report.err());
        Map<String, Object> summary = null;
        List<Object> findingLines = new ArrayList<>();
        for (Object o : json) {
            if (JsonTree.object(o).containsKey("summary")) summary = JsonTree.object(o);
            if (JsonTree.object(o).containsKey("finding")) findingLines.add(o);
        }
        assertTrue(summary != null, "analyze --json has a summary object");
        assertEquals(summary.get("summary") + "\n", report.out(), "report prints the verdict line");

        browser.clearEvents();
        browser.open(html);
        assertEquals("true", browser.eval("document.getElementById('report').getAttribute('data-ready')"));
        assertEquals(List.of(), browser.problems(), "console errors, exceptions or CSP violations");
        assertEquals(List.of(html.toUri().toString()), browser.requests(), "requests beyond the page itself");

        // findings: the same list, in the same order, as analyze --json
        List<Object> expected = new ArrayList<>();
        for (Object o : findingLines) {
            Map<String, Object> f = JsonTree.object(o);
            expected.add(List.of(f.get("finding"), f.get("frame"), f.get("severity"), String.valueOf(f.get("file"))));
        }
        Object shown = browser.eval("[...document.querySelectorAll('li.finding')].map(e => [e.dataset.code, Number(e.dataset.frame),"
                + " e.dataset.severity, String(e.dataset.file ?? null)])");
        assertEquals(expected, shown);
        assertEquals(summary.get("summary"), browser.eval("document.getElementById('verdict').textContent"));

        // episodes: every finding's episode is a row of the episode table, and every row has its findings
        Object findingEpisodes = browser.eval("[...new Set([...document.querySelectorAll('li.finding')].map(e => Number(e.dataset.episode)))].sort((a, b) => a - b)");
        Object episodeRows = browser.eval("[...document.querySelectorAll('tr.episode')].map(e => Number(e.dataset.episode)).sort((a, b) => a - b)");
        assertEquals(findingEpisodes, episodeRows);

        // traffic charts: one per direction, the bars and the byte line adding up to what the analysis counted
        List<Object> directions = new ArrayList<>();
        for (Object p : JsonTree.array(summary.get("pairs"))) directions.addAll(JsonTree.array(JsonTree.object(p).get("directions")));
        assertEquals((long) directions.size(), browser.eval("document.querySelectorAll('[data-chart^=traffic-]').length"));
        for (Object o : directions) {
            Map<String, Object> d = JsonTree.object(o);
            String chart = "[data-chart=\"traffic-" + d.get("from") + ">" + d.get("to") + "\"] svg";
            assertEquals(2L, browser.eval("Number(document.querySelector('" + chart + "').dataset.series)"));
            assertEquals(d.get("messages"), browser.eval("Number(document.querySelector('" + chart + " [data-name=messages]').dataset.total)"), chart);
            assertEquals(d.get("bytes"), browser.eval("Number(document.querySelector('" + chart + " [data-name=bytes]').dataset.total)"), chart);
        }
        // every chart: as many series as it says, each path with as many points as it says
        List<Object> charts = JsonTree.array(browser.eval("[...document.querySelectorAll('svg[data-series]')].map(s => [Number(s.dataset.series),"
                + " [...s.querySelectorAll('[data-points]')].map(p => [Number(p.dataset.points), p.tagName === 'path' ? p.getAttribute('d') : null,"
                + " p.querySelectorAll('circle').length])])"));
        assertTrue(charts.size() >= directions.size() * 2, "traffic and sequence charts");
        Pattern command = Pattern.compile("[ML]");
        for (Object c : charts) {
            List<Object> chart = JsonTree.array(c);
            List<Object> series = JsonTree.array(chart.get(1));
            assertEquals(chart.get(0), (long) series.size());
            for (Object s : series) {
                List<Object> p = JsonTree.array(s);
                long points = (Long) p.get(0);
                long drawn = p.get(1) == null ? (Long) p.get(2) : count(command.matcher((String) p.get(1)));
                assertEquals(points, drawn);
                assertTrue(points <= 512, "bounded points per series");
            }
        }
        browser.screenshot(OUT.resolve(base + ".png"), 1280);
        browser.screenshotOf("#overview", OUT.resolve(base + "-overview.png"));
        browser.screenshotOf("[data-chart^=traffic-]", OUT.resolve(base + "-timeline.png"));
        browser.screenshotOf("[data-chart^=seq-]", OUT.resolve(base + "-sequence.png"));
        if ((Long) browser.eval("document.querySelectorAll('#ladder svg').length") > 0) {
            browser.screenshotOf("#ladder", OUT.resolve(base + "-ladder.png"));
        }
    }

    private static long count(Matcher m) {
        long n = 0;
        while (m.find()) n++;
        return n;
    }
}
