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
import org.dlminspect.capture.FrameRef;
import org.dlminspect.cli.report.HeadlessChromium;
import org.dlminspect.cli.report.JsonTree;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTML report of real captures (TCP and SCTP, one file and per-node files), opened in headless Chromium: it
 * draws without a console error or a request leaving the page, it lists exactly the findings and episodes
 * {@code analyze --json} reports and the lock views {@code locks --json} reports ({@link ReportLockChecks}), its
 * charts hold the traffic the analysis counted, every episode is a visible band on its charts, the page fits its
 * window and the node-pair filter hides the other pairs. Screenshots go to {@code target/report-browser/}.
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
        "sctp.pcap.gz", "loss.pcap"})
    void reportShowsWhatAnalyzeFinds(String names) throws Exception {
        List<String> captures = new ArrayList<>();
        for (String name : names.split("\\+")) {
            Path capture = SHARED.resolve(name);
            assumeTrue(Files.exists(capture), "shared capture " + capture + " not present");
            captures.add(capture.toString());
        }
        String base = names.substring(0, names.indexOf('.'));
        Path html = OUT.resolve(base + ".html").toAbsolutePath();

        CliRun analyze = run("analyze", List.of("--json"), captures);
        List<Object> json = JsonTree.parseLines(analyze.out());
        Map<String, Object> locks = JsonTree.object(JsonTree.parse(run("locks", List.of("--json"), captures).out()));
        CliRun report = run("report", List.of("-o", html.toString()), captures);
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
        browser.viewport(1280, 900);
        browser.open(html);
        assertEquals("true", browser.eval("document.getElementById('report').getAttribute('data-ready')"));
        assertEquals(List.of(), browser.problems(), "console errors, exceptions or CSP violations");
        assertEquals(List.of(html.toUri().toString()), browser.requests(), "requests beyond the page itself");

        // findings: the same list, in the same order, as analyze --json, each in its episode
        List<Object> expected = new ArrayList<>();
        for (Object o : findingLines) {
            Map<String, Object> f = JsonTree.object(o);
            expected.add(List.of(f.get("finding"), f.get("frame"), f.get("severity"), String.valueOf(f.get("file")),
                    f.getOrDefault("episode", 0L)));
        }
        Object shown = browser.eval("[...document.querySelectorAll('#findings li.finding')].map(e => [e.dataset.code, Number(e.dataset.frame),"
                + " e.dataset.severity, String(e.dataset.file ?? null), Number(e.dataset.episode ?? 0)])");
        assertEquals(expected, shown);
        assertEquals(summary.get("summary"), browser.eval("document.getElementById('verdict').textContent"));

        List<Object> directions = new ArrayList<>();
        for (Object p : JsonTree.array(summary.get("pairs"))) directions.addAll(JsonTree.array(JsonTree.object(p).get("directions")));
        episodes(summary, directions);
        if (base.equals("reconnect")) refusedConnectsBand();
        traffic(directions);
        charts(directions.size());
        ReportLockChecks.check(browser, locks);
        layout();
        pairFilter(summary);

        browser.screenshot(OUT.resolve(base + ".png"), 1280);
        browser.screenshotOf("#overview", OUT.resolve(base + "-overview.png"));
        browser.screenshotOf("#timeline", OUT.resolve(base + "-timeline.png"));
        browser.screenshotOf("[data-chart^=seq-]", OUT.resolve(base + "-sequence.png"));
        if ((Long) browser.eval("document.querySelectorAll('#ladder svg').length") > 0) {
            browser.screenshotOf("#ladder", OUT.resolve(base + "-ladder.png"));
        }
        if ((Long) browser.eval("document.querySelectorAll('#episodes').length") > 0) {
            browser.screenshotOf("#episodes", OUT.resolve(base + "-episodes.png"));
        }
        ReportLockChecks.screenshots(browser, OUT, base);
    }

    private static CliRun run(String command, List<String> options, List<String> captures) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(options);
        args.addAll(captures);
        return CliRun.run(args.toArray(new String[0]));
    }

    /** The episode table equals analyze's timeline; each episode is a visible band on its direction's charts. */
    private static void episodes(Map<String, Object> summary, List<Object> directions) {
        List<Object> expected = new ArrayList<>();
        List<Object> all = summary.containsKey("episodes") ? JsonTree.array(summary.get("episodes")) : List.of();
        for (Object o : all) {
            Map<String, Object> e = JsonTree.object(o);
            expected.add(List.of(e.get("episode"), e.get("kind"), e.get("finding"), e.get("severity"),
                    FrameRef.number((Long) e.get("first_frame")), FrameRef.number((Long) e.get("last_frame")), e.get("findings")));
        }
        Object rows = browser.eval("[...document.querySelectorAll('tr.episode')].map(e => [Number(e.dataset.episode), e.dataset.kind,"
                + " e.dataset.code, e.dataset.severity, Number(e.dataset.firstFrame.replace(/.*:/, '')),"
                + " Number(e.dataset.lastFrame.replace(/.*:/, '')), Number(e.dataset.findings)])");
        assertEquals(expected, rows, "episodes as analyze --json lists them");
        for (Object o : all) {
            Map<String, Object> e = JsonTree.object(o);
            String chart = null;
            for (Object d : directions) {
                Map<String, Object> dir = JsonTree.object(d);
                if (dir.get("from_node").equals(e.get("from_node")) && dir.get("to_node").equals(e.get("to_node"))) {
                    chart = "[data-chart=\"traffic-" + dir.get("from") + ">" + dir.get("to") + "\"]";
                }
            }
            String selector = (chart == null ? "[data-chart^=traffic-]" : chart) + " rect.band[data-episode=\"" + e.get("episode") + "\"]";
            // visible: inside its chart's plot horizontally, at least 2 px wide, as tall as the plot
            List<Object> boxes = JsonTree.array(browser.eval("[...document.querySelectorAll('" + selector + "')].map(r => {"
                    + " const b = r.getBoundingClientRect(), s = r.ownerSVGElement.getBoundingClientRect();"
                    + " return [b.width >= 2, b.right > s.left && b.left < s.right, b.height > s.height / 2,"
                    + " r.closest('a').getAttribute('href')]; })"));
            assertTrue(!boxes.isEmpty(), "a band for episode " + e.get("episode") + " on " + selector);
            // its span: analyze's first and last finding (refused connects: the run, checked on reconnect below)
            List<Object> span = JsonTree.array(browser.eval("(() => { const o = JSON.parse(document.getElementById('report-data').textContent).overview,"
                    + " b = document.querySelector('" + selector + "'); return [o.t0, Number(b.dataset.first), Number(b.dataset.last)]; })()"));
            java.math.BigDecimal t0 = new java.math.BigDecimal((String) span.get(0));
            double first = t0.add(java.math.BigDecimal.valueOf(((Number) span.get(1)).longValue(), 9)).doubleValue();
            double last = t0.add(java.math.BigDecimal.valueOf(((Number) span.get(2)).longValue(), 9)).doubleValue();
            double jsonFirst = ((Number) e.get("first_time")).doubleValue();
            double jsonLast = ((Number) e.get("last_time")).doubleValue();
            if ("refused_connects".equals(e.get("kind"))) {
                assertTrue(first <= jsonFirst + 1e-6 && last >= jsonLast - 1e-6, "a refused-connects band covers its finding");
            } else if ("node_failure".equals(e.get("kind"))) {
                assertEquals(jsonFirst, first, 1e-6, selector + ": the silence starts at the node's last message");
                assertTrue(last >= jsonLast - 1e-6, selector + ": and lasts at least until its last finding");
            } else {
                assertEquals(jsonFirst, first, 1e-6, selector + " starts at the episode's first finding");
                assertEquals(jsonLast, last, 1e-6, selector + " ends at its last finding");
            }
            for (Object b : boxes) {
                assertEquals(List.of(true, true, true, "#episode-" + e.get("episode")), b, selector);
            }
        }
    }

    /**
     * reconnect.txt: node 1 answered DLM segments with RST from +8.699 s to +11.785 s. The refused connects are one
     * finding, reported once at the end of the run and naming its first and last frame: their band spans the run
     * (1.935 s by the finding), inside the fault, not a sliver at the finding's time.
     */
    private static void refusedConnectsBand() {
        List<Object> bands = JsonTree.array(browser.eval("(() => { const o = JSON.parse(document.getElementById('report-data').textContent).overview;"
                + " const e = [...document.querySelectorAll('tr.episode[data-kind=refused_connects]')].map(r => r.dataset.episode);"
                + " return [...document.querySelectorAll('rect.band')].filter(b => e.includes(b.dataset.episode))"
                + ".map(b => [(Number(b.dataset.first) - o.first) / 1e9, (Number(b.dataset.last) - o.first) / 1e9]); })()"));
        assertTrue(!bands.isEmpty(), "a refused-connects band");
        for (Object o : bands) {
            List<Object> b = JsonTree.array(o);
            double first = ((Number) b.get(0)).doubleValue();
            double last = ((Number) b.get(1)).doubleValue();
            assertTrue(first >= 8.699 && last <= 11.785, "inside the fault: " + b);
            assertTrue(last - first >= 1.9, "spans the run of refused connects: " + b);
        }
    }

    /** One traffic chart per direction, the bars and the byte line adding up to what the analysis counted. */
    private static void traffic(List<Object> directions) {
        assertEquals((long) directions.size(), browser.eval("document.querySelectorAll('[data-chart^=traffic-]').length"));
        for (Object o : directions) {
            Map<String, Object> d = JsonTree.object(o);
            String chart = "[data-chart=\"traffic-" + d.get("from") + ">" + d.get("to") + "\"] svg";
            assertEquals(2L, browser.eval("Number(document.querySelector('" + chart + "').dataset.series)"));
            assertEquals(d.get("messages"), browser.eval("Number(document.querySelector('" + chart + " [data-name=messages]').dataset.total)"), chart);
            assertEquals(d.get("bytes"), browser.eval("Number(document.querySelector('" + chart + " [data-name=bytes]').dataset.total)"), chart);
        }
    }

    /** Every chart: as many series as it says, each drawn with as many points as it says, at most 512. */
    private static void charts(int directions) {
        List<Object> charts = JsonTree.array(browser.eval("[...document.querySelectorAll('svg[data-series]')].map(s => [Number(s.dataset.series),"
                + " [...s.querySelectorAll('[data-points]')].map(p => [Number(p.dataset.points), p.tagName === 'path' ? p.getAttribute('d') : null,"
                + " p.querySelectorAll('circle').length])])"));
        assertTrue(charts.size() >= directions * 2, "traffic and sequence charts");
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
    }

    /**
     * At 1280 px the page does not scroll sideways, every chart is drawn at a readable size inside the page, and
     * every table fits its box.
     */
    private static void layout() {
        assertEquals(true, browser.eval("document.documentElement.scrollWidth <= innerWidth"), "no horizontal scroll");
        List<Object> svgs = JsonTree.array(browser.eval("(() => { const m = document.getElementById('report').getBoundingClientRect();"
                + " return [...document.querySelectorAll('#report svg')].filter(s => s.closest('.hidden') === null).map(s => {"
                + " const b = s.getBoundingClientRect(); return [b.width >= 300, b.height >= 60, b.left >= m.left - 1 && b.right <= m.right + 1]; }); })()"));
        assertTrue(!svgs.isEmpty());
        for (Object s : svgs) assertEquals(List.of(true, true, true), s, "chart size and place");
        assertEquals(List.of(), browser.eval("[...document.querySelectorAll('.tablewrap')].filter(w => w.scrollWidth > w.clientWidth + 1)"
                + ".map(w => w.firstChild.id)"), "tables wider than the page");
    }

    /** Choosing a node pair hides the charts, rows and findings of the others. */
    private static void pairFilter(Map<String, Object> summary) {
        List<Object> pairs = JsonTree.array(summary.get("pairs"));
        Map<String, Object> first = JsonTree.object(pairs.get(0));
        String id = first.get("address_a") + "-" + first.get("address_b");
        browser.eval("(() => { const s = document.getElementById('pair-filter'); s.value = " + quote(id)
                + "; s.dispatchEvent(new Event('change')); })()");
        long mine = JsonTree.array(first.get("directions")).size();
        assertEquals(mine, browser.eval("[...document.querySelectorAll('[data-chart^=traffic-]')].filter(c => c.offsetParent !== null).length"));
        assertEquals(0L, browser.eval("[...document.querySelectorAll('[data-pair]')].filter(e => e.offsetParent !== null"
                + " && e.dataset.pair !== " + quote(id) + ").length"), "elements of other pairs visible");
        browser.eval("(() => { const s = document.getElementById('pair-filter'); s.value = 'all'; s.dispatchEvent(new Event('change')); })()");
        assertEquals((long) pairs.size() == 0 ? 0L : browser.eval("document.querySelectorAll('[data-chart^=traffic-]').length"),
                browser.eval("[...document.querySelectorAll('[data-chart^=traffic-]')].filter(c => c.offsetParent !== null).length"));
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static long count(Matcher m) {
        long n = 0;
        while (m.find()) n++;
        return n;
    }
}
