package org.dlminspect.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dlminspect.locks.LockReport;
import org.junit.jupiter.api.Test;

/** Capture bytes in the report stay text: in the page source and in the browser's DOM. */
class HtmlReportEscapingTest {
    private static final String SCRIPT = "</script><script>alert(1)</script>";
    private static final String IMG = "<img src=x onerror=alert(2)>";
    /** A resource name as the capture can hold it (the lock analysis escapes control bytes, not markup). */
    private static final String RESOURCE = "res<b onmouseover=alert(3)>" + SCRIPT;
    private static final String NAME = "ls\u2028<!--\u0085&amp;" + SCRIPT;

    private static ReportModel hostile() {
        ReportModel.Overview o = new ReportModel.Overview(List.of("cap" + SCRIPT + ".pcap"), List.of(IMG), 10, 2,
                1_700_000_000_000_000_000L, 1_700_000_001_000_000_000L, "OK: " + SCRIPT, "none", 0, 0, 1, 0, 0, 0, 0, 0,
                1_700_000_000_000_000_000L, 1_000_000L, 4, List.of(new ReportModel.Lockspace(0x4c41424cL, NAME, 2)),
                List.of(IMG));
        ReportModel.FindingView f = new ReportModel.FindingView(0, "conn.reset", "DLM connection reset", "note", null,
                IMG, IMG, 3, null, 1_700_000_000_500_000_000L, List.of("3"), List.of(), 0, SCRIPT + " " + NAME, 1,
                List.<String[]>of(new String[] {"cap" + SCRIPT + ".pcap", "frame.number == 3"}), -1);
        ReportModel.EpisodeView e = new ReportModel.EpisodeView(1, "other", IMG, "conn.reset", "note", null, "3", "3",
                1_700_000_000_500_000_000L, 1_700_000_000_500_000_000L, 1_700_000_000_500_000_000L,
                1_700_000_000_500_000_000L, 1, List.of(), SCRIPT, -1);
        long t = 1_700_000_000_200_000_000L;
        LockReport locks = new LockReport(t, t, List.of(new LockReport.Lockspace(0x4c41424cL, NAME, 2, List.of(1L), 32)),
                new LockReport.Counts(2, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0), List.of(), List.of(),
                List.of(new LockReport.SlowRequest(0x4c41424cL, "REQUEST", RESOURCE, 1, 2, 7, "EX", null, 3, 4, 0, t,
                        2_000_000_000L, "0")),
                List.of(new LockReport.ResourceStat(0x4c41424cL, RESOURCE, 2, List.of(1L), 1, 0, 0, 5, 5, 0)),
                List.of(new LockReport.WaitingRequest(0x4c41424cL, "REQUEST", RESOURCE, 1, 2, 8, "PR", "no reply", 5, t,
                        1_000, 0, List.of())),
                List.of(), List.of());
        ReportModel.LockViews views = new ReportModel.LockViews(locks, List.of(), List.of(f), java.util.Map.of(), 20);
        return new ReportModel(o, List.of(), List.of(f), List.of(e), List.of(), views);
    }

    private static String page() throws Exception {
        StringWriter w = new StringWriter();
        HtmlReport.write(w, hostile(), "title " + SCRIPT);
        return w.toString();
    }

    @Test
    void pageSourceHoldsNoMarkupFromTheData() throws Exception {
        String html = page();
        assertFalse(html.contains("<script>alert"), "a script element from the data");
        assertFalse(html.contains("<img"), "an element from the data");
        assertFalse(html.contains("<!--"), "a comment opened by the data");
        assertEquals(2, html.split("</script>", -1).length - 1, "only the page's own two script elements close");
        assertTrue(html.contains("<title>title &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>"));
        assertTrue(html.contains("\\u003C/script\\u003E\\u003Cscript\\u003Ealert(1)"), "JSON escapes < and >");
        assertTrue(html.contains("\\u2028") && html.contains("\\u0085"), "line separators and C1 controls escaped");
        for (char c : html.toCharArray()) assertTrue(c < 0x80, "the page is ASCII");
    }

    @Test
    void browserShowsTheBytesAsText() throws Exception {
        if (!HeadlessChromium.available()) {
            assertFalse(HeadlessChromium.required(), "DLM_INSPECT_REQUIRE_CHROMIUM is set but chromium is missing");
            assumeTrue(false, "chromium not installed");
        }
        Path dir = Files.createDirectories(Path.of("target", "report-browser"));
        Path file = dir.resolve("hostile.html").toAbsolutePath();
        Files.writeString(file, page(), StandardCharsets.UTF_8);
        try (HeadlessChromium browser = new HeadlessChromium()) {
            browser.open(file);
            assertEquals(List.of(), browser.problems());
            assertEquals(List.of(file.toUri().toString()), browser.requests());
            assertEquals(2L, browser.eval("document.scripts.length"), "no script element was injected");
            assertEquals(0L, browser.eval("document.querySelectorAll('img').length"), "no img element was injected");
            assertEquals(SCRIPT + " " + NAME, browser.eval("document.querySelector('li.finding .message').textContent"));
            assertEquals("OK: " + SCRIPT, browser.eval("document.getElementById('verdict').textContent"));
            assertTrue(((String) browser.eval("document.getElementById('overview').textContent")).contains(NAME + " 0x4c41424c"));
            assertEquals(0L, browser.eval("document.querySelectorAll('#report b').length"), "no element from a resource name");
            for (String table : new String[] {"slowest", "resources", "waiting"}) {
                assertEquals(RESOURCE, browser.eval("document.querySelector('#" + table + " tr:nth-child(2) td:nth-child(3), #"
                        + table + " tr:nth-child(2) td:first-child') && [...document.querySelectorAll('#" + table
                        + " td')].map(td => td.textContent).find(t => t.startsWith('res'))"), table);
            }
            assertEquals(NAME, browser.eval("document.querySelector('#lockspaces td:nth-child(2)').textContent"));
            assertEquals(SCRIPT + " " + NAME, browser.eval("document.querySelector('#lock-findings .message').textContent"));
        }
    }
}
