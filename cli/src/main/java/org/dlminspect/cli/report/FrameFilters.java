package org.dlminspect.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dlminspect.capture.FrameRef;

/**
 * {@code read -Y} filters selecting frames: frame.number is the number within its file, so frames of several
 * inputs give one filter per file, each beside the capture it applies to.
 */
final class FrameFilters {
    private final List<String> sources;

    FrameFilters(List<String> sources) {
        this.sources = List.copyOf(sources);
    }

    /** {@code [source, filter]} per input file holding some of {@code frames} (references; 0 entries skipped). */
    List<String[]> of(List<Long> frames) {
        Map<Integer, List<Long>> byFile = new TreeMap<>();
        for (long fr : frames) {
            if (fr > 0) byFile.computeIfAbsent(FrameRef.file(fr), k -> new ArrayList<>()).add(FrameRef.number(fr));
        }
        List<String[]> out = new ArrayList<>();
        byFile.forEach((file, numbers) -> out.add(new String[] {
            file < sources.size() ? sources.get(file) : "FILE", filter(numbers)}));
        return out;
    }

    /**
     * {@code [source, filter]} selecting every frame from {@code first} to {@code last}: one range when both are
     * in one file, else the two frames.
     */
    List<String[]> range(long first, long last) {
        if (first <= 0 || last <= first || FrameRef.file(first) != FrameRef.file(last)) return of(List.of(first, last));
        int file = FrameRef.file(first);
        return List.<String[]>of(new String[] {file < sources.size() ? sources.get(file) : "FILE",
            "frame.number >= " + FrameRef.number(first) + " && frame.number <= " + FrameRef.number(last)});
    }

    /** A display filter for {@code read -Y} selecting these frame numbers (Wireshark's set syntax). */
    static String filter(List<Long> numbers) {
        List<Long> distinct = numbers.stream().distinct().toList();
        if (distinct.isEmpty()) return "";
        if (distinct.size() == 1) return "frame.number == " + distinct.get(0);
        StringBuilder b = new StringBuilder("frame.number in {");
        for (int i = 0; i < distinct.size(); i++) b.append(i == 0 ? "" : " ").append(distinct.get(i));
        return b.append('}').toString();
    }
}
