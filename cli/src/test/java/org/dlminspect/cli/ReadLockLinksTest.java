package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** read's request/response links on the real normal sample: frame 1535 holds three REQUESTs answered in 1538. */
class ReadLockLinksTest {
    private static final String NORMAL = CliRun.sample("normal.pcap.gz");

    @Test
    void slowRepliesByDisplayFilter() {
        CliRun r = CliRun.run("read", "-Y", "dlm.lock.time > 0.04", NORMAL);
        assertEquals(0, r.status(), r.err());
        // The 42.9 ms replies of frame 1538 (the max of REQUEST->REPLY) and two GRANTs of requests queued longer.
        List<String> frames = r.lines().stream().map(l -> l.trim().split("\\s+")[0]).toList();
        assertEquals(List.of("1538", "1538", "1538", "1538", "22726", "23461"), frames, r.out());
    }

    @Test
    void treeShowsRequestTimeAndResource() {
        CliRun r = CliRun.run("read", "-V", "-Y", "frame.number == 1538 && dlm.msg.type == REQUEST_REPLY", NORMAL);
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("  [Request in frame: 1535]\n  [Time since request: 0.042906 s]\n  [Resource: \"hot000\"]\n"), r.out());
    }

    @Test
    @SuppressWarnings("unchecked")
    void twoPassShowsTheResponseOnTheRequest() {
        CliRun one = CliRun.run("read", "--json", "-Y", "dlm.lock.response_in", NORMAL);
        assertEquals("", one.out(), "a single pass cannot know a request's reply");
        CliRun two = CliRun.run("read", "--json", "-2", "-Y", "frame.number == 1535", NORMAL);
        assertEquals(0, two.status(), two.err());
        Map<String, Object> first = JsonTree.object(two.lines().get(0));
        Map<String, Object> lock = (Map<String, Object>) first.get("lock");
        assertEquals("1538", lock.get("response_in").toString());
        CliRun stdin = CliRun.run("read", "-2", "-r", "-");
        assertEquals(Main.EXIT_UNUSABLE, stdin.status());
        assertTrue(stdin.err().contains("-2 reads the capture twice"), stdin.err());
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonReplyCarriesItsLink() {
        CliRun r = CliRun.run("read", "--json", "-2", "-Y", "frame.number == 1538 && dlm.lock.resource == \"hot005\"", NORMAL);
        Map<String, Object> m = JsonTree.object(r.lines().get(0));
        Map<String, Object> lock = (Map<String, Object>) m.get("lock");
        assertEquals("1535", lock.get("request_in").toString());
        assertEquals("0.042906000", lock.get("time").toString());
        assertEquals("REQUEST", lock.get("exchange"));
    }
}
