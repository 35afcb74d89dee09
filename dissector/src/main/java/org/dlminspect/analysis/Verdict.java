package org.dlminspect.analysis;

import org.dlminspect.Severity;

/**
 * The one-line conclusion of an analysis.
 *
 * @param worst    highest severity found, null when nothing was found
 * @param errors   findings of severity error (including ones only counted, not listed)
 * @param warnings warn findings
 * @param notes    note findings
 * @param chats    chat findings
 * @param text     the line as printed, e.g. "ERRORS: 1 error, 2 warnings, ..."
 */
public record Verdict(Severity worst, long errors, long warnings, long notes, long chats, String text) {
    public long count(Severity s) {
        return switch (s) {
            case ERROR -> errors;
            case WARN -> warnings;
            case NOTE -> notes;
            case CHAT -> chats;
        };
    }
}
