package org.dlminspect.dlm;

import java.util.ArrayList;
import java.util.List;
import org.dlminspect.Severity;

/**
 * The errors and notes found while decoding one message. Most messages have none, so the list is allocated
 * only when the first one is added.
 */
final class DlmIssues {
    private ArrayList<DlmIssue> list;

    /** A malformation: something the kernel rejects or misreads (reference §6). */
    void error(int offset, String message) {
        add(new DlmIssue(offset, Severity.ERROR, message));
    }

    /** An oddity the kernel ignores (a non-zero pad, an unused field set). */
    void note(int offset, String message) {
        add(new DlmIssue(offset, Severity.NOTE, message));
    }

    /** Notes a field the kernel always sends as zero (reference §2: the unused and pad fields). */
    void noteNonZero(int offset, long value, String field) {
        if (value != 0) {
            note(offset, field + " is " + DlmText.hex(value) + ", not 0");
        }
    }

    private void add(DlmIssue i) {
        if (list == null) {
            list = new ArrayList<>(4);
        }
        list.add(i);
    }

    List<DlmIssue> list() {
        return list == null ? List.of() : List.copyOf(list);
    }
}
