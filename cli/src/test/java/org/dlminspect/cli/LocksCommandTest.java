package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.dlminspect.cli.report.JsonTree;
import org.junit.jupiter.api.Test;

/**
 * {@code dlm-inspect locks} on the real normal capture, checked against an independent pairing computed here from
 * the JSON of {@code read}: same counts and the same percentiles to the nanosecond.
 */
class LocksCommandTest {
    private static final Path NORMAL = Path.of("/work/shared/captures/normal.pcap");
    private static Map<String, Object> report;
    private static Map<String, long[]> independent;

    @BeforeAll
    static void run() {
        assumeTrue(Files.isRegularFile(NORMAL), "shared capture missing");
        CliRun locks = CliRun.run("locks", "--json", NORMAL.toString());
        assertEquals(0, locks.status(), locks.err());
        report = JsonTree.parseObject(locks.out());
        CliRun read = CliRun.run("read", "--json", NORMAL.toString());
        assertEquals(0, read.status(), read.err());
        independent = pairFromRead(read.lines());
    }

    /** REQUEST and LOOKUP paired with REQUEST_REPLY the plain way: (ls, requester address, replier address, lkid). */
    @SuppressWarnings("unchecked")
    private static Map<String, long[]> pairFromRead(List<String> lines) {
        Map<String, Object[]> pending = new HashMap<>();
        Map<String, List<Long>> out = new HashMap<>();
        for (String line : lines) {
            Map<String, Object> o = JsonTree.parseObject(line);
            Map<String, Object> m = o.containsKey("inner") ? (Map<String, Object>) o.get("inner") : o;
            if (!"MSG".equals(m.get("cmd"))) continue;
            String type = (String) m.get("type");
            long nanos = JsonTree.exact(o.get("time")).movePointRight(9).longValueExact();
            String ls = m.get("lockspace").toString();
            if (type.equals("REQUEST") || type.equals("LOOKUP")) {
                pending.put(ls + o.get("src") + o.get("dst") + m.get("lkid"), new Object[] {type, nanos});
            } else if (type.equals("REQUEST_REPLY")) {
                Object[] p = pending.remove(ls + o.get("dst") + o.get("src") + m.get("remid"));
                if (p == null) continue;
                String exchange = p[0].equals("REQUEST") ? "REQUEST" : "LOOKUP>REQUEST_REPLY";
                out.computeIfAbsent(exchange, k -> new ArrayList<>()).add(nanos - (long) p[1]);
            }
        }
        Map<String, long[]> sorted = new HashMap<>();
        out.forEach((k, v) -> {
            long[] a = v.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(a);
            sorted.put(k, a);
        });
        return sorted;
    }

    private static long rank(long[] sorted, double p) {
        return sorted[(int) Math.ceil(p * sorted.length) - 1];
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> allPairsRow(String exchange) {
        for (Object o : (List<Object>) report.get("service_times")) {
            Map<String, Object> row = (Map<String, Object>) o;
            if (row.get("exchange").equals(exchange) && JsonTree.exact(row.get("from_node")).longValueExact() == -1) return row;
        }
        throw new AssertionError("no all-pairs row for " + exchange);
    }

    private static long num(Map<String, Object> m, String key) {
        return JsonTree.exact(m.get(key)).longValueExact();
    }

    @Test
    void percentilesEqualAnIndependentComputationFromRead() {
        for (String exchange : List.of("REQUEST", "LOOKUP>REQUEST_REPLY")) {
            long[] s = independent.get(exchange);
            Map<String, Object> row = allPairsRow(exchange);
            assertEquals(s.length, num(row, "count"), exchange);
            assertEquals(s[0], num(row, "min_nanos"), exchange);
            assertEquals(rank(s, 0.5), num(row, "median_nanos"), exchange);
            assertEquals(rank(s, 0.9), num(row, "p90_nanos"), exchange);
            assertEquals(rank(s, 0.99), num(row, "p99_nanos"), exchange);
            assertEquals(s[s.length - 1], num(row, "max_nanos"), exchange);
        }
    }

    @Test
    void everyRequestReplyOfTheIssueIsPaired() {
        // The issue's figures count every REQUEST_REPLY: 4,266 answer a REQUEST, 163 a LOOKUP whose directory node
        // was the master. Together: n=4,429, median 0.216 ms, p99 10.5 ms, max 42.9 ms.
        long[] req = independent.get("REQUEST");
        long[] look = independent.get("LOOKUP>REQUEST_REPLY");
        assertEquals(4266, req.length);
        assertEquals(163, look.length);
        long[] all = new long[req.length + look.length];
        System.arraycopy(req, 0, all, 0, req.length);
        System.arraycopy(look, 0, all, req.length, look.length);
        Arrays.sort(all);
        assertEquals(4429, all.length);
        assertEquals(216, rank(all, 0.5) / 1000);
        assertEquals(105, rank(all, 0.99) / 100_000);
        assertEquals(429, all[all.length - 1] / 100_000);
    }

    @Test
    @SuppressWarnings("unchecked")
    void normalHasNothingUnmatchedOrWaiting() {
        Map<String, Object> counts = (Map<String, Object>) report.get("counts");
        assertEquals(num(counts, "requests"), num(counts, "paired"));
        assertEquals(9341, num(counts, "paired"));
        assertEquals(0, num(counts, "unmatched_replies"));
        assertEquals(0, num(counts, "unanswered"));
        assertEquals(297, num(counts, "down_conversions"));
        assertTrue(((List<Object>) report.get("waiting")).isEmpty());
    }

    @Test
    void textReportHasEverySection() {
        CliRun text = CliRun.run("locks", "--top", "3", NORMAL.toString());
        assertEquals(0, text.status(), text.err());
        for (String heading : List.of("Lockspaces", "Pairing", "Service response time", "Time to grant",
                "Slowest requests", "Resources by total wait", "Resources by blocking ASTs", "Resources by conversions",
                "Requests without reply or grant", "Recovery episodes", "Findings")) {
            assertTrue(text.out().contains(heading), heading);
        }
        assertTrue(text.out().contains("0x4c41424c REQUEST                all        4266"), text.out());
    }

    @Test
    void lockspaceNameGivenWithItsId() {
        CliRun text = CliRun.run("locks", "--lockspace-name", "labls=0x4c41424c", NORMAL.toString());
        assertTrue(text.out().contains("0x4c41424c (labls)"), text.out());
        CliRun bad = CliRun.run("locks", "--lockspace-name", "x=zz", NORMAL.toString());
        assertEquals(Main.EXIT_UNUSABLE, bad.status());
        assertTrue(bad.err().contains("not a 32-bit number"), bad.err());
    }
}
