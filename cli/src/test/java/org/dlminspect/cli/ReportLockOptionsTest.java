package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dlminspect.cli.report.JsonTree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report} hands {@code --slow}, {@code --lockspace-name} and {@code --top} to the lock analysis it runs: its
 * page holds what {@code locks} reports with the same options (read from the page's data; the browser test checks
 * what the page draws from it).
 */
class ReportLockOptionsTest {
    private static final Path NODEFAIL = Path.of("/work/shared/captures/nodefail.pcap.gz");

    @TempDir
    Path dir;

    private static Map<String, Object> pageData(Path html) throws Exception {
        String page = Files.readString(html);
        String open = "<script type=\"application/json\" id=\"report-data\">";
        int from = page.indexOf(open) + open.length();
        return JsonTree.object(JsonTree.parse(page.substring(from, page.indexOf("</script>", from))));
    }

    @Test
    void lockOptionsReachTheLockViews() throws Exception {
        assumeTrue(Files.exists(NODEFAIL), "shared capture not present");
        Path html = dir.resolve("r.html");
        CliRun report = CliRun.run("report", "--slow", "20ms", "--top", "3", "--lockspace-name", "labls=0x4c41424c", "-o", html.toString(),
                NODEFAIL.toString());
        assertEquals(0, report.status(), report.err());
        Map<String, Object> locks = JsonTree.object(JsonTree.parse(CliRun.run("locks", "--json", "--slow", "20ms", "--top", "3",
                "--lockspace-name", "labls=0x4c41424c", NODEFAIL.toString()).out()));
        Map<String, Object> views = JsonTree.object(pageData(html).get("locks"));

        List<Object> expected = new ArrayList<>();
        for (Object f : JsonTree.array(locks.get("findings"))) expected.add(JsonTree.object(f).get("finding"));
        List<Object> shown = new ArrayList<>();
        for (Object f : JsonTree.array(views.get("findings"))) shown.add(JsonTree.object(f).get("code"));
        assertEquals(expected, shown, "the lock findings of --slow 20ms");
        assertTrue(shown.size() > JsonTree.array(JsonTree.object(JsonTree.parse(CliRun.run("locks", "--json",
                NODEFAIL.toString()).out())).get("findings")).size(), "20 ms finds more slow requests than the default 1 s");

        assertEquals(3, JsonTree.array(views.get("slowest")).size(), "--top 3");
        assertEquals(3, JsonTree.array(views.get("resources")).size(), "--top 3");
        assertEquals((long) JsonTree.array(locks.get("resources")).size(), views.get("resourceCount"));
        assertEquals("labls", JsonTree.object(JsonTree.array(views.get("lockspaces")).get(0)).get("name"));
        Map<String, Object> overview = JsonTree.object(pageData(html).get("overview"));
        assertEquals("labls", JsonTree.object(JsonTree.array(overview.get("lockspaces")).get(0)).get("name"),
                "the overview names the lockspace too");
    }

    @Test
    void aBadLockspaceIdIsAUsageError() throws Exception {
        assumeTrue(Files.exists(NODEFAIL), "shared capture not present");
        CliRun report = CliRun.run("report", "--lockspace-name", "x=nothex", "-o", dir.resolve("r.html").toString(),
                NODEFAIL.toString());
        assertEquals(Main.EXIT_UNUSABLE, report.status(), report.err());
        assertTrue(report.err().contains("lockspace id 'nothex'"), report.err());
        assertTrue(report.err().lines().count() <= 3 && !report.err().contains("Exception"), report.err());
    }
}
