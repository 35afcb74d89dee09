package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dlminspect.cli.report.JsonTree;
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
        Map<String, Object> first = JsonTree.parseObject(two.lines().get(0));
        Map<String, Object> lock = (Map<String, Object>) first.get("lock");
        assertEquals("1538", lock.get("response_in").toString());
        CliRun stdin = CliRun.run("read", "-2", "-r", "-");
        assertEquals(Main.EXIT_UNUSABLE, stdin.status());
        assertTrue(stdin.err().contains("-2 reads the capture twice"), stdin.err());
    }

    /** In one pass, as tshark's "request in": the reply names its request, in JSON and in -2 alike. */
    @Test
    @SuppressWarnings("unchecked")
    void jsonReplyCarriesItsLinkInOnePass() {
        for (String[] args : new String[][] {{"read", "--json"}, {"read", "--json", "-2"}}) {
            String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                    java.util.stream.Stream.of("-Y", "frame.number == 1538 && dlm.lock.resource == \"hot005\"", NORMAL)).toArray(String[]::new);
            CliRun r = CliRun.run(all);
            assertEquals(0, r.status(), r.err());
            Map<String, Object> m = JsonTree.parseObject(r.lines().get(0));
            Map<String, Object> lock = (Map<String, Object>) m.get("lock");
            assertEquals("1535", lock.get("request_in").toString(), String.join(" ", args));
            assertEquals("0.042906000", lock.get("time").toString());
            assertEquals("REQUEST", lock.get("exchange"));
            assertEquals("hot005", lock.get("resource"));
            assertEquals(null, lock.get("response_in"), "a reply has no reply");
        }
    }

    /** -T fields gives the dlm.lock.* fields (as -Y reads them): the 42.9 ms replies of frame 1538. */
    @Test
    void fieldsOutputCarriesTheLink() {
        CliRun r = CliRun.run("read", "-Y", "frame.number == 1538 && dlm.msg.type == REQUEST_REPLY", "-T", "fields",
                "-e", "frame.number", "-e", "dlm.lock.request_in", "-e", "dlm.lock.time", "-e", "dlm.lock.exchange",
                "-e", "dlm.lock.resource", NORMAL);
        assertEquals(0, r.status(), r.err());
        assertEquals(3, r.lines().size(), r.out());
        java.util.Set<String> resources = new java.util.TreeSet<>();
        for (String line : r.lines()) {
            String[] c = line.split("\t");
            assertEquals(List.of("1538", "1535", "REQUEST"), List.of(c[0], c[1], c[3]), line);
            assertTrue(c[2].startsWith("0.0429"), line);
            resources.add(c[4]);
        }
        // The three REQUESTs of frame 1535, by the names they carried.
        assertEquals(java.util.Set.of("cold00192", "hot000", "hot005"), resources, r.out());
    }

    /** The packet list shows the link after Info: the request of a reply, the resource a message does not carry. */
    @Test
    void packetListShowsTheLink() {
        CliRun r = CliRun.run("read", "-Y", "frame.number >= 1166 && frame.number <= 1179 && dlm.cmd == OPTS", NORMAL);
        assertEquals(0, r.status(), r.err());
        String out = r.out();
        assertTrue(out.contains("MSG REQUEST_REPLY lkid=0x8 remid=0x3 result=0 [request in frame 1166, time since request 0.000038 s, resource \"hot004\"]\n"), out);
        assertTrue(out.contains("MSG UNLOCK lkid=0x4 remid=0x7 [resource \"hot002\"]\n"), out);
        assertTrue(out.contains("MSG GRANT lkid=0x2 remid=0x2 gr=CR [granted request in frame 1151, time since request 0.013378 s, resource \"hot007\"]\n"), out);
        assertTrue(out.contains("MSG LOOKUP_REPLY lkid=0x3 master=1 result=0 [request in frame 1178, time since request 0.000129 s, resource \"cold00196\"]\n"), out);
        // REQUEST and LOOKUP carry the name: no second copy, and no link in one pass.
        assertTrue(out.contains("MSG LOOKUP lkid=0x3 name=\"cold00196\"\n"), out);
        CliRun two = CliRun.run("read", "-2", "-Y", "frame.number == 1176", NORMAL);
        assertTrue(two.out().contains("MSG REQUEST lkid=0x4 remid=0 rq=PR gr=IV name=\"hot005\" [response in frame 1178]\n"), two.out());
    }
}
