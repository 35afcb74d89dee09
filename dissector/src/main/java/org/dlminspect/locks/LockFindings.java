package org.dlminspect.locks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.dlminspect.Severity;
import org.dlminspect.analysis.Finding;
import org.dlminspect.analysis.FindingCode;

/** Builds lock-level {@link Finding}s about one message and hands them on (kept, and passed to a listener). */
final class LockFindings {
    private final List<Finding> all = new ArrayList<>();
    private final Consumer<Finding> sink;

    LockFindings(Consumer<Finding> sink) {
        this.sink = sink;
    }

    /** A finding about message {@code at}, its frame first, then {@code otherFrames} (0 entries skipped). */
    void report(FindingCode code, Severity severity, Seen at, String message, long... otherFrames) {
        List<Long> frames = new ArrayList<>(1 + otherFrames.length);
        frames.add(at.frame());
        for (long f : otherFrames) {
            if (f > 0 && f != at.frame()) frames.add(f);
        }
        Finding f = new Finding(code, severity, at.from(), at.to(), at.fromAddress(), at.toAddress(), at.frame(),
                at.nanos(), frames, List.of(), at.stream(), message);
        all.add(f);
        if (sink != null) sink.accept(f);
    }

    void report(FindingCode code, Seen at, String message, long... otherFrames) {
        report(code, code.defaultSeverity(), at, message, otherFrames);
    }

    List<Finding> all() {
        return all;
    }
}
