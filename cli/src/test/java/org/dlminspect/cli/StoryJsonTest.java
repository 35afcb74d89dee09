package org.dlminspect.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dlminspect.cli.report.JsonTree;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * {@code analyze --json} carries the "Connection failures" stories of the text report as typed objects: every step's
 * kind, nodes, count, seqs and duplicates rebuild the text report's sentence for it, at the same time.
 */
class StoryJsonTest {
    private static final Path SHARED = Path.of("/work/shared/captures");
    private static final Pattern STEP = Pattern.compile("(\\d+\\.\\d{6})(?:-(\\d+\\.\\d{6}))? (.+)");
    private static final BigDecimal MICROSECOND = new BigDecimal("0.000001");

    @ParameterizedTest
    @ValueSource(strings = {"reconnect.pcap", "nodefail.pcap.gz", "pcapng2if.pcapng.gz"})
    void theJsonStepsAreTheTextStory(String name) {
        Path file = SHARED.resolve(name);
        assumeTrue(Files.exists(file), "shared capture not present");
        List<Map<String, Object>> stories = stories(file.toString());
        List<String> lines = textStories(file.toString());
        assertEquals(lines.size(), stories.size(), "one JSON story per line of 'Connection failures'");
        for (int i = 0; i < lines.size(); i++) assertStoryIs(lines.get(i), stories.get(i), i + 1);
    }

    /** The sample of the README: one story of seven steps, every field as the text tells it. */
    @Test
    void reconnectHasOneStoryOfSevenSteps() {
        String file = CliRun.sample("reconnect.pcap.gz");
        List<Map<String, Object>> stories = stories(file);
        List<String> lines = textStories(file);
        assertEquals(1, stories.size(), stories::toString);
        assertStoryIs(lines.get(0), stories.get(0), 1);
        Map<String, Object> story = stories.get(0);
        assertEquals(1, number(story, "node_a").intValue());
        assertEquals(2, number(story, "node_b").intValue());
        List<Object> steps = JsonTreeLists.array(story.get("steps"));
        List<String> kinds = new ArrayList<>();
        for (Object s : steps) kinds.add((String) JsonTreeLists.map(s).get("step"));
        assertEquals(List.of("reset", "refused", "reconnected", "retransmitted", "reset", "reconnected", "retransmitted"), kinds);
        Map<String, Object> refused = JsonTreeLists.map(steps.get(1));
        assertEquals(9042, number(refused, "count").intValue());
        assertEquals(2, number(refused, "from_node").intValue());
        assertEquals(1, number(refused, "to_node").intValue());
        Map<String, Object> again = JsonTreeLists.map(steps.get(3));
        assertEquals(List.of(List.of(2765L, 2768L)), again.get("seq_ranges"));
        assertEquals(4, number(again, "count").intValue());
        assertEquals(3, number(again, "dropped").intValue());
        assertEquals(new BigDecimal("1795554065.650933000"), number(story, "first_time"));
    }

    @Test
    void aCaptureWithoutConnectionFailuresHasNoStory() {
        assertEquals(List.of(), stories(CliRun.sample("normal.pcap.gz")));
    }

    /**
     * {@code line} ("  t1 step -> t2-t3 step ...") told by {@code story}: each step's sentence rebuilt from its typed
     * fields, its times those of the text (relative to the capture's first frame, the same origin for every step).
     */
    private static void assertStoryIs(String line, Map<String, Object> story, int id) {
        assertEquals(id, number(story, "story").intValue());
        String[] parts = line.strip().split(" -> ");
        List<Object> steps = JsonTreeLists.array(story.get("steps"));
        assertEquals(parts.length, steps.size(), line);
        BigDecimal origin = null;
        BigDecimal last = null;
        for (int i = 0; i < parts.length; i++) {
            Matcher m = STEP.matcher(parts[i]);
            assertTrue(m.matches(), parts[i]);
            Map<String, Object> step = JsonTreeLists.map(steps.get(i));
            assertEquals(m.group(3), sentence(step), "step " + (i + 1) + " of " + line);
            assertEquals(m.group(3), step.get("text"));
            BigDecimal time = number(step, "time");
            BigDecimal end = number(step, "end_time");
            if (origin == null) origin = time.subtract(new BigDecimal(m.group(1)));
            assertNear(new BigDecimal(m.group(1)), time.subtract(origin), parts[i]);
            if (m.group(2) != null) {
                assertNear(new BigDecimal(m.group(2)), end.subtract(origin), parts[i]);
            } else {
                assertTrue(end.subtract(time).compareTo(new BigDecimal("0.001")) < 0, "a moment: " + parts[i]);
            }
            last = last == null || end.compareTo(last) > 0 ? end : last;
        }
        assertEquals(number(JsonTreeLists.map(steps.get(0)), "time"), number(story, "first_time"));
        assertEquals(last, number(story, "last_time"));
    }

    /** The text report's sentence for a step, from the step's typed fields alone. */
    private static String sentence(Map<String, Object> s) {
        String from = s.containsKey("from_node") ? "node " + number(s, "from_node") : "a node";
        String to = s.containsKey("to_node") ? "node " + number(s, "to_node") : "its peer";
        return switch ((String) s.get("step")) {
            case "reset" -> from + " resets " + to + "'s connection (RST)";
            case "refused" -> number(s, "count") + (number(s, "count").intValue() == 1 ? " connect" : " connects")
                    + " of " + from + " to " + to + " refused";
            case "reconnected" -> "reconnected (" + from + " to " + to + ")";
            case "retransmitted" -> {
                List<String> ranges = new ArrayList<>();
                for (Object r : JsonTreeLists.array(s.get("seq_ranges"))) {
                    List<Object> pair = JsonTreeLists.array(r);
                    ranges.add(pair.get(0).equals(pair.get(1)) ? pair.get(0).toString() : pair.get(0) + ".." + pair.get(1));
                }
                long count = number(s, "count").longValue();
                long dropped = number(s, "dropped").longValue();
                yield from + " retransmits " + (ranges.size() == 1 && !ranges.get(0).contains("..") ? "seq " : "seqs ")
                        + String.join(", ", ranges) + (dropped == 0 ? "" : dropped == count ? ", " + to + " drops the duplicates"
                        : ", " + to + " drops " + dropped + " duplicates");
            }
            default -> throw new AssertionError("unknown step " + s);
        };
    }

    private static void assertNear(BigDecimal expected, BigDecimal actual, String what) {
        assertTrue(expected.subtract(actual).abs().compareTo(MICROSECOND) <= 0, what + ": " + actual + " vs " + expected);
    }

    private static BigDecimal number(Map<String, Object> o, String key) {
        Object v = o.get(key);
        assertTrue(v instanceof Long || v instanceof BigDecimal, key + " in " + o);
        return JsonTree.exact(v);
    }

    /** The story objects of {@code analyze --json}, between the findings and the summary. */
    private static List<Map<String, Object>> stories(String file) {
        CliRun run = CliRun.run("analyze", "--json", file);
        assertTrue(run.status() == 0 || run.status() == 1, run.err());
        List<Map<String, Object>> out = new ArrayList<>();
        List<String> lines = run.lines();
        boolean summary = false;
        boolean story = false;
        for (String l : lines) {
            Map<String, Object> o = JsonTree.parseObject(l);
            assertTrue(!summary, "the summary comes last");
            if (o.containsKey("story")) {
                out.add(o);
                story = true;
            } else if (o.containsKey("finding")) {
                assertTrue(!story, "the stories follow the findings");
            } else {
                assertTrue(o.containsKey("summary"), l);
                summary = true;
            }
        }
        assertTrue(summary, "a summary");
        return out;
    }

    /** The lines under "Connection failures (N)" of the text report. */
    private static List<String> textStories(String file) {
        CliRun run = CliRun.run("analyze", file);
        List<String> out = new ArrayList<>();
        List<String> lines = run.lines();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("Connection failures (")) continue;
            for (int j = i + 1; j < lines.size() && !lines.get(j).isBlank(); j++) out.add(lines.get(j));
            assertEquals("Connection failures (" + out.size() + ")", lines.get(i));
        }
        return out;
    }

    /** Casts for the parsed tree. */
    private static final class JsonTreeLists {
        @SuppressWarnings("unchecked")
        static List<Object> array(Object o) {
            assertTrue(o instanceof List, String.valueOf(o));
            return (List<Object>) o;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> map(Object o) {
            assertTrue(o instanceof Map, String.valueOf(o));
            return (Map<String, Object>) o;
        }
    }
}
